/*
 * spatial_weights.c
 *		The spatial_weights type: a weights matrix stated once and used by
 *		every spatial statistic (src/spatial_stats.c, src/local_moran.c).
 *
 * A value holds the regions (sorted codes), for each its neighbours with the
 * weight as given (1 for contiguity, k nearest and distance band; the caller's
 * for explicit pairs), and a transform applied when a statistic uses it:
 * B binary (every weight 1), R row-standardized (each row divided by its
 * sum), O the weights as given.  Keeping the weights before the transform
 * lets a statistic take the weights among a subset of the regions (one
 * national matrix, statistics per province) and row-standardize them there,
 * as PySAL's w_subset followed by transform = 'r' does, and lets Gi* add
 * each region to its own neighbours before the transform, as esda does.
 *
 * Builders: contiguity_weights (region_neighbors(tolerance), queen-like, or
 * rook-like with a minimum shared border length), pair_weights (explicit
 * pairs, optional weights), knn_weights and distance_band_weights (geodesic
 * metres on WGS84 between region centroids or given points).  Each reports
 * the regions without neighbours (islands) in a NOTICE.
 *
 * Text form: R{110101:[110102:1,110105:1],110102:[110101:1],110105:[]}.
 */
#include "places.h"
#include "spatial_weights.h"
#include "summary_io.h"

#include <math.h>

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"

#define SW_VERSION			1
#define SW_MAX_REGIONS		100000
#define SW_MAX_PAIRS		10000000
#define SW_NOTICE_CODES		20
/* mean Earth radius (IUGG), for the spherical pre-selection of candidates */
#define EARTH_RADIUS_M		6371008.8
/* a WGS84 geodesic is within 0.6% of the spherical distance: candidates use 1% */
#define SPHERE_SLACK		1.01

/* A directed weight from codes index from to index to. */
typedef struct WEdge
{
	int32		from;
	int32		to;
	double		w;
	bool		given;			/* stated by the caller, not its implied reverse */
} WEdge;

static int
WEdgeCmp(const void *x, const void *y)
{
	const WEdge *a = x;
	const WEdge *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	/* stated before implied, so that the stated one is kept */
	return (int) b->given - (int) a->given;
}

static int
KeyCmp(const void *x, const void *y)
{
	int64		a = *(const int64 *) x;
	int64		b = *(const int64 *) y;

	return (a > b) - (a < b);
}

/* Index of code among the n sorted codes, or -1. */
static int
CodeIndex(const Adcode *codes, int n, Adcode code)
{
	const Adcode *p = bsearch(&code, codes, n, sizeof(Adcode), CompareInt32);

	return p == NULL ? -1 : (int) (p - codes);
}

SpatialWeights *
SpatialWeightsGetArg(FunctionCallInfo fcinfo, int argno)
{
	SpatialWeights *s = (SpatialWeights *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	SummaryCheckVersion(s, SW_VERSION, "spatial_weights");
	return s;
}

static char
ParseTransform(text *t, const char *fn)
{
	char	   *s = text_to_cstring(t);

	if (pg_strcasecmp(s, "B") == 0)
		return 'B';
	if (pg_strcasecmp(s, "R") == 0)
		return 'R';
	if (pg_strcasecmp(s, "O") == 0)
		return 'O';
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: transform must be B, R or O, not \"%s\"", fn, s),
			 errhint("B: binary (every weight 1), R: row-standardized (each row sums to 1), O: the weights as given (PySAL's transform codes).")));
	pg_unreachable();
}

/*
 * The weights from directed edges among the n sorted codes; NULL and a
 * description of the problem in *problem when they are not a weights matrix.
 * Duplicate edges: a stated one wins over an implied reverse; two stated ones
 * are an error.
 */
static SpatialWeights *
MakeWeights(const Adcode *codes, int n, WEdge *e, int ne, char transform, const char **problem)
{
	SpatialWeights *s;
	int			nnz = 0;
	int32	   *start;
	int32	   *nbr;
	double	   *raw;

	*problem = NULL;
	for (int i = 1; i < n; i++)
		if (codes[i] == codes[i - 1])
		{
			*problem = psprintf("region %06d is given twice", codes[i]);
			return NULL;
		}
	if (ne > 1)
		qsort(e, ne, sizeof(WEdge), WEdgeCmp);
	for (int k = 0; k < ne; k++)
	{
		if (e[k].from == e[k].to)
		{
			*problem = psprintf("region %06d is paired with itself", codes[e[k].from]);
			return NULL;
		}
		if (!isfinite(e[k].w) || e[k].w < 0)
		{
			*problem = psprintf("weight of (%06d, %06d) must be a finite number of at least 0, not %s",
								codes[e[k].from], codes[e[k].to], Float8Text(e[k].w));
			return NULL;
		}
		if (k > 0 && e[k].from == e[k - 1].from && e[k].to == e[k - 1].to)
		{
			if (e[k].given && e[k - 1].given)
			{
				*problem = psprintf("pair (%06d, %06d) is given twice", codes[e[k].from], codes[e[k].to]);
				return NULL;
			}
			continue;
		}
		e[nnz++] = e[k];
	}
	if (nnz > SW_MAX_PAIRS)
	{
		*problem = psprintf("more than %d pairs", SW_MAX_PAIRS);
		return NULL;
	}
	s = SummaryAlloc(SW_SIZE(n, nnz), SW_VERSION);
	s->transform = transform;
	s->n = n;
	s->nnz = nnz;
	memcpy(SW_CODES(s), codes, sizeof(int32) * n);
	start = SW_START(s);
	nbr = SW_NBR(s);
	raw = SW_RAW(s);
	for (int k = 0; k < nnz; k++)
	{
		start[e[k].from + 1]++;
		nbr[k] = e[k].to;
		raw[k] = e[k].w;
	}
	for (int i = 0; i < n; i++)
		start[i + 1] += start[i];
	return s;
}

