/*
 * structure.c
 *		Structure and specialization aggregates of the regional economics
 *		toolkit: shift_share, herfindahl, hoover, krugman_specialization.
 *
 * Each aggregate keeps its state in a summary type with text and binary I/O
 * (shift_share_summary, concentration_summary, dissimilarity_summary), never
 * internal, following the aggregate contract of doc/design.md: in-place
 * updates, a strict combine function, results independent of row order.
 */
#include "regional_dev.h"
#include "summary_io.h"

#include <ctype.h>
#include <float.h>

#include "access/htup_details.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"

#define TOOLKIT_STATE_VERSION	1

/* Rows counted in an int64; adding two counts checks for overflow. */
static int64
AddCount(int64 a, int64 b, const char *typname)
{
	int64		r;

	if (pg_add_s64_overflow(a, b, &r))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: row count out of range", typname)));
	return r;
}

/* ---------------------------------------------------------------------
 * shift_share
 *
 * change = Σ(e_final - e_base) splits into
 *   national share   NS = Σ e_base·G_n                 = G_n·Σe_base
 *   industry mix     IM = Σ e_base·(G_i - G_n)         = Σ e_base·G_i - NS
 *   regional shift   RS = Σ e_base·(g_ri - G_i)        = change - Σ e_base·G_i
 * with e_base·g_ri taken as e_final - e_base (so no regional growth rate is
 * ever formed: a sector new to the region is all regional shift).  The state
 * keeps Σe_base, Σe_final, Σ e_base·G_i and the nation totals.
 * ---------------------------------------------------------------------
 */
typedef struct ShiftShareSummary
{
	int32		vl_len_;		/* varlena header */
	uint8		version;
	uint8		flags;			/* none defined yet: 0 */
	uint16		reserved;		/* 0 */
	int32		reserved2;		/* 0 */
	int64		n;				/* rows used */
	int64		undefined;		/* rows with region_base <> 0 and national sector
								 * growth undefined (nation_sector_base <= 0) */
	float8		nation_base;	/* nation_total_base: the same in every row */
	float8		nation_final;	/* nation_total_final: likewise */
	DDouble		base;			/* Σ region_base */
	DDouble		final;			/* Σ region_final */
	DDouble		base_growth;	/* Σ region_base·G_i over the other rows */
} ShiftShareSummary;

#define SHIFT_SHARE_TYPE "shift_share_summary"

/* NULL if s is a possible state, else what is wrong with it. */
static const char *
ShiftShareCheck(const ShiftShareSummary *s)
{
	if (s->n < 1)
		return "The row count n must be at least 1.";
	if (s->undefined < 0 || s->undefined > s->n)
		return "The count of rows with undefined sector growth must lie between 0 and n.";
	if (!isfinite(s->nation_base) || !isfinite(s->nation_final))
		return "The nation totals must be finite.";
	if (!DDValid(s->base) || !DDValid(s->final) || !DDValid(s->base_growth))
		return "Sums must be finite double-double values (|lo| at most half an ulp of hi).";
	return NULL;
}

static ShiftShareSummary *
ShiftShareNew(void)
{
	return SummaryAlloc(sizeof(ShiftShareSummary), TOOLKIT_STATE_VERSION);
}

static void
ShiftShareSameNation(const ShiftShareSummary *s, double nation_base, double nation_final)
{
	if (s->nation_base != nation_base || s->nation_final != nation_final)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shift_share: nation_total_base and nation_total_final must be the same in every row"),
				 errdetail("One row has %s and %s, another %s and %s.",
						   float8out_internal(s->nation_base), float8out_internal(s->nation_final),
						   float8out_internal(nation_base), float8out_internal(nation_final)),
				 errhint("Aggregate one region at a time (GROUP BY region) and pass the nation's totals of the two years in every row.")));
}

