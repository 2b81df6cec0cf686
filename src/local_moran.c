/*
 * local_moran.c
 *		local_morans_i: local Moran's I (LISA) with conditional permutation
 *		inference, as PySAL's esda.Moran_Local.
 *
 * Weights: binary contiguity among the codes given, row-standardized (each
 * neighbour of i weighs 1/c_i): the pairs of region_neighbors(200) from the
 * region cache of places (exactly the weights of morans_i), or neighbour pairs
 * the caller passes.  Values are standardized
 * with the population standard deviation, z_i = (x_i - mean)/sd, and
 *		I_i = (n - 1) z_i lag_i / Σz²,	lag_i = Σ_j w_ij z_j.
 * Inference (PySAL's crand): in each of the permutations, a random draw of
 * max_card distinct positions among the n - 1 other regions stands in for the
 * neighbours of every region i (its first c_i positions); larger_i counts the
 * permuted I_i >= the observed one, is folded to permutations - larger_i when
 * that is smaller, and p_sim = (larger_i + 1)/(permutations + 1).  "Permuted
 * I_i >= observed" is decided on exact (double-double) sums of the raw values
 * of the drawn and the actual neighbours, so neighbour sets with the same sum
 * tie as they do in exact arithmetic, not as rounding happens to fall.  z is
 * PySAL's z_sim, (I_i - mean of the permuted I_i)/their standard deviation.
 * The random draws come from pg_prng (xoshiro128**) seeded with the seed
 * argument, so a seed gives the same p-values on every platform.
 */
#include "regional_dev.h"
#include "places.h"
#include "spatial_weights.h"
#include "summary_math.h"

#include "access/htup_details.h"
#include "common/pg_prng.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

/* the tolerance of region_neighbors() that morans_i uses */
#define LISA_TOLERANCE_M		200.0

typedef struct CodeIndex
{
	Adcode		code;
	int			index;
} CodeIndex;

static int
CodeIndexCmp(const void *x, const void *y)
{
	Adcode		a = ((const CodeIndex *) x)->code;
	Adcode		b = ((const CodeIndex *) y)->code;

	return (a > b) - (a < b);
}

/* Position of code among the sorted codes, or -1. */
static int
FindCode(const CodeIndex *sorted, int n, Adcode code)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (sorted[mid].code == code)
			return sorted[mid].index;
		if (sorted[mid].code < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

typedef struct Edge
{
	int			from;
	int			to;
} Edge;

static int
EdgeCmp(const void *x, const void *y)
{
	const Edge *a = x;
	const Edge *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return (a->to > b->to) - (a->to < b->to);
}

/* The elements of a one-dimensional array argument, nulls[i] true for a NULL. */
Datum *
ArrayElementsWithNulls(ArrayType *a, const char *argname, int *n, bool **nulls, const char *fn)
{
	Oid			elemtype = ARR_ELEMTYPE(a);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must be a one-dimensional array", fn, argname)));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(a, elemtype, typlen, typbyval, typalign, &elems, nulls, n);
	return elems;
}

/* The elements of a one-dimensional array argument; NULL elements are an error. */
Datum *
ArrayElements(ArrayType *a, const char *argname, int *n, const char *fn)
{
	bool	   *nulls;
	Datum	   *elems = ArrayElementsWithNulls(a, argname, n, &nulls, fn);

	for (int i = 0; i < *n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s must not contain NULL", fn, argname),
					 errdetail("Element %d is NULL.", i + 1),
					 errhint("Leave regions without a value out of both arrays.")));
	return elems;
}

/*
 * The regions and values of a statistic: codes and vals of the same length,
 * no NULLs, each code once, finite values.
 */