/*
 * One NOTICE naming the regions without neighbours (empty rows of start):
 * "fn: k of n regions <what>", what completing the sentence.
 */
void
NoticeIslands(const char *fn, const Adcode *codes, int n, const int *start, const char *what,
			  const char *hint)
{
	StringInfoData list;
	int			nislands = 0;

	initStringInfo(&list);
	for (int i = 0; i < n; i++)
		if (start[i + 1] == start[i])
		{
			if (nislands < SW_NOTICE_CODES)
				appendStringInfo(&list, "%s%06d", nislands > 0 ? ", " : "", codes[i]);
			nislands++;
		}
	if (nislands == 0)
		return;
	if (nislands > SW_NOTICE_CODES)
		appendStringInfo(&list, ", ... (%d more)", nislands - SW_NOTICE_CODES);
	ereport(NOTICE,
			(errmsg("%s: %d of %d regions %s", fn, nislands, n, what),
			 errdetail("Without neighbours: %s.", list.data),
			 hint ? errhint("%s", hint) : 0));
}

/*
 * The region cache's indexes of codes[0..n-1]; a code without a row in
 * regional_dev.region is an error with hint.  With load, their geometries
 * are read too (a region removed meanwhile is an error).
 */
int *
RegionIndexes(RegionCache *cache, const Adcode *codes, int n, bool load, const char *fn, const char *hint)
{
	int		   *idx = palloc(sizeof(int) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		idx[i] = RegionCacheFind(cache, codes[i]);
		if (idx[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: region %06d is not in regional_dev.region", fn, codes[i]),
					 errhint("%s", hint)));
	}
	if (!load)
		return idx;
	RegionCacheLoad(cache, idx, n);
	for (int i = 0; i < n; i++)
		if (cache->regions[idx[i]].geom == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("%s: region %06d was removed from regional_dev.region during the query", fn, codes[i])));
	return idx;
}

