/*
 * convergence.c
 *		Aggregate beta_convergence(initial_level, final_level, years) and its
 *		state type beta_convergence_state.
 *
 * Beta convergence is the OLS regression, across regions, of the average
 * annual log growth g = ln(final/initial)/years on x = ln(initial).  The state
 * holds the regression sums in the Youngs-Cramer form PostgreSQL's regr_*
 * aggregates use (count, Σx, Σg, centred Σ(x−x̄)², Σ(g−ḡ)², Σ(x−x̄)(g−ḡ)),
 * which merge exactly and stay accurate when ln(initial) is large, plus Σyears
 * for the speed of convergence, each a compensated sum (summary_math.h; layout
 * version 2, 1.0's version 1 with float8 sums still reads).  The state has a
 * fixed size and is always updated in place inside an aggregate.
 */
#include "regional_dev.h"
#include "summary_io.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define BETA_VERSION	2		/* 1 (regional_dev 1.0): float8 sums, still read */
#define BETA_TYPNAME	"beta_convergence_state"
#define BETA_NSUMS		6

typedef struct BetaState
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	uint8		version;
	uint8		flags;			/* none yet */
	uint16		reserved;
	int64		n;				/* rows */
	DDouble		sum[BETA_NSUMS];	/* compensated (summary_math.h) */
} BetaState;

/* Layout version 1, as regional_dev 1.0 stored it. */
typedef struct BetaStateV1
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		reserved;
	int64		n;
	double		sum[BETA_NSUMS];
} BetaStateV1;

enum
{
	BETA_SYEARS,				/* Σ years */
	BETA_SX,					/* Σ x, x = ln initial */
	BETA_SY,					/* Σ g, g = ln(final/initial)/years */
	BETA_SXX,					/* Σ (x − x̄)² */
	BETA_SYY,					/* Σ (g − ḡ)² */
	BETA_SXY					/* Σ (x − x̄)(g − ḡ) */
};

static const char *const BetaSumNames[BETA_NSUMS] = {"years", "sx", "sy", "sxx", "syy", "sxy"};

#define SUM(s, k)	DDValue((s)->sum[k])

static BetaState *
BetaAlloc(void)
{
	return SummaryAlloc(sizeof(BetaState), BETA_VERSION);
}

/* s as a current state: checked, and a converted copy if 1.0 stored it. */
static BetaState *
BetaCurrent(BetaState *s)
{
	const BetaStateV1 *old = (const BetaStateV1 *) s;
	BetaState  *r;

	SummaryCheckVersion(s, BETA_VERSION, BETA_TYPNAME);
	if (VARSIZE(s) != (s->version == 1 ? sizeof(BetaStateV1) : sizeof(BetaState)))
		SummaryInvalid(BETA_TYPNAME, NULL, "The stored value has the wrong size.");
	if (s->version == BETA_VERSION)
		return s;
	r = BetaAlloc();
	r->n = old->n;
	for (int k = 0; k < BETA_NSUMS; k++)
		r->sum[k].hi = old->sum[k];
	return r;
}

static BetaState *
BetaGetArg(FunctionCallInfo fcinfo, int argno)
{
	return BetaCurrent((BetaState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno)));
}

/* One region: Youngs-Cramer update, as float8_regr_accum, on compensated sums. */
static void
BetaAddRow(BetaState *s, double x, double y, double years)
{
	const char *what = "beta_convergence";
	double		n;

	s->n++;
	n = (double) s->n;
	SumAdd(&s->sum[BETA_SYEARS], years, what);
	SumAdd(&s->sum[BETA_SX], x, what);
	SumAdd(&s->sum[BETA_SY], y, what);
	if (s->n > 1)
	{
		double		dx = x * n - SUM(s, BETA_SX);
		double		dy = y * n - SUM(s, BETA_SY);
		double		scale = 1.0 / (n * (n - 1.0));

		SumAdd(&s->sum[BETA_SXX], dx * dx * scale, what);
		SumAdd(&s->sum[BETA_SYY], dy * dy * scale, what);
		SumAdd(&s->sum[BETA_SXY], dx * dy * scale, what);
	}
}

