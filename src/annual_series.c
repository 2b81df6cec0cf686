/*
 * annual_series.c
 *		Type annual_series (year -> value), the aggregates series_agg and
 *		rollup, the + operator, growth accessors and jsonb casts.
 *
 * The aggregates return the series itself (two-step aggregation): cagr() and
 * friends read it, rollup() merges series.  Transition functions update the
 * state in place inside an aggregate (see "The aggregate contract" in
 * doc/design.md).
 */
#include "regional_dev.h"
#include "annual_series.h"
#include "summary_io.h"

#include <math.h>

#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

/* Errors shared by text input, binary input, jsonb cast and aggregates. */
static void
CheckYear(int64 year, const char *what)
{
	if (year < SERIES_MIN_YEAR || year > SERIES_MAX_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: year %lld is out of range", what, (long long) year),
				 errdetail("Years must be between %d and %d.", SERIES_MIN_YEAR, SERIES_MAX_YEAR)));
}

static void
CheckValue(double value, int64 year, const char *what)
{
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: value for year %lld is not finite", what, (long long) year),
				 errdetail("Values must be finite numbers, not %s.",
						   isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))));
}

/* Add a value (or, merging, another compensated sum) to a year. */
static inline void
EntryAdd(SeriesEntry *e, DDouble x, const char *what)
{
	SumMerge(&e->sum, x, what);
}

/* A series of n years with room for capacity (>= n). */
static AnnualSeries *
NewSeriesCapacity(int n, int capacity)
{
	AnnualSeries *s = SummaryAlloc(SERIES_SIZE(capacity), ANNUAL_SERIES_VERSION);

	s->n = n;
	return s;
}

static AnnualSeries *
NewSeries(int n)
{
	return NewSeriesCapacity(n, n);
}

/*
 * Room to grow inside an aggregate: four times what is needed, so a series of
 * 40 years is copied twice on its way (each copy is a palloc, a memcpy and
 * nodeAgg's copy into the aggregate context; with thousands of groups those
 * showed in profiles), for at most four times the room in use.  The final
 * function trims the result.
 */
static int
GrownCapacity(int needed)
{
	return Min(Max(needed * 4, 4), SERIES_MAX_YEAR);
}

int
SeriesFind(const AnnualSeries *s, int32 year)
{
	int			lo = 0,
				hi = s->n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (s->entries[mid].year == year)
			return mid;
		if (s->entries[mid].year < year)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Position where year would be inserted to keep years ascending. */
static int
SeriesInsertPos(const AnnualSeries *s, int32 year)
{
	int			lo = 0,
				hi = s->n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (s->entries[mid].year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
EntryCmp(const void *a, const void *b)
{
	int32		ya = ((const SeriesEntry *) a)->year;
	int32		yb = ((const SeriesEntry *) b)->year;

	return (ya > yb) - (ya < yb);
}

/* Accept a series read from outside (binary input): checks as text input does. */
static void
CheckSeries(AnnualSeries *s, const char *what)
{
	int			i;

	for (i = 0; i < s->n; i++)
	{
		CheckYear(s->entries[i].year, what);
		CheckValue(s->entries[i].sum.hi, s->entries[i].year, what);
		if (!DDValid(s->entries[i].sum))
			SummaryInvalid("annual_series", NULL,
						   psprintf("Year %d: the compensation term must be at most half an ulp of the value.",
									s->entries[i].year));
		s->entries[i].reserved = 0;
	}
	qsort(s->entries, s->n, sizeof(SeriesEntry), EntryCmp);
	for (i = 1; i < s->n; i++)
		if (s->entries[i].year == s->entries[i - 1].year)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("%s: year %d appears more than once", what, s->entries[i].year),
					 errdetail("Each year may appear only once in an annual_series.")));
}

AnnualSeries *
MakeAnnualSeries(int n, const int32 *years, const double *values, const char *what)
{
	AnnualSeries *s;
	int			i;

	if (n < 0 || n > SERIES_MAX_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many years (%d)", what, n),
				 errdetail("An annual_series holds at most %d years.", SERIES_MAX_YEAR)));
	s = NewSeries(n);
	for (i = 0; i < n; i++)
	{
		s->entries[i].year = years[i];
		s->entries[i].sum = (DDouble) {values[i], 0};
	}
	CheckSeries(s, what);
	return s;
}

/* ---------- text and binary I/O ---------- */