/* A builder's result: the weights, or its error; islands reported. */
static Datum
FinishBuild(const char *fn, const Adcode *codes, int n, WEdge *e, int ne, char transform)
{
	const char *problem;
	SpatialWeights *s = MakeWeights(codes, n, e, ne, transform, &problem);

	if (s == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s", fn, problem)));
	NoticeIslands(fn, SW_CODES(s), n, SW_START(s), "have no neighbours", NULL);
	PG_RETURN_POINTER(s);
}

/* The codes argument: sorted, each once; order[i] is the argument position of codes[i]. */
static Adcode *
SortedCodes(ArrayType *arr, const char *fn, int *n, int **order)
{
	int			m;
	Datum	   *d = ArrayElements(arr, "codes", &m, fn);
	int64	   *key = palloc(sizeof(int64) * Max(m, 1));
	Adcode	   *codes = palloc(sizeof(Adcode) * Max(m, 1));

	if (m > SW_MAX_REGIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than %d regions", fn, SW_MAX_REGIONS)));
	/* code in the high half, position in the low: one sort keeps both */
	for (int i = 0; i < m; i++)
		key[i] = ((int64) DatumGetAdcode(d[i]) << 32) | (uint32) i;
	if (m > 1)
		qsort(key, m, sizeof(int64), KeyCmp);
	if (order)
		*order = palloc(sizeof(int) * Max(m, 1));
	for (int i = 0; i < m; i++)
	{
		codes[i] = (Adcode) (key[i] >> 32);
		if (order)
			(*order)[i] = (int) (key[i] & 0xffffffff);
		if (i > 0 && codes[i] == codes[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: code %06d appears more than once in codes", fn, codes[i]),
					 errhint("Pass each region once.")));
	}
	*n = m;
	return codes;
}

/* ---------- the type ---------- */

PG_FUNCTION_INFO_V1(spatial_weights_in);
Datum
spatial_weights_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	TextScan	ps;
	char		transform;
	int			n = 0,
				maxn = 16,
				ne = 0,
				maxe = 16;
	Adcode	   *codes = palloc(sizeof(Adcode) * maxn);
	Adcode	   *from = palloc(sizeof(Adcode) * maxe);
	Adcode	   *to = palloc(sizeof(Adcode) * maxe);
	double	   *w = palloc(sizeof(double) * maxe);
	Adcode	   *sorted;
	WEdge	   *e;
	const char *problem;
	SpatialWeights *s;

	ScanInit(&ps, str, "spatial_weights");
	if (ScanAccept(&ps, "B"))
		transform = 'B';
	else if (ScanAccept(&ps, "R"))
		transform = 'R';
	else if (ScanAccept(&ps, "O"))
		transform = 'O';
	else
		ScanError(&ps, "The transform B, R or O comes first.");
	ScanExpect(&ps, "{");
	if (!ScanAccept(&ps, "}"))
	{
		do
		{
			int64		c = ScanInt64(&ps, PG_INT32_MIN, PG_INT32_MAX);
			Adcode		code = CheckAdcode(c, psprintf(INT64_FORMAT, c));

			if (n == SW_MAX_REGIONS)
				SummaryInvalid("spatial_weights", str, psprintf("At most %d regions.", SW_MAX_REGIONS));
			if (n == maxn)
				codes = repalloc(codes, sizeof(Adcode) * (maxn *= 2));
			codes[n++] = code;
			ScanExpect(&ps, ":");
			ScanExpect(&ps, "[");
			if (!ScanAccept(&ps, "]"))
			{
				do
				{
					if (ne == SW_MAX_PAIRS)
						SummaryInvalid("spatial_weights", str, psprintf("At most %d pairs.", SW_MAX_PAIRS));
					if (ne == maxe)
					{
						maxe *= 2;
						from = repalloc(from, sizeof(Adcode) * maxe);
						to = repalloc(to, sizeof(Adcode) * maxe);
						w = repalloc(w, sizeof(double) * maxe);
					}
					from[ne] = code;
					c = ScanInt64(&ps, PG_INT32_MIN, PG_INT32_MAX);
					to[ne] = CheckAdcode(c, psprintf(INT64_FORMAT, c));
					ScanExpect(&ps, ":");
					w[ne++] = ScanFloat8(&ps);
				} while (ScanAccept(&ps, ","));
				ScanExpect(&ps, "]");
			}
		} while (ScanAccept(&ps, ","));
		ScanExpect(&ps, "}");
	}
	ScanEnd(&ps);

	sorted = palloc(sizeof(Adcode) * Max(n, 1));
	memcpy(sorted, codes, sizeof(Adcode) * n);
	if (n > 1)
		qsort(sorted, n, sizeof(Adcode), CompareInt32);
	e = palloc(sizeof(WEdge) * Max(ne, 1));
	for (int k = 0; k < ne; k++)
	{
		e[k].from = CodeIndex(sorted, n, from[k]);
		e[k].to = CodeIndex(sorted, n, to[k]);
		e[k].w = w[k];
		e[k].given = true;
		if (e[k].to < 0)
			SummaryInvalid("spatial_weights", str,
						   psprintf("Neighbour %06d of %06d is not one of the regions.", to[k], from[k]));
	}
	s = MakeWeights(sorted, n, e, ne, transform, &problem);
	if (s == NULL)
		SummaryInvalid("spatial_weights", str, psprintf("The %s.", problem));
	PG_RETURN_POINTER(s);
}

/*
 * The text form R{110101:[110102:1,110105:1],...}, or with json the object
 * {"transform": "R", "neighbors": {"110101": {"110102": 1, ...}, ...}}: the
 * weights as given (before the transform).
 */
static char *
WeightsFormat(const SpatialWeights *s, bool json)
{
	const int32 *codes = SW_CODES(s),
			   *start = SW_START(s),
			   *nbr = SW_NBR(s);
	const double *raw = SW_RAW(s);
	const char *sep = json ? ", " : ",";
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, json ? "{\"transform\": \"%c\", \"neighbors\": {" : "%c{", s->transform);
	for (int i = 0; i < s->n; i++)
	{
		appendStringInfo(&buf, json ? "%s\"%06d\": {" : "%s%06d:[", i ? sep : "", codes[i]);
		for (int k = start[i]; k < start[i + 1]; k++)
		{
			appendStringInfo(&buf, json ? "%s\"%06d\": " : "%s%06d:", k > start[i] ? sep : "", codes[nbr[k]]);
			AppendFloat8Exact(&buf, raw[k]);
		}
		appendStringInfoChar(&buf, json ? '}' : ']');
	}
	appendStringInfoString(&buf, json ? "}}" : "}");
	return buf.data;
}

PG_FUNCTION_INFO_V1(spatial_weights_out);
Datum
spatial_weights_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(WeightsFormat(SpatialWeightsGetArg(fcinfo, 0), false));
}