/* a += b, as float8_regr_combine. */
static void
BetaMerge(BetaState *a, const BetaState *b)
{
	const char *what = "beta_convergence";
	double		na = (double) a->n;
	double		nb = (double) b->n;
	double		n = na + nb;
	double		dx,
				dy;

	if (b->n == 0)
		return;
	if (a->n == 0)
	{
		a->n = b->n;
		memcpy(a->sum, b->sum, sizeof(a->sum));
		return;
	}
	dx = SUM(a, BETA_SX) / na - SUM(b, BETA_SX) / nb;
	dy = SUM(a, BETA_SY) / na - SUM(b, BETA_SY) / nb;
	a->n += b->n;
	for (int k = 0; k < BETA_NSUMS; k++)
		SumMerge(&a->sum[k], b->sum[k], what);
	SumAdd(&a->sum[BETA_SXX], na * nb * dx * dx / n, what);
	SumAdd(&a->sum[BETA_SYY], na * nb * dy * dy / n, what);
	SumAdd(&a->sum[BETA_SXY], na * nb * dx * dy / n, what);
}

/* The one check of text input and binary receive (input NULL). */
static BetaState *
BetaBuild(int64 n, const DDouble *sum, const char *input)
{
	BetaState  *s;
	const char *problem = NULL;

	if (n < 1)
		problem = "The row count n must be at least 1.";
	for (int k = 0; k < BETA_NSUMS && problem == NULL; k++)
		if (!DDValid(sum[k]))
			problem = psprintf("Sum %s must be finite (|lo| at most half an ulp of hi).", BetaSumNames[k]);
	if (problem == NULL && !(sum[BETA_SYEARS].hi > 0))
		problem = "The sum of years must be positive.";
	if (problem == NULL && (sum[BETA_SXX].hi < 0 || sum[BETA_SYY].hi < 0))
		problem = "The sums of squares sxx and syy cannot be negative.";
	if (problem == NULL && n == 1 &&
		(sum[BETA_SXX].hi != 0 || sum[BETA_SYY].hi != 0 || sum[BETA_SXY].hi != 0))
		problem = "With one row, sxx, syy and sxy are 0.";
	if (problem != NULL)
		SummaryInvalid(BETA_TYPNAME, input, problem);
	s = BetaAlloc();
	s->n = n;
	memcpy(s->sum, sum, sizeof(s->sum));
	return s;
}

/* Text form: {n:5,years:50,sx:...,sy:...,sxx:...,syy:...,sxy:...}, sums as hi+lo */
PG_FUNCTION_INFO_V1(beta_convergence_state_in);
Datum
beta_convergence_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	TextScan	scan;
	int64		n;
	DDouble		sum[BETA_NSUMS];

	ScanInit(&scan, str, BETA_TYPNAME);
	ScanExpect(&scan, "{");
	ScanKeyName(&scan, "n", ":");
	n = ScanInt64(&scan, 0, PG_INT64_MAX);
	for (int k = 0; k < BETA_NSUMS; k++)
	{
		ScanExpect(&scan, ",");
		ScanKeyName(&scan, BetaSumNames[k], ":");
		sum[k] = ScanSum(&scan);
	}
	ScanExpect(&scan, "}");
	ScanEnd(&scan);
	PG_RETURN_POINTER(BetaBuild(n, sum, str));
}

