/*
 * inequality.c
 *		Type inequality_summary and aggregate inequality_agg: population-
 *		weighted Theil T and L with their between- and within-group parts,
 *		the Williamson index and the coefficient of variation.
 *
 * For each group the state keeps additive sums over the group's rows, with
 * x = y/p the per-capita income of a row:
 *		n, Σp, Σy, Σy·ln x, Σp·ln x, Σx, Σx², Σy·x (= Σp·x²).
 * Every index is a closed formula of these sums, so summaries of parts merge
 * into exactly the summary of the whole (rollup, parallel workers), and the
 * state grows with the number of groups, never with the number of rows.
 * Groups are kept in byte order of their labels (the NULL label first) and
 * every total is summed in that order, so results do not depend on row order.
 */
#include "regional_dev.h"
#include "summary_io.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/json.h"

#define IQ_VERSION		1		/* layout */
#define IQ_SEND_VERSION	2		/* binary form: 2 adds the compensation terms */
#define IQ_MAX_GROUPS	10000	/* documented in doc/disparities.md */
#define IQ_MAX_LABEL	1024	/* bytes of a group label */
#define IQ_TYPNAME		"inequality_summary"

enum
{
	IQ_P,						/* Σ population */
	IQ_Y,						/* Σ income */
	IQ_YLNX,					/* Σ y·ln x */
	IQ_PLNX,					/* Σ p·ln x */
	IQ_X,						/* Σ x */
	IQ_X2,						/* Σ x² */
	IQ_YX,						/* Σ y·x */
	IQ_NSUMS
};

/* Field names of the text form, in the order of the enum. */
static const char *const IqSumNames[IQ_NSUMS] = {"p", "y", "ylnx", "plnx", "x", "x2", "yx"};

typedef struct IneqGroup
{
	int32		label_off;		/* offset in the label area */
	int32		label_len;		/* -1: the NULL group */
	int64		n;				/* rows */
	DDouble		sum[IQ_NSUMS];
} IneqGroup;

/*
 * Layout: this header, groups[maxgroups] in arrival order, order[maxgroups]
 * (indexes into groups[], sorted by label), then labels_size bytes of labels.
 * The aggregate's result is compact: groups stored sorted, no spare slots,
 * sums normalized, so equal summaries are equal byte for byte.
 */
typedef struct InequalitySummary
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	uint8		version;
	uint8		flags;			/* none yet */
	uint16		reserved;
	int32		ngroups;
	int32		maxgroups;
	int32		labels_used;
	int32		labels_size;
	IneqGroup	groups[FLEXIBLE_ARRAY_MEMBER];
} InequalitySummary;

#define IQ_ORDER(s)		((int32 *) &(s)->groups[(s)->maxgroups])
#define IQ_LABELS(s)	((char *) (IQ_ORDER(s) + (s)->maxgroups))
#define IQ_SIZE(maxgroups, labels_size) \
	(offsetof(InequalitySummary, groups) + \
	 (Size) (maxgroups) * (sizeof(IneqGroup) + sizeof(int32)) + (Size) (labels_size))

/* A group as read by input or receive, before validation. */
typedef struct ParsedGroup
{
	char	   *label;
	int			len;			/* -1: NULL */
	int64		n;
	DDouble		sum[IQ_NSUMS];
} ParsedGroup;

/* The indices, computed from a summary. */
typedef struct IneqIndices
{
	int64		n;
	double		population;
	double		income;
	double		mean;			/* Y/P */
	double		theil_t;
	double		theil_l;
	double		theil_t_between;
	double		theil_t_within;
	double		theil_l_between;
	double		theil_l_within;
	double		williamson;
	double		cv;
} IneqIndices;

static InequalitySummary *
IneqAlloc(int maxgroups, int labels_size)
{
	InequalitySummary *s = SummaryAlloc(IQ_SIZE(maxgroups, labels_size), IQ_VERSION);

	s->maxgroups = maxgroups;
	s->labels_size = labels_size;
	return s;
}

