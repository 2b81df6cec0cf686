/*
 * ratio_summary.c
 *		Type ratio_summary (Σnumerator, Σdenominator), the aggregates ratio_agg
 *		and rollup, accessors, and the scalar intensity functions.
 *
 * A ratio of sums, never an average of ratios: R&D intensity of a zone is
 * Σ R&D / Σ GDP over its districts.
 */
#include "regional_dev.h"
#include "summary_io.h"

#include <math.h>

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define RATIO_SUMMARY_VERSION	1	/* layout */
#define RATIO_SEND_VERSION		2	/* binary form: 2 adds the compensation terms */

/* On-disk layout, version 1.  Sums are compensated (summary_math.h). */
typedef struct RatioSummary
{
	int32		vl_len_;		/* varlena header */
	uint8		version;		/* RATIO_SUMMARY_VERSION */
	uint8		flags;			/* zero */
	uint16		reserved;		/* zero */
	int32		pad;			/* keeps the sums 8-byte aligned */
	DDouble		num;
	DDouble		den;
} RatioSummary;

#define PG_GETARG_RATIO_SUMMARY(n)	((RatioSummary *) SummaryGetArg(fcinfo, (n), RATIO_SUMMARY_VERSION, "ratio_summary"))

static RatioSummary *
NewRatioSummary(DDouble num, DDouble den)
{
	RatioSummary *r = SummaryAlloc(sizeof(RatioSummary), RATIO_SUMMARY_VERSION);

	r->num = num;
	r->den = den;
	return r;
}

static inline double
Numerator(const RatioSummary *r)
{
	return DDValue(r->num);
}

static inline double
Denominator(const RatioSummary *r)
{
	return DDValue(r->den);
}

/* Numerator and denominator must be finite, from any source. */
static void
CheckPair(double num, double den, const char *what)
{
	if (!isfinite(num) || !isfinite(den))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: numerator and denominator must be finite", what),
				 errdetail("Got numerator %g and denominator %g.", num, den)));
}

static void
RatioAdd(RatioSummary *r, DDouble num, DDouble den, const char *what)
{
	SumMerge(&r->num, num, what);
	SumMerge(&r->den, den, what);
}

/* Text form: (numerator,denominator), each a sum that may carry its compensation term. */
PG_FUNCTION_INFO_V1(ratio_summary_in);
Datum
ratio_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	TextScan	scan;
	DDouble		num,
				den;

	ScanInit(&scan, str, "ratio_summary");
	ScanExpect(&scan, "(");
	num = ScanSum(&scan);
	ScanExpect(&scan, ",");
	den = ScanSum(&scan);
	ScanExpect(&scan, ")");
	ScanEnd(&scan);
	PG_RETURN_POINTER(NewRatioSummary(num, den));
}

