/*
 * flow.c
 *		Type flow_summary and aggregate flow_agg(origin, destination, amount):
 *		amounts per origin-destination pair of adcodes, with totals across
 *		administrative boundaries, the matrix at a level and net inflows.
 *
 * While aggregating, the pairs live in an open-addressing hash table (linear
 * probing, at most 3/4 full) laid out in the varlena itself, so each row costs
 * O(1) and the state is updated in place; when the table fills, a copy twice
 * as large is made.  Values returned by the aggregate, and all text and
 * binary forms, are the canonical compact form: the pairs sorted by
 * (origin, destination) with no empty slots, so equal summaries are equal
 * byte for byte.  Both forms share one layout; an empty slot has origin 0
 * (no adcode is 0), so readers just skip such slots.
 */
#include "regional_dev.h"
#include "summary_io.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"

#include <ctype.h>

#include "common/hashfn.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define FLOW_VERSION	2		/* 1 (regional_dev 1.0): float8 amounts, still read */
#define FLOW_MAX_PAIRS	10000000	/* documented in doc/flows.md */
#define FLOW_TYPNAME	"flow_summary"
#define FLOW_HASHED		0x01	/* flags: pairs[] is a hash table */

typedef struct FlowPair
{
	Adcode		origin;			/* 0: empty slot */
	Adcode		destination;
	DDouble		amount;			/* compensated (summary_math.h) */
} FlowPair;

/* A pair of layout version 1, as regional_dev 1.0 stored it. */
typedef struct FlowPairV1
{
	Adcode		origin;
	Adcode		destination;
	double		amount;
} FlowPairV1;

typedef struct FlowSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	uint8		version;
	uint8		flags;
	uint16		reserved;
	int32		npairs;			/* pairs in use */
	int32		nslots;			/* length of pairs[]: a power of 2 when hashed */
	FlowPair	pairs[FLEXIBLE_ARRAY_MEMBER];
} FlowSummary;

#define FLOW_SIZE(nslots)	(offsetof(FlowSummary, pairs) + (Size) (nslots) * sizeof(FlowPair))

static FlowSummary *
FlowAlloc(int nslots, uint8 flags)
{
	FlowSummary *s = SummaryAlloc(FLOW_SIZE(nslots), FLOW_VERSION);

	s->flags = flags;
	s->nslots = nslots;
	return s;
}

/* s as a current summary: checked, and a converted copy if 1.0 stored it. */
static FlowSummary *
FlowCurrent(FlowSummary *s)
{
	const FlowPairV1 *old = (const FlowPairV1 *) s->pairs;
	FlowSummary *r;

	SummaryCheckVersion(s, FLOW_VERSION, FLOW_TYPNAME);
	if (s->version == FLOW_VERSION)
		return s;
	/* slot for slot, so a hash table stays one */
	r = FlowAlloc(s->nslots, s->flags);
	r->npairs = s->npairs;
	for (int j = 0; j < s->nslots; j++)
	{
		r->pairs[j].origin = old[j].origin;
		r->pairs[j].destination = old[j].destination;
		r->pairs[j].amount.hi = old[j].amount;
	}
	return r;
}

static FlowSummary *
FlowGetArg(FunctionCallInfo fcinfo, int argno)
{
	return FlowCurrent((FlowSummary *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno)));
}

static inline uint32
FlowHash(Adcode o, Adcode d)
{
	return hash_combine(murmurhash32((uint32) o), murmurhash32((uint32) d));
}

/* Slots for n pairs: a power of 2, at least 16, at most 3/4 full. */
static int
FlowSlotsFor(int64 n)
{
	int			slots = 16;

	while ((int64) slots * 3 < n * 4)
		slots *= 2;
	return slots;
}

static void
FlowCheckCount(int64 npairs)
{
	if (npairs > FLOW_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("flow_summary cannot have more than %d origin-destination pairs", FLOW_MAX_PAIRS),
				 errhint("Raise the codes to a coarser level first, e.g. prefecture(origin).")));
}

static void
FlowCheckAmount(double amount)
{
	if (isnan(amount) || isinf(amount) || amount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("flow_agg: invalid amount %s", Float8Text(amount)),
				 errdetail("Amounts must be finite and not negative; a flow the other way is its own origin-destination pair.")));
}