/* Text form {2019:375.1,2023:472.5}; a value may carry its compensation term, 375.1+1e-14. */
PG_FUNCTION_INFO_V1(annual_series_in);
Datum
annual_series_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	TextScan	scan;
	int			n = 0,
				cap = 8;
	AnnualSeries *s = NewSeries(cap);

	ScanInit(&scan, str, "annual_series");
	ScanExpect(&scan, "{");
	if (!ScanAccept(&scan, "}"))
	{
		do
		{
			SeriesEntry *e;
			int64		year;

			if (n == cap)
			{
				AnnualSeries *t;

				if (cap >= SERIES_MAX_YEAR)
					ScanError(&scan, psprintf("An annual_series holds at most %d years.", SERIES_MAX_YEAR));
				cap = Min(cap * 2, SERIES_MAX_YEAR);
				t = NewSeries(cap);
				memcpy(t->entries, s->entries, sizeof(SeriesEntry) * n);
				s = t;
			}
			e = &s->entries[n++];
			year = ScanInt64(&scan, PG_INT64_MIN, PG_INT64_MAX);
			CheckYear(year, "annual_series");
			e->year = (int32) year;
			ScanExpect(&scan, ":");
			e->sum = ScanSum(&scan);
		} while (ScanAccept(&scan, ","));
		ScanExpect(&scan, "}");
	}
	ScanEnd(&scan);
	s->n = n;
	SET_VARSIZE(s, SERIES_SIZE(n));
	CheckSeries(s, "annual_series");
	PG_RETURN_POINTER(s);
}

/* The text form {2019:375.1,...}, or with json the object {"2019": 375.1, ...} (values folded). */
static char *
SeriesFormat(const AnnualSeries *s, bool json)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < s->n; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, json ? ", " : ",");
		appendStringInfo(&buf, json ? "\"%d\": " : "%d:", s->entries[i].year);
		if (json)
			AppendFloat8Exact(&buf, SeriesValue(s, i));
		else
			AppendSum(&buf, s->entries[i].sum);
	}
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

PG_FUNCTION_INFO_V1(annual_series_out);
Datum
annual_series_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(SeriesFormat(PG_GETARG_ANNUAL_SERIES(0), false));
}

/*
 * Binary form: version byte, int32 count, then per year int32 year and the
 * sum as float8 hi, lo (version 1, regional_dev 1.0: float8 value only).
 */
