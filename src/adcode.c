/*
 * adcode.c
 *		Type adcode: six-digit GB/T 2260 administrative division codes.
 *
 * Since 1.1 adcode is a domain over integer (src/adcode.sql; doc/bi.md, "Why
 * adcode is a domain"): integer's input, output, operators and indexes, and
 * the domain's CHECK, adcode_check, which says what is wrong with a value.
 * Version 1.0's base type (adcode_in ... adcode_hash_extended below) stays
 * for its frozen install script, which the 1.0 -> 1.1 upgrade replaces.
 */
#include "regional_dev.h"

#include <ctype.h>

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#define ADCODE_MIN	110000
#define ADCODE_MAX	829999

/* Whether the first two digits are a GB/T 2260 province (or SAR/Taiwan) code. */
static bool
ValidProvince(int pp)
{
	return (pp >= 11 && pp <= 15) || (pp >= 21 && pp <= 23) ||
		(pp >= 31 && pp <= 37) || (pp >= 41 && pp <= 46) ||
		(pp >= 50 && pp <= 54) || (pp >= 61 && pp <= 65) ||
		pp == 71 || pp == 81 || pp == 82;
}

#define PROVINCE_HINT "Province codes are 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81 and 82."

/*
 * Check a code from any source (text, binary, integer cast) the same way.
 * "what" is the input as the user wrote it, for the message.
 */
Adcode
CheckAdcode(int64 code, const char *what)
{
	if (code < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type adcode: \"%s\"", what),
				 errdetail("An adcode is not negative.")));
	if (code < 100000 || code > 999999)
	{
		int			ndigits = 1;

		for (int64 v = code; v >= 10; v /= 10)
			ndigits++;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type adcode: \"%s\"", what),
				 errdetail("An adcode has exactly six digits, not %d.", ndigits)));
	}
	if (!ValidProvince((int) (code / 10000)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type adcode: \"%s\"", what),
				 errdetail("%02d is not a GB/T 2260 province code.", (int) (code / 10000)),
				 errhint(PROVINCE_HINT)));
	return (Adcode) code;
}

AdLevel
AdcodeLevel(Adcode code)
{
	if (code % 10000 == 0)
		return ADLEVEL_PROVINCE;
	if (code % 100 == 0)
		return ADLEVEL_PREFECTURE;
	return ADLEVEL_COUNTY;
}

Adcode
AdcodeProvince(Adcode code)
{
	return code - code % 10000;
}

Adcode
AdcodePrefecture(Adcode code)
{
	return AdcodeLevel(code) == ADLEVEL_PROVINCE ? code : code - code % 100;
}

/* a @> b: b lies in a (reflexive). */
bool
AdcodeContains(Adcode a, Adcode b)
{
	switch (AdcodeLevel(a))
	{
		case ADLEVEL_PROVINCE:
			return AdcodeProvince(b) == a;
		case ADLEVEL_PREFECTURE:
			return AdcodePrefecture(b) == a;
		default:
			return a == b;
	}
}

/* The highest administrative boundary separating a and b. */
AdLevel
BoundaryLevel(Adcode a, Adcode b)
{
	if (AdcodeContains(a, b) || AdcodeContains(b, a))
		return ADLEVEL_NONE;
	if (AdcodeProvince(a) != AdcodeProvince(b))
		return ADLEVEL_PROVINCE;
	if (AdcodePrefecture(a) != AdcodePrefecture(b))
		return ADLEVEL_PREFECTURE;
	return ADLEVEL_COUNTY;
}

const char *
AdLevelName(AdLevel level)
{
	switch (level)
	{
		case ADLEVEL_PROVINCE:
			return "province";
		case ADLEVEL_PREFECTURE:
			return "prefecture";
		case ADLEVEL_COUNTY:
			return "county";
		default:
			return "none";
	}
}

/* A level argument ('county', 'prefecture', 'province') of function funcname. */
AdLevel
ParseBoundaryLevel(const char *name, const char *funcname)
{
	if (strcmp(name, "county") == 0)
		return ADLEVEL_COUNTY;
	if (strcmp(name, "prefecture") == 0)
		return ADLEVEL_PREFECTURE;
	if (strcmp(name, "province") == 0)
		return ADLEVEL_PROVINCE;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: unknown boundary level \"%s\"", funcname, name),
			 errhint("Accepted levels are 'county', 'prefecture' and 'province'.")));
	return ADLEVEL_NONE;		/* keep compiler quiet */
}

/*
 * The CHECK of domain adcode: true for a valid code, an error saying what is
 * wrong otherwise (a CHECK that returned false could only say "violates check
 * constraint").
 */