/* Argument argno, read only. */
static InequalitySummary *
IneqGetArg(FunctionCallInfo fcinfo, int argno)
{
	return SummaryGetArg(fcinfo, argno, IQ_VERSION, IQ_TYPNAME);
}

static inline const char *
IneqLabel(const InequalitySummary *s, const IneqGroup *g)
{
	return g->label_len < 0 ? NULL : IQ_LABELS(s) + g->label_off;
}

/* Byte order of labels; len -1 is the NULL label, which comes first. */
static int
CompareLabels(const char *a, int alen, const char *b, int blen)
{
	int			c;

	if (alen < 0 || blen < 0)
		return (alen >= 0) - (blen >= 0);
	c = memcmp(a, b, Min(alen, blen));
	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* Position of a label in order[], or -(insertion point) - 1 when absent. */
static int
IneqFind(const InequalitySummary *s, const char *label, int len)
{
	const int32 *order = IQ_ORDER(s);
	int			lo = 0;
	int			hi = s->ngroups - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		const IneqGroup *g = &s->groups[order[mid]];
		int			c = CompareLabels(IneqLabel(s, g), g->label_len, label, len);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -lo - 1;
}

/* A larger copy, in CurrentMemoryContext (the contract: never repalloc the state). */
static InequalitySummary *
IneqResize(const InequalitySummary *s, int maxgroups, int labels_size)
{
	InequalitySummary *r = IneqAlloc(maxgroups, labels_size);

	r->flags = s->flags;
	r->ngroups = s->ngroups;
	r->labels_used = s->labels_used;
	memcpy(r->groups, s->groups, s->ngroups * sizeof(IneqGroup));
	memcpy(IQ_ORDER(r), IQ_ORDER(s), s->ngroups * sizeof(int32));
	memcpy(IQ_LABELS(r), IQ_LABELS(s), s->labels_used);
	return r;
}

static void
IneqCheckLimits(int ngroups, int label_len)
{
	if (ngroups > IQ_MAX_GROUPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("inequality_summary cannot have more than %d groups", IQ_MAX_GROUPS),
				 errhint("Group by a coarser label, or aggregate in parts.")));
	if (label_len > IQ_MAX_LABEL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("inequality_summary group label too long (%d bytes)", label_len),
				 errdetail("A group label has at most %d bytes.", IQ_MAX_LABEL)));
}

/*
 * Insert an empty group for label at position pos of order[].  Returns the
 * summary, which is a new, larger copy when the old one was full (the old one
 * is left alone: nodeAgg frees it).
 */
static InequalitySummary *
IneqInsert(InequalitySummary *s, int pos, const char *label, int len)
{
	int32	   *order;
	IneqGroup  *g;
	int			need = Max(len, 0);

	IneqCheckLimits(s->ngroups + 1, len);
	if (s->ngroups == s->maxgroups || s->labels_used + need > s->labels_size)
		s = IneqResize(s,
					   s->ngroups == s->maxgroups ? Min(s->maxgroups * 2, IQ_MAX_GROUPS) : s->maxgroups,
					   s->labels_used + need > s->labels_size ?
					   Max(s->labels_size * 2, s->labels_used + need) : s->labels_size);
	g = &s->groups[s->ngroups];
	memset(g, 0, sizeof(IneqGroup));
	g->label_off = s->labels_used;
	g->label_len = len;
	if (len > 0)
		memcpy(IQ_LABELS(s) + s->labels_used, label, len);
	s->labels_used += need;
	order = IQ_ORDER(s);
	memmove(order + pos + 1, order + pos, (s->ngroups - pos) * sizeof(int32));
	order[pos] = s->ngroups;
	s->ngroups++;
	return s;
}

/* The group for label, created when absent; *s may move. */
static IneqGroup *
IneqGetGroup(InequalitySummary **s, const char *label, int len)
{
	int			pos = IneqFind(*s, label, len);

	if (pos < 0)
	{
		pos = -pos - 1;
		*s = IneqInsert(*s, pos, label, len);
	}
	return &(*s)->groups[IQ_ORDER(*s)[pos]];
}

