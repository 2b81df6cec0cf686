/*
 * disp_util.h
 *		Helpers shared by the summary types of the disparities and flows
 *		features (inequality.c, gini.c, convergence.c, flow.c): compensated
 *		sums, exact float output, a small scanner for the text forms, and the
 *		"may I change this state in place?" rule of the aggregate contract.
 */
#ifndef DISP_UTIL_H
#define DISP_UTIL_H

#include "regional_dev.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "miscadmin.h"

/* The text scanner of the summary types' input functions. */
typedef struct TextScan
{
	const char *str;			/* the whole input, for messages */
	const char *p;				/* next character */
	const char *typname;		/* type being read, for messages */
} TextScan;

extern void ScanInit(TextScan *scan, const char *str, const char *typname);
extern char ScanPeek(TextScan *scan);
extern void ScanExpect(TextScan *scan, char c);
extern bool ScanAccept(TextScan *scan, char c);
extern void ScanKeyName(TextScan *scan, const char *key);
extern double ScanFloat8(TextScan *scan);
extern int64 ScanInt64(TextScan *scan);
extern char *ScanQuoted(TextScan *scan, int *len);
extern void ScanEnd(TextScan *scan);
extern char *ScanWhere(TextScan *scan);
pg_noreturn extern void ScanError(TextScan *scan, const char *detail);

/* Output helpers. */
extern void AppendQuoted(StringInfo buf, const char *s, int len);
extern void AppendJsonFloat8(StringInfo buf, double v);
extern char *Float8Text(double v);

#endif							/* DISP_UTIL_H */