PG_FUNCTION_INFO_V1(ratio_summary_out);
Datum
ratio_summary_out(PG_FUNCTION_ARGS)
{
	RatioSummary *r = PG_GETARG_RATIO_SUMMARY(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	AppendSum(&buf, r->num);
	appendStringInfoChar(&buf, ',');
	AppendSum(&buf, r->den);
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version byte, then numerator and denominator as float8 hi, lo
 * (version 1, regional_dev 1.0: one float8 each).
 */
PG_FUNCTION_INFO_V1(ratio_summary_recv);
Datum
ratio_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = SummaryRecvVersion(buf, RATIO_SEND_VERSION, "ratio_summary", false);
	DDouble		v[2] = {{0, 0}, {0, 0}};

	for (int i = 0; i < 2; i++)
	{
		v[i].hi = pq_getmsgfloat8(buf);
		if (version >= 2)
			v[i].lo = pq_getmsgfloat8(buf);
		if (!DDValid(v[i]))
			SummaryInvalid("ratio_summary", NULL,
						   "Numerator and denominator must be finite sums (|lo| at most half an ulp of hi).");
	}
	PG_RETURN_POINTER(NewRatioSummary(v[0], v[1]));
}

PG_FUNCTION_INFO_V1(ratio_summary_send);
Datum
ratio_summary_send(PG_FUNCTION_ARGS)
{
	RatioSummary *r = PG_GETARG_RATIO_SUMMARY(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RATIO_SEND_VERSION);
	SummarySendSum(&buf, r->num);
	SummarySendSum(&buf, r->den);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ratio_agg(numerator, denominator): a row counts only if both are non-NULL. */
PG_FUNCTION_INFO_V1(ratio_agg_trans);
Datum
ratio_agg_trans(PG_FUNCTION_ARGS)
{
	RatioSummary *r;
	double		num,
				den;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	num = PG_GETARG_FLOAT8(1);
	den = PG_GETARG_FLOAT8(2);
	CheckPair(num, den, "ratio_agg");
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(NewRatioSummary((DDouble) {num, 0}, (DDouble) {den, 0}));
	r = (RatioSummary *) GetMutableState(fcinfo, 0);
	RatioAdd(r, (DDouble) {num, 0}, (DDouble) {den, 0}, "ratio_agg");
	PG_RETURN_POINTER(r);
}

/* rollup(ratio_summary) transition and the combine function of both aggregates. */
PG_FUNCTION_INFO_V1(ratio_summary_combine);
Datum
ratio_summary_combine(PG_FUNCTION_ARGS)
{
	RatioSummary *a = (RatioSummary *) GetMutableState(fcinfo, 0);
	RatioSummary *b = PG_GETARG_RATIO_SUMMARY(1);

	RatioAdd(a, b->num, b->den, "rollup");
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(ratio);
Datum
ratio(PG_FUNCTION_ARGS)
{
	RatioSummary *r = PG_GETARG_RATIO_SUMMARY(0);

	if (Denominator(r) == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(Numerator(r) / Denominator(r));
}

PG_FUNCTION_INFO_V1(numerator);
Datum
numerator(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(Numerator(PG_GETARG_RATIO_SUMMARY(0)));
}

PG_FUNCTION_INFO_V1(denominator);
Datum
denominator(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(Denominator(PG_GETARG_RATIO_SUMMARY(0)));
}

PG_FUNCTION_INFO_V1(ratio_summary_to_jsonb);
Datum
ratio_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	RatioSummary *r = PG_GETARG_RATIO_SUMMARY(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	AppendJsonNumber(&buf, "numerator", Numerator(r), true);
	AppendJsonNumber(&buf, "denominator", Denominator(r), false);
	AppendJsonNumber(&buf, "ratio", Denominator(r) == 0 ? NAN : Numerator(r) / Denominator(r), false);
	appendStringInfoChar(&buf, '}');
	return JsonbFromCString(buf.data);
}

static void
CheckFinite(double v, const char *arg, const char *what)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: %s must be finite", what, arg)));
}

/* R&D expenditure / GDP; NULL when gdp <= 0. */
PG_FUNCTION_INFO_V1(rd_intensity);
Datum
rd_intensity(PG_FUNCTION_ARGS)
{
	double		rd = PG_GETARG_FLOAT8(0);
	double		gdp = PG_GETARG_FLOAT8(1);

	CheckFinite(rd, "rd_expenditure", "rd_intensity");
	CheckFinite(gdp, "gdp", "rd_intensity");
	if (gdp <= 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rd / gdp);
}

/* (region_sector/region_total) / (reference_sector/reference_total). */
PG_FUNCTION_INFO_V1(location_quotient);
Datum
location_quotient(PG_FUNCTION_ARGS)
{
	double		rs = PG_GETARG_FLOAT8(0);
	double		rt = PG_GETARG_FLOAT8(1);
	double		fs = PG_GETARG_FLOAT8(2);
	double		ft = PG_GETARG_FLOAT8(3);
	double		lq;

	CheckFinite(rs, "region_sector", "location_quotient");
	CheckFinite(rt, "region_total", "location_quotient");
	CheckFinite(fs, "reference_sector", "location_quotient");
	CheckFinite(ft, "reference_total", "location_quotient");
	if (rt == 0 || fs == 0 || ft == 0)
		PG_RETURN_NULL();
	lq = (rs / rt) / (fs / ft);
	if (!isfinite(lq))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lq);
}