/* A row's income and population: positive and finite, else 22023 naming the value. */
static void
IneqCheckRow(double y, double p)
{
	if (isnan(y) || isinf(y) || y <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("inequality_agg: invalid income %s", Float8Text(y)),
				 errdetail("Income and population must be positive finite numbers."),
				 errhint("Leave out rows without income or population, e.g. WHERE income > 0.")));
	if (isnan(p) || isinf(p) || p <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("inequality_agg: invalid population %s", Float8Text(p)),
				 errdetail("Income and population must be positive finite numbers."),
				 errhint("Leave out rows without income or population, e.g. WHERE population > 0.")));
}

static void
IneqGroupAddRow(IneqGroup *g, double y, double p)
{
	double		x = y / p;
	double		lnx;

	if (!(x > 0) || isinf(x) || isinf(x * x) || isinf(y * x))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("inequality_agg: per-capita income out of range for income %s and population %s",
						Float8Text(y), Float8Text(p)),
				 errdetail("income / population and its square must be positive and within the range of double precision.")));
	lnx = log(x);
	g->n++;
	SumAdd(&g->sum[IQ_P], p, "inequality_agg");
	SumAdd(&g->sum[IQ_Y], y, "inequality_agg");
	SumAdd(&g->sum[IQ_YLNX], y * lnx, "inequality_agg");
	SumAdd(&g->sum[IQ_PLNX], p * lnx, "inequality_agg");
	SumAdd(&g->sum[IQ_X], x, "inequality_agg");
	SumAdd(&g->sum[IQ_X2], x * x, "inequality_agg");
	SumAdd(&g->sum[IQ_YX], y * x, "inequality_agg");
}

static void
IneqGroupMerge(IneqGroup *a, const IneqGroup *b)
{
	a->n += b->n;
	for (int k = 0; k < IQ_NSUMS; k++)
		SumMerge(&a->sum[k], b->sum[k], "inequality_agg");
}

/* The canonical form: groups sorted, no spare room, sums normalized (hi, lo). */
static InequalitySummary *
IneqCompact(const InequalitySummary *s)
{
	const int32 *order = IQ_ORDER(s);
	InequalitySummary *r;
	int			labels = 0;

	for (int i = 0; i < s->ngroups; i++)
		labels += Max(s->groups[i].label_len, 0);
	r = IneqAlloc(s->ngroups, labels);
	r->flags = s->flags;
	r->ngroups = s->ngroups;
	for (int i = 0; i < s->ngroups; i++)
	{
		const IneqGroup *g = &s->groups[order[i]];
		IneqGroup  *rg = &r->groups[i];

		rg->label_off = r->labels_used;
		rg->label_len = g->label_len;
		rg->n = g->n;
		for (int k = 0; k < IQ_NSUMS; k++)
			rg->sum[k] = DDNormalize(g->sum[k]);
		if (g->label_len > 0)
			memcpy(IQ_LABELS(r) + r->labels_used, IneqLabel(s, g), g->label_len);
		r->labels_used += Max(g->label_len, 0);
		IQ_ORDER(r)[i] = i;
	}
	return r;
}

static int
CompareParsedGroups(const void *a, const void *b)
{
	const ParsedGroup *ga = (const ParsedGroup *) a;
	const ParsedGroup *gb = (const ParsedGroup *) b;

	return CompareLabels(ga->label, ga->len, gb->label, gb->len);
}

pg_noreturn static void
IneqInvalid(const char *input, const ParsedGroup *g, const char *detail)
{
	SummaryInvalid(IQ_TYPNAME, input,
				   g->len < 0 ? psprintf("Group NULL: %s", detail) :
				   psprintf("Group \"%s\": %s", pnstrdup(g->label, g->len), detail));
}

/*
 * Validate groups read by text input or binary receive (the one check both
 * use) and build the canonical summary.
 */
