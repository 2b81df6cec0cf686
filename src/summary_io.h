/*
 * summary_io.h
 *		Text, binary and JSON input/output shared by every summary type: one
 *		scanner, one float reader, one float and sum writer, one JSON number
 *		writer, and the routines every varlena summary needs (allocate, check
 *		the format-version byte, read the binary header).
 *
 * Text forms are read by TextScan: blanks are allowed before every token;
 * numbers are finite decimal float8s (compat_float8in, so 1e999 is 22003 as
 * for float8), a compensated sum is written "hi", "hi+lo" or "hi-lo".  Every
 * syntax error is 22P02 quoting the whole input, with a detail saying what was
 * expected where.  Writers refuse values they could not read back.
 */
#ifndef SUMMARY_IO_H
#define SUMMARY_IO_H

#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"

#include "compat.h"
#include "summary_math.h"

/* ---------- text input ---------- */
typedef struct TextScan
{
	const char *str;			/* the whole input, for messages */
	const char *p;				/* next character */
	const char *typname;		/* type being read, for messages */
} TextScan;

extern void ScanInit(TextScan *scan, const char *str, const char *typname);
pg_noreturn extern void ScanError(TextScan *scan, const char *detail);
extern char *ScanWhere(TextScan *scan);
extern char ScanPeek(TextScan *scan);
extern bool ScanAccept(TextScan *scan, const char *literal);
extern void ScanExpect(TextScan *scan, const char *literal);
extern void ScanKeyName(TextScan *scan, const char *key, const char *sep);
extern double ScanFloat8(TextScan *scan);
extern DDouble ScanSum(TextScan *scan);
extern int64 ScanInt64(TextScan *scan, int64 min, int64 max);
extern char *ScanQuoted(TextScan *scan, int *len);
extern void ScanEnd(TextScan *scan);

/* ---------- text and JSON output ---------- */
extern void AppendFloat8Exact(StringInfo buf, double v);
extern void AppendSum(StringInfo buf, DDouble v);
extern void AppendQuoted(StringInfo buf, const char *s, int len);
extern void AppendJsonNumber(StringInfo buf, const char *key, double v, bool first);
extern char *Float8Text(double v);
extern Datum JsonbFromCString(const char *json);

/* ---------- varlena summaries: header, version, binary ---------- */
typedef struct SummaryHeader
{
	int32		vl_len_;		/* varlena header */
	uint8		version;		/* format version, 1 in regional_dev 1.0 */
	uint8		flags;
} SummaryHeader;

extern void *SummaryAlloc(Size size, int version);
extern void SummaryCheckVersion(const void *summary, int newest, const char *typname);
extern void *SummaryGetArg(FunctionCallInfo fcinfo, int argno, int newest, const char *typname);
extern int	SummaryRecvVersion(StringInfo buf, int newest, const char *typname, bool flags);
extern int32 SummaryRecvCount(StringInfo buf, const char *typname, int64 max, int bytes_each);
extern DDouble SummaryRecvSum(StringInfo buf);
extern void SummarySendSum(StringInfo buf, DDouble v);
pg_noreturn extern void SummaryInvalid(const char *typname, const char *input, const char *detail);

#endif							/* SUMMARY_IO_H */
