/*
 * gini.c
 *		Aggregate gini(value [, weight]) and its state type gini_state.
 *
 * The weighted Gini coefficient is exact, so the state keeps the data: the
 * (value, weight) pairs, with the weights of equal values summed (ties add
 * nothing to the mean absolute difference, so this loses nothing).  Pairs
 * are appended in place; when the array is full, the pairs appended since the
 * last compaction are sorted and merged into the sorted run of distinct values
 * before them (sorting only the new ones keeps the cost per row O(log n)), and
 * only if that frees less than half of it is a copy twice as large made.  Memory is thus bounded by the number of distinct values.  The final
 * function sorts a copy and applies
 *
 *		G = Σ_i w_i x_i (W_below(i) − W_above(i)) / (W · Σ_i w_i x_i)
 *
 * over the distinct values x_1 < ... < x_k, which equals the weighted mean
 * absolute difference Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² x̄).
 */
#include "regional_dev.h"
#include "summary_io.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define GINI_VERSION	1
#define GINI_MAX_PAIRS	4194304 /* distinct values; documented in doc/disparities.md */
#define GINI_TYPNAME	"gini_state"

typedef struct GiniPair
{
	double		value;
	double		weight;
} GiniPair;

/*
 * Layout: header, then pairs[capacity], the first npairs in use, in no
 * particular order while aggregating; sorted by value, values distinct and
 * capacity = npairs in values built by input and receive.
 */
typedef struct GiniState
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	uint8		version;
	uint8		flags;			/* none yet */
	uint16		reserved;
	int32		npairs;
	int32		capacity;
	GiniPair	pairs[FLEXIBLE_ARRAY_MEMBER];
} GiniState;

#define GINI_SIZE(capacity)	(offsetof(GiniState, pairs) + (Size) (capacity) * sizeof(GiniPair))

static GiniState *
GiniAlloc(int capacity)
{
	GiniState  *s = SummaryAlloc(GINI_SIZE(capacity), GINI_VERSION);

	s->capacity = capacity;
	return s;
}

static GiniState *
GiniGetArg(FunctionCallInfo fcinfo, int argno)
{
	return SummaryGetArg(fcinfo, argno, GINI_VERSION, GINI_TYPNAME);
}

/*
 * SortPairsByValue(pairs, n): a sort specialized for GiniPair, with the
 * comparison inlined (qsort's calls through a comparison function were most
 * of the time of gini over many rows).
 */
#define ST_SORT SortPairsByValue
#define ST_ELEMENT_TYPE GiniPair
#define ST_COMPARE(a, b) (((a)->value > (b)->value) - ((a)->value < (b)->value))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/* Sort pairs[0..n) by value and merge equal values in place; returns the new count. */
static int
SortMergeRun(GiniPair *pairs, int n)
{
	int			k = 0;

	if (n == 0)
		return 0;
	SortPairsByValue(pairs, n);
	for (int i = 1; i < n; i++)
	{
		if (pairs[i].value == pairs[k].value)
			pairs[k].weight = AddChecked(pairs[k].weight, pairs[i].weight, "gini");
		else
			pairs[++k] = pairs[i];
	}
	return k + 1;
}

/*
 * Sort pairs[0..n) by value and merge equal values; returns the new count.
 * While aggregating, the array is a sorted run of distinct values (what the
 * last compaction left) followed by the pairs appended since: only that tail
 * is sorted, then the two runs are merged, from the top down so that only
 * the tail needs a temporary copy.
 */
static int
SortMergePairs(GiniPair *pairs, int n)
{
	int			k = 1;
	int			m;
	int			i,
				j,
				w;
	GiniPair   *tail;

	if (n == 0)
		return 0;
	/* The longest prefix of strictly increasing values is sorted and distinct. */
	while (k < n && pairs[k].value > pairs[k - 1].value)
		k++;
	if (k == n)
		return n;
	m = SortMergeRun(pairs + k, n - k);
	tail = palloc(m * sizeof(GiniPair));
	memcpy(tail, pairs + k, m * sizeof(GiniPair));
	/* Merge pairs[0..k) and tail[0..m) into pairs[..k+m), largest values first. */
	i = k - 1;
	j = m - 1;
	w = k + m;
	while (j >= 0)
	{
		if (i >= 0 && pairs[i].value > tail[j].value)
			pairs[--w] = pairs[i--];
		else if (i >= 0 && pairs[i].value == tail[j].value)
		{
			GiniPair	p = pairs[i--];

			p.weight = AddChecked(p.weight, tail[j--].weight, "gini");
			pairs[--w] = p;
		}
		else
			pairs[--w] = tail[j--];
	}
	/* What is left of the prefix is in place already: pairs[0..i] below pairs[w..]. */
	if (w > i + 1)
		memmove(pairs + i + 1, pairs + w, (k + m - w) * sizeof(GiniPair));
	pfree(tail);
	return i + 1 + (k + m - w);
}