static InequalitySummary *
IneqBuild(ParsedGroup *groups, int ngroups, const char *input)
{
	InequalitySummary *s;
	int			labels = 0;

	if (ngroups < 1)
		SummaryInvalid(IQ_TYPNAME, input, "An inequality_summary has at least one group.");
	IneqCheckLimits(ngroups, 0);
	for (int i = 0; i < ngroups; i++)
	{
		ParsedGroup *g = &groups[i];

		IneqCheckLimits(0, g->len);
		if (g->len > 0)
		{
			if (memchr(g->label, '\0', g->len) != NULL)
				IneqInvalid(input, g, "A label cannot contain a zero byte.");
			pg_verifymbstr(g->label, g->len, false);
		}
		if (g->n < 1)
			IneqInvalid(input, g, "The row count n must be at least 1.");
		for (int k = 0; k < IQ_NSUMS; k++)
			if (!DDValid(g->sum[k]))
				IneqInvalid(input, g, psprintf("Sum %s must be finite (|lo| at most half an ulp of hi).", IqSumNames[k]));
		if (!(g->sum[IQ_P].hi > 0 && g->sum[IQ_Y].hi > 0 && g->sum[IQ_X].hi > 0 &&
			  g->sum[IQ_X2].hi > 0 && g->sum[IQ_YX].hi > 0))
			IneqInvalid(input, g, "Sums p, y, x, x2 and yx must be positive.");
		labels += Max(g->len, 0);
	}
	qsort(groups, ngroups, sizeof(ParsedGroup), CompareParsedGroups);
	for (int i = 1; i < ngroups; i++)
		if (CompareParsedGroups(&groups[i - 1], &groups[i]) == 0)
			IneqInvalid(input, &groups[i], "The group appears more than once.");

	s = IneqAlloc(ngroups, labels);
	s->ngroups = ngroups;
	for (int i = 0; i < ngroups; i++)
	{
		IneqGroup  *g = &s->groups[i];

		g->label_off = s->labels_used;
		g->label_len = groups[i].len;
		g->n = groups[i].n;
		for (int k = 0; k < IQ_NSUMS; k++)
			g->sum[k] = groups[i].sum[k];
		if (groups[i].len > 0)
			memcpy(IQ_LABELS(s) + s->labels_used, groups[i].label, groups[i].len);
		s->labels_used += Max(groups[i].len, 0);
		IQ_ORDER(s)[i] = i;
	}
	return s;
}

/* x >= 0 up to rounding noise: clamped, NaN-aware */
#define NONNEG(x)	ClampChecked((x), 0.0, INFINITY, "inequality_summary")

/* All indices; totals are summed in label order, so row order does not matter. */
static void
IneqCompute(const InequalitySummary *s, IneqIndices *r)
{
	const int32 *order = IQ_ORDER(s);
	DDouble		tot[IQ_NSUMS];
	DDouble		tb = {0, 0},
				tw = {0, 0},
				lb = {0, 0},
				lw = {0, 0};
	double		P,
				Y,
				lnmean;

	memset(tot, 0, sizeof(tot));
	r->n = 0;
	for (int i = 0; i < s->ngroups; i++)
	{
		const IneqGroup *g = &s->groups[order[i]];

		r->n += g->n;
		for (int k = 0; k < IQ_NSUMS; k++)
			SumMerge(&tot[k], g->sum[k], "inequality_summary");
	}
	P = DDValue(tot[IQ_P]);
	Y = DDValue(tot[IQ_Y]);
	r->population = P;
	r->income = Y;
	r->mean = Y / P;
	lnmean = log(r->mean);

	/* T = Σ(y/Y)ln x − ln x̄,  L = ln x̄ − Σ(p/P)ln x;  both ≥ 0 */
	r->theil_t = NONNEG(DDValue(tot[IQ_YLNX]) / Y - lnmean);
	r->theil_l = NONNEG(lnmean - DDValue(tot[IQ_PLNX]) / P);

	for (int i = 0; i < s->ngroups; i++)
	{
		const IneqGroup *g = &s->groups[order[i]];
		double		Pg = DDValue(g->sum[IQ_P]);
		double		Yg = DDValue(g->sum[IQ_Y]);
		double		lnmg = log(Yg / Pg);
		double		Tg = NONNEG(DDValue(g->sum[IQ_YLNX]) / Yg - lnmg);
		double		Lg = NONNEG(lnmg - DDValue(g->sum[IQ_PLNX]) / Pg);

		SumAdd(&tb, (Yg / Y) * (lnmg - lnmean), "inequality_summary");
		SumAdd(&tw, (Yg / Y) * Tg, "inequality_summary");
		SumAdd(&lb, (Pg / P) * (lnmean - lnmg), "inequality_summary");
		SumAdd(&lw, (Pg / P) * Lg, "inequality_summary");
	}
	r->theil_t_between = NONNEG(DDValue(tb));
	r->theil_t_within = NONNEG(DDValue(tw));
	r->theil_l_between = NONNEG(DDValue(lb));
	r->theil_l_within = NONNEG(DDValue(lw));

	/* population-weighted variance of x: Σp·x²/P − x̄² */
	r->williamson = sqrt(NONNEG(DDValue(tot[IQ_YX]) / P - r->mean * r->mean)) / r->mean;
	{
		double		xm = DDValue(tot[IQ_X]) / r->n;

		r->cv = sqrt(NONNEG(DDValue(tot[IQ_X2]) / r->n - xm * xm)) / xm;
	}
}