PG_FUNCTION_INFO_V1(shift_share_trans);
Datum
shift_share_trans(PG_FUNCTION_ARGS)
{
	static const char *const argnames[] = {"region_base", "region_final",
		"nation_sector_base", "nation_sector_final",
	"nation_total_base", "nation_total_final"};
	double		v[6];
	ShiftShareSummary *s;

	for (int i = 0; i < 6; i++)
	{
		if (PG_ARGISNULL(i + 1))
		{
			if (PG_ARGISNULL(0))
				PG_RETURN_NULL();
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
		}
		v[i] = PG_GETARG_FLOAT8(i + 1);
		CheckFiniteArg(v[i], "shift_share", argnames[i]);
	}

	if (PG_ARGISNULL(0))
	{
		s = ShiftShareNew();
		s->nation_base = v[4];
		s->nation_final = v[5];
	}
	else
	{
		s = (ShiftShareSummary *) GetMutableState(fcinfo, 0);
		ShiftShareSameNation(s, v[4], v[5]);
	}

	s->n = AddCount(s->n, 1, "shift_share");
	SumAdd(&s->base, v[0], "shift_share");
	SumAdd(&s->final, v[1], "shift_share");
	if (v[2] > 0)
	{
		DDouble		growth = SumChecked(DDTwoProd(v[0], v[3] - v[2]), "shift_share");

		SumMerge(&s->base_growth, SumChecked(DDDivDouble(growth, v[2]), "shift_share"), "shift_share");
	}
	else if (v[0] != 0)
		s->undefined++;			/* G_i undefined and weighted by a nonzero base */
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(shift_share_combine);
Datum
shift_share_combine(PG_FUNCTION_ARGS)
{
	ShiftShareSummary *s = (ShiftShareSummary *) GetMutableState(fcinfo, 0);
	ShiftShareSummary *t = (ShiftShareSummary *) SummaryGetArg(fcinfo, 1, TOOLKIT_STATE_VERSION, SHIFT_SHARE_TYPE);

	ShiftShareSameNation(s, t->nation_base, t->nation_final);
	s->n = AddCount(s->n, t->n, "shift_share");
	s->undefined += t->undefined;
	SumMerge(&s->base, t->base, "shift_share");
	SumMerge(&s->final, t->final, "shift_share");
	SumMerge(&s->base_growth, t->base_growth, "shift_share");
	PG_RETURN_POINTER(s);
}

/*
 * The components of s into c[0..2] (national share, industry mix, regional
 * shift), NaN where undefined: NS and IM need nation_base > 0, IM and RS need
 * every national sector growth rate weighted by a nonzero base.
 */
static void
ShiftShareComponents(const ShiftShareSummary *s, double c[3])
{
	const char *what = "shift_share";
	DDouble		change = SumChecked(DDAdd(s->final, DDNeg(s->base)), what);

	c[0] = c[1] = c[2] = NAN;
	if (s->nation_base > 0)
	{
		DDouble		national = SumChecked(DDMulDouble(s->base, s->nation_final - s->nation_base), what);

		national = SumChecked(DDDivDouble(national, s->nation_base), what);
		c[0] = DDValue(national);
		if (s->undefined == 0)
			c[1] = DDValue(SumChecked(DDAdd(s->base_growth, DDNeg(national)), what));
	}
	if (s->undefined == 0)
		c[2] = DDValue(SumChecked(DDAdd(change, DDNeg(s->base_growth)), what));
}

PG_FUNCTION_INFO_V1(shift_share_final);
Datum
shift_share_final(PG_FUNCTION_ARGS)
{
	ShiftShareSummary *s = (ShiftShareSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, SHIFT_SHARE_TYPE);
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3];
	double		c[3];

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("shift_share: called in a context that cannot accept a record")));
	tupdesc = BlessTupleDesc(tupdesc);
	ShiftShareComponents(s, c);
	for (int i = 0; i < 3; i++)
	{
		nulls[i] = isnan(c[i]);
		values[i] = Float8GetDatum(c[i]);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(shift_share_summary_in);
Datum
shift_share_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	ShiftShareSummary *s = ShiftShareNew();
	TextScan	ps;
	const char *bad;

	ScanInit(&ps, str, SHIFT_SHARE_TYPE);
	ScanKeyName(&ps, "n", "=");
	s->n = ScanInt64(&ps, 1, PG_INT64_MAX);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "undefined", "=");
	s->undefined = ScanInt64(&ps, 0, PG_INT64_MAX);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "nation_base", "=");
	s->nation_base = ScanFloat8(&ps);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "nation_final", "=");
	s->nation_final = ScanFloat8(&ps);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "base", "=");
	s->base = ScanSum(&ps);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "final", "=");
	s->final = ScanSum(&ps);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "base_growth", "=");
	s->base_growth = ScanSum(&ps);
	ScanEnd(&ps);
	if ((bad = ShiftShareCheck(s)) != NULL)
		SummaryInvalid(SHIFT_SHARE_TYPE, str, bad);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(shift_share_summary_out);