static void
GiniCheckCount(int64 npairs)
{
	if (npairs > GINI_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("gini_state cannot hold more than %d distinct values", GINI_MAX_PAIRS),
				 errhint("Round the values, or compute the Gini coefficient of groups.")));
}

/*
 * Make room for one more pair in a full state we may change: compact it in
 * place, and if that frees less than half, return a copy twice as large
 * (nodeAgg frees the old one).
 */
static GiniState *
GiniMakeRoom(GiniState *s)
{
	GiniState  *r;

	s->npairs = SortMergePairs(s->pairs, s->npairs);
	GiniCheckCount(s->npairs);
	if (s->npairs <= s->capacity / 2)
		return s;
	r = GiniAlloc(Min(s->capacity * 2, 2 * GINI_MAX_PAIRS));
	r->flags = s->flags;
	r->npairs = s->npairs;
	memcpy(r->pairs, s->pairs, s->npairs * sizeof(GiniPair));
	return r;
}

static GiniState *
GiniAppend(GiniState *s, double value, double weight)
{
	if (s->npairs == s->capacity)
		s = GiniMakeRoom(s);
	/* -0 and 0 are the same value: keep the text form independent of row order */
	s->pairs[s->npairs].value = value == 0 ? 0.0 : value;
	s->pairs[s->npairs].weight = weight;
	s->npairs++;
	return s;
}

/* The one check of text input and binary receive (input NULL); builds the canonical state. */
static GiniState *
GiniBuild(GiniPair *pairs, int npairs, const char *input)
{
	GiniState  *s;

	if (npairs < 1)
		SummaryInvalid(GINI_TYPNAME, input, "A gini_state holds at least one value.");
	GiniCheckCount(npairs);
	for (int i = 0; i < npairs; i++)
	{
		if (isnan(pairs[i].value) || isinf(pairs[i].value))
			SummaryInvalid(GINI_TYPNAME, input, "Values must be finite.");
		if (isnan(pairs[i].weight) || isinf(pairs[i].weight) || pairs[i].weight <= 0)
			SummaryInvalid(GINI_TYPNAME, input, psprintf("The weight of value %s must be positive and finite.",
								 Float8Text(pairs[i].value)));
		if (pairs[i].value == 0)
			pairs[i].value = 0.0;
	}
	SortPairsByValue(pairs, npairs);
	for (int i = 1; i < npairs; i++)
		if (pairs[i].value == pairs[i - 1].value)
			SummaryInvalid(GINI_TYPNAME, input, psprintf("Value %s appears more than once.", Float8Text(pairs[i].value)));
	s = GiniAlloc(npairs);
	s->npairs = npairs;
	memcpy(s->pairs, pairs, npairs * sizeof(GiniPair));
	return s;
}

/* Sorted, merged copy of the pairs of a state. */
static GiniPair *
GiniSortedPairs(const GiniState *s, int *n)
{
	GiniPair   *pairs = palloc(Max(s->npairs, 1) * sizeof(GiniPair));

	memcpy(pairs, s->pairs, s->npairs * sizeof(GiniPair));
	*n = SortMergePairs(pairs, s->npairs);
	return pairs;
}

/* Text form: {value:weight,...}, values ascending. */
PG_FUNCTION_INFO_V1(gini_state_in);
Datum
gini_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	TextScan	scan;
	int			n = 0;
	int			max = 16;
	GiniPair   *pairs = palloc(max * sizeof(GiniPair));

	ScanInit(&scan, str, GINI_TYPNAME);
	ScanExpect(&scan, "{");
	if (ScanPeek(&scan) != '}')
	{
		do
		{
			if (n == max)
			{
				GiniCheckCount(n + 1);
				max *= 2;
				pairs = repalloc(pairs, max * sizeof(GiniPair));
			}
			pairs[n].value = ScanFloat8(&scan);
			ScanExpect(&scan, ":");
			pairs[n].weight = ScanFloat8(&scan);
			n++;
		} while (ScanAccept(&scan, ","));
	}
	ScanExpect(&scan, "}");
	ScanEnd(&scan);
	PG_RETURN_POINTER(GiniBuild(pairs, n, str));
}