PG_FUNCTION_INFO_V1(inequality_summary_in);
Datum
inequality_summary_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	TextScan	scan;
	ParsedGroup *groups;
	int			ngroups = 0;
	int			maxgroups = 8;

	groups = palloc(maxgroups * sizeof(ParsedGroup));
	ScanInit(&scan, str, IQ_TYPNAME);
	ScanExpect(&scan, "{");
	if (ScanPeek(&scan) != '}')
	{
		do
		{
			ParsedGroup *g;

			if (ngroups == maxgroups)
			{
				IneqCheckLimits(ngroups + 1, 0);
				maxgroups *= 2;
				groups = repalloc(groups, maxgroups * sizeof(ParsedGroup));
			}
			g = &groups[ngroups++];
			if (ScanPeek(&scan) == '"')
			{
				g->label = ScanQuoted(&scan, &g->len);
				ScanExpect(&scan, ":");
			}
			else
			{
				if (strncmp(scan.p, "null", 4) != 0)
					ScanError(&scan, psprintf("Expected a quoted group label or null at %s.",
											  ScanWhere(&scan)));
				ScanKeyName(&scan, "null", ":");
				g->label = NULL;
				g->len = -1;
			}
			ScanExpect(&scan, "{");
			ScanKeyName(&scan, "n", ":");
			g->n = ScanInt64(&scan, 0, PG_INT64_MAX);
			for (int k = 0; k < IQ_NSUMS; k++)
			{
				ScanExpect(&scan, ",");
				ScanKeyName(&scan, IqSumNames[k], ":");
				g->sum[k] = ScanSum(&scan);
			}
			ScanExpect(&scan, "}");
		} while (ScanAccept(&scan, ","));
	}
	ScanExpect(&scan, "}");
	ScanEnd(&scan);
	PG_RETURN_POINTER(IneqBuild(groups, ngroups, str));
}

