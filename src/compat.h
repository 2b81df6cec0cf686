/*
 * compat.h
 *		Differences between the PostgreSQL major versions regional_dev builds
 *		against (15 to 18), in one place.  Every other file uses these names.
 */
#ifndef REGIONAL_DEV_COMPAT_H
#define REGIONAL_DEV_COMPAT_H

#include "postgres.h"

/*
 * The varlena macros (VARSIZE, SET_VARSIZE, VARDATA_ANY, ...): PostgreSQL 16
 * moved them from postgres.h to varatt.h.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

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

/*
 * pq_sendcountedtext: PostgreSQL 17 dropped the countincludesself argument
 * (always false for a text field in a binary message).
 */
#if PG_VERSION_NUM >= 170000
#define compat_sendcountedtext(buf, str, slen) \
	pq_sendcountedtext((buf), (str), (slen))
#else
#define compat_sendcountedtext(buf, str, slen) \
	pq_sendcountedtext((buf), (str), (slen), false)
#endif

/*
 * Index scans: PostgreSQL 18 added an instrumentation argument to
 * index_beginscan (we pass none) and a deferrable_ok flag to
 * RelationGetPrimaryKeyIndex (a deferrable key is no key for us).
 */
#if PG_VERSION_NUM >= 180000
#define compat_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), NULL, (nkeys), (norderbys))
#define compat_primary_key_index(rel) RelationGetPrimaryKeyIndex((rel), false)
#else
#define compat_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), (norderbys))
#define compat_primary_key_index(rel) RelationGetPrimaryKeyIndex(rel)
#endif

#endif							/* REGIONAL_DEV_COMPAT_H */