PG_FUNCTION_INFO_V1(adcode_check);
Datum
adcode_check(PG_FUNCTION_ARGS)
{
	int32		code = PG_GETARG_INT32(0);

	CheckAdcode(code, psprintf("%d", code));
	PG_RETURN_BOOL(true);
}

/* Version 1.0's base type: input, output, binary I/O (see the top). */
PG_FUNCTION_INFO_V1(adcode_in);
Datum
adcode_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	int			ndigits = 0;
	int64		code = 0;

	while (isspace((unsigned char) *p))
		p++;
	while (isdigit((unsigned char) *p))
	{
		if (++ndigits <= 6)
			code = code * 10 + (*p - '0');
		p++;
	}
	while (isspace((unsigned char) *p))
		p++;
	if (isdigit((unsigned char) *p))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type adcode: \"%s\"", str),
				 errdetail("An adcode has no blanks between its digits.")));
	if (*p != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type adcode: \"%s\"", str),
				 /* the whole character: one byte of a multibyte one is no valid text */
				 errdetail("An adcode has only digits; found \"%.*s\".", pg_mblen(p), p)));
	if (ndigits != 6)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type adcode: \"%s\"", str),
				 errdetail("An adcode has exactly six digits, not %d.", ndigits)));
	PG_RETURN_ADCODE(CheckAdcode(code, str));
}

PG_FUNCTION_INFO_V1(adcode_out);
Datum
adcode_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(psprintf("%06d", PG_GETARG_ADCODE(0)));
}

PG_FUNCTION_INFO_V1(adcode_recv);
Datum
adcode_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		code = pq_getmsgint(buf, 4);

	PG_RETURN_ADCODE(CheckAdcode(code, psprintf("%d", code)));
}

PG_FUNCTION_INFO_V1(adcode_send);
Datum
adcode_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, PG_GETARG_ADCODE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* integer -> adcode, validated like text input. */
PG_FUNCTION_INFO_V1(adcode_from_int);
Datum
adcode_from_int(PG_FUNCTION_ARGS)
{
	int32		code = PG_GETARG_INT32(0);

	PG_RETURN_ADCODE(CheckAdcode(code, psprintf("%d", code)));
}

PG_FUNCTION_INFO_V1(adcode_level);
Datum
adcode_level(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(AdLevelName(AdcodeLevel(PG_GETARG_ADCODE(0)))));
}

PG_FUNCTION_INFO_V1(province);
Datum
province(PG_FUNCTION_ARGS)
{
	PG_RETURN_ADCODE(AdcodeProvince(PG_GETARG_ADCODE(0)));
}

PG_FUNCTION_INFO_V1(prefecture);
Datum
prefecture(PG_FUNCTION_ARGS)
{
	PG_RETURN_ADCODE(AdcodePrefecture(PG_GETARG_ADCODE(0)));
}

PG_FUNCTION_INFO_V1(boundary_level);
Datum
boundary_level(PG_FUNCTION_ARGS)
{
	AdLevel		level = BoundaryLevel(PG_GETARG_ADCODE(0), PG_GETARG_ADCODE(1));

	PG_RETURN_TEXT_P(cstring_to_text(AdLevelName(level)));
}

PG_FUNCTION_INFO_V1(adcode_contains);
Datum
adcode_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(AdcodeContains(PG_GETARG_ADCODE(0), PG_GETARG_ADCODE(1)));
}

PG_FUNCTION_INFO_V1(adcode_contained);
Datum
adcode_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(AdcodeContains(PG_GETARG_ADCODE(1), PG_GETARG_ADCODE(0)));
}

/* B-tree and hash support. */
#define ADCODE_CMP_FUNC(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_ADCODE(0) op PG_GETARG_ADCODE(1)); \
}

ADCODE_CMP_FUNC(adcode_eq, ==)
ADCODE_CMP_FUNC(adcode_ne, !=)
ADCODE_CMP_FUNC(adcode_lt, <)
ADCODE_CMP_FUNC(adcode_le, <=)
ADCODE_CMP_FUNC(adcode_gt, >)
ADCODE_CMP_FUNC(adcode_ge, >=)

PG_FUNCTION_INFO_V1(adcode_cmp);
Datum
adcode_cmp(PG_FUNCTION_ARGS)
{
	Adcode		a = PG_GETARG_ADCODE(0);
	Adcode		b = PG_GETARG_ADCODE(1);

	PG_RETURN_INT32((a > b) - (a < b));
}

PG_FUNCTION_INFO_V1(adcode_hash);
Datum
adcode_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_ADCODE(0));
}

PG_FUNCTION_INFO_V1(adcode_hash_extended);
Datum
adcode_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_ADCODE(0), PG_GETARG_INT64(1));
}