void
ReadRegionValues(const char *fn, ArrayType *codes_arr, ArrayType *vals_arr, int *n,
				 Adcode **codes, double **x)
{
	Datum	   *code_d,
			   *val_d;
	int			nvals;
	CodeIndex  *sorted;

	code_d = ArrayElements(codes_arr, "codes", n, fn);
	val_d = ArrayElements(vals_arr, "vals", &nvals, fn);
	if (*n != nvals)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: codes and vals must have the same length", fn),
				 errdetail("codes has %d elements, vals has %d.", *n, nvals),
				 errhint("Pass one value per region, in the order of codes (array_agg(code ORDER BY code), array_agg(value ORDER BY code)).")));
	*codes = palloc(Max(*n, 1) * sizeof(Adcode));
	*x = palloc(Max(*n, 1) * sizeof(double));
	sorted = palloc(Max(*n, 1) * sizeof(CodeIndex));
	for (int i = 0; i < *n; i++)
	{
		(*codes)[i] = sorted[i].code = DatumGetAdcode(code_d[i]);
		sorted[i].index = i;
	}
	qsort(sorted, *n, sizeof(CodeIndex), CodeIndexCmp);
	for (int i = 1; i < *n; i++)
		if (sorted[i].code == sorted[i - 1].code)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: code %06d appears more than once in codes", fn, sorted[i].code),
					 errhint("Pass each region once, with one value.")));
	for (int i = 0; i < *n; i++)
	{
		double		v = DatumGetFloat8(val_d[i]);

		if (!isfinite(v))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: value for %06d is not finite", fn, (*codes)[i]),
					 errdetail("Values must be finite numbers, not %s.",
							   isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))));
		(*x)[i] = v;
	}
	pfree(sorted);
}

/*
 * Binary contiguity among codes, row-standardized: from the pairs (na[k],
 * nb[k]) when na is given (pairs with a code not among codes, or a code
 * paired with itself, are ignored), else region_neighbors(200) from the
 * region cache.
 */
static WeightsMatrix *
ContiguityAmong(const char *fn, const Adcode *codes, int n, Datum *na_d, Datum *nb_d, int nna)
{
	WeightsMatrix *m = palloc0(sizeof(WeightsMatrix));
	CodeIndex  *sorted = palloc(Max(n, 1) * sizeof(CodeIndex));
	Edge	   *edges;
	int			nedges = 0,
				k = 0;

	for (int i = 0; i < n; i++)
	{
		sorted[i].code = codes[i];
		sorted[i].index = i;
	}
	qsort(sorted, n, sizeof(CodeIndex), CodeIndexCmp);
	if (na_d != NULL)
	{
		edges = palloc(Max(2 * nna, 1) * sizeof(Edge));
		for (int t = 0; t < nna; t++)
		{
			int			a = FindCode(sorted, n, DatumGetAdcode(na_d[t]));
			int			b = FindCode(sorted, n, DatumGetAdcode(nb_d[t]));

			if (a < 0 || b < 0 || a == b)
				continue;
			edges[nedges].from = a;
			edges[nedges++].to = b;
			edges[nedges].from = b;
			edges[nedges++].to = a;
		}
	}
	else
	{
		/* region_neighbors(200) from the cache of places, as morans_i */
		RegionCache *cache = GetRegionCache();
		int		   *position;	/* cache index -> position in codes, or -1 */

		RegionNeighbors(cache, LISA_TOLERANCE_M);
		position = palloc(Max(cache->nregions, 1) * sizeof(int));
		for (int r = 0; r < cache->nregions; r++)
			position[r] = -1;
		for (int i = 0; i < n; i++)
		{
			int			r = RegionCacheFind(cache, codes[i]);

			if (r < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: region %06d is not in regional_dev.region", fn, codes[i]),
						 errhint("The weights come from the boundaries in regional_dev.region: add the region there, leave it out, or pass neighbour pairs yourself.")));
			position[r] = i;
		}
		edges = palloc(Max(2 * cache->nneighbors, 1) * sizeof(Edge));
		for (int e = 0; e < cache->nneighbors; e++)
		{
			int			a = position[cache->neighbors[e].a];
			int			b = position[cache->neighbors[e].b];

			if (a < 0 || b < 0)
				continue;
			edges[nedges].from = a;
			edges[nedges++].to = b;
			edges[nedges].from = b;
			edges[nedges++].to = a;
		}
	}
	qsort(edges, nedges, sizeof(Edge), EdgeCmp);
	m->n = n;
	m->row_standardized = true;
	m->start = palloc0((n + 1) * sizeof(int));
	m->nbr = palloc(Max(nedges, 1) * sizeof(int));
	m->v = palloc(Max(nedges, 1) * sizeof(double));
	m->w = palloc(Max(nedges, 1) * sizeof(double));
	m->div = palloc(Max(n, 1) * sizeof(double));
	for (int t = 0; t < nedges; t++)
	{
		if (t > 0 && EdgeCmp(&edges[t], &edges[t - 1]) == 0)
			continue;
		m->nbr[k] = edges[t].to;
		m->v[k++] = 1.0;
		m->start[edges[t].from + 1]++;
	}
	for (int i = 0; i < n; i++)
	{
		int			card = m->start[i + 1];

		m->start[i + 1] += m->start[i];
		m->div[i] = card > 0 ? card : 1.0;
		if (card == 0)
			m->nislands++;
		for (int t = m->start[i]; t < m->start[i + 1]; t++)
			m->w[t] = 1.0 / m->div[i];
	}
	return m;
}