/* Add to the pair (o, d) of a hashed summary we may change; *s may move. */
static void
FlowAdd(FlowSummary **sp, Adcode o, Adcode d, DDouble amount)
{
	FlowSummary *s = *sp;
	uint32		mask = s->nslots - 1;
	uint32		i = FlowHash(o, d) & mask;
	FlowPair   *e;

	for (;;)
	{
		e = &s->pairs[i];
		if (e->origin == 0)
			break;
		if (e->origin == o && e->destination == d)
		{
			SumMerge(&e->amount, amount, "flow_agg");
			return;
		}
		i = (i + 1) & mask;
	}
	FlowCheckCount((int64) s->npairs + 1);
	if ((int64) (s->npairs + 1) * 4 > (int64) s->nslots * 3)
	{
		/* full: rehash into a copy twice as large, then insert there */
		FlowSummary *r = FlowAlloc(s->nslots * 2, FLOW_HASHED);

		for (int j = 0; j < s->nslots; j++)
			if (s->pairs[j].origin != 0)
				FlowAdd(&r, s->pairs[j].origin, s->pairs[j].destination, s->pairs[j].amount);
		*sp = r;
		FlowAdd(sp, o, d, amount);
		return;
	}
	e->origin = o;
	e->destination = d;
	e->amount = amount;
	s->npairs++;
}

/* A hashed copy of s with room for n pairs (the count is checked as pairs come). */
static FlowSummary *
FlowHashedCopy(const FlowSummary *s, int64 n)
{
	FlowSummary *r = FlowAlloc(FlowSlotsFor(Min(Max(n, s->npairs), FLOW_MAX_PAIRS)), FLOW_HASHED);

	for (int j = 0; j < s->nslots; j++)
		if (s->pairs[j].origin != 0)
			FlowAdd(&r, s->pairs[j].origin, s->pairs[j].destination, s->pairs[j].amount);
	return r;
}

static int
ComparePairs(const void *a, const void *b)
{
	const FlowPair *pa = (const FlowPair *) a;
	const FlowPair *pb = (const FlowPair *) b;

	if (pa->origin != pb->origin)
		return (pa->origin > pb->origin) - (pa->origin < pb->origin);
	return (pa->destination > pb->destination) - (pa->destination < pb->destination);
}

/* The pairs sorted by (origin, destination): the array itself when compact. */
static const FlowPair *
FlowSortedPairs(const FlowSummary *s)
{
	FlowPair   *pairs;
	int			n = 0;

	if (!(s->flags & FLOW_HASHED))
		return s->pairs;
	pairs = palloc(Max(s->npairs, 1) * sizeof(FlowPair));
	for (int j = 0; j < s->nslots; j++)
		if (s->pairs[j].origin != 0)
			pairs[n++] = s->pairs[j];
	qsort(pairs, n, sizeof(FlowPair), ComparePairs);
	return pairs;
}

/* The canonical compact form. */
static FlowSummary *
FlowCompact(const FlowSummary *s)
{
	FlowSummary *r = FlowAlloc(s->npairs, 0);

	r->npairs = s->npairs;
	memcpy(r->pairs, FlowSortedPairs(s), s->npairs * sizeof(FlowPair));
	return r;
}

static Adcode
FlowCheckCode(int32 code)
{
	return CheckAdcode(code, psprintf("%d", code));
}

/* The one check of text input and binary receive; builds the canonical form. */
static FlowSummary *
FlowBuild(FlowPair *pairs, int n, const char *input)
{
	FlowSummary *s;

	if (n < 1)
		SummaryInvalid(FLOW_TYPNAME, input, "A flow_summary holds at least one pair.");
	FlowCheckCount(n);
	for (int i = 0; i < n; i++)
	{
		FlowCheckCode(pairs[i].origin);
		FlowCheckCode(pairs[i].destination);
		if (!DDValid(pairs[i].amount) || pairs[i].amount.hi < 0)
			SummaryInvalid(FLOW_TYPNAME, input,
						   psprintf("The amount %s of pair %06d>%06d is not a finite number ≥ 0.",
									Float8Text(pairs[i].amount.hi), pairs[i].origin, pairs[i].destination));
	}
	qsort(pairs, n, sizeof(FlowPair), ComparePairs);
	for (int i = 1; i < n; i++)
		if (ComparePairs(&pairs[i - 1], &pairs[i]) == 0)
			SummaryInvalid(FLOW_TYPNAME, input,
						   psprintf("Pair %06d>%06d appears more than once.",
									pairs[i].origin, pairs[i].destination));
	s = FlowAlloc(n, 0);
	s->npairs = n;
	memcpy(s->pairs, pairs, n * sizeof(FlowPair));
	return s;
}