/* Binary: version, flags, transform, n, the codes, then per region its count and (index, weight) pairs. */
PG_FUNCTION_INFO_V1(spatial_weights_recv);
Datum
spatial_weights_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	char		transform;
	int32		n;
	Adcode	   *codes;
	WEdge	   *e = NULL;
	int			ne = 0,
				maxe = 0;
	const char *problem;
	SpatialWeights *s;

	SummaryRecvVersion(buf, SW_VERSION, "spatial_weights", true);
	transform = pq_getmsgbyte(buf);
	if (transform != 'B' && transform != 'R' && transform != 'O')
		SummaryInvalid("spatial_weights", NULL, "The transform must be B, R or O.");
	n = SummaryRecvCount(buf, "spatial_weights", SW_MAX_REGIONS, 4);
	codes = palloc(sizeof(Adcode) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		int32		c = pq_getmsgint(buf, 4);

		codes[i] = CheckAdcode(c, psprintf("%d", c));
		if (i > 0 && codes[i] <= codes[i - 1])
			SummaryInvalid("spatial_weights", NULL, "The codes must be ascending, each once.");
	}
	for (int i = 0; i < n; i++)
	{
		int32		c = SummaryRecvCount(buf, "spatial_weights", n, 12);

		if (ne + c > SW_MAX_PAIRS)
			SummaryInvalid("spatial_weights", NULL, psprintf("At most %d pairs.", SW_MAX_PAIRS));
		if (ne + c > maxe)
		{
			maxe = Max(2 * maxe, ne + c);
			e = e ? repalloc(e, sizeof(WEdge) * maxe) : palloc(sizeof(WEdge) * maxe);
		}
		for (int k = 0; k < c; k++)
		{
			e[ne].from = i;
			e[ne].to = pq_getmsgint(buf, 4);
			e[ne].w = pq_getmsgfloat8(buf);
			e[ne].given = true;
			if (e[ne].to < 0 || e[ne].to >= n)
				SummaryInvalid("spatial_weights", NULL, "A neighbour index is out of range.");
			ne++;
		}
	}
	s = MakeWeights(codes, n, e ? e : palloc(sizeof(WEdge)), ne, transform, &problem);
	if (s == NULL)
		SummaryInvalid("spatial_weights", NULL, psprintf("The %s.", problem));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(spatial_weights_send);