PG_FUNCTION_INFO_V1(annual_series_recv);
Datum
annual_series_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = SummaryRecvVersion(buf, SERIES_SEND_VERSION, "annual_series", false);
	int32		n = SummaryRecvCount(buf, "annual_series", SERIES_MAX_YEAR, version == 1 ? 12 : 20);
	AnnualSeries *s = NewSeries(n);

	for (int i = 0; i < n; i++)
	{
		s->entries[i].year = pq_getmsgint(buf, 4);
		s->entries[i].sum.hi = pq_getmsgfloat8(buf);
		if (version >= 2)
			s->entries[i].sum.lo = pq_getmsgfloat8(buf);
	}
	CheckSeries(s, "annual_series");
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(annual_series_send);
Datum
annual_series_send(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SERIES_SEND_VERSION);
	pq_sendint32(&buf, s->n);
	for (int i = 0; i < s->n; i++)
	{
		pq_sendint32(&buf, s->entries[i].year);
		SummarySendSum(&buf, s->entries[i].sum);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- aggregates and + ---------- */

/* series_agg(year, value): values of the same year are summed. */
PG_FUNCTION_INFO_V1(series_agg_trans);
Datum
series_agg_trans(PG_FUNCTION_ARGS)
{
	AnnualSeries *s;
	AnnualSeries *grown;
	int32		year;
	double		value;
	int			pos;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	year = PG_GETARG_INT32(1);
	value = PG_GETARG_FLOAT8(2);
	CheckYear(year, "series_agg");
	CheckValue(value, year, "series_agg");

	if (PG_ARGISNULL(0))
	{
		s = NewSeriesCapacity(1, AggCheckCallContext(fcinfo, NULL) ? GrownCapacity(1) : 1);
		s->entries[0].year = year;
		s->entries[0].sum = (DDouble) {value, 0};
		PG_RETURN_POINTER(s);
	}

	s = (AnnualSeries *) GetMutableState(fcinfo, 0);

	/*
	 * A later year than any so far (rows arriving in year order, e.g. a panel
	 * loaded year by year) goes at the end; else years are usually
	 * consecutive, so try the direct position before a binary search.  The
	 * first two touch one or two cache lines of the state, where a binary
	 * search touches several: with thousands of groups the states do not fit
	 * in the CPU cache, and those misses were most of this function's time.
	 */
	if (s->n > 0 && year > s->entries[s->n - 1].year)
		pos = s->n;
	else
	{
		pos = s->n > 0 ? year - s->entries[0].year : -1;
		if (pos < 0 || pos >= s->n || s->entries[pos].year != year)
			pos = SeriesInsertPos(s, year);
	}
	if (pos < s->n && s->entries[pos].year == year)
	{
		EntryAdd(&s->entries[pos], (DDouble) {value, 0}, "series_agg");
		PG_RETURN_POINTER(s);
	}
	if (s->n < SERIES_ROOM(s))
	{
		/* A new year with room left: insert in place. */
		memmove(s->entries + pos + 1, s->entries + pos, sizeof(SeriesEntry) * (s->n - pos));
		memset(&s->entries[pos], 0, sizeof(SeriesEntry));
		s->entries[pos].year = year;
		s->entries[pos].sum = (DDouble) {value, 0};
		s->n++;
		PG_RETURN_POINTER(s);
	}

	/*
	 * No room: a larger copy in per-row memory.  nodeAgg copies it into the
	 * aggregate context and frees s itself.
	 */
	grown = NewSeriesCapacity(s->n + 1, GrownCapacity(s->n + 1));
	memcpy(grown->entries, s->entries, sizeof(SeriesEntry) * pos);
	grown->entries[pos].year = year;
	grown->entries[pos].sum = (DDouble) {value, 0};
	memcpy(grown->entries + pos + 1, s->entries + pos, sizeof(SeriesEntry) * (s->n - pos));
	PG_RETURN_POINTER(grown);
}

/*
 * Year-wise sum of a and b.  With inplace, a is updated when b brings no new
 * year; otherwise a new series is built.
 */
static AnnualSeries *
SeriesMerge(AnnualSeries *a, const AnnualSeries *b, bool inplace, const char *what)
{
	AnnualSeries *m;
	int			i,
				j,
				k;

	if (inplace)
	{
		bool		allfound = true;

		for (j = 0; j < b->n && allfound; j++)
			allfound = SeriesFind(a, b->entries[j].year) >= 0;
		if (allfound)
		{
			for (j = 0; j < b->n; j++)
				EntryAdd(&a->entries[SeriesFind(a, b->entries[j].year)], b->entries[j].sum, what);
			return a;
		}
	}

	/* Count the union of years, then merge the two ascending lists. */
	for (i = 0, j = 0, k = 0; i < a->n || j < b->n; k++)
	{
		if (j >= b->n || (i < a->n && a->entries[i].year < b->entries[j].year))
			i++;
		else if (i >= a->n || b->entries[j].year < a->entries[i].year)
			j++;
		else
			i++, j++;
	}
	if (inplace && k <= SERIES_ROOM(a))
	{
		/* Merge from the back into a's own room: nothing is overwritten early. */
		i = a->n - 1;
		j = b->n - 1;
		a->n = k;
		while (j >= 0)
		{
			k--;
			if (i >= 0 && a->entries[i].year > b->entries[j].year)
				a->entries[k] = a->entries[i--];
			else if (i >= 0 && a->entries[i].year == b->entries[j].year)
			{
				a->entries[k] = a->entries[i--];
				EntryAdd(&a->entries[k], b->entries[j].sum, what);
				j--;
			}
			else
				a->entries[k] = b->entries[j--];
		}
		return a;
	}

	m = NewSeriesCapacity(k, inplace ? GrownCapacity(k) : k);
	for (i = 0, j = 0, k = 0; i < a->n || j < b->n; k++)
	{
		if (j >= b->n || (i < a->n && a->entries[i].year < b->entries[j].year))
			m->entries[k] = a->entries[i++];
		else if (i >= a->n || b->entries[j].year < a->entries[i].year)
			m->entries[k] = b->entries[j++];
		else
		{
			m->entries[k] = a->entries[i++];
			EntryAdd(&m->entries[k], b->entries[j].sum, what);
			j++;
		}
	}
	return m;
}

/* rollup(annual_series) transition and the combine function of both aggregates. */
PG_FUNCTION_INFO_V1(annual_series_combine);
Datum
annual_series_combine(PG_FUNCTION_ARGS)
{
	AnnualSeries *a = (AnnualSeries *) GetMutableState(fcinfo, 0);
	AnnualSeries *b = PG_GETARG_ANNUAL_SERIES(1);

	PG_RETURN_POINTER(SeriesMerge(a, b, AggCheckCallContext(fcinfo, NULL), "rollup"));
}

/*
 * A finished series: no room kept for growing, so stored series take no more
 * space than their years.  s itself when it has none.  The sums keep their
 * compensation terms: rollup() of stored series then merges exactly as the
 * aggregate over all rows would (doc/scale-out.md).
 */
static AnnualSeries *
SeriesFinish(AnnualSeries *s)
{
	AnnualSeries *t;

	if (SERIES_ROOM(s) == s->n)
		return s;
	t = NewSeries(s->n);
	memcpy(t->entries, s->entries, sizeof(SeriesEntry) * s->n);
	return t;
}

/* Final function of series_agg and rollup. */
PG_FUNCTION_INFO_V1(annual_series_final);
Datum
annual_series_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(SeriesFinish(PG_GETARG_ANNUAL_SERIES(0)));
}