/*
 * The first k of ids (the positions 0 .. n-2 of the other regions, in any
 * order): k distinct positions drawn uniformly, by a partial Fisher-Yates
 * shuffle (uniform whatever order ids was left in).
 */
static void
DrawOthers(pg_prng_state *prng, int *ids, int k, int n)
{
	for (int t = 0; t < k; t++)
	{
		int			u = (int) pg_prng_uint64_range(prng, t, n - 2);
		int			tmp = ids[t];

		ids[t] = ids[u];
		ids[u] = tmp;
	}
}

/*
 * Conditional permutation inference of a local statistic (local_morans_i,
 * local_getis_ord_g): p_sim[i] and z_sim[i] of each region with defined[i],
 * from observed[i] and the statistic as s describes it; NaN elsewhere, and
 * everywhere with 0 permutations.
 *
 * In each permutation, a draw of max_card distinct positions (the most
 * neighbours a defined region has) among the n - 1 other regions
 * (DrawOthers) stands in for the neighbours of every region i:
 * the t-th drawn region takes the weight of i's t-th neighbour (i itself
 * stays, with keep_self).  larger_i counts the permuted statistics >= the
 * observed one, decided on the exact sums Σ v x of the drawn and of the
 * actual neighbours in the direction dir[i], so that neighbour sets with the
 * same sum tie as they do in exact arithmetic; it is folded to permutations -
 * larger_i when that is smaller, and p_sim = (larger_i + 1)/(permutations +
 * 1).  z_sim = (observed - mean)/sd of the permuted statistics (Welford).
 * Nothing is tested (p = 1, z undefined) where no neighbour is drawn, where
 * dir[i] is 0 (the statistic does not depend on the neighbours' values), or
 * where every draw has the neighbours' sum (i borders all other regions);
 * PySAL's folded count would report the smallest p possible there.
 */