Datum
shift_share_summary_out(PG_FUNCTION_ARGS)
{
	ShiftShareSummary *s = (ShiftShareSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, SHIFT_SHARE_TYPE);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "n=" INT64_FORMAT ";undefined=" INT64_FORMAT ";nation_base=", s->n, s->undefined);
	AppendFloat8Exact(&buf, s->nation_base);
	appendStringInfoString(&buf, ";nation_final=");
	AppendFloat8Exact(&buf, s->nation_final);
	appendStringInfoString(&buf, ";base=");
	AppendSum(&buf, s->base);
	appendStringInfoString(&buf, ";final=");
	AppendSum(&buf, s->final);
	appendStringInfoString(&buf, ";base_growth=");
	AppendSum(&buf, s->base_growth);
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(shift_share_summary_recv);
Datum
shift_share_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ShiftShareSummary *s = ShiftShareNew();
	const char *bad;

	SummaryRecvVersion(buf, TOOLKIT_STATE_VERSION, SHIFT_SHARE_TYPE, true);
	s->n = pq_getmsgint64(buf);
	s->undefined = pq_getmsgint64(buf);
	s->nation_base = pq_getmsgfloat8(buf);
	s->nation_final = pq_getmsgfloat8(buf);
	s->base = SummaryRecvSum(buf);
	s->final = SummaryRecvSum(buf);
	s->base_growth = SummaryRecvSum(buf);
	if ((bad = ShiftShareCheck(s)) != NULL)
		SummaryInvalid(SHIFT_SHARE_TYPE, NULL, bad);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(shift_share_summary_send);
Datum
shift_share_summary_send(PG_FUNCTION_ARGS)
{
	ShiftShareSummary *s = (ShiftShareSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, SHIFT_SHARE_TYPE);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint64(&buf, s->n);
	pq_sendint64(&buf, s->undefined);
	pq_sendfloat8(&buf, s->nation_base);
	pq_sendfloat8(&buf, s->nation_final);
	SummarySendSum(&buf, s->base);
	SummarySendSum(&buf, s->final);
	SummarySendSum(&buf, s->base_growth);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* shift_share_summary -> jsonb: the sums and the three components (null where undefined). */
PG_FUNCTION_INFO_V1(shift_share_summary_to_jsonb);
Datum
shift_share_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	ShiftShareSummary *s = (ShiftShareSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, SHIFT_SHARE_TYPE);
	double		c[3];
	StringInfoData buf;

	ShiftShareComponents(s, c);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"n\": " INT64_FORMAT ", \"undefined\": " INT64_FORMAT, s->n, s->undefined);
	AppendJsonNumber(&buf, "nation_base", s->nation_base, false);
	AppendJsonNumber(&buf, "nation_final", s->nation_final, false);
	AppendJsonNumber(&buf, "base", DDValue(s->base), false);
	AppendJsonNumber(&buf, "final", DDValue(s->final), false);
	AppendJsonNumber(&buf, "change", DDValue(SumChecked(DDAdd(s->final, DDNeg(s->base)), "shift_share")), false);
	AppendJsonNumber(&buf, "national_share", c[0], false);
	AppendJsonNumber(&buf, "industry_mix", c[1], false);
	AppendJsonNumber(&buf, "regional_shift", c[2], false);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(JsonbFromCString(buf.data));
}


/* ---------------------------------------------------------------------
 * herfindahl: Σ(v_i/V)² = Σv² / (Σv)², from the sums alone.
 *
 * Σv² overflows float8 long before Σv does (v = 1e155 is enough), so it is
 * kept scaled: sum_squares = Σ(v·2^-scale)², the scale raised (never lowered)
 * when a value above 2^480 arrives.  The scale is 0 for ordinary data, which
 * is then stored, written and sent exactly as by regional_dev 1.0 (the scale
 * sits in what 1.0 left as a zero reserved field; binary version 2 and the
 * text field "scale" appear only when it is not 0).
 * ---------------------------------------------------------------------
 */
typedef struct ConcentrationSummary
{
	int32		vl_len_;		/* varlena header */
	uint8		version;
	uint8		flags;			/* none defined yet: 0 */
	int16		scale;			/* sum_squares is Σ(v·2^-scale)²; 0 in 1.0 */
	int64		n;				/* rows used */
	DDouble		sum;			/* Σv */
	DDouble		sum_squares;	/* Σ(v·2^-scale)² */
} ConcentrationSummary;