PG_FUNCTION_INFO_V1(annual_series_plus);
Datum
annual_series_plus(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(SeriesMerge(PG_GETARG_ANNUAL_SERIES(0), PG_GETARG_ANNUAL_SERIES(1),
								  false, "annual_series +"));
}

/* ---------- accessors ---------- */

/* Compound rate from (y0, v0) to (y1, v1); false when undefined. */
static bool
CompoundRate(double v0, double v1, double years, double *rate)
{
	if (v0 <= 0 || v1 < 0 || years <= 0)
		return false;
	*rate = pow(v1 / v0, 1.0 / years) - 1.0;
	return isfinite(*rate);
}

static void
CheckYearOrder(int32 from_year, int32 to_year, const char *what)
{
	if (from_year >= to_year)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: from_year %d is not before to_year %d", what, from_year, to_year),
				 errhint("Give the earlier year first.")));
}

PG_FUNCTION_INFO_V1(cagr);
Datum
cagr(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	double		rate;

	if (s->n < 2 ||
		!CompoundRate(SeriesValue(s, 0), SeriesValue(s, s->n - 1),
					  s->entries[s->n - 1].year - s->entries[0].year, &rate))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rate);
}

PG_FUNCTION_INFO_V1(cagr_years);
Datum
cagr_years(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	int32		from_year = PG_GETARG_INT32(1);
	int32		to_year = PG_GETARG_INT32(2);
	int			i,
				j;
	double		rate;

	CheckYearOrder(from_year, to_year, "cagr");
	i = SeriesFind(s, from_year);
	j = SeriesFind(s, to_year);
	if (i < 0 || j < 0 ||
		!CompoundRate(SeriesValue(s, i), SeriesValue(s, j), to_year - from_year, &rate))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rate);
}

PG_FUNCTION_INFO_V1(cagr_values);
Datum
cagr_values(PG_FUNCTION_ARGS)
{
	double		v0 = PG_GETARG_FLOAT8(0);
	double		v1 = PG_GETARG_FLOAT8(1);
	double		years = PG_GETARG_FLOAT8(2);
	double		rate;

	if (!isfinite(v0) || !isfinite(v1) || !isfinite(years))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cagr: arguments must be finite"),
				 errdetail("Got start_value %g, end_value %g, years %g.", v0, v1, years)));
	if (years <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cagr: years must be positive, not %g", years)));
	if (!CompoundRate(v0, v1, years, &rate))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rate);
}

