/*
 * disp_util.c
 *		Helpers shared by inequality.c, gini.c, convergence.c and flow.c.
 *
 * Floats are written in the shortest form that reads back to the same
 * double (independent of extra_float_digits), so text forms round-trip.
 */
#include "disp_util.h"

#include <ctype.h>

#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"

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

/* The next non-blank character, not consumed ('\0' at the end). */
char
ScanPeek(TextScan *scan)
{
	ScanSkipSpace(scan);
	return *scan->p;
}

/* Describe where the scanner stands, for an error detail. */
char *
ScanWhere(TextScan *scan)
{
	if (*scan->p == '\0')
		return pstrdup("the end of the input");
	return psprintf("character %d", (int) (scan->p - scan->str) + 1);
}

void
ScanExpect(TextScan *scan, char c)
{
	if (!ScanAccept(scan, c))
		ScanError(scan, psprintf("Expected \"%c\" at %s.", c, ScanWhere(scan)));
}

/* Consume c if it comes next. */
bool
ScanAccept(TextScan *scan, char c)
{
	if (ScanPeek(scan) != c)
		return false;
	scan->p++;
	return true;
}

/* A field name followed by a colon, e.g. "n:". */
void
ScanKeyName(TextScan *scan, const char *key)
{
	size_t		len = strlen(key);

	ScanSkipSpace(scan);
	if (strncmp(scan->p, key, len) != 0 || isalnum((unsigned char) scan->p[len]))
		ScanError(scan, psprintf("Expected \"%s:\" at %s.", key, ScanWhere(scan)));
	scan->p += len;
	ScanExpect(scan, ':');
}

/* A finite float8. */
double
ScanFloat8(TextScan *scan)
{
	char	   *end;
	double		v;

	ScanSkipSpace(scan);
	if (*scan->p == '\0')
		ScanError(scan, "Expected a number at the end of the input.");
	v = compat_float8in((char *) scan->p, &end, scan->typname, scan->str);
	if (isnan(v) || isinf(v))
		ScanError(scan, psprintf("Non-finite number at %s; values must be finite.", ScanWhere(scan)));
	scan->p = end;
	return v;
}

/* A non-negative integer. */
int64
ScanInt64(TextScan *scan)
{
	int64		v = 0;

	ScanSkipSpace(scan);
	if (!isdigit((unsigned char) *scan->p))
		ScanError(scan, psprintf("Expected a count at %s.", ScanWhere(scan)));
	while (isdigit((unsigned char) *scan->p))
	{
		int			d = *scan->p - '0';

		/* exact: every count binary input accepts must read back from text */
		if (v > (PG_INT64_MAX - d) / 10)
			ScanError(scan, psprintf("Count too large at %s.", ScanWhere(scan)));
		v = v * 10 + d;
		scan->p++;
	}
	return v;
}

/* A double-quoted string; \" and \\ are the only escapes. */
char *
ScanQuoted(TextScan *scan, int *len)
{
	StringInfoData buf;

	ScanExpect(scan, '"');
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
		ScanError(scan, psprintf("Junk after the closing brace at %s.", ScanWhere(scan)));
}

/* A JSON number, or null for a non-finite or undefined value. */
void
AppendJsonFloat8(StringInfo buf, double v)
{
	if (isnan(v) || isinf(v))
		appendStringInfoString(buf, "null");
	else
		AppendFloat8Exact(buf, v);
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

/* A float8 as text for messages, exact and independent of settings. */
char *
Float8Text(double v)
{
	return double_to_shortest_decimal(v);
}

