/*
 * summary_io.c
 *		Input and output shared by the summary types (see summary_io.h).
 */
#include "summary_io.h"

#include <ctype.h>

#include "common/shortest_dec.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"

/* ---------- text input ---------- */

void
ScanInit(TextScan *scan, const char *str, const char *typname)
{
	scan->str = str;
	scan->p = str;
	scan->typname = typname;
}

void
ScanError(TextScan *scan, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", scan->typname, scan->str),
			 errdetail("%s", detail)));
	pg_unreachable();
}

static void
ScanSkipSpace(TextScan *scan)
{
	while (isspace((unsigned char) *scan->p))
		scan->p++;
}

/* Where the scanner stands, for an error detail. */
char *
ScanWhere(TextScan *scan)
{
	if (*scan->p == '\0')
		return pstrdup("the end of the input");
	return psprintf("character %d", (int) (scan->p - scan->str) + 1);
}

/* The next non-blank character, not consumed ('\0' at the end). */
char
ScanPeek(TextScan *scan)
{
	ScanSkipSpace(scan);
	return *scan->p;
}

/* Consume literal if it comes next (after blanks). */
bool
ScanAccept(TextScan *scan, const char *literal)
{
	size_t		len = strlen(literal);

	ScanSkipSpace(scan);
	if (strncmp(scan->p, literal, len) != 0)
		return false;
	scan->p += len;
	return true;
}

void
ScanExpect(TextScan *scan, const char *literal)
{
	if (!ScanAccept(scan, literal))
		ScanError(scan, psprintf("Expected \"%s\" at %s.", literal, ScanWhere(scan)));
}

/* A field name and its separator, e.g. "n:" or "n=". */
void
ScanKeyName(TextScan *scan, const char *key, const char *sep)
{
	size_t		len = strlen(key);

	ScanSkipSpace(scan);
	if (strncmp(scan->p, key, len) != 0 || isalnum((unsigned char) scan->p[len]) || scan->p[len] == '_')
		ScanError(scan, psprintf("Expected \"%s%s\" at %s.", key, sep, ScanWhere(scan)));
	scan->p += len;
	ScanExpect(scan, sep);
}

/* A finite float8 in decimal notation. */
double
ScanFloat8(TextScan *scan)
{
	char	   *end;
	double		v;

	ScanSkipSpace(scan);
	if (*scan->p == '\0' || !(isalnum((unsigned char) *scan->p) || strchr("+-.", *scan->p)))
		ScanError(scan, psprintf("Expected a number at %s.", ScanWhere(scan)));
	/* 22P02 for garbage, 22003 for 1e999, as float8 input */
	v = compat_float8in((char *) scan->p, &end, scan->typname, scan->str);
	if (!isfinite(v))
		ScanError(scan, psprintf("Non-finite number at %s; values must be finite.", ScanWhere(scan)));
	/* hex floats read differently on other platforms: decimals only */
	for (const char *q = scan->p; q < end && !isspace((unsigned char) *q); q++)
		if (!isdigit((unsigned char) *q) && strchr("+-.eE", *q) == NULL)
			ScanError(scan, psprintf("Expected a decimal number at %s.", ScanWhere(scan)));
	scan->p = end;
	return v;
}

/* A compensated sum: "hi", "hi+lo" or "hi-lo" (no blank before the sign). */
DDouble
ScanSum(TextScan *scan)
{
	DDouble		r;

	r.hi = ScanFloat8(scan);
	r.lo = 0.0;
	if (*scan->p == '+' || *scan->p == '-')
		r.lo = ScanFloat8(scan);
	if (!DDValid(r))
		ScanError(scan, "A sum hi+lo needs |lo| at most half a unit in the last place of hi.");
	return r;
}

/* A decimal integer in [min, max]. */
int64
ScanInt64(TextScan *scan, int64 min, int64 max)
{
	const char *start;
	bool		neg = false;
	int64		v = 0;

	ScanSkipSpace(scan);
	start = scan->p;
	if (*scan->p == '-' || *scan->p == '+')
		neg = *scan->p++ == '-';
	if (!isdigit((unsigned char) *scan->p))
	{
		scan->p = start;
		ScanError(scan, psprintf("Expected an integer at %s.", ScanWhere(scan)));
	}
	while (isdigit((unsigned char) *scan->p))
	{
		int			d = *scan->p - '0';

		/* exact: every integer binary input accepts must read back from text */
		if (v > (PG_INT64_MAX - d) / 10)
			v = PG_INT64_MAX;
		else
			v = v * 10 + d;
		scan->p++;
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
	{
		scan->p = start;
		ScanError(scan, psprintf("The integer at %s is out of range; accepted are " INT64_FORMAT " to " INT64_FORMAT ".",
								 ScanWhere(scan), min, max));
	}
	return v;
}

/* A double-quoted string; \" and \\ are the only escapes. */
char *
ScanQuoted(TextScan *scan, int *len)
{
	StringInfoData buf;

	ScanExpect(scan, "\"");
	initStringInfo(&buf);
	for (;;)
	{
		char		c = *scan->p;

		if (c == '\0')
			ScanError(scan, "Unterminated quoted string.");
		scan->p++;
		if (c == '"')
			break;
		if (c == '\\')
		{
			c = *scan->p;
			if (c != '"' && c != '\\')
				ScanError(scan, psprintf("Invalid escape at %s; only \\\" and \\\\ are accepted.",
										 ScanWhere(scan)));
			scan->p++;
		}
		appendStringInfoChar(&buf, c);
	}
	*len = buf.len;
	return buf.data;
}

/* Only blanks may follow. */
void
ScanEnd(TextScan *scan)
{
	if (ScanPeek(scan) != '\0')
		ScanError(scan, psprintf("Junk after the end at %s.", ScanWhere(scan)));
}

/* ---------- text and JSON output ---------- */

/*
 * The shortest text that reads back as exactly v, whatever extra_float_digits
 * says.  Non-finite values are refused: no input function reads them.
 */
void
AppendFloat8Exact(StringInfo buf, double v)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (unlikely(!isfinite(v)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cannot write the non-finite value %s in a summary", isnan(v) ? "NaN" :
						(v > 0 ? "Infinity" : "-Infinity")),
				 errdetail("Summaries hold finite numbers only.")));
	double_to_shortest_decimal_buf(v, digits);
	appendStringInfoString(buf, digits);
}