/* A six-digit code of the text form, checked like adcode input. */
static int32
ScanCode(TextScan *scan)
{
	int32		code = 0;
	int			ndigits = 0;

	ScanPeek(scan);
	while (isdigit((unsigned char) *scan->p) && ndigits < 7)
	{
		code = code * 10 + (*scan->p - '0');
		ndigits++;
		scan->p++;
	}
	if (ndigits != 6)
	{
		scan->p -= ndigits;
		ScanError(scan, psprintf("Expected a six-digit adcode at %s.", ScanWhere(scan)));
	}
	return code;
}

/* Text form: {origin>destination:amount,...}, e.g. {310118>320509:1200} */
PG_FUNCTION_INFO_V1(flow_summary_in);
Datum
flow_summary_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	TextScan	scan;
	int			n = 0;
	int			max = 16;
	FlowPair   *pairs = palloc(max * sizeof(FlowPair));

	ScanInit(&scan, str, FLOW_TYPNAME);
	ScanExpect(&scan, "{");
	if (ScanPeek(&scan) != '}')
	{
		do
		{
			if (n == max)
			{
				FlowCheckCount((int64) n + 1);
				max *= 2;
				pairs = repalloc(pairs, max * sizeof(FlowPair));
			}
			pairs[n].origin = ScanCode(&scan);
			ScanExpect(&scan, ">");
			pairs[n].destination = ScanCode(&scan);
			ScanExpect(&scan, ":");
			pairs[n].amount = ScanSum(&scan);
			n++;
		} while (ScanAccept(&scan, ","));
	}
	ScanExpect(&scan, "}");
	ScanEnd(&scan);
	PG_RETURN_POINTER(FlowBuild(pairs, n, str));
}

PG_FUNCTION_INFO_V1(flow_summary_out);
Datum
flow_summary_out(PG_FUNCTION_ARGS)
{
	FlowSummary *s = FlowGetArg(fcinfo, 0);
	const FlowPair *pairs = FlowSortedPairs(s);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < s->npairs; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		appendStringInfo(&buf, "%06d>%06d:", pairs[i].origin, pairs[i].destination);
		AppendSum(&buf, pairs[i].amount);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version byte, int32 count, then sorted (int4 origin, int4
 * destination, amount as float8 hi, lo); version 1: one float8 amount.
 */
PG_FUNCTION_INFO_V1(flow_summary_recv);
Datum
flow_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int			n;
	FlowPair   *pairs;

	version = SummaryRecvVersion(buf, FLOW_VERSION, FLOW_TYPNAME, false);
	n = SummaryRecvCount(buf, FLOW_TYPNAME, PG_INT32_MAX, version == 1 ? 16 : 24);
	FlowCheckCount(n);
	pairs = palloc(Max(n, 1) * sizeof(FlowPair));
	for (int i = 0; i < n; i++)
	{
		pairs[i].origin = pq_getmsgint(buf, 4);
		pairs[i].destination = pq_getmsgint(buf, 4);
		pairs[i].amount = version == 1 ? (DDouble) {pq_getmsgfloat8(buf), 0} : SummaryRecvSum(buf);
	}
	PG_RETURN_POINTER(FlowBuild(pairs, n, NULL));
}