Datum
spatial_weights_send(PG_FUNCTION_ARGS)
{
	SpatialWeights *s = SpatialWeightsGetArg(fcinfo, 0);
	int32	   *codes = SW_CODES(s),
			   *start = SW_START(s),
			   *nbr = SW_NBR(s);
	double	   *raw = SW_RAW(s);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendbyte(&buf, s->transform);
	pq_sendint32(&buf, s->n);
	for (int i = 0; i < s->n; i++)
		pq_sendint32(&buf, codes[i]);
	for (int i = 0; i < s->n; i++)
	{
		pq_sendint32(&buf, start[i + 1] - start[i]);
		for (int k = start[i]; k < start[i + 1]; k++)
		{
			pq_sendint32(&buf, nbr[k]);
			pq_sendfloat8(&buf, raw[k]);
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- the weights among the regions a statistic is given ---------- */

/*
 * The weights among codes[0..n-1] (positions in that order), every code one
 * of sw's regions; with star, each region also its own neighbour of weight 1
 * (Gi*).  The transform is applied among these regions.
 */
WeightsMatrix *
WeightsAmong(const SpatialWeights *sw, const Adcode *codes, int n, bool star, const char *fn)
{
	const int32 *swcodes = SW_CODES(sw),
			   *swstart = SW_START(sw),
			   *swnbr = SW_NBR(sw);
	const double *raw = SW_RAW(sw);
	WeightsMatrix *m = palloc0(sizeof(WeightsMatrix));
	int		   *row = palloc(sizeof(int) * Max(n, 1));	/* position -> row of sw */
	int		   *pos = palloc(sizeof(int) * Max(sw->n, 1));	/* row of sw -> position */
	int			nnz = 0,
				k = 0,
				nlost = 0;

	for (int r = 0; r < sw->n; r++)
		pos[r] = -1;
	for (int i = 0; i < n; i++)
	{
		row[i] = CodeIndex(swcodes, sw->n, codes[i]);
		if (row[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: region %06d is not in the weights", fn, codes[i]),
					 errhint("Build the weights over every region the statistic is given (or a superset of them).")));
		pos[row[i]] = i;
	}
	for (int i = 0; i < n; i++)
		for (int t = swstart[row[i]]; t < swstart[row[i] + 1]; t++)
			nnz += pos[swnbr[t]] >= 0;
	if (star)
		nnz += n;
	m->n = n;
	m->start = palloc0(sizeof(int) * (n + 1));
	m->nbr = palloc(sizeof(int) * Max(nnz, 1));
	m->v = palloc(sizeof(double) * Max(nnz, 1));
	m->w = palloc(sizeof(double) * Max(nnz, 1));
	m->div = palloc(sizeof(double) * Max(n, 1));
	m->row_standardized = sw->transform == 'R';
	for (int i = 0; i < n; i++)
	{
		int			first = k;
		double		sum = 0;

		if (star)
		{
			m->nbr[k] = i;
			m->v[k++] = 1.0;
		}
		for (int t = swstart[row[i]]; t < swstart[row[i] + 1]; t++)
		{
			if (pos[swnbr[t]] < 0)
				continue;
			m->nbr[k] = pos[swnbr[t]];
			m->v[k++] = sw->transform == 'B' ? 1.0 : raw[t];
		}
		/* positions ascending within the row (binary search of w_ji) */
		for (int a = first + 1; a < k; a++)
			for (int b = a; b > first && m->nbr[b - 1] > m->nbr[b]; b--)
			{
				int			tn = m->nbr[b];
				double		tv = m->v[b];

				m->nbr[b] = m->nbr[b - 1];
				m->v[b] = m->v[b - 1];
				m->nbr[b - 1] = tn;
				m->v[b - 1] = tv;
			}
		for (int t = first; t < k; t++)
			sum += m->v[t];
		m->div[i] = sw->transform == 'R' && sum > 0 ? sum : 1.0;
		for (int t = first; t < k; t++)
			m->w[t] = m->v[t] / m->div[i];
		m->start[i + 1] = k;
		if (sum == 0)
		{
			m->nislands++;
			if (swstart[row[i] + 1] > swstart[row[i]])
				nlost++;
		}
	}
	if (nlost > 0)
		ereport(NOTICE,
				(errmsg("%s: %d of %d regions have neighbours in the weights but none among the regions given",
						fn, nlost, n),
				 errhint("They count as regions without neighbours (weight 0).")));
	return m;
}

/* ---------- builders ---------- */

/*
 * The contiguity among the n sorted codes: the pairs of
 * region_neighbors(tol) sharing at least min_border metres of border
 * (contiguity_weights, and the aggregate local_getis_ord_g).
 */
SpatialWeights *
ContiguityWeights(const Adcode *codes, int n, double tol, double min_border, char transform, const char *fn)
{
	RegionCache *cache = GetRegionCache();
	int		   *idx = RegionIndexes(cache, codes, n, false, fn,
									"Contiguity comes from the boundaries in regional_dev.region: add the region there, leave it out, or use pair_weights.");
	int		   *pos = palloc(sizeof(int) * Max(cache->nregions, 1));
	WEdge	   *e;
	int			ne = 0;

	for (int r = 0; r < cache->nregions; r++)
		pos[r] = -1;
	for (int i = 0; i < n; i++)
		pos[idx[i]] = i;
	RegionNeighbors(cache, tol);
	e = palloc(sizeof(WEdge) * Max(2 * cache->nneighbors, 1));
	for (int t = 0; t < cache->nneighbors; t++)
	{
		const NeighborPair *p = &cache->neighbors[t];

		if (pos[p->a] < 0 || pos[p->b] < 0 || p->shared_border_m < min_border)
			continue;
		e[ne++] = (WEdge) {pos[p->a], pos[p->b], 1.0, true};
		e[ne++] = (WEdge) {pos[p->b], pos[p->a], 1.0, true};
	}
	return (SpatialWeights *) DatumGetPointer(FinishBuild(fn, codes, n, e, ne, transform));
}

/*
 * contiguity_weights(codes adcode[], tolerance_m float8, min_border_m float8, transform text)
 * The pairs of region_neighbors(tolerance_m) among codes whose shared border
 * is at least min_border_m long: 0 for queen-like contiguity (touching at a
 * point within the tolerance is enough), more for rook-like.
 */
PG_FUNCTION_INFO_V1(contiguity_weights);
Datum
contiguity_weights(PG_FUNCTION_ARGS)
{
	const char *fn = "contiguity_weights";
	double		tol = PG_GETARG_FLOAT8(1);
	double		min_border = PG_GETARG_FLOAT8(2);
	char		transform = ParseTransform(PG_GETARG_TEXT_PP(3), fn);
	int			n;
	Adcode	   *codes = SortedCodes(PG_GETARG_ARRAYTYPE_P(0), fn, &n, NULL);

	if (!(tol > 0.0 && tol <= 10000.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: tolerance_m must be greater than 0 and at most 10000, not %s", fn, Float8Text(tol)),
				 errhint("Give the tolerance in metres; 200 suits the shipped boundaries, whose precision is about 100 m.")));
	if (!(min_border >= 0.0 && isfinite(min_border)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: min_border_m must be a finite number of at least 0, not %s", fn, Float8Text(min_border)),
				 errhint("0 gives queen-like contiguity; a length in metres (e.g. 1000) rook-like.")));
	PG_RETURN_POINTER(ContiguityWeights(codes, n, tol, min_border, transform, fn));
}

/*
 * pair_weights(codes adcode[], code_a adcode[], code_b adcode[][, weight float8[]], transform text)
 * Each pair (a, b) weighs in both directions, unless (b, a) is also given
 * with its own weight (travel times differ by direction).
 */
PG_FUNCTION_INFO_V1(pair_weights);
Datum
pair_weights(PG_FUNCTION_ARGS)
{
	const char *fn = "pair_weights";
	bool		weighted = PG_NARGS() == 5;
	char		transform = ParseTransform(PG_GETARG_TEXT_PP(weighted ? 4 : 3), fn);
	int			n,
				na,
				nb,
				nw = 0;
	Adcode	   *codes = SortedCodes(PG_GETARG_ARRAYTYPE_P(0), fn, &n, NULL);
	Datum	   *a = ArrayElements(PG_GETARG_ARRAYTYPE_P(1), "code_a", &na, fn);
	Datum	   *b = ArrayElements(PG_GETARG_ARRAYTYPE_P(2), "code_b", &nb, fn);
	Datum	   *w = weighted ? ArrayElements(PG_GETARG_ARRAYTYPE_P(3), "weight", &nw, fn) : NULL;
	WEdge	   *e;

	if (na != nb || (weighted && nw != na))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must have the same length", fn, weighted ? "code_a, code_b and weight" : "code_a and code_b"),
				 weighted ? errdetail("code_a has %d elements, code_b %d, weight %d.", na, nb, nw)
				 : errdetail("code_a has %d elements, code_b %d.", na, nb)));
	if (na > SW_MAX_PAIRS / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than %d pairs", fn, SW_MAX_PAIRS / 2)));
	e = palloc(sizeof(WEdge) * Max(2 * na, 1));
	for (int k = 0; k < na; k++)
	{
		int			i = CodeIndex(codes, n, DatumGetAdcode(a[k]));
		int			j = CodeIndex(codes, n, DatumGetAdcode(b[k]));
		double		wk = weighted ? DatumGetFloat8(w[k]) : 1.0;

		if (i < 0 || j < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: pair %d names region %06d, which is not in codes", fn, k + 1,
							DatumGetAdcode(i < 0 ? a[k] : b[k])),
					 errhint("Every region of a pair must be one of codes.")));
		e[2 * k] = (WEdge) {i, j, wk, true};
		e[2 * k + 1] = (WEdge) {j, i, wk, false};
	}
	return FinishBuild(fn, codes, n, e, 2 * na, transform);
}

