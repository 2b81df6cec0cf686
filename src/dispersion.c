/*
 * dispersion.c
 *		dispersion_by_year(year, value) -> annual_series: per year, the
 *		population standard deviation of ln(value) (sigma convergence).
 *
 * The state, dispersion_summary, keeps per year the count, the minimum and
 * maximum of ln(value) and the double-double sums of ln(value) and its
 * square; years ascending, at most 9999 of them (years 1..9999, as in
 * annual_series), so memory is bounded by the years, never by the rows.
 */
#include "regional_dev.h"
#include "annual_series.h"
#include "summary_io.h"

#include <ctype.h>

#include "common/int.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"

#define DISPERSION_VERSION	1
#define DISPERSION_TYPE		"dispersion_summary"

typedef struct DispersionYear
{
	int32		year;
	int32		reserved;		/* 0 */
	int64		n;				/* rows of this year */
	float8		min;			/* min ln(value) */
	float8		max;			/* max ln(value) */
	DDouble		sum;			/* Σ ln(value) */
	DDouble		sum_squares;	/* Σ ln(value)² */
} DispersionYear;

typedef struct DispersionSummary
{
	int32		vl_len_;		/* varlena header */
	uint8		version;
	uint8		flags;			/* none defined yet: 0 */
	uint16		reserved;		/* 0 */
	int32		nyears;			/* years in use, ascending; room for more may follow */
	int32		reserved2;		/* 0 */
	DispersionYear years[FLEXIBLE_ARRAY_MEMBER];
} DispersionSummary;

#define DispersionSize(nyears) \
	(offsetof(DispersionSummary, years) + (nyears) * sizeof(DispersionYear))
#define DispersionCapacity(s) \
	((int) ((VARSIZE(s) - offsetof(DispersionSummary, years)) / sizeof(DispersionYear)))

static DispersionSummary *
DispersionNew(int capacity)
{
	return SummaryAlloc(DispersionSize(capacity), DISPERSION_VERSION);
}

/* NULL if s is a possible state, else what is wrong with it. */
static const char *
DispersionCheck(const DispersionSummary *s)
{
	if (s->nyears < 1 || s->nyears > SERIES_MAX_YEAR)
		return psprintf("The number of years must lie between 1 and %d.", SERIES_MAX_YEAR);
	for (int i = 0; i < s->nyears; i++)
	{
		const DispersionYear *y = &s->years[i];

		if (y->year < SERIES_MIN_YEAR || y->year > SERIES_MAX_YEAR)
			return psprintf("Years must lie between %d and %d.", SERIES_MIN_YEAR, SERIES_MAX_YEAR);
		if (i > 0 && y->year <= s->years[i - 1].year)
			return "Years must be ascending and appear once.";
		if (y->n < 1)
			return "Each year needs a row count n of at least 1.";
		if (!isfinite(y->min) || !isfinite(y->max) || y->min > y->max)
			return "Each year needs finite min <= max.";
		if (!DDValid(y->sum) || !DDValid(y->sum_squares) || y->sum_squares.hi < 0)
			return "Sums must be finite double-double values (|lo| at most half an ulp of hi), sum_squares non-negative.";
	}
	return NULL;
}

/* Index of year in s, or of the first later year (insert position). */
static int
DispersionFind(const DispersionSummary *s, int32 year)
{
	int			lo = 0,
				hi = s->nyears;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (s->years[mid].year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
YearAdd(DispersionYear *y, const DispersionYear *z)
{
	if (pg_add_s64_overflow(y->n, z->n, &y->n))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("dispersion_by_year: row count out of range")));
	y->min = Min(y->min, z->min);
	y->max = Max(y->max, z->max);
	SumMerge(&y->sum, z->sum, "dispersion_by_year");
	SumMerge(&y->sum_squares, z->sum_squares, "dispersion_by_year");
}

/* Population standard deviation of ln(value) in one year. */
static double
YearSigma(const DispersionYear *y)
{
	DDouble		diff;
	double		var;
	double		n = (double) y->n;

	/* identical values: exactly 0, whatever the rounding of the sums */
	if (y->min == y->max)
		return 0.0;
	/* n²·var = n·Σx² − (Σx)², in double-double to keep the cancellation harmless */
	diff = DDAdd(DDMulDouble(y->sum_squares, n), DDNeg(DDMul(y->sum, y->sum)));
	var = ClampChecked(DDValue(diff), 0.0, INFINITY, "dispersion_by_year") / (n * n);
	/* a standard deviation never exceeds half the range */
	return Min(sqrt(var), (y->max - y->min) / 2);
}