PG_FUNCTION_INFO_V1(gini_state_out);
Datum
gini_state_out(PG_FUNCTION_ARGS)
{
	GiniState  *s = GiniGetArg(fcinfo, 0);
	int			n;
	GiniPair   *pairs = GiniSortedPairs(s, &n);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		AppendFloat8Exact(&buf, pairs[i].value);
		appendStringInfoChar(&buf, ':');
		AppendFloat8Exact(&buf, pairs[i].weight);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* Binary form: version byte, int32 count, (float8 value, float8 weight) ascending. */
PG_FUNCTION_INFO_V1(gini_state_recv);
Datum
gini_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			n;
	GiniPair   *pairs;

	SummaryRecvVersion(buf, GINI_VERSION, GINI_TYPNAME, false);
	n = SummaryRecvCount(buf, GINI_TYPNAME, PG_INT32_MAX, 16);
	GiniCheckCount(n);
	pairs = palloc(Max(n, 1) * sizeof(GiniPair));
	for (int i = 0; i < n; i++)
	{
		pairs[i].value = pq_getmsgfloat8(buf);
		pairs[i].weight = pq_getmsgfloat8(buf);
	}
	PG_RETURN_POINTER(GiniBuild(pairs, n, NULL));
}

PG_FUNCTION_INFO_V1(gini_state_send);
Datum
gini_state_send(PG_FUNCTION_ARGS)
{
	GiniState  *s = GiniGetArg(fcinfo, 0);
	int			n;
	GiniPair   *pairs = GiniSortedPairs(s, &n);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, GINI_VERSION);
	pq_sendint32(&buf, n);
	for (int i = 0; i < n; i++)
	{
		pq_sendfloat8(&buf, pairs[i].value);
		pq_sendfloat8(&buf, pairs[i].weight);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Transition of gini(value [, weight]): not strict; rows with a NULL value or
 * weight are skipped, and so are rows of weight 0; a negative or non-finite
 * weight or a non-finite value is an error.
 */
PG_FUNCTION_INFO_V1(gini_trans);
Datum
gini_trans(PG_FUNCTION_ARGS)
{
	GiniState  *s;
	double		value;
	double		weight = 1.0;

	if (PG_ARGISNULL(1) || (PG_NARGS() > 2 && PG_ARGISNULL(2)))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	value = PG_GETARG_FLOAT8(1);
	if (PG_NARGS() > 2)
		weight = PG_GETARG_FLOAT8(2);
	if (isnan(value) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gini: invalid value %s", Float8Text(value)),
				 errdetail("Values must be finite numbers.")));
	if (isnan(weight) || isinf(weight) || weight < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gini: invalid weight %s", Float8Text(weight)),
				 errdetail("Weights must be finite and not negative; rows of weight 0 are ignored.")));
	if (weight == 0)
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		s = GiniAlloc(16);
	else
	{
		s = (GiniState *) GetMutableState(fcinfo, 0);
		SummaryCheckVersion(s, GINI_VERSION, GINI_TYPNAME);
	}
	PG_RETURN_POINTER(GiniAppend(s, value, weight));
}

/* Combine function: append the second state's pairs to the first (in place). */
PG_FUNCTION_INFO_V1(gini_combine);
Datum
gini_combine(PG_FUNCTION_ARGS)
{
	GiniState  *a = (GiniState *) GetMutableState(fcinfo, 0);
	GiniState  *b = GiniGetArg(fcinfo, 1);

	SummaryCheckVersion(a, GINI_VERSION, GINI_TYPNAME);
	for (int i = 0; i < b->npairs; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		a = GiniAppend(a, b->pairs[i].value, b->pairs[i].weight);
	}
	PG_RETURN_POINTER(a);
}

/* Final function: the weighted Gini coefficient; NULL when the weighted mean is not positive. */
PG_FUNCTION_INFO_V1(gini_final);
Datum
gini_final(PG_FUNCTION_ARGS)
{
	GiniState  *s = GiniGetArg(fcinfo, 0);
	int			n;
	GiniPair   *pairs = GiniSortedPairs(s, &n);
	DDouble		W = {0, 0},
				S = {0, 0},
				acc = {0, 0};
	double		below = 0,
				total;

	for (int i = 0; i < n; i++)
	{
		SumAdd(&W, pairs[i].weight, "gini");
		SumAdd(&S, pairs[i].weight * pairs[i].value, "gini");
	}
	total = DDValue(W);
	if (!(total > 0) || !(DDValue(S) > 0))
		PG_RETURN_NULL();
	for (int i = 0; i < n; i++)
	{
		double		above = total - below - pairs[i].weight;

		SumAdd(&acc, pairs[i].weight * pairs[i].value * (below - above), "gini");
		below += pairs[i].weight;
	}
	PG_RETURN_FLOAT8(DDValue(acc) / (total * DDValue(S)));
}
