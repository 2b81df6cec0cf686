/*
 * toolkit_io.c
 *		Text form of the toolkit's summary states (see toolkit.h): a strict
 *		reader and exact writers for floats and double-double sums.
 */
#include "regional_dev.h"
#include "toolkit.h"

#include <ctype.h>
#include <errno.h>

#include "mb/pg_wchar.h"


void
TkParserInit(TkParser *ps, const char *str, const char *typname)
{
	ps->orig = str;
	ps->typname = typname;
	ps->p = str;
	while (isspace((unsigned char) *ps->p))
		ps->p++;
}

void
TkSyntaxError(TkParser *ps, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", ps->typname, ps->orig),
			 errdetail("%s", detail)));
	pg_unreachable();
}

/* Where the parser stands, for messages: the next few characters or "end of input". */
static char *
TkWhere(TkParser *ps)
{
	if (*ps->p == '\0')
		return pstrdup("end of input");
	/* clip on a character boundary: half a character is not valid text */
	return psprintf("\"%.*s\"", pg_mbcliplen(ps->p, strlen(ps->p), 20), ps->p);
}

/* Consume literal if it comes next. */
bool
TkAccept(TkParser *ps, const char *literal)
{
	size_t		len = strlen(literal);

	if (strncmp(ps->p, literal, len) != 0)
		return false;
	ps->p += len;
	return true;
}

void
TkExpect(TkParser *ps, const char *literal)
{
	if (!TkAccept(ps, literal))
		TkSyntaxError(ps, psprintf("Expected \"%s\" at %s.", literal, TkWhere(ps)));
}

/* "name=" (preceded by ";" unless first). */
void
TkExpectField(TkParser *ps, const char *name, bool first)
{
	char	   *want = psprintf("%s%s=", first ? "" : ";", name);

	TkExpect(ps, want);
	pfree(want);
}

/* A finite float8 in decimal notation. */
double
TkNumber(TkParser *ps)
{
	char	   *end;
	double		v;

	/* strtod would skip blanks and read "inf"/"nan"/hex: accept plain decimals only */
	if (!(isdigit((unsigned char) *ps->p) || *ps->p == '-' || *ps->p == '+' || *ps->p == '.'))
		TkSyntaxError(ps, psprintf("Expected a number at %s.", TkWhere(ps)));
	errno = 0;
	v = strtod(ps->p, &end);
	if (end == ps->p)
		TkSyntaxError(ps, psprintf("Expected a number at %s.", TkWhere(ps)));
	if (!isfinite(v) || (errno == ERANGE && (v == 0.0 || fabs(v) >= HUGE_VAL)))
		TkSyntaxError(ps, psprintf("The number at %s is out of range or not finite; values are finite float8.",
								   TkWhere(ps)));
	/* a hex float or "infinity" spelled with a sign slipped past the first check */
	for (const char *q = ps->p; q < end; q++)
		if (!(isdigit((unsigned char) *q) || strchr("+-.eE", *q) != NULL))
			TkSyntaxError(ps, psprintf("Expected a decimal number at %s.", TkWhere(ps)));
	ps->p = end;
	return v;
}

/* "hi", "hi+lo" or "hi-lo", normalized (|lo| <= ulp(hi)/2). */
DDouble
TkDDouble(TkParser *ps)
{
	DDouble		r;

	r.hi = TkNumber(ps);
	r.lo = 0.0;
	if (*ps->p == '+' || *ps->p == '-')
		r.lo = TkNumber(ps);
	if (!DDValid(r))
		TkSyntaxError(ps, "A double-double sum hi+lo needs |lo| at most half a unit in the last place of hi.");
	return r;
}

/* A decimal integer in [min, max]. */
int64
TkInteger(TkParser *ps, int64 min, int64 max)
{
	const char *start = ps->p;
	bool		neg = false;
	int64		v = 0;

	if (*ps->p == '-')
	{
		neg = true;
		ps->p++;
	}
	if (!isdigit((unsigned char) *ps->p))
	{
		ps->p = start;
		TkSyntaxError(ps, psprintf("Expected an integer at %s.", TkWhere(ps)));
	}
	while (isdigit((unsigned char) *ps->p))
	{
		int			d = *ps->p - '0';

		/* exact, so every integer binary input accepts reads back from text */
		if (v > (PG_INT64_MAX - d) / 10)
		{
			ps->p = start;
			TkSyntaxError(ps, psprintf("The integer at %s is out of range.", TkWhere(ps)));
		}
		v = v * 10 + d;
		ps->p++;
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
	{
		ps->p = start;
		TkSyntaxError(ps, psprintf("The integer at %s is out of range; accepted are " INT64_FORMAT " to " INT64_FORMAT ".",
								   TkWhere(ps), min, max));
	}
	return v;
}

/* Only blanks may follow. */
void
TkEnd(TkParser *ps)
{
	while (isspace((unsigned char) *ps->p))
		ps->p++;
	if (*ps->p != '\0')
		TkSyntaxError(ps, psprintf("Junk after the last field: %s.", TkWhere(ps)));
}

void
TkAppendDDouble(StringInfo buf, DDouble v)
{
	AppendFloat8Exact(buf, v.hi);
	/* -0 is written too ("hi-0"): the text form keeps every bit */
	if (v.lo != 0.0 || signbit(v.lo))
	{
		if (v.lo > 0)
			appendStringInfoChar(buf, '+');
		AppendFloat8Exact(buf, v.lo);
	}
}

void
TkCheckFinite(double v, const char *funcname, const char *argname)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: %s is not finite", funcname, argname),
				 errdetail("Values must be finite numbers, not %s.",
						   isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))));
}

void
TkAppendJsonNumber(StringInfo buf, const char *key, double v, bool first)
{
	appendStringInfo(buf, "%s\"%s\": ", first ? "" : ", ", key);
	if (isnan(v))
		appendStringInfoString(buf, "null");
	else
		AppendFloat8Exact(buf, v);
}