/*
 * Centroids are computed once per session and region version (a centroid
 * reads every vertex of the region: the national layer's 4 million take a
 * few hundred milliseconds), kept in a backend-local hash table by code and
 * checked against the version of the region's row of region_index, which
 * every change of the row advances.
 */
typedef struct CentroidEntry
{
	Adcode		code;			/* hash key */
	int64		version;
	double		x;
	double		y;
} CentroidEntry;

static HTAB *centroids = NULL;

/* Planar centroids (as PostGIS's ST_Centroid) of the regions codes. */
static void
RegionCentroids(const Adcode *codes, int n, double *lon, double *lat, const char *fn)
{
	RegionCache *cache = GetRegionCache();
	GEOSContextHandle_t ctx = PlacesGeos();
	int		   *idx = RegionIndexes(cache, codes, n, false, fn,
									"Centroids come from the boundaries in regional_dev.region; pass points (lon, lat) for other places.");
	CentroidEntry **entry = palloc(sizeof(CentroidEntry *) * Max(n, 1));
	Adcode	   *missing = palloc(sizeof(Adcode) * Max(n, 1));
	int		   *missing_pos = palloc(sizeof(int) * Max(n, 1));
	int			nmissing = 0;

	if (centroids == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(Adcode);
		ctl.entrysize = sizeof(CentroidEntry);
		centroids = hash_create("regional_dev region centroids", 4096, &ctl, HASH_ELEM | HASH_BLOBS);
	}
	for (int i = 0; i < n; i++)
	{
		bool		found;

		entry[i] = hash_search(centroids, &codes[i], HASH_ENTER, &found);
		if (!found || entry[i]->version != cache->regions[idx[i]].version)
		{
			entry[i]->version = -1;	/* not computed (yet) */
			missing[nmissing] = codes[i];
			missing_pos[nmissing++] = i;
		}
	}
	if (nmissing > 0)
	{
		int		   *midx = RegionIndexes(cache, missing, nmissing, true, fn, "");

		for (int m = 0; m < nmissing; m++)
		{
			int			i = missing_pos[m];
			const CachedRegion *r = &cache->regions[midx[m]];
			GEOSGeometry *c = GEOSGetCentroid_r(ctx, r->geom);
			int			ok;

			if (c == NULL)
				GeosFailed(ERRCODE_INTERNAL_ERROR, fn, "find a centroid");
			ok = GEOSGeomGetX_r(ctx, c, &entry[i]->x) && GEOSGeomGetY_r(ctx, c, &entry[i]->y);
			GEOSGeom_destroy_r(ctx, c);
			if (!ok)
				GeosFailed(ERRCODE_INTERNAL_ERROR, fn, "read a centroid");
			entry[i]->version = r->version;
		}
	}
	for (int i = 0; i < n; i++)
	{
		lon[i] = entry[i]->x;
		lat[i] = entry[i]->y;
	}
}

/*
 * The points of knn_weights and distance_band_weights, in sorted code order:
 * centroids, or the lon/lat arrays at arguments lonarg, lonarg + 1.
 */
static void
PointsOf(FunctionCallInfo fcinfo, const char *fn, int lonarg, const Adcode *codes, const int *order,
		 int n, double **lon, double **lat)
{
	*lon = palloc(sizeof(double) * Max(n, 1));
	*lat = palloc(sizeof(double) * Max(n, 1));
	if (lonarg < 0)
	{
		RegionCentroids(codes, n, *lon, *lat, fn);
		return;
	}
	{
		int			nlon,
					nlat;
		Datum	   *dlon = ArrayElements(PG_GETARG_ARRAYTYPE_P(lonarg), "lon", &nlon, fn);
		Datum	   *dlat = ArrayElements(PG_GETARG_ARRAYTYPE_P(lonarg + 1), "lat", &nlat, fn);

		if (nlon != n || nlat != n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: codes, lon and lat must have the same length", fn),
					 errdetail("codes has %d elements, lon %d, lat %d.", n, nlon, nlat)));
		for (int i = 0; i < n; i++)
		{
			double		x = DatumGetFloat8(dlon[order[i]]);
			double		y = DatumGetFloat8(dlat[order[i]]);

			if (!(x >= -180.0 && x <= 180.0 && y >= -90.0 && y <= 90.0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: the point of %06d is not a longitude and latitude in degrees: (%s, %s)",
								fn, codes[i], Float8Text(x), Float8Text(y)),
						 errhint("Longitude from -180 to 180, latitude from -90 to 90 (WGS84).")));
			(*lon)[i] = x;
			(*lat)[i] = y;
		}
	}
}