PG_FUNCTION_INFO_V1(inequality_summary_out);
Datum
inequality_summary_out(PG_FUNCTION_ARGS)
{
	InequalitySummary *s = IneqGetArg(fcinfo, 0);
	const int32 *order = IQ_ORDER(s);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < s->ngroups; i++)
	{
		const IneqGroup *g = &s->groups[order[i]];

		if (i > 0)
			appendStringInfoChar(&buf, ',');
		if (g->label_len < 0)
			appendStringInfoString(&buf, "null");
		else
			AppendQuoted(&buf, IneqLabel(s, g), g->label_len);
		appendStringInfo(&buf, ":{n:" INT64_FORMAT, g->n);
		for (int k = 0; k < IQ_NSUMS; k++)
		{
			appendStringInfo(&buf, ",%s:", IqSumNames[k]);
			AppendSum(&buf, g->sum[k]);
		}
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version byte, int32 group count, then per group in label
 * order: a byte 1 for the NULL label, else 0 and the counted label text,
 * int64 n and the seven sums as float8.
 */
PG_FUNCTION_INFO_V1(inequality_summary_recv);
Datum
inequality_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = SummaryRecvVersion(buf, IQ_SEND_VERSION, IQ_TYPNAME, false);
	int			ngroups = SummaryRecvCount(buf, IQ_TYPNAME, PG_INT32_MAX, 0);
	ParsedGroup *groups;

	IneqCheckLimits(ngroups, 0);
	groups = palloc0(Max(ngroups, 1) * sizeof(ParsedGroup));
	for (int i = 0; i < ngroups; i++)
	{
		ParsedGroup *g = &groups[i];

		if (pq_getmsgbyte(buf) != 0)
			g->len = -1;
		else
		{
			int			rawlen = pq_getmsgint(buf, 4);

			if (rawlen < 0 || rawlen > buf->len - buf->cursor)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid label length %d in external inequality_summary value", rawlen)));
			g->label = pq_getmsgtext(buf, rawlen, &g->len);
		}
		g->n = pq_getmsgint64(buf);
		for (int k = 0; k < IQ_NSUMS; k++)
		{
			g->sum[k].hi = pq_getmsgfloat8(buf);
			if (version >= 2)
				g->sum[k].lo = pq_getmsgfloat8(buf);
		}
	}
	PG_RETURN_POINTER(IneqBuild(groups, ngroups, NULL));
}

PG_FUNCTION_INFO_V1(inequality_summary_send);
Datum
inequality_summary_send(PG_FUNCTION_ARGS)
{
	InequalitySummary *s = IneqGetArg(fcinfo, 0);
	const int32 *order = IQ_ORDER(s);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, IQ_SEND_VERSION);
	pq_sendint32(&buf, s->ngroups);
	for (int i = 0; i < s->ngroups; i++)
	{
		const IneqGroup *g = &s->groups[order[i]];

		pq_sendbyte(&buf, g->label_len < 0 ? 1 : 0);
		if (g->label_len >= 0)
			compat_sendcountedtext(&buf, IneqLabel(s, g), g->label_len);
		pq_sendint64(&buf, g->n);
		for (int k = 0; k < IQ_NSUMS; k++)
			SummarySendSum(&buf, g->sum[k]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Transition of inequality_agg(income, population [, grp]): not strict; rows
 * with a NULL income or population are skipped, a NULL grp is a group of its
 * own (as in GROUP BY).  Updates the state in place inside an aggregate.
 */
PG_FUNCTION_INFO_V1(inequality_agg_trans);
Datum
inequality_agg_trans(PG_FUNCTION_ARGS)
{
	InequalitySummary *s;
	const char *label = NULL;
	int			len = -1;
	double		y,
				p;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	y = PG_GETARG_FLOAT8(1);
	p = PG_GETARG_FLOAT8(2);
	IneqCheckRow(y, p);
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
	{
		text	   *t = PG_GETARG_TEXT_PP(3);

		label = VARDATA_ANY(t);
		len = VARSIZE_ANY_EXHDR(t);
		IneqCheckLimits(0, len);
	}
	if (PG_ARGISNULL(0))
		s = IneqAlloc(4, Max(len, 0) + 64);
	else
	{
		s = (InequalitySummary *) GetMutableState(fcinfo, 0);
		SummaryCheckVersion(s, IQ_VERSION, IQ_TYPNAME);
	}
	IneqGroupAddRow(IneqGetGroup(&s, label, len), y, p);
	PG_RETURN_POINTER(s);
}

/*
 * Merge the second summary into the first: the combine function of every
 * aggregate of this type and the transition function of rollup().  Strict;
 * the first argument is updated in place inside an aggregate, never the
 * second.
 */
PG_FUNCTION_INFO_V1(inequality_summary_combine);
Datum
inequality_summary_combine(PG_FUNCTION_ARGS)
{
	InequalitySummary *a = (InequalitySummary *) GetMutableState(fcinfo, 0);
	InequalitySummary *b = IneqGetArg(fcinfo, 1);
	const int32 *border = IQ_ORDER(b);

	SummaryCheckVersion(a, IQ_VERSION, IQ_TYPNAME);
	for (int i = 0; i < b->ngroups; i++)
	{
		const IneqGroup *gb = &b->groups[border[i]];

		CHECK_FOR_INTERRUPTS();
		IneqGroupMerge(IneqGetGroup(&a, IneqLabel(b, gb), gb->label_len), gb);
	}
	PG_RETURN_POINTER(a);
}

/* Final function of inequality_agg and rollup: the canonical, compact copy. */
PG_FUNCTION_INFO_V1(inequality_summary_final);
Datum
inequality_summary_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(IneqCompact(IneqGetArg(fcinfo, 0)));
}

#define IQ_ACCESSOR(name) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	IneqIndices r; \
	IneqCompute(IneqGetArg(fcinfo, 0), &r); \
	PG_RETURN_FLOAT8(r.name); \
}