void
LocalPermutations(const WeightsMatrix *m, const LocalStatistic *s, const double *observed,
				  const bool *defined, int32 permutations, int32 seed, double *p_sim, double *z_sim)
{
	int			n = m->n;
	int		   *drawn = palloc0(sizeof(int) * Max(n, 1));	/* neighbours drawn for i */
	DDouble    *obs = palloc0(sizeof(DDouble) * Max(n, 1));	/* Σ v x over them, exactly */
	int64	   *larger = palloc0(sizeof(int64) * Max(n, 1));
	int64	   *ties = palloc0(sizeof(int64) * Max(n, 1));	/* draws with the observed sum */
	double	   *rmean = palloc0(sizeof(double) * Max(n, 1));
	double	   *rm2 = palloc0(sizeof(double) * Max(n, 1));
	int			max_card = 0;

	for (int i = 0; i < n; i++)
	{
		p_sim[i] = z_sim[i] = NAN;
		if (!defined[i])
			continue;
		for (int k = m->start[i]; k < m->start[i + 1]; k++)
		{
			if (s->keep_self && m->nbr[k] == i)
				continue;
			drawn[i]++;
			obs[i] = DDAddWeighted(obs[i], m->v[k], s->x[m->nbr[k]]);
		}
		max_card = Max(max_card, drawn[i]);
	}
	if (permutations < 1)
		return;

	if (max_card > 0)
	{
		pg_prng_state prng;
		int		   *ids = palloc(sizeof(int) * Max(n - 1, 1));

		pg_prng_seed(&prng, (uint64) (int64) seed);
		for (int j = 0; j < n - 1; j++)
			ids[j] = j;
		for (int r = 0; r < permutations; r++)
		{
			CHECK_FOR_INTERRUPTS();
			DrawOthers(&prng, ids, max_card, n);
			for (int i = 0; i < n; i++)
			{
				double		lag = 0,
							rstat,
							delta,
							cmp;
				DDouble		xs = {0, 0};
				int			t = 0;

				if (!defined[i])
					continue;
				for (int k = m->start[i]; k < m->start[i + 1]; k++)
				{
					int			j;

					if (s->keep_self && m->nbr[k] == i)
					{
						lag += s->lagw[k] * s->y[i];
						continue;
					}
					/* position j among the others of i is region j, or j + 1 past i */
					j = ids[t] < i ? ids[t] : ids[t] + 1;
					t++;
					lag += s->lagw[k] * s->y[j];
					xs = DDAddWeighted(xs, m->v[k], s->x[j]);
				}
				rstat = lag / s->div[i] * (s->fac ? s->fac[i] : 1.0) * s->scaling;
				cmp = DDValue(DDAdd(xs, DDNeg(obs[i])));
				if (s->dir[i] > 0 ? cmp >= 0 : (s->dir[i] < 0 ? cmp <= 0 : true))
					larger[i]++;
				if (cmp == 0)
					ties[i]++;
				/* Welford: mean and sum of squared deviations of the permuted statistic */
				delta = rstat - rmean[i];
				rmean[i] += delta / (r + 1);
				rm2[i] += delta * (rstat - rmean[i]);
			}
		}
	}

	for (int i = 0; i < n; i++)
	{
		int64		l = Min(larger[i], permutations - larger[i]);
		double		psd = sqrt(rm2[i] / permutations);

		if (!defined[i])
			continue;
		if (drawn[i] == 0 || s->dir[i] == 0 || ties[i] == permutations)
		{
			p_sim[i] = 1.0;
			continue;
		}
		p_sim[i] = (l + 1.0) / (permutations + 1.0);
		if (psd > 0)
			z_sim[i] = (observed[i] - rmean[i]) / psd;
	}
}

/* local Moran's permutations: at least 1 (p_sim needs a draw) */
static void
CheckLisaPermutations(const char *fn, int32 permutations)
{
	if (permutations < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: permutations must be at least 1", fn),
				 errdetail("Got %d.", permutations),
				 errhint("PySAL's default is 999; p-values can be as small as 1/(permutations + 1).")));
}

/*
 * The LISA of x over the weights m, with permutations and seed: I_i, z_sim,
 * p_sim and the quadrant of each region (NULLs for a region without
 * neighbours, reported in a NOTICE).  The lag of i is Σ v_ij z_j / div_i, so
 * row-standardized binary weights give exactly the mean of the neighbours.
 */