/*
 * Points as unit vectors: the squared chord |u_i - u_j|² orders pairs as the
 * great-circle distance does, with no trigonometry per pair.  Spherical
 * distances pick the candidates (with SPHERE_SLACK), WGS84 geodesics decide.
 */
static double *
UnitVectors(const double *lon, const double *lat, int n)
{
	double	   *u = palloc(sizeof(double) * 3 * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		double		phi = lat[i] * (M_PI / 180.0),
					lam = lon[i] * (M_PI / 180.0);

		u[3 * i] = cos(phi) * cos(lam);
		u[3 * i + 1] = cos(phi) * sin(lam);
		u[3 * i + 2] = sin(phi);
	}
	return u;
}

static inline double
Chord2(const double *u, int i, int j)
{
	double		dx = u[3 * i] - u[3 * j],
				dy = u[3 * i + 1] - u[3 * j + 1],
				dz = u[3 * i + 2] - u[3 * j + 2];

	return dx * dx + dy * dy + dz * dz;
}

/* squared chord of a spherical distance d (metres), capped at the antipode */
static double
ChordOf(double d)
{
	double		half = Min(d / (2.0 * EARTH_RADIUS_M), M_PI / 2.0);

	return 4.0 * sin(half) * sin(half);
}

/* spherical distance (metres) of a squared chord */
static double
DistanceOf(double c2)
{
	return 2.0 * EARTH_RADIUS_M * asin(Min(1.0, sqrt(c2) / 2.0));
}

typedef struct Cand
{
	double		d;
	int			j;
} Cand;

static int
CandCmp(const void *x, const void *y)
{
	const Cand *a = x;
	const Cand *b = y;

	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return (a->j > b->j) - (a->j < b->j);
}