PG_FUNCTION_INFO_V1(dispersion_by_year_trans);
Datum
dispersion_by_year_trans(PG_FUNCTION_ARGS)
{
	DispersionSummary *s;
	DispersionYear row;
	int32		year;
	double		value;
	double		x;
	int			pos;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	year = PG_GETARG_INT32(1);
	value = PG_GETARG_FLOAT8(2);
	if (year < SERIES_MIN_YEAR || year > SERIES_MAX_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("dispersion_by_year: year %d is out of range", year),
				 errdetail("Years must be between %d and %d.", SERIES_MIN_YEAR, SERIES_MAX_YEAR)));
	CheckFiniteArg(value, "dispersion_by_year", "value");
	if (value <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dispersion_by_year: value must be positive"),
				 errdetail("Got %s in year %d; sigma is the standard deviation of ln(value), defined for positive values only.",
						   float8out_internal(value), year),
				 errhint("Filter out zero or negative levels (WHERE value > 0) or use levels rather than changes.")));

	x = log(value);
	memset(&row, 0, sizeof(row));
	row.year = year;
	row.n = 1;
	row.min = row.max = x;
	row.sum.hi = x;
	row.sum_squares = DDTwoProd(x, x);

	if (PG_ARGISNULL(0))
	{
		s = DispersionNew(4);
		s->nyears = 1;
		s->years[0] = row;
		PG_RETURN_POINTER(s);
	}

	s = (DispersionSummary *) GetMutableState(fcinfo, 0);
	pos = DispersionFind(s, year);
	if (pos < s->nyears && s->years[pos].year == year)
	{
		YearAdd(&s->years[pos], &row);
		PG_RETURN_POINTER(s);
	}
	if (s->nyears == DispersionCapacity(s))
	{
		/* a larger copy in per-row memory: nodeAgg adopts it and frees s */
		DispersionSummary *t = DispersionNew(Min(Max(4, 2 * s->nyears), SERIES_MAX_YEAR));

		t->nyears = s->nyears;
		memcpy(t->years, s->years, s->nyears * sizeof(DispersionYear));
		s = t;
	}
	memmove(&s->years[pos + 1], &s->years[pos], (s->nyears - pos) * sizeof(DispersionYear));
	s->years[pos] = row;
	s->nyears++;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(dispersion_by_year_combine);
