/*
 * compat.h
 *		Differences between the PostgreSQL major versions regional_dev builds
 *		against (15 to 18), in one place.  Every other file uses these names.
 */
#ifndef REGIONAL_DEV_COMPAT_H
#define REGIONAL_DEV_COMPAT_H

#include "postgres.h"

/*
 * A function that never returns: PostgreSQL 18 replaced the suffix
 * pg_attribute_noreturn() by the prefix pg_noreturn.  Write the prefix.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * float8in_internal: PostgreSQL 16 added a soft-error context argument.  We
 * pass none, so a bad number raises the usual error.
 */
#if PG_VERSION_NUM >= 160000
#define compat_float8in(num, endptr, type_name, orig) \
	float8in_internal((num), (endptr), (type_name), (orig), NULL)
#else
#define compat_float8in(num, endptr, type_name, orig) \
	float8in_internal((num), (endptr), (type_name), (orig))
#endif

/* This backend's local transaction id: PGPROC keeps it in vxid from 17 on. */
#if PG_VERSION_NUM >= 170000
#define compat_my_lxid() (MyProc->vxid.lxid)
#else
#define compat_my_lxid() (MyProc->lxid)
#endif

#endif							/* REGIONAL_DEV_COMPAT_H */