LisaResult *
LocalMoran(const char *fn, const Adcode *codes, const double *x, int n, const WeightsMatrix *m,
		   int32 permutations, int32 seed)
{
	LisaResult *out = palloc0(sizeof(LisaResult));
	const int  *start = m->start;
	const int  *nbr = m->nbr;
	const double *v = m->v;
	double	   *z,
			   *lag,
			   *ii,
			   *zsim,
			   *psim;
	bool	   *defined;
	int8	   *dir;			/* the sign of z_i: how I_i moves with the lag */
	double		mean = 0,
				var = 0,
				sd,
				den = 0,
				scaling = 0;

	CheckLisaPermutations(fn, permutations);
	out->n = n;
	if (n == 0)
		return out;

	/* standardize (two passes, population standard deviation, as numpy's std) */
	for (int i = 0; i < n; i++)
		mean += x[i];
	mean /= n;
	for (int i = 0; i < n; i++)
		var += (x[i] - mean) * (x[i] - mean);
	var /= n;
	sd = sqrt(var);

	z = palloc(n * sizeof(double));
	lag = palloc(n * sizeof(double));
	ii = palloc(n * sizeof(double));
	zsim = palloc(n * sizeof(double));
	psim = palloc(n * sizeof(double));
	defined = palloc0(n * sizeof(bool));
	dir = palloc0(n * sizeof(int8));

	if (sd > 0)
	{
		for (int i = 0; i < n; i++)
		{
			z[i] = (x[i] - mean) / sd;
			den += z[i] * z[i];
		}
		scaling = (n - 1) / den;
		for (int i = 0; i < n; i++)
		{
			int			card = start[i + 1] - start[i];
			double		s = 0;

			if (card == 0)
				continue;
			for (int k = start[i]; k < start[i + 1]; k++)
				s += v[k] * z[nbr[k]];
			lag[i] = s / m->div[i];
			ii[i] = z[i] * lag[i] * scaling;
			defined[i] = true;
			dir[i] = (z[i] > 0) - (z[i] < 0);
		}
	}
	else
		memset(z, 0, n * sizeof(double));

	/* permuted I_i = Σ v z over the drawn / div_i · z_i (n - 1)/Σz² */
	LocalPermutations(m, &(LocalStatistic) {.x = x, .y = z, .lagw = v, .div = m->div, .fac = z,
											.scaling = scaling, .dir = dir},
					  ii, defined, permutations, seed, psim, zsim);

	/* constant values: every statistic is NULL, islands or not */
	if (sd > 0)
		NoticeIslands(fn, codes, n, start,
					  "have no neighbour among the codes given; their statistics are NULL",
					  "They still count in the mean and standard deviation, as in PySAL.");
	out->ii = ii;
	out->z = z;
	out->lag = lag;
	out->zsim = zsim;
	out->psim = psim;
	out->defined = defined;
	return out;
}

/* Row i of a LISA result: code, ii, z, p_value, quadrant. */
void
LisaRow(const LisaResult *r, const Adcode *codes, int i, Datum *values, bool *nulls)
{
	values[0] = AdcodeGetDatum(codes[i]);
	nulls[0] = false;
	for (int c = 1; c < 5; c++)
		nulls[c] = true;
	if (r->defined[i])
	{
		const char *quadrant;

		/* + 0.0 turns -0 (a zero lag times a negative z) into 0 */
		values[1] = Float8GetDatum(r->ii[i] + 0.0);
		nulls[1] = false;
		if (!isnan(r->zsim[i]))
		{
			values[2] = Float8GetDatum(r->zsim[i] + 0.0);
			nulls[2] = false;
		}
		values[3] = Float8GetDatum(r->psim[i]);
		nulls[3] = false;
		/* PySAL's quadrants: "high" means strictly above the mean */
		if (r->z[i] > 0)
			quadrant = r->lag[i] > 0 ? "HH" : "HL";
		else
			quadrant = r->lag[i] > 0 ? "LH" : "LL";
		values[4] = CStringGetTextDatum(quadrant);
		nulls[4] = false;
	}
}

/* The LISA of codes/vals (argument arrays) as the rows of a set-returning function. */
static Datum
LocalMoransI(FunctionCallInfo fcinfo, const char *fn, ArrayType *codes_arr, ArrayType *vals_arr,
			 int32 permutations, int32 seed, ArrayType *na_arr, ArrayType *nb_arr,
			 const SpatialWeights *sw)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum	   *na_d = NULL,
			   *nb_d = NULL;
	int			n,
				nna = 0,
				nnb = 0;
	Adcode	   *codes;
	double	   *x;
	WeightsMatrix *m;
	LisaResult *r;

	CheckLisaPermutations(fn, permutations);
	ReadRegionValues(fn, codes_arr, vals_arr, &n, &codes, &x);
	if (na_arr != NULL)
	{
		na_d = ArrayElements(na_arr, "neighbor_a", &nna, fn);
		nb_d = ArrayElements(nb_arr, "neighbor_b", &nnb, fn);
		if (nna != nnb)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: neighbor_a and neighbor_b must have the same length", fn),
					 errdetail("neighbor_a has %d elements, neighbor_b has %d.", nna, nnb)));
	}

	InitMaterializedSRF(fcinfo, 0);
	if (n == 0)
		return (Datum) 0;
	m = sw ? WeightsAmong(sw, codes, n, false, fn) : ContiguityAmong(fn, codes, n, na_d, nb_d, nna);
	r = LocalMoran(fn, codes, x, n, m, permutations, seed);
	for (int i = 0; i < n; i++)
	{
		Datum		values[5];
		bool		nulls[5];

		LisaRow(r, codes, i, values, nulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * local_morans_i(codes adcode[], vals float8[], permutations integer, seed integer)
 *		-> TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
 * with the weights of morans_i (region_neighbors(200) among the codes);
 * local_morans_i(codes, vals, weights spatial_weights, permutations, seed)
 * with the weights given.
 */
PG_FUNCTION_INFO_V1(local_morans_i);
Datum
local_morans_i(PG_FUNCTION_ARGS)
{
	if (PG_NARGS() == 5)
		return LocalMoransI(fcinfo, "local_morans_i", PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1),
							PG_GETARG_INT32(3), PG_GETARG_INT32(4), NULL, NULL,
							SpatialWeightsGetArg(fcinfo, 2));
	return LocalMoransI(fcinfo, "local_morans_i", PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1),
						PG_GETARG_INT32(2), PG_GETARG_INT32(3), NULL, NULL, NULL);
}