/* The k-th smallest d of c[0..n-1] (0-based k), by quickselect; c is reordered. */
static double
SelectKth(Cand *c, int n, int k)
{
	int			lo = 0,
				hi = n - 1;

	while (lo < hi)
	{
		double		pivot = c[lo + (hi - lo) / 2].d;
		int			i = lo,
					j = hi;

		while (i <= j)
		{
			while (c[i].d < pivot)
				i++;
			while (c[j].d > pivot)
				j--;
			if (i <= j)
			{
				Cand		t = c[i];

				c[i++] = c[j];
				c[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return c[k].d;
}

/*
 * knn_weights(codes adcode[], k integer, transform text)
 * knn_weights(codes adcode[], lon float8[], lat float8[], k integer, transform text)
 * Each region's k nearest others by geodesic distance (WGS84); among equally
 * distant ones the lower code first.  Not symmetric, as PySAL's KNN.
 */
PG_FUNCTION_INFO_V1(knn_weights);
Datum
knn_weights(PG_FUNCTION_ARGS)
{
	const char *fn = "knn_weights";
	bool		points = PG_NARGS() == 5;
	int32		k = PG_GETARG_INT32(points ? 3 : 1);
	char		transform = ParseTransform(PG_GETARG_TEXT_PP(points ? 4 : 2), fn);
	int			n;
	int		   *order;
	Adcode	   *codes = SortedCodes(PG_GETARG_ARRAYTYPE_P(0), fn, &n, &order);
	double	   *lon,
			   *lat,
			   *u;
	Cand	   *cand;
	WEdge	   *e;
	int			ne = 0;

	if (k < 1 || k > n - 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: k must be at least 1 and less than the number of regions (%d), not %d", fn, n, k)));
	PointsOf(fcinfo, fn, points ? 1 : -1, codes, order, n, &lon, &lat);
	u = UnitVectors(lon, lat, n);
	cand = palloc(sizeof(Cand) * n);
	e = palloc(sizeof(WEdge) * ((Size) n * k));
	for (int i = 0; i < n; i++)
	{
		int			nc = 0,
					m = 0;
		double		bound;

		CHECK_FOR_INTERRUPTS();
		for (int j = 0; j < n; j++)
			if (j != i)
			{
				cand[nc].d = Chord2(u, i, j);
				cand[nc++].j = j;
			}
		/* every region within the k-th spherical distance times the slack² */
		bound = ChordOf(DistanceOf(SelectKth(cand, nc, k - 1)) * SPHERE_SLACK * SPHERE_SLACK);
		for (int t = 0; t < nc; t++)
			if (cand[t].d <= bound)
			{
				cand[m].j = cand[t].j;
				cand[m++].d = GeodesicDistance(lon[i], lat[i], lon[cand[t].j], lat[cand[t].j]);
			}
		qsort(cand, m, sizeof(Cand), CandCmp);
		for (int t = 0; t < k; t++)
			e[ne++] = (WEdge) {i, cand[t].j, 1.0, true};
	}
	return FinishBuild(fn, codes, n, e, ne, transform);
}

/*
 * distance_band_weights(codes adcode[], threshold_m float8, transform text)
 * distance_band_weights(codes adcode[], lon float8[], lat float8[], threshold_m float8, transform text)
 * Every pair at most threshold_m apart (geodesic metres, WGS84).
 */
PG_FUNCTION_INFO_V1(distance_band_weights);
Datum
distance_band_weights(PG_FUNCTION_ARGS)
{
	const char *fn = "distance_band_weights";
	bool		points = PG_NARGS() == 5;
	double		threshold = PG_GETARG_FLOAT8(points ? 3 : 1);
	char		transform = ParseTransform(PG_GETARG_TEXT_PP(points ? 4 : 2), fn);
	int			n;
	int		   *order;
	Adcode	   *codes = SortedCodes(PG_GETARG_ARRAYTYPE_P(0), fn, &n, &order);
	double	   *lon,
			   *lat,
			   *u,
				bound;
	WEdge	   *e;
	int			ne = 0,
				maxe = 64;

	if (!(threshold > 0.0 && isfinite(threshold)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: threshold_m must be a finite number greater than 0, not %s", fn, Float8Text(threshold)),
				 errhint("Give the distance in metres.")));
	PointsOf(fcinfo, fn, points ? 1 : -1, codes, order, n, &lon, &lat);
	u = UnitVectors(lon, lat, n);
	bound = ChordOf(threshold * SPHERE_SLACK);
	e = palloc(sizeof(WEdge) * maxe);
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = i + 1; j < n; j++)
		{
			if (Chord2(u, i, j) > bound || GeodesicDistance(lon[i], lat[i], lon[j], lat[j]) > threshold)
				continue;
			if (ne + 2 > maxe)
			{
				if (maxe >= SW_MAX_PAIRS)
					ereport(ERROR,
							(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							 errmsg("%s: more than %d pairs", fn, SW_MAX_PAIRS),
							 errhint("Choose a shorter threshold_m.")));
				e = repalloc(e, sizeof(WEdge) * (maxe *= 2));
			}
			e[ne++] = (WEdge) {i, j, 1.0, true};
			e[ne++] = (WEdge) {j, i, 1.0, true};
		}
	}
	return FinishBuild(fn, codes, n, e, ne, transform);
}

/* ---------- reading a value ---------- */

/* spatial_weights_pairs(w) -> TABLE(code_a adcode, code_b adcode, weight float8), transformed */
PG_FUNCTION_INFO_V1(spatial_weights_pairs);
Datum
spatial_weights_pairs(PG_FUNCTION_ARGS)
{
	SpatialWeights *s = SpatialWeightsGetArg(fcinfo, 0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	WeightsMatrix *m = WeightsAmong(s, SW_CODES(s), s->n, false, "spatial_weights_pairs");
	int32	   *codes = SW_CODES(s);

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < m->n; i++)
		for (int k = m->start[i]; k < m->start[i + 1]; k++)
		{
			Datum		values[3];
			bool		nulls[3] = {false, false, false};

			values[0] = AdcodeGetDatum(codes[i]);
			values[1] = AdcodeGetDatum(codes[m->nbr[k]]);
			values[2] = Float8GetDatum(m->w[k]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}

/* spatial_weights_islands(w) -> adcode[]: the regions without neighbours */
PG_FUNCTION_INFO_V1(spatial_weights_islands);
Datum
spatial_weights_islands(PG_FUNCTION_ARGS)
{
	SpatialWeights *s = SpatialWeightsGetArg(fcinfo, 0);
	int32	   *start = SW_START(s);
	Datum	   *d = palloc(sizeof(Datum) * Max(s->n, 1));
	int			m = 0;

	for (int i = 0; i < s->n; i++)
		if (start[i + 1] == start[i])
			d[m++] = AdcodeGetDatum(SW_CODES(s)[i]);
	/* the element type of the declared result, adcode[] */
	PG_RETURN_ARRAYTYPE_P(construct_array(d, m, get_element_type(get_fn_expr_rettype(fcinfo->flinfo)),
										  sizeof(int32), true, TYPALIGN_INT));
}

/* spatial_weights_transform(w, transform) -> the same weights with another transform */
PG_FUNCTION_INFO_V1(spatial_weights_transform);
Datum
spatial_weights_transform(PG_FUNCTION_ARGS)
{
	SpatialWeights *s = SpatialWeightsGetArg(fcinfo, 0);
	char		transform = ParseTransform(PG_GETARG_TEXT_PP(1), "spatial_weights_transform");
	SpatialWeights *r = palloc(VARSIZE(s));

	memcpy(r, s, VARSIZE(s));
	r->transform = transform;
	PG_RETURN_POINTER(r);
}

/* Cast to jsonb: {"transform": "R", "neighbors": {"310118": {"320509": 1}, ...}} (weights as given). */
PG_FUNCTION_INFO_V1(spatial_weights_to_jsonb);
Datum
spatial_weights_to_jsonb(PG_FUNCTION_ARGS)
{
	return JsonbFromCString(WeightsFormat(SpatialWeightsGetArg(fcinfo, 0), true));
}