/*
 * A sum as ScanSum reads it: every bit, "-0" included.  Sums stored by 1.0
 * (Neumaier's s, c) may have |c| above half an ulp: written normalized.
 */
void
AppendSum(StringInfo buf, DDouble v)
{
	if (!DDValid(v))
		v = DDNormalize(v);
	AppendFloat8Exact(buf, v.hi);
	if (v.lo != 0.0 || signbit(v.lo))
	{
		if (v.lo > 0)
			appendStringInfoChar(buf, '+');
		AppendFloat8Exact(buf, v.lo);
	}
}

void
AppendQuoted(StringInfo buf, const char *s, int len)
{
	appendStringInfoChar(buf, '"');
	for (int i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, s[i]);
	}
	appendStringInfoChar(buf, '"');
}

/* "key": v, or "key": null for an undefined (NaN) result; ", " before unless first. */
void
AppendJsonNumber(StringInfo buf, const char *key, double v, bool first)
{
	if (!first)
		appendStringInfoString(buf, ", ");
	if (key != NULL)
		appendStringInfo(buf, "\"%s\": ", key);
	if (isnan(v))
		appendStringInfoString(buf, "null");
	else
		AppendFloat8Exact(buf, v);
}

/* A float8 as text for messages, exact and independent of settings. */
char *
Float8Text(double v)
{
	return double_to_shortest_decimal(v);
}

Datum
JsonbFromCString(const char *json)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(json));
}

/* ---------- varlena summaries ---------- */

/* A zeroed summary of size bytes with its version byte set. */
void *
SummaryAlloc(Size size, int version)
{
	SummaryHeader *s = palloc0(size);

	SET_VARSIZE(s, size);
	s->version = version;
	return s;
}

pg_noreturn static void
BadVersion(int version, int newest, const char *typname)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("unsupported %s format version %d", typname, version),
			 errdetail("This build of regional_dev reads versions 1 to %d.", newest)));
	pg_unreachable();
}

/* A stored summary: the version byte must be one this build reads. */
void
SummaryCheckVersion(const void *summary, int newest, const char *typname)
{
	int			version = ((const SummaryHeader *) summary)->version;

	if (version < 1 || version > newest)
		BadVersion(version, newest, typname);
}

/* Argument argno, detoasted (read only), of a version this build reads. */
void *
SummaryGetArg(FunctionCallInfo fcinfo, int argno, int newest, const char *typname)
{
	void	   *s = PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	SummaryCheckVersion(s, newest, typname);
	return s;
}

/* The version byte that starts every binary form, and the flags byte (0) if it has one. */
int
SummaryRecvVersion(StringInfo buf, int newest, const char *typname, bool flags)
{
	int			version = pq_getmsgbyte(buf);

	if (version < 1 || version > newest)
		BadVersion(version, newest, typname);
	if (flags && (flags = pq_getmsgbyte(buf)) != 0)
		SummaryInvalid(typname, NULL, psprintf("Unknown flags %d.", (int) flags));
	return version;
}

/* A count of items of bytes_each bytes: at most max, and no more than the message holds. */
int32
SummaryRecvCount(StringInfo buf, const char *typname, int64 max, int bytes_each)
{
	int32		n = pq_getmsgint(buf, 4);

	if (n < 0 || n > max || (int64) n * bytes_each > buf->len - buf->cursor)
		SummaryInvalid(typname, NULL,
					   psprintf("Count %d is negative, above " INT64_FORMAT " or longer than the message.",
								n, max));
	return n;
}

DDouble
SummaryRecvSum(StringInfo buf)
{
	DDouble		r;

	r.hi = pq_getmsgfloat8(buf);
	r.lo = pq_getmsgfloat8(buf);
	return r;
}

void
SummarySendSum(StringInfo buf, DDouble v)
{
	if (!DDValid(v))
		v = DDNormalize(v);
	pq_sendfloat8(buf, v.hi);
	pq_sendfloat8(buf, v.lo);
}

/*
 * A summary read from outside failed its check: 22P02 quoting the text, or
 * 22P03 for binary input (input NULL).
 */
void
SummaryInvalid(const char *typname, const char *input, const char *detail)
{
	if (input != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
				 errdetail("%s", detail)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary data for type %s", typname),
			 errdetail("%s", detail)));
	pg_unreachable();
}