Datum
dispersion_by_year_combine(PG_FUNCTION_ARGS)
{
	DispersionSummary *s = (DispersionSummary *) GetMutableState(fcinfo, 0);
	DispersionSummary *t = (DispersionSummary *) SummaryGetArg(fcinfo, 1, DISPERSION_VERSION, DISPERSION_TYPE);
	DispersionSummary *m;
	int			i,
				j,
				k;
	bool		allfound = true;

	for (j = 0; j < t->nyears && allfound; j++)
	{
		int			pos = DispersionFind(s, t->years[j].year);

		allfound = pos < s->nyears && s->years[pos].year == t->years[j].year;
	}
	if (allfound)
	{
		for (j = 0; j < t->nyears; j++)
			YearAdd(&s->years[DispersionFind(s, t->years[j].year)], &t->years[j]);
		PG_RETURN_POINTER(s);
	}

	/* new years: merge the two ascending lists into a new state */
	m = DispersionNew(s->nyears + t->nyears);
	for (i = 0, j = 0, k = 0; i < s->nyears || j < t->nyears; k++)
	{
		if (j >= t->nyears || (i < s->nyears && s->years[i].year < t->years[j].year))
			m->years[k] = s->years[i++];
		else if (i >= s->nyears || t->years[j].year < s->years[i].year)
			m->years[k] = t->years[j++];
		else
		{
			m->years[k] = s->years[i++];
			YearAdd(&m->years[k], &t->years[j++]);
		}
	}
	m->nyears = k;
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(dispersion_by_year_final);
Datum
dispersion_by_year_final(PG_FUNCTION_ARGS)
{
	DispersionSummary *s = (DispersionSummary *) SummaryGetArg(fcinfo, 0, DISPERSION_VERSION, DISPERSION_TYPE);
	int32	   *years = palloc(s->nyears * sizeof(int32));
	double	   *sigma = palloc(s->nyears * sizeof(double));

	for (int i = 0; i < s->nyears; i++)
	{
		years[i] = s->years[i].year;
		sigma[i] = YearSigma(&s->years[i]);
	}
	PG_RETURN_POINTER(MakeAnnualSeries(s->nyears, years, sigma, "dispersion_by_year"));
}

/*
 * Text form: "2019:n=3,min=…,max=…,sum=…,sum_squares=…;2020:…", years
 * ascending, logs of the values (min, max) and their sums as written.
 */
PG_FUNCTION_INFO_V1(dispersion_summary_in);
Datum
dispersion_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	DispersionSummary *s = DispersionNew(8);
	TextScan	ps;
	const char *bad;

	ScanInit(&ps, str, DISPERSION_TYPE);
	do
	{
		DispersionYear *y;

		if (s->nyears == SERIES_MAX_YEAR)
			ScanError(&ps, psprintf("A dispersion_summary holds at most %d years.", SERIES_MAX_YEAR));
		if (s->nyears == DispersionCapacity(s))
		{
			DispersionSummary *t = DispersionNew(Min(2 * s->nyears, SERIES_MAX_YEAR));

			t->nyears = s->nyears;
			memcpy(t->years, s->years, s->nyears * sizeof(DispersionYear));
			pfree(s);
			s = t;
		}
		y = &s->years[s->nyears++];
		y->year = (int32) ScanInt64(&ps, SERIES_MIN_YEAR, SERIES_MAX_YEAR);
		ScanExpect(&ps, ":");
		ScanKeyName(&ps, "n", "=");
		y->n = ScanInt64(&ps, 1, PG_INT64_MAX);
		ScanExpect(&ps, ",");
		ScanKeyName(&ps, "min", "=");
		y->min = ScanFloat8(&ps);
		ScanExpect(&ps, ",");
		ScanKeyName(&ps, "max", "=");
		y->max = ScanFloat8(&ps);
		ScanExpect(&ps, ",");
		ScanKeyName(&ps, "sum", "=");
		y->sum = ScanSum(&ps);
		ScanExpect(&ps, ",");
		ScanKeyName(&ps, "sum_squares", "=");
		y->sum_squares = ScanSum(&ps);
	} while (ScanAccept(&ps, ";"));
	ScanEnd(&ps);
	if ((bad = DispersionCheck(s)) != NULL)
		SummaryInvalid(DISPERSION_TYPE, str, bad);
	/* stored without spare room */
	SET_VARSIZE(s, DispersionSize(s->nyears));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(dispersion_summary_out);
Datum
dispersion_summary_out(PG_FUNCTION_ARGS)
{
	DispersionSummary *s = (DispersionSummary *) SummaryGetArg(fcinfo, 0, DISPERSION_VERSION, DISPERSION_TYPE);
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < s->nyears; i++)
	{
		const DispersionYear *y = &s->years[i];

		appendStringInfo(&buf, "%s%d:n=" INT64_FORMAT ",min=", i > 0 ? ";" : "", y->year, y->n);
		AppendFloat8Exact(&buf, y->min);
		appendStringInfoString(&buf, ",max=");
		AppendFloat8Exact(&buf, y->max);
		appendStringInfoString(&buf, ",sum=");
		AppendSum(&buf, y->sum);
		appendStringInfoString(&buf, ",sum_squares=");
		AppendSum(&buf, y->sum_squares);
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(dispersion_summary_recv);
Datum
dispersion_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	DispersionSummary *s;
	int			nyears;
	const char *bad;

	SummaryRecvVersion(buf, DISPERSION_VERSION, DISPERSION_TYPE, true);
	/* 60 bytes per year on the wire */
	nyears = SummaryRecvCount(buf, DISPERSION_TYPE, SERIES_MAX_YEAR, 60);
	s = DispersionNew(nyears);
	s->nyears = nyears;
	for (int i = 0; i < nyears; i++)
	{
		DispersionYear *y = &s->years[i];

		y->year = pq_getmsgint(buf, 4);
		y->n = pq_getmsgint64(buf);
		y->min = pq_getmsgfloat8(buf);
		y->max = pq_getmsgfloat8(buf);
		y->sum = SummaryRecvSum(buf);
		y->sum_squares = SummaryRecvSum(buf);
	}
	if ((bad = DispersionCheck(s)) != NULL)
		SummaryInvalid(DISPERSION_TYPE, NULL, bad);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(dispersion_summary_send);
Datum
dispersion_summary_send(PG_FUNCTION_ARGS)
{
	DispersionSummary *s = (DispersionSummary *) SummaryGetArg(fcinfo, 0, DISPERSION_VERSION, DISPERSION_TYPE);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint32(&buf, s->nyears);
	for (int i = 0; i < s->nyears; i++)
	{
		const DispersionYear *y = &s->years[i];

		pq_sendint32(&buf, y->year);
		pq_sendint64(&buf, y->n);
		pq_sendfloat8(&buf, y->min);
		pq_sendfloat8(&buf, y->max);
		SummarySendSum(&buf, y->sum);
		SummarySendSum(&buf, y->sum_squares);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* dispersion_summary -> jsonb: {"2019": {"n": 3, "sigma": 0.12}, ...} */
PG_FUNCTION_INFO_V1(dispersion_summary_to_jsonb);
Datum
dispersion_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	DispersionSummary *s = (DispersionSummary *) SummaryGetArg(fcinfo, 0, DISPERSION_VERSION, DISPERSION_TYPE);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < s->nyears; i++)
	{
		appendStringInfo(&buf, "%s\"%d\": {\"n\": " INT64_FORMAT, i > 0 ? ", " : "",
						 s->years[i].year, s->years[i].n);
		AppendJsonNumber(&buf, "sigma", YearSigma(&s->years[i]), false);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(JsonbFromCString(buf.data));
}