IQ_ACCESSOR(theil_t)
IQ_ACCESSOR(theil_l)
IQ_ACCESSOR(theil_t_between)
IQ_ACCESSOR(theil_t_within)
IQ_ACCESSOR(theil_l_between)
IQ_ACCESSOR(theil_l_within)
IQ_ACCESSOR(williamson)
IQ_ACCESSOR(cv)

/* Cast to jsonb: the indices, and per group its totals and own Theil indices. */
PG_FUNCTION_INFO_V1(inequality_summary_to_jsonb);
Datum
inequality_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	InequalitySummary *s = IneqGetArg(fcinfo, 0);
	const int32 *order = IQ_ORDER(s);
	IneqIndices r;
	StringInfoData buf;

	IneqCompute(s, &r);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"n\": " INT64_FORMAT, r.n);
	AppendJsonNumber(&buf, "population", r.population, false);
	AppendJsonNumber(&buf, "income", r.income, false);
	AppendJsonNumber(&buf, "mean", r.mean, false);
	AppendJsonNumber(&buf, "theil_t", r.theil_t, false);
	AppendJsonNumber(&buf, "theil_l", r.theil_l, false);
	AppendJsonNumber(&buf, "theil_t_between", r.theil_t_between, false);
	AppendJsonNumber(&buf, "theil_t_within", r.theil_t_within, false);
	AppendJsonNumber(&buf, "theil_l_between", r.theil_l_between, false);
	AppendJsonNumber(&buf, "theil_l_within", r.theil_l_within, false);
	AppendJsonNumber(&buf, "williamson", r.williamson, false);
	AppendJsonNumber(&buf, "cv", r.cv, false);
	appendStringInfoString(&buf, ", \"groups\": [");
	for (int i = 0; i < s->ngroups; i++)
	{
		const IneqGroup *g = &s->groups[order[i]];
		double		Pg = DDValue(g->sum[IQ_P]);
		double		Yg = DDValue(g->sum[IQ_Y]);
		double		lnmg = log(Yg / Pg);

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, "{\"group\": ");
		if (g->label_len < 0)
			appendStringInfoString(&buf, "null");
		else
			escape_json(&buf, pnstrdup(IneqLabel(s, g), g->label_len));
		appendStringInfo(&buf, ", \"n\": " INT64_FORMAT, g->n);
		AppendJsonNumber(&buf, "population", Pg, false);
		AppendJsonNumber(&buf, "income", Yg, false);
		AppendJsonNumber(&buf, "mean", Yg / Pg, false);
		AppendJsonNumber(&buf, "theil_t", NONNEG(DDValue(g->sum[IQ_YLNX]) / Yg - lnmg), false);
		AppendJsonNumber(&buf, "theil_l", NONNEG(lnmg - DDValue(g->sum[IQ_PLNX]) / Pg), false);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_DATUM(JsonbFromCString(buf.data));
}