PG_FUNCTION_INFO_V1(beta_convergence_state_out);
Datum
beta_convergence_state_out(PG_FUNCTION_ARGS)
{
	BetaState  *s = BetaGetArg(fcinfo, 0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{n:" INT64_FORMAT, s->n);
	for (int k = 0; k < BETA_NSUMS; k++)
	{
		appendStringInfo(&buf, ",%s:", BetaSumNames[k]);
		AppendSum(&buf, s->sum[k]);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* Binary form: version byte, int64 n, the six sums as float8 hi, lo (version 1: hi only). */
PG_FUNCTION_INFO_V1(beta_convergence_state_recv);
Datum
beta_convergence_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = SummaryRecvVersion(buf, BETA_VERSION, BETA_TYPNAME, false);
	int64		n = pq_getmsgint64(buf);
	DDouble		sum[BETA_NSUMS];

	for (int k = 0; k < BETA_NSUMS; k++)
		sum[k] = version == 1 ? (DDouble) {pq_getmsgfloat8(buf), 0} : SummaryRecvSum(buf);
	PG_RETURN_POINTER(BetaBuild(n, sum, NULL));
}

PG_FUNCTION_INFO_V1(beta_convergence_state_send);
Datum
beta_convergence_state_send(PG_FUNCTION_ARGS)
{
	BetaState  *s = BetaGetArg(fcinfo, 0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, BETA_VERSION);
	pq_sendint64(&buf, s->n);
	for (int k = 0; k < BETA_NSUMS; k++)
		SummarySendSum(&buf, s->sum[k]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
BetaCheckArg(const char *name, double v)
{
	if (isnan(v) || isinf(v) || v <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("beta_convergence: invalid %s %s", name, Float8Text(v)),
				 errdetail("initial_level, final_level and years must be positive finite numbers.")));
}

/*
 * Transition of beta_convergence(initial_level, final_level, years): not
 * strict; rows with any NULL argument are skipped.
 */
PG_FUNCTION_INFO_V1(beta_convergence_trans);
Datum
beta_convergence_trans(PG_FUNCTION_ARGS)
{
	BetaState  *s;
	double		initial,
				final,
				years;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	initial = PG_GETARG_FLOAT8(1);
	final = PG_GETARG_FLOAT8(2);
	years = PG_GETARG_FLOAT8(3);
	BetaCheckArg("initial_level", initial);
	BetaCheckArg("final_level", final);
	BetaCheckArg("years", years);
	if (PG_ARGISNULL(0))
		s = BetaAlloc();
	else
	{
		s = BetaCurrent((BetaState *) GetMutableState(fcinfo, 0));
	}
	BetaAddRow(s, log(initial), (log(final) - log(initial)) / years, years);
	PG_RETURN_POINTER(s);
}

/* Combine function: merge the second state into the first (in place). */
PG_FUNCTION_INFO_V1(beta_convergence_combine);
Datum
beta_convergence_combine(PG_FUNCTION_ARGS)
{
	BetaState  *a = BetaCurrent((BetaState *) GetMutableState(fcinfo, 0));
	BetaState  *b = BetaGetArg(fcinfo, 1);

	BetaMerge(a, b);
	PG_RETURN_POINTER(a);
}

/*
 * Final function: (beta, speed, half_life, r_squared).  beta and r_squared
 * are NULL with fewer than two regions or when all initial levels are equal;
 * speed and half_life are NULL when there is no convergence (beta ≥ 0) or
 * when 1 + beta·T ≤ 0, T the mean of years.
 */
PG_FUNCTION_INFO_V1(beta_convergence_final);
Datum
beta_convergence_final(PG_FUNCTION_ARGS)
{
	BetaState  *s = BetaGetArg(fcinfo, 0);
	TupleDesc	tupdesc;
	Datum		values[4] = {0};
	bool		nulls[4] = {true, true, true, true};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("beta_convergence: function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);

	if (s->n >= 2 && SUM(s, BETA_SXX) > 0)
	{
		double		beta = SUM(s, BETA_SXY) / SUM(s, BETA_SXX);
		double		t = SUM(s, BETA_SYEARS) / (double) s->n;
		double		r2 = 1.0;

		if (SUM(s, BETA_SYY) > 0)
			r2 = ClampChecked(SUM(s, BETA_SXY) * SUM(s, BETA_SXY) / (SUM(s, BETA_SXX) * SUM(s, BETA_SYY)),
							  0.0, 1.0, "beta_convergence");
		values[0] = Float8GetDatum(beta);
		nulls[0] = false;
		values[3] = Float8GetDatum(r2);
		nulls[3] = false;
		if (beta < 0 && 1.0 + beta * t > 0)
		{
			double		speed = -log1p(beta * t) / t;

			values[1] = Float8GetDatum(speed);
			nulls[1] = false;
			values[2] = Float8GetDatum(M_LN2 / speed);
			nulls[2] = false;
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