PG_FUNCTION_INFO_V1(total_growth);
Datum
total_growth(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	int32		from_year = PG_GETARG_INT32(1);
	int32		to_year = PG_GETARG_INT32(2);
	int			i,
				j;

	CheckYearOrder(from_year, to_year, "total_growth");
	i = SeriesFind(s, from_year);
	j = SeriesFind(s, to_year);
	if (i < 0 || j < 0 || SeriesValue(s, i) <= 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(SeriesValue(s, j) / SeriesValue(s, i) - 1.0);
}

PG_FUNCTION_INFO_V1(yoy);
Datum
yoy(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	int32		year = PG_GETARG_INT32(1);
	int			i,
				j;

	if (year <= SERIES_MIN_YEAR || year > SERIES_MAX_YEAR)
		PG_RETURN_NULL();
	i = SeriesFind(s, year - 1);
	j = SeriesFind(s, year);
	if (i < 0 || j < 0 || SeriesValue(s, i) <= 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(SeriesValue(s, j) / SeriesValue(s, i) - 1.0);
}

/* exp(b) - 1, b the least-squares slope of ln(value) on year. */
PG_FUNCTION_INFO_V1(trend_growth);
Datum
trend_growth(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	double		mx = 0,
				my = 0,
				sxy = 0,
				sxx = 0;
	int			i;

	if (s->n < 2)
		PG_RETURN_NULL();
	for (i = 0; i < s->n; i++)
	{
		if (SeriesValue(s, i) <= 0)
			PG_RETURN_NULL();
		mx += s->entries[i].year;
		my += log(SeriesValue(s, i));
	}
	mx /= s->n;
	my /= s->n;
	/* Centred sums: years near 2000 would lose digits in sum(x^2) - n*mean^2. */
	for (i = 0; i < s->n; i++)
	{
		double		dx = s->entries[i].year - mx;

		sxy += dx * (log(SeriesValue(s, i)) - my);
		sxx += dx * dx;
	}
	PG_RETURN_FLOAT8(exp(sxy / sxx) - 1.0);
}

PG_FUNCTION_INFO_V1(value_at);
Datum
value_at(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	int			i = SeriesFind(s, PG_GETARG_INT32(1));

	if (i < 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(SeriesValue(s, i));
}

PG_FUNCTION_INFO_V1(first_year);
Datum
first_year(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(s->entries[0].year);
}

PG_FUNCTION_INFO_V1(last_year);
Datum
last_year(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(s->entries[s->n - 1].year);
}

PG_FUNCTION_INFO_V1(num_years);
Datum
num_years(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_ANNUAL_SERIES(0)->n);
}

/* value / value(base_year) * 100; NULL when the base is missing or not positive. */
PG_FUNCTION_INFO_V1(growth_index);
Datum
growth_index(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	int			b = SeriesFind(s, PG_GETARG_INT32(1));
	AnnualSeries *r;
	double		base;
	int			i;

	if (b < 0 || SeriesValue(s, b) <= 0)
		PG_RETURN_NULL();
	base = SeriesValue(s, b);
	r = NewSeries(s->n);
	for (i = 0; i < s->n; i++)
	{
		r->entries[i].year = s->entries[i].year;
		r->entries[i].sum.hi = SeriesValue(s, i) / base * 100.0;
		CheckValue(r->entries[i].sum.hi, r->entries[i].year, "growth_index");
	}
	PG_RETURN_POINTER(r);
}

/* unnest(annual_series): one (year, value) row per year, ascending. */
PG_FUNCTION_INFO_V1(annual_series_unnest);
Datum
annual_series_unnest(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	AnnualSeries *s;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("unnest: called in a context that cannot accept a record")));
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		funcctx->user_fctx = PG_GETARG_ANNUAL_SERIES(0);
		funcctx->max_calls = ((AnnualSeries *) funcctx->user_fctx)->n;
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	s = funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		int			i = funcctx->call_cntr;
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int32GetDatum(s->entries[i].year);
		values[1] = Float8GetDatum(SeriesValue(s, i));
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}

/* ---------- jsonb ---------- */

PG_FUNCTION_INFO_V1(annual_series_to_jsonb);
Datum
annual_series_to_jsonb(PG_FUNCTION_ARGS)
{
	return JsonbFromCString(SeriesFormat(PG_GETARG_ANNUAL_SERIES(0), true));
}

static void
JsonbShapeError(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot cast jsonb to annual_series"),
			 errdetail("%s", detail),
			 errhint("Expected an object of year keys and number values, like {\"2019\": 375.1}.")));
}

PG_FUNCTION_INFO_V1(jsonb_to_annual_series);
Datum
jsonb_to_annual_series(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			n = 0,
				cap;
	int32	   *years;
	double	   *values;

	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
		JsonbShapeError("The jsonb value is not an object.");
	cap = Max(JB_ROOT_COUNT(jb), 1);
	if (cap > SERIES_MAX_YEAR)
		JsonbShapeError(psprintf("An annual_series holds at most %d years.", SERIES_MAX_YEAR));
	years = palloc(sizeof(int32) * cap);
	values = palloc(sizeof(double) * cap);

	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			char	   *key = pnstrdup(v.val.string.val, v.val.string.len);
			char	   *end;
			long		year;

			errno = 0;
			year = strtol(key, &end, 10);
			if (end == key || *end != '\0' || isspace((unsigned char) *key))
				JsonbShapeError(psprintf("Key \"%s\" is not a year.", key));
			if (errno == ERANGE)
				year = LONG_MAX;
			CheckYear(year, "annual_series");
			years[n] = (int32) year;
		}
		else if (tok == WJB_VALUE)
		{
			if (v.type != jbvNumeric)
				JsonbShapeError(psprintf("The value of year %d is not a number.", years[n]));
			values[n] = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
														   NumericGetDatum(v.val.numeric)));
			CheckValue(values[n], years[n], "annual_series");
			n++;
		}
	}
	PG_RETURN_POINTER(MakeAnnualSeries(n, years, values, "annual_series"));
}