#define CONCENTRATION_TYPE "concentration_summary"
#define CONCENTRATION_VERSION	2	/* binary: 2 adds the scale, sent only when not 0 */
#define CONCENTRATION_HEADROOM	480	/* largest log2 of a value squared unscaled */
#define CONCENTRATION_MAX_SCALE	(DBL_MAX_EXP - CONCENTRATION_HEADROOM)

static const char *
ConcentrationCheck(const ConcentrationSummary *s)
{
	if (s->n < 1)
		return "The row count n must be at least 1.";
	if (!DDValid(s->sum) || !DDValid(s->sum_squares))
		return "Sums must be finite double-double values (|lo| at most half an ulp of hi).";
	if (s->sum.hi < 0 || s->sum_squares.hi < 0)
		return "Sums of non-negative values cannot be negative.";
	if (s->scale < 0 || s->scale > CONCENTRATION_MAX_SCALE)
		return psprintf("The scale must lie between 0 and %d.", CONCENTRATION_MAX_SCALE);
	return NULL;
}

static ConcentrationSummary *
ConcentrationNew(void)
{
	return SummaryAlloc(sizeof(ConcentrationSummary), TOOLKIT_STATE_VERSION);
}

/* Raise the scale of s to at least scale. */
static void
ConcentrationRescale(ConcentrationSummary *s, int scale)
{
	if (scale <= s->scale)
		return;
	s->sum_squares = DDScale(s->sum_squares, -2 * (scale - s->scale));
	s->scale = scale;
}

/* Herfindahl index of a state; NaN when Σv = 0. */
static double
ConcentrationHerfindahl(const ConcentrationSummary *s)
{
	int			e;
	DDouble		sum;

	if (s->sum.hi == 0)
		return NAN;
	/* both sums scaled so that Σv is about 1: exact, and nothing overflows */
	e = ilogb(s->sum.hi);
	sum = DDScale(s->sum, -e);
	/* Σv² <= (Σv)² for non-negative v: clamp rounding noise */
	return ClampChecked(DDValue(DDScale(s->sum_squares, 2 * (s->scale - e))) / DDValue(DDMul(sum, sum)),
						0.0, 1.0, "herfindahl");
}

PG_FUNCTION_INFO_V1(herfindahl_trans);
Datum
herfindahl_trans(PG_FUNCTION_ARGS)
{
	ConcentrationSummary *s;
	double		v;
	double		x;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	v = PG_GETARG_FLOAT8(1);
	CheckFiniteArg(v, "herfindahl", "value");
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("herfindahl: value must not be negative"),
				 errdetail("Got %s; shares are taken of non-negative amounts (employment, output, sales).",
						   float8out_internal(v))));

	s = PG_ARGISNULL(0) ? ConcentrationNew() : (ConcentrationSummary *) GetMutableState(fcinfo, 0);
	s->n = AddCount(s->n, 1, "herfindahl");
	SumAdd(&s->sum, v, "herfindahl");
	if (v > 0 && ilogb(v) - s->scale > CONCENTRATION_HEADROOM)
		ConcentrationRescale(s, ilogb(v) - CONCENTRATION_HEADROOM);
	x = ldexp(v, -s->scale);
	SumMerge(&s->sum_squares, DDTwoProd(x, x), "herfindahl");
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(herfindahl_combine);
Datum
herfindahl_combine(PG_FUNCTION_ARGS)
{
	ConcentrationSummary *s = (ConcentrationSummary *) GetMutableState(fcinfo, 0);
	ConcentrationSummary *t = (ConcentrationSummary *) SummaryGetArg(fcinfo, 1, TOOLKIT_STATE_VERSION, CONCENTRATION_TYPE);

	s->n = AddCount(s->n, t->n, "herfindahl");
	SumMerge(&s->sum, t->sum, "herfindahl");
	ConcentrationRescale(s, t->scale);
	SumMerge(&s->sum_squares, DDScale(t->sum_squares, -2 * (s->scale - t->scale)), "herfindahl");
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(herfindahl_final);
Datum
herfindahl_final(PG_FUNCTION_ARGS)
{
	double		h = ConcentrationHerfindahl((ConcentrationSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, CONCENTRATION_TYPE));

	if (isnan(h))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(h);
}

PG_FUNCTION_INFO_V1(concentration_summary_in);
Datum
concentration_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	ConcentrationSummary *s = ConcentrationNew();
	TextScan	ps;
	const char *bad;

	ScanInit(&ps, str, CONCENTRATION_TYPE);
	ScanKeyName(&ps, "n", "=");
	s->n = ScanInt64(&ps, 1, PG_INT64_MAX);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "sum", "=");
	s->sum = ScanSum(&ps);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "sum_squares", "=");
	s->sum_squares = ScanSum(&ps);
	if (ScanAccept(&ps, ";"))
	{
		ScanKeyName(&ps, "scale", "=");
		s->scale = ScanInt64(&ps, 0, CONCENTRATION_MAX_SCALE);
	}
	ScanEnd(&ps);
	if ((bad = ConcentrationCheck(s)) != NULL)
		SummaryInvalid(CONCENTRATION_TYPE, str, bad);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(concentration_summary_out);