PG_FUNCTION_INFO_V1(flow_summary_send);
Datum
flow_summary_send(PG_FUNCTION_ARGS)
{
	FlowSummary *s = FlowGetArg(fcinfo, 0);
	const FlowPair *pairs = FlowSortedPairs(s);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FLOW_VERSION);
	pq_sendint32(&buf, s->npairs);
	for (int i = 0; i < s->npairs; i++)
	{
		pq_sendint32(&buf, pairs[i].origin);
		pq_sendint32(&buf, pairs[i].destination);
		SummarySendSum(&buf, pairs[i].amount);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Transition of flow_agg(origin, destination, amount): not strict; rows with
 * any NULL argument are skipped.
 */
PG_FUNCTION_INFO_V1(flow_agg_trans);
Datum
flow_agg_trans(PG_FUNCTION_ARGS)
{
	FlowSummary *s;
	double		amount;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	amount = PG_GETARG_FLOAT8(3);
	FlowCheckAmount(amount);
	if (PG_ARGISNULL(0))
		s = FlowAlloc(16, FLOW_HASHED);
	else
	{
		s = FlowCurrent((FlowSummary *) GetMutableState(fcinfo, 0));
		if (!(s->flags & FLOW_HASHED))
			s = FlowHashedCopy(s, s->npairs);
	}
	FlowAdd(&s, PG_GETARG_ADCODE(1), PG_GETARG_ADCODE(2), (DDouble) {amount, 0});
	PG_RETURN_POINTER(s);
}

/*
 * Merge the second summary into the first: the combine function of flow_agg
 * and the transition function of rollup().  Strict; the first argument is
 * updated in place inside an aggregate, never the second.
 */
PG_FUNCTION_INFO_V1(flow_summary_combine);
Datum
flow_summary_combine(PG_FUNCTION_ARGS)
{
	FlowSummary *b = FlowGetArg(fcinfo, 1);
	FlowSummary *a = FlowCurrent((FlowSummary *) GetMutableState(fcinfo, 0));

	/* make room for all of b at once (overlapping pairs need less) */
	if (!(a->flags & FLOW_HASHED) || FlowSlotsFor((int64) a->npairs + b->npairs) > a->nslots)
		a = FlowHashedCopy(a, (int64) a->npairs + b->npairs);

	for (int j = 0; j < b->nslots; j++)
	{
		if ((j & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (b->pairs[j].origin != 0)
			FlowAdd(&a, b->pairs[j].origin, b->pairs[j].destination, b->pairs[j].amount);
	}
	PG_RETURN_POINTER(a);
}

/* Final function of flow_agg and rollup: the canonical compact copy. */
PG_FUNCTION_INFO_V1(flow_summary_final);
Datum
flow_summary_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(FlowCompact(FlowGetArg(fcinfo, 0)));
}

PG_FUNCTION_INFO_V1(flow_total);
Datum
flow_total(PG_FUNCTION_ARGS)
{
	FlowSummary *s = FlowGetArg(fcinfo, 0);
	const FlowPair *pairs = FlowSortedPairs(s);
	DDouble		total = {0, 0};

	for (int i = 0; i < s->npairs; i++)
		SumMerge(&total, pairs[i].amount, "flow_summary");
	PG_RETURN_FLOAT8(DDValue(total));
}

/* Σ amount over pairs whose boundary_level(origin, destination) >= level. */
static double
CrossBoundaryTotal(const FlowSummary *s, AdLevel level)
{
	const FlowPair *pairs = FlowSortedPairs(s);
	DDouble		total = {0, 0};

	for (int i = 0; i < s->npairs; i++)
		if (BoundaryLevel(pairs[i].origin, pairs[i].destination) >= level)
			SumMerge(&total, pairs[i].amount, "flow_summary");
	return DDValue(total);
}

static AdLevel
LevelArg(FunctionCallInfo fcinfo, int argno, const char *funcname)
{
	return ParseBoundaryLevel(text_to_cstring(PG_GETARG_TEXT_PP(argno)), funcname);
}

PG_FUNCTION_INFO_V1(cross_boundary_total);
Datum
cross_boundary_total(PG_FUNCTION_ARGS)
{
	AdLevel		level = LevelArg(fcinfo, 1, "cross_boundary_total");

	PG_RETURN_FLOAT8(CrossBoundaryTotal(FlowGetArg(fcinfo, 0), level));
}

/* cross_boundary_total / flow_total; NULL when the total is 0. */
PG_FUNCTION_INFO_V1(cross_boundary_share);
Datum
cross_boundary_share(PG_FUNCTION_ARGS)
{
	AdLevel		level = LevelArg(fcinfo, 1, "cross_boundary_share");
	FlowSummary *s = FlowGetArg(fcinfo, 0);
	double		total = CrossBoundaryTotal(s, ADLEVEL_NONE);

	if (total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(CrossBoundaryTotal(s, level) / total);
}

/* inflow − outflow of a region (codes it contains count as it), inner flows excluded. */
PG_FUNCTION_INFO_V1(net_inflow);
Datum
net_inflow(PG_FUNCTION_ARGS)
{
	FlowSummary *s = FlowGetArg(fcinfo, 0);
	Adcode		region = PG_GETARG_ADCODE(1);
	const FlowPair *pairs = FlowSortedPairs(s);
	DDouble		net = {0, 0};

	for (int i = 0; i < s->npairs; i++)
	{
		bool		from = AdcodeContains(region, pairs[i].origin);
		bool		to = AdcodeContains(region, pairs[i].destination);

		if (to && !from)
			SumMerge(&net, pairs[i].amount, "net_inflow");
		else if (from && !to)
			SumMerge(&net, DDNeg(pairs[i].amount), "net_inflow");
	}
	PG_RETURN_FLOAT8(DDValue(net));
}

static Adcode
RaiseCode(Adcode code, AdLevel level)
{
	switch (level)
	{
		case ADLEVEL_PROVINCE:
			return AdcodeProvince(code);
		case ADLEVEL_PREFECTURE:
			return AdcodePrefecture(code);
		default:
			return code;
	}
}

/* A pair raised to a level, with its original pair so the sort is total. */
typedef struct RaisedPair
{
	FlowPair	raised;
	Adcode		origin;
	Adcode		destination;
} RaisedPair;

static int
CompareRaised(const void *a, const void *b)
{
	const RaisedPair *ra = (const RaisedPair *) a;
	const RaisedPair *rb = (const RaisedPair *) b;
	int			c = ComparePairs(&ra->raised, &rb->raised);

	if (c != 0)
		return c;
	if (ra->origin != rb->origin)
		return (ra->origin > rb->origin) - (ra->origin < rb->origin);
	return (ra->destination > rb->destination) - (ra->destination < rb->destination);
}

/* flows(s, level): the matrix with both codes raised to level, sorted. */
PG_FUNCTION_INFO_V1(flows);
Datum
flows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AdLevel		level = LevelArg(fcinfo, 1, "flows");
	FlowSummary *s = FlowGetArg(fcinfo, 0);
	const FlowPair *pairs = FlowSortedPairs(s);
	RaisedPair *raised = palloc(Max(s->npairs, 1) * sizeof(RaisedPair));
	int			i = 0;

	InitMaterializedSRF(fcinfo, 0);
	for (int j = 0; j < s->npairs; j++)
	{
		raised[j].raised.origin = RaiseCode(pairs[j].origin, level);
		raised[j].raised.destination = RaiseCode(pairs[j].destination, level);
		raised[j].raised.amount = pairs[j].amount;
		raised[j].origin = pairs[j].origin;
		raised[j].destination = pairs[j].destination;
	}
	qsort(raised, s->npairs, sizeof(RaisedPair), CompareRaised);
	while (i < s->npairs)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		DDouble		amount = {0, 0};
		int			j = i;

		CHECK_FOR_INTERRUPTS();
		while (j < s->npairs && ComparePairs(&raised[j].raised, &raised[i].raised) == 0)
			SumMerge(&amount, raised[j++].raised.amount, "flows");
		values[0] = AdcodeGetDatum(raised[i].raised.origin);
		values[1] = AdcodeGetDatum(raised[i].raised.destination);
		values[2] = Float8GetDatum(DDValue(amount));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		i = j;
	}
	return (Datum) 0;
}

/* Cast to jsonb: totals, cross-boundary totals per level, and the pairs. */
PG_FUNCTION_INFO_V1(flow_summary_to_jsonb);
Datum
flow_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	FlowSummary *s = FlowGetArg(fcinfo, 0);
	const FlowPair *pairs = FlowSortedPairs(s);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"flow_total\": ");
	AppendJsonNumber(&buf, NULL, CrossBoundaryTotal(s, ADLEVEL_NONE), true);
	appendStringInfoString(&buf, ", \"cross_boundary_total\": {");
	for (int l = ADLEVEL_COUNTY; l <= ADLEVEL_PROVINCE; l++)
	{
		appendStringInfo(&buf, "%s\"%s\": ", l == ADLEVEL_COUNTY ? "" : ", ", AdLevelName((AdLevel) l));
		AppendJsonNumber(&buf, NULL, CrossBoundaryTotal(s, (AdLevel) l), true);
	}
	appendStringInfoString(&buf, "}, \"pairs\": [");
	for (int i = 0; i < s->npairs; i++)
	{
		appendStringInfo(&buf, "%s{\"origin\": \"%06d\", \"destination\": \"%06d\", \"amount\": ",
						 i == 0 ? "" : ", ", pairs[i].origin, pairs[i].destination);
		AppendJsonNumber(&buf, NULL, DDValue(pairs[i].amount), true);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_DATUM(JsonbFromCString(buf.data));
}