/*
 * local_morans_i_neighbors(codes adcode[], vals float8[], neighbor_a adcode[],
 *		neighbor_b adcode[], permutations integer, seed integer)
 * with the contiguity pairs (neighbor_a[k], neighbor_b[k]).
 */
PG_FUNCTION_INFO_V1(local_morans_i_neighbors);
Datum
local_morans_i_neighbors(PG_FUNCTION_ARGS)
{
	return LocalMoransI(fcinfo, "local_morans_i_neighbors", PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1),
						PG_GETARG_INT32(4), PG_GETARG_INT32(5),
						PG_GETARG_ARRAYTYPE_P(2), PG_GETARG_ARRAYTYPE_P(3), NULL);
}

/*
 * The rows values/nulls (n rows of natts columns) as an array of the
 * composite type whose array the function returns: how the aggregates
 * local_morans_i and local_getis_ord_g return one value per group.
 */
Datum
RowArray(FunctionCallInfo fcinfo, const char *fn, int n, int natts, Datum *values, bool *nulls)
{
	Oid			elemtype = get_element_type(get_fn_expr_rettype(fcinfo->flinfo));
	TupleDesc	tupdesc;
	Datum	   *rows;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (!OidIsValid(elemtype))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s: must return an array of rows", fn)));
	tupdesc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(elemtype, -1));
	if (tupdesc->natts != natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: the result type has %d columns, not %d", fn, tupdesc->natts, natts)));
	rows = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
		rows[i] = HeapTupleGetDatum(heap_form_tuple(tupdesc, &values[natts * i], &nulls[natts * i]));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(rows, n, elemtype, typlen, typbyval, typalign));
}

/*
 * local_morans_i_final(morans_i_state) -> local_morans_i_result[]: the
 * aggregate local_morans_i(code, value), with the weights and defaults of
 * the array form (region_neighbors(200), 999 permutations, seed 0).  An
 * aggregate returns one value per group, so the rows come as an array of
 * the result type: unnest() it for rows.
 */
PG_FUNCTION_INFO_V1(local_morans_i_final);
Datum
local_morans_i_final(PG_FUNCTION_ARGS)
{
	const char *fn = "local_morans_i";
	int			n;
	Adcode	   *codes;
	double	   *x;
	LisaResult *r;
	Datum	   *values;
	bool	   *nulls;

	MoransStatePairs(PG_GETARG_DATUM(0), &n, &codes, &x);
	r = LocalMoran(fn, codes, x, n, ContiguityAmong(fn, codes, n, NULL, NULL, 0), 999, 0);
	values = palloc(sizeof(Datum) * 5 * Max(n, 1));
	nulls = palloc(sizeof(bool) * 5 * Max(n, 1));
	for (int i = 0; i < n; i++)
		LisaRow(r, codes, i, &values[5 * i], &nulls[5 * i]);
	return RowArray(fcinfo, fn, n, 5, values, nulls);
}