Datum
concentration_summary_out(PG_FUNCTION_ARGS)
{
	ConcentrationSummary *s = (ConcentrationSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, CONCENTRATION_TYPE);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "n=" INT64_FORMAT ";sum=", s->n);
	AppendSum(&buf, s->sum);
	appendStringInfoString(&buf, ";sum_squares=");
	AppendSum(&buf, s->sum_squares);
	if (s->scale != 0)
		appendStringInfo(&buf, ";scale=%d", s->scale);
	PG_RETURN_CSTRING(buf.data);
}

/* Binary: version, flags, int64 n, the two sums (hi, lo); version 2 adds int16 scale. */
PG_FUNCTION_INFO_V1(concentration_summary_recv);
Datum
concentration_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ConcentrationSummary *s = ConcentrationNew();
	int			version = SummaryRecvVersion(buf, CONCENTRATION_VERSION, CONCENTRATION_TYPE, true);
	const char *bad;

	s->n = pq_getmsgint64(buf);
	s->sum = SummaryRecvSum(buf);
	s->sum_squares = SummaryRecvSum(buf);
	if (version >= 2)
		s->scale = (int16) pq_getmsgint(buf, 2);
	if ((bad = ConcentrationCheck(s)) != NULL)
		SummaryInvalid(CONCENTRATION_TYPE, NULL, bad);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(concentration_summary_send);
Datum
concentration_summary_send(PG_FUNCTION_ARGS)
{
	ConcentrationSummary *s = (ConcentrationSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, CONCENTRATION_TYPE);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->scale != 0 ? 2 : 1);
	pq_sendbyte(&buf, s->flags);
	pq_sendint64(&buf, s->n);
	SummarySendSum(&buf, s->sum);
	SummarySendSum(&buf, s->sum_squares);
	if (s->scale != 0)
		pq_sendint16(&buf, s->scale);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(concentration_summary_to_jsonb);
Datum
concentration_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	ConcentrationSummary *s = (ConcentrationSummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, CONCENTRATION_TYPE);
	StringInfoData buf;
	double		sumsq;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"n\": " INT64_FORMAT, s->n);
	AppendJsonNumber(&buf, "sum", DDValue(s->sum), false);
	/* Σv² itself, null when it is beyond float8 (a scaled state) */
	sumsq = DDValue(DDScale(s->sum_squares, 2 * s->scale));
	AppendJsonNumber(&buf, "sum_squares", isfinite(sumsq) ? sumsq : NAN, false);
	AppendJsonNumber(&buf, "herfindahl", ConcentrationHerfindahl(s), false);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(JsonbFromCString(buf.data));
}


/* ---------------------------------------------------------------------
 * hoover, krugman_specialization: ½Σ|a_i/A - b_i/B| and Σ|a_i/A - b_i/B|.
 *
 * Not decomposable into running sums: each term needs the totals A and B,
 * known only at the end.  The state keeps the (a_i, b_i) pairs themselves;
 * they are one per sector (or region), so their number is bounded by the
 * classification, not by the data volume.  The limit, 54000 pairs (864 kB),
 * covers the finest official classifications (GB/T 4754 four-digit classes,
 * NACE, ISIC, HS six-digit products) and every township-level division of
 * China.  Rows with a = b = 0 change nothing and are only counted.  The final
 * functions sort the pairs before summing, so the result does not depend on
 * the order rows arrived in.
 * ---------------------------------------------------------------------
 */
#define DISSIMILARITY_MAX_PAIRS 54000

typedef struct DissimilarityPair
{
	float8		a;				/* region_value */
	float8		b;				/* reference_value */
} DissimilarityPair;

typedef struct DissimilaritySummary
{
	int32		vl_len_;		/* varlena header */
	uint8		version;
	uint8		flags;			/* none defined yet: 0 */
	uint16		reserved;		/* 0 */
	int32		npairs;			/* pairs in use; room for more may follow */
	int32		reserved2;		/* 0 */
	int64		n;				/* rows used, including a = b = 0 rows */
	DissimilarityPair pairs[FLEXIBLE_ARRAY_MEMBER];
} DissimilaritySummary;

#define DISSIMILARITY_TYPE "dissimilarity_summary"
#define DissimilaritySize(npairs) \
	(offsetof(DissimilaritySummary, pairs) + (npairs) * sizeof(DissimilarityPair))
#define DissimilarityCapacity(s) \
	((int) ((VARSIZE(s) - offsetof(DissimilaritySummary, pairs)) / sizeof(DissimilarityPair)))

static const char *
DissimilarityCheck(const DissimilaritySummary *s)
{
	if (s->npairs < 0 || s->npairs > DISSIMILARITY_MAX_PAIRS)
		return psprintf("The number of pairs must lie between 0 and %d.", DISSIMILARITY_MAX_PAIRS);
	if (s->n < s->npairs || s->n < 1)
		return "The row count n must be at least 1 and at least the number of pairs.";
	for (int i = 0; i < s->npairs; i++)
	{
		const DissimilarityPair *p = &s->pairs[i];

		if (!isfinite(p->a) || !isfinite(p->b) || p->a < 0 || p->b < 0)
			return "Pair values must be finite and non-negative.";
		if (p->a == 0 && p->b == 0)
			return "A pair 0:0 is counted in n, never stored.";
	}
	return NULL;
}

static DissimilaritySummary *
DissimilarityNew(int capacity)
{
	return SummaryAlloc(DissimilaritySize(capacity), TOOLKIT_STATE_VERSION);
}

/* s with room for at least need pairs: s itself, or a larger copy. */
static DissimilaritySummary *
DissimilarityReserve(DissimilaritySummary *s, int64 need, const char *funcname)
{
	DissimilaritySummary *t;
	int64		capacity;

	if (need <= DissimilarityCapacity(s))
		return s;
	if (need > DISSIMILARITY_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than %d sectors or regions with a nonzero value", funcname,
						DISSIMILARITY_MAX_PAIRS),
				 errdetail("The state keeps one (region_value, reference_value) pair per row; it holds at most %d.",
						   DISSIMILARITY_MAX_PAIRS),
				 errhint("Aggregate one region at a time over the sectors of a classification.")));
	capacity = Min(Max(need, 2 * (int64) DissimilarityCapacity(s)), DISSIMILARITY_MAX_PAIRS);
	capacity = Max(capacity, 16);
	/* a new state in the current (per-row) context: nodeAgg adopts it, frees s */
	t = DissimilarityNew((int) capacity);
	t->npairs = s->npairs;
	t->n = s->n;
	memcpy(t->pairs, s->pairs, s->npairs * sizeof(DissimilarityPair));
	return t;
}

static Datum
DissimilarityTrans(FunctionCallInfo fcinfo, const char *funcname)
{
	DissimilaritySummary *s;
	double		a,
				b;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = PG_GETARG_FLOAT8(1);
	b = PG_GETARG_FLOAT8(2);
	CheckFiniteArg(a, funcname, "region_value");
	CheckFiniteArg(b, funcname, "reference_value");
	if (a < 0 || b < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must not be negative", funcname, a < 0 ? "region_value" : "reference_value"),
				 errdetail("Got %s; the measure compares shares of non-negative amounts (employment, output).",
						   float8out_internal(a < 0 ? a : b))));

	s = PG_ARGISNULL(0) ? DissimilarityNew(16) : (DissimilaritySummary *) GetMutableState(fcinfo, 0);
	if (a != 0 || b != 0)
	{
		s = DissimilarityReserve(s, (int64) s->npairs + 1, funcname);
		s->pairs[s->npairs].a = a;
		s->pairs[s->npairs].b = b;
		s->npairs++;
	}
	s->n = AddCount(s->n, 1, funcname);
	PG_RETURN_POINTER(s);
}

static Datum
DissimilarityCombine(FunctionCallInfo fcinfo, const char *funcname)
{
	DissimilaritySummary *s = (DissimilaritySummary *) GetMutableState(fcinfo, 0);
	DissimilaritySummary *t = (DissimilaritySummary *) SummaryGetArg(fcinfo, 1, TOOLKIT_STATE_VERSION, DISSIMILARITY_TYPE);

	s = DissimilarityReserve(s, (int64) s->npairs + t->npairs, funcname);
	memcpy(s->pairs + s->npairs, t->pairs, t->npairs * sizeof(DissimilarityPair));
	s->npairs += t->npairs;
	s->n = AddCount(s->n, t->n, funcname);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(hoover_trans);
Datum
hoover_trans(PG_FUNCTION_ARGS)
{
	return DissimilarityTrans(fcinfo, "hoover");
}

PG_FUNCTION_INFO_V1(krugman_specialization_trans);
Datum
krugman_specialization_trans(PG_FUNCTION_ARGS)
{
	return DissimilarityTrans(fcinfo, "krugman_specialization");
}

PG_FUNCTION_INFO_V1(hoover_combine);
Datum
hoover_combine(PG_FUNCTION_ARGS)
{
	return DissimilarityCombine(fcinfo, "hoover");
}

PG_FUNCTION_INFO_V1(krugman_specialization_combine);
Datum
krugman_specialization_combine(PG_FUNCTION_ARGS)
{
	return DissimilarityCombine(fcinfo, "krugman_specialization");
}

static int
PairCmp(const void *x, const void *y)
{
	const DissimilarityPair *p = x;
	const DissimilarityPair *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

/* A copy of the pairs of s in canonical (sorted) order. */
static DissimilarityPair *
SortedPairs(const DissimilaritySummary *s)
{
	DissimilarityPair *pairs = palloc(Max(s->npairs, 1) * sizeof(DissimilarityPair));

	memcpy(pairs, s->pairs, s->npairs * sizeof(DissimilarityPair));
	qsort(pairs, s->npairs, sizeof(DissimilarityPair), PairCmp);
	return pairs;
}

/* Σ|a_i/A - b_i/B|, or NaN when A or B is 0. */
static double
DissimilaritySum(const DissimilaritySummary *s, const char *what)
{
	DissimilarityPair *pairs = SortedPairs(s);
	DDouble		sa = {0, 0},
				sb = {0, 0},
				d = {0, 0};
	double		ma = 0,
				mb = 0,
				ta,
				tb;
	int			ea,
				eb;

	for (int i = 0; i < s->npairs; i++)
	{
		ma = Max(ma, pairs[i].a);
		mb = Max(mb, pairs[i].b);
	}
	if (ma == 0 || mb == 0)
	{
		pfree(pairs);
		return NAN;
	}

	/*
	 * Totals of the values scaled by 2^-ilogb(max): shares are the same
	 * (powers of two scale exactly), and totals of values near the top of
	 * float8 do not overflow.
	 */
	ea = ilogb(ma);
	eb = ilogb(mb);
	for (int i = 0; i < s->npairs; i++)
	{
		SumAdd(&sa, ldexp(pairs[i].a, -ea), what);
		SumAdd(&sb, ldexp(pairs[i].b, -eb), what);
	}
	ta = DDValue(sa);
	tb = DDValue(sb);
	for (int i = 0; i < s->npairs; i++)
	{
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		d = DDAddDouble(d, fabs(ldexp(pairs[i].a, -ea) / ta - ldexp(pairs[i].b, -eb) / tb));
	}
	pfree(pairs);
	/* the sum lies in [0, 2]: clamp rounding noise */
	return ClampChecked(DDValue(d), 0.0, 2.0, what);
}

PG_FUNCTION_INFO_V1(hoover_final);
Datum
hoover_final(PG_FUNCTION_ARGS)
{
	double		d = DissimilaritySum((DissimilaritySummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, DISSIMILARITY_TYPE), "hoover");

	if (isnan(d))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(0.5 * d);
}

PG_FUNCTION_INFO_V1(krugman_specialization_final);
Datum
krugman_specialization_final(PG_FUNCTION_ARGS)
{
	double		d = DissimilaritySum((DissimilaritySummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, DISSIMILARITY_TYPE), "krugman_specialization");

	if (isnan(d))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(d);
}

/* Text form: "n=5;pairs=a:b,a:b", pairs sorted, so equal contents print alike. */
PG_FUNCTION_INFO_V1(dissimilarity_summary_in);
Datum
dissimilarity_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	DissimilaritySummary *s = DissimilarityNew(0);
	TextScan	ps;
	const char *bad;
	int			capacity = 0;

	ScanInit(&ps, str, DISSIMILARITY_TYPE);
	ScanKeyName(&ps, "n", "=");
	s->n = ScanInt64(&ps, 1, PG_INT64_MAX);
	ScanExpect(&ps, ";");
	ScanKeyName(&ps, "pairs", "=");
	if (ScanPeek(&ps) != '\0')
	{
		do
		{
			double		a,
						b;

			a = ScanFloat8(&ps);
			ScanExpect(&ps, ":");
			b = ScanFloat8(&ps);
			if (s->npairs == DISSIMILARITY_MAX_PAIRS)
				ScanError(&ps, psprintf("A dissimilarity_summary holds at most %d pairs.",
											DISSIMILARITY_MAX_PAIRS));
			if (s->npairs == capacity)
			{
				DissimilaritySummary *t;

				capacity = Min(Max(16, 2 * capacity), DISSIMILARITY_MAX_PAIRS);
				t = DissimilarityNew(capacity);
				t->n = s->n;
				t->npairs = s->npairs;
				memcpy(t->pairs, s->pairs, s->npairs * sizeof(DissimilarityPair));
				pfree(s);
				s = t;
			}
			s->pairs[s->npairs].a = a;
			s->pairs[s->npairs].b = b;
			s->npairs++;
		} while (ScanAccept(&ps, ","));
	}
	ScanEnd(&ps);
	if ((bad = DissimilarityCheck(s)) != NULL)
		SummaryInvalid(DISSIMILARITY_TYPE, str, bad);
	/* stored without spare room */
	SET_VARSIZE(s, DissimilaritySize(s->npairs));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(dissimilarity_summary_out);
Datum
dissimilarity_summary_out(PG_FUNCTION_ARGS)
{
	DissimilaritySummary *s = (DissimilaritySummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, DISSIMILARITY_TYPE);
	DissimilarityPair *pairs = SortedPairs(s);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "n=" INT64_FORMAT ";pairs=", s->n);
	for (int i = 0; i < s->npairs; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		AppendFloat8Exact(&buf, pairs[i].a);
		appendStringInfoChar(&buf, ':');
		AppendFloat8Exact(&buf, pairs[i].b);
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(dissimilarity_summary_recv);
Datum
dissimilarity_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	DissimilaritySummary *s;
	int64		n;
	int			npairs;
	const char *bad;

	SummaryRecvVersion(buf, TOOLKIT_STATE_VERSION, DISSIMILARITY_TYPE, true);
	n = pq_getmsgint64(buf);
	npairs = SummaryRecvCount(buf, DISSIMILARITY_TYPE, DISSIMILARITY_MAX_PAIRS, 2 * sizeof(float8));
	s = DissimilarityNew(npairs);
	s->n = n;
	s->npairs = npairs;
	for (int i = 0; i < npairs; i++)
	{
		s->pairs[i].a = pq_getmsgfloat8(buf);
		s->pairs[i].b = pq_getmsgfloat8(buf);
	}
	if ((bad = DissimilarityCheck(s)) != NULL)
		SummaryInvalid(DISSIMILARITY_TYPE, NULL, bad);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(dissimilarity_summary_send);
Datum
dissimilarity_summary_send(PG_FUNCTION_ARGS)
{
	DissimilaritySummary *s = (DissimilaritySummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, DISSIMILARITY_TYPE);
	DissimilarityPair *pairs = SortedPairs(s);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint64(&buf, s->n);
	pq_sendint32(&buf, s->npairs);
	for (int i = 0; i < s->npairs; i++)
	{
		pq_sendfloat8(&buf, pairs[i].a);
		pq_sendfloat8(&buf, pairs[i].b);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(dissimilarity_summary_to_jsonb);
Datum
dissimilarity_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	DissimilaritySummary *s = (DissimilaritySummary *) SummaryGetArg(fcinfo, 0, TOOLKIT_STATE_VERSION, DISSIMILARITY_TYPE);
	double		d = DissimilaritySum(s, DISSIMILARITY_TYPE);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"n\": " INT64_FORMAT ", \"pairs\": %d", s->n, s->npairs);
	AppendJsonNumber(&buf, "hoover", 0.5 * d, false);
	AppendJsonNumber(&buf, "krugman_specialization", d, false);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(JsonbFromCString(buf.data));
}
