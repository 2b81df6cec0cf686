/*
 * spatial_stats.c
 *		Global spatial autocorrelation over a spatial_weights value (Moran's
 *		I, Geary's C, Getis-Ord General G) and the local Getis-Ord G_i / G_i*,
 *		with the inference PySAL's esda reports under the same names; and
 *		fdr_cutoff, esda's false discovery rate cut-off for local p-values.
 *		Local Moran over weights is in local_moran.c; the formulas are in
 *		doc/spatial-stats.md.
 *
 * Weights w_ij among the n regions given (spatial_weights.c: WeightsAmong),
 * S0 = Σ_ij w_ij, S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (Σ_j w_ij + Σ_j w_ji)².
 * Permutations shuffle the values over the regions (Fisher-Yates, pg_prng
 * seeded with the seed, so a seed gives the same answer on every platform);
 * p_sim = (min(larger, permutations - larger) + 1) / (permutations + 1) with
 * larger the permuted statistics >= the observed one, as esda.  Everything
 * undefined (too few regions, no weights, constant values) is NULL.
 */
#include "regional_dev.h"
#include "spatial_weights.h"
#include "summary_io.h"

#include <math.h>

#include "access/htup_details.h"
#include "common/pg_prng.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

/* 1 - Φ(|z|), computed without cancellation */
static double
UpperTail(double z)
{
	return 0.5 * erfc(fabs(z) / M_SQRT2);
}

/* w_ji, or 0 (row j's neighbours are ascending) */
static double
WeightOf(const WeightsMatrix *m, int j, int i)
{
	int			lo = m->start[j],
				hi = m->start[j + 1] - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (m->nbr[mid] == i)
			return m->w[mid];
		if (m->nbr[mid] < i)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0.0;
}

static void
WeightSums(const WeightsMatrix *m, double *s0, double *s1, double *s2)
{
	double	   *col = palloc0(sizeof(double) * Max(m->n, 1));

	*s0 = *s1 = *s2 = 0;
	for (int i = 0; i < m->n; i++)
		for (int k = m->start[i]; k < m->start[i + 1]; k++)
		{
			int			j = m->nbr[k];
			double		wji = WeightOf(m, j, i);

			*s0 += m->w[k];
			col[j] += m->w[k];
			/* each unordered pair once: ½ Σ over both orders */
			if (wji == 0.0)
				*s1 += m->w[k] * m->w[k];
			else if (i < j)
				*s1 += (m->w[k] + wji) * (m->w[k] + wji);
		}
	for (int i = 0; i < m->n; i++)
	{
		double		row = 0;

		for (int k = m->start[i]; k < m->start[i + 1]; k++)
			row += m->w[k];
		*s2 += (row + col[i]) * (row + col[i]);
	}
	pfree(col);
}

/* Σ_ij w_ij a_i b_j */
static double
CrossSum(const WeightsMatrix *m, const double *a, const double *b)
{
	double		s = 0;

	for (int i = 0; i < m->n; i++)
	{
		double		lag = 0;

		for (int k = m->start[i]; k < m->start[i + 1]; k++)
			lag += m->w[k] * b[m->nbr[k]];
		s += a[i] * lag;
	}
	return s;
}

/* Σ_ij w_ij (y_i - y_j)² */
static double
SquaredDiffSum(const WeightsMatrix *m, const double *y)
{
	double		s = 0;

	for (int i = 0; i < m->n; i++)
		for (int k = m->start[i]; k < m->start[i + 1]; k++)
		{
			double		d = y[i] - y[m->nbr[k]];

			s += m->w[k] * d * d;
		}
	return s;
}

typedef enum GlobalStat
{
	STAT_MORAN,
	STAT_GEARY,
	STAT_G
} GlobalStat;

/* The statistic for values y (Moran and Geary: deviations from the mean). */
static double
Statistic(GlobalStat which, const WeightsMatrix *m, const double *y, double s0, double den)
{
	switch (which)
	{
		case STAT_MORAN:
			return m->n / s0 * CrossSum(m, y, y) / den;
		case STAT_GEARY:
			return (m->n - 1) * SquaredDiffSum(m, y) / den;
		case STAT_G:
			return CrossSum(m, y, y) / den;
	}
	pg_unreachable();
}

typedef struct SimSummary
{
	bool		done;
	double		mean;
	double		var;			/* population variance, as numpy's var */
	double		p_sim;
} SimSummary;

/* permutations of y: the permuted statistics' mean, variance and pseudo p-value */
static SimSummary
Simulate(GlobalStat which, const WeightsMatrix *m, const double *y, double s0, double den,
		 double observed, int32 permutations, int32 seed)
{
	SimSummary	r = {false, 0, 0, 0};
	double	   *p = palloc(sizeof(double) * m->n);
	pg_prng_state prng;
	int64		larger = 0;
	double		m2 = 0;

	if (permutations == 0 || m->n < 2)
		return r;
	memcpy(p, y, sizeof(double) * m->n);
	pg_prng_seed(&prng, (uint64) (int64) seed);
	for (int t = 0; t < permutations; t++)
	{
		double		s,
					delta;

		CHECK_FOR_INTERRUPTS();
		for (int i = m->n - 1; i > 0; i--)
		{
			int			j = (int) pg_prng_uint64_range(&prng, 0, i);
			double		tmp = p[i];

			p[i] = p[j];
			p[j] = tmp;
		}
		s = Statistic(which, m, p, s0, den);
		if (s >= observed)
			larger++;
		delta = s - r.mean;
		r.mean += delta / (t + 1);
		m2 += delta * (s - r.mean);
	}
	if (permutations - larger < larger)
		larger = permutations - larger;
	r.p_sim = (larger + 1.0) / (permutations + 1.0);
	r.var = m2 / permutations;
	r.done = true;
	pfree(p);
	return r;
}

typedef struct Out
{
	Datum		values[16];
	bool		nulls[16];
} Out;

static void
Put(Out *o, int col, double v)
{
	if (isfinite(v))
	{
		o->values[col] = Float8GetDatum(v);
		o->nulls[col] = false;
	}
}

/* z and its p (two-sided or 1 - Φ(|z|)) at cols; NULL unless the variance is positive */
static void
PutZ(Out *o, int col, double stat, double expected, double variance, bool two_sided)
{
	double		z;

	if (!(variance > 0) || !isfinite(stat) || !isfinite(expected))
		return;
	z = (stat - expected) / sqrt(variance);
	Put(o, col, z);
	Put(o, col + 1, (two_sided ? 2.0 : 1.0) * UpperTail(z));
}

/* a variance, its square root, z and p at cols col .. col + 3 */
static void
PutVariance(Out *o, int col, double stat, double expected, double variance, bool two_sided)
{
	Put(o, col, variance);
	if (variance >= 0)
		Put(o, col + 1, sqrt(variance));
	PutZ(o, col + 2, stat, expected, variance, two_sided);
}

/* ei_sim, vi_sim, sei_sim, z_sim, p_sim, p_z_sim at cols col .. col + 5 */
static void
PutSim(Out *o, int col, const SimSummary *sim, double observed)
{
	if (!sim->done || !isfinite(observed))
		return;
	Put(o, col, sim->mean);
	Put(o, col + 1, sim->var);
	Put(o, col + 2, sqrt(sim->var));
	Put(o, col + 4, sim->p_sim);
	if (sim->var > 0)
	{
		double		z = (observed - sim->mean) / sqrt(sim->var);

		Put(o, col + 3, z);
		Put(o, col + 5, UpperTail(z));
	}
}

/* permutations of the statistics here: at least 0 (0: no permutation inference) */
static void
CheckPermutations(const char *fn, int32 permutations)
{
	if (permutations < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: permutations must be at least 0, not %d", fn, permutations),
				 errhint("0 leaves out the permutation inference; PySAL's default is 999.")));
}

/*
 * morans_i / gearys_c / getis_ord_g (codes adcode[], vals float8[],
 * weights spatial_weights, permutations integer, seed integer).
 */
static Datum
GlobalStatistic(FunctionCallInfo fcinfo, GlobalStat which, const char *fn)
{
	SpatialWeights *sw = SpatialWeightsGetArg(fcinfo, 2);
	int32		permutations = PG_GETARG_INT32(3);
	int32		seed = PG_GETARG_INT32(4);
	int			n;
	Adcode	   *codes;
	double	   *x,
			   *y;
	WeightsMatrix *m;
	TupleDesc	tupdesc;
	Out			o;
	double		s0,
				s1,
				s2,
				mean = 0,
				m2 = 0,
				m4 = 0,
				sum = 0,
				sum2 = 0,
				sum3 = 0,
				sum4 = 0,
				den,
				nn,
				stat = NAN;
	int			simcol;			/* the first column of the permutation inference */
	SimSummary	sim = {false, 0, 0, 0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s: must be called in a context that accepts a record", fn)));
	tupdesc = BlessTupleDesc(tupdesc);
	CheckPermutations(fn, permutations);
	ReadRegionValues(fn, PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1), &n, &codes, &x);
	if (n == 0)
		PG_RETURN_NULL();
	m = WeightsAmong(sw, codes, n, false, fn);
	WeightSums(m, &s0, &s1, &s2);
	for (int i = 0; i < tupdesc->natts && i < 16; i++)
		o.nulls[i] = true;

	for (int i = 0; i < n; i++)
		mean += x[i];
	mean /= n;
	y = palloc(sizeof(double) * n);
	for (int i = 0; i < n; i++)
	{
		double		d = x[i] - mean;

		y[i] = which == STAT_G ? x[i] : d;
		m2 += d * d;
		m4 += d * d * d * d;
		sum += x[i];
		sum2 += x[i] * x[i];
		sum3 += x[i] * x[i] * x[i];
		sum4 += x[i] * x[i] * x[i] * x[i];
	}

	nn = (double) n * n;
	if (which == STAT_MORAN || which == STAT_GEARY)
	{
		double		k = (m4 / n) / ((m2 / n) * (m2 / n));	/* kurtosis */
		double		e = which == STAT_MORAN ? -1.0 / (n - 1) : 1.0;
		double		vnorm = NAN,
					vrand = NAN;

		den = which == STAT_MORAN ? m2 : 2.0 * s0 * m2;
		if (s0 > 0 && m2 > 0 && n >= 2)
			stat = Statistic(which, m, y, s0, den);
		if (n >= 2 && s0 > 0)
		{
			if (which == STAT_MORAN)
				vnorm = (nn * s1 - n * s2 + 3 * s0 * s0) / ((n - 1.0) * (n + 1.0) * s0 * s0) - e * e;
			else
				vnorm = ((2 * s1 + s2) * (n - 1) - 4 * s0 * s0) / (2 * (n + 1.0) * s0 * s0);
		}
		if (n >= 4 && s0 > 0 && m2 > 0)
		{
			if (which == STAT_MORAN)
			{
				double		a = n * ((nn - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0);
				double		b = k * ((nn - n) * s1 - 2 * n * s2 + 6 * s0 * s0);

				vrand = (a - b) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s0 * s0) - e * e;
			}
			else
			{
				double		a = (n - 1) * s1 * (nn - 3 * n + 3 - (n - 1) * k);
				double		b = 0.25 * ((n - 1) * s2 * (nn + 3 * n - 6 - (nn - n + 2) * k));
				double		c = s0 * s0 * (nn - 3 - (n - 1.0) * (n - 1.0) * k);

				vrand = (a - b + c) / (n * (n - 2.0) * (n - 3.0) * s0 * s0);
			}
		}
		/* i/c, ei/ec, vi_norm, sei_norm, z_norm, p_norm, vi_rand, sei_rand, z_rand, p_rand, sim... */
		Put(&o, 0, stat);
		if (n >= 2)
			Put(&o, 1, e);
		PutVariance(&o, 2, stat, e, vnorm, true);
		PutVariance(&o, 6, stat, e, vrand, true);
		simcol = 10;
	}
	else
	{
		double		eg = NAN,
					vg = NAN;

		den = sum * sum - sum2;
		if (s0 > 0 && den != 0 && n >= 2)
			stat = Statistic(which, m, y, s0, den);
		if (n >= 2)
			eg = s0 / ((double) n * (n - 1));
		if (n >= 4 && den != 0)
		{
			double		s02 = s0 * s0;
			double		b0 = (nn - 3 * n + 3) * s1 - n * s2 + 3 * s02;
			double		b1 = -((nn - n) * s1 - 2 * n * s2 + 6 * s02);
			double		b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s02);
			double		b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s02;
			double		b4 = s1 - s2 + s02;
			double		eg2 = (b0 * sum2 * sum2 + b1 * sum4 + b2 * sum * sum * sum2 +
							   b3 * sum * sum3 + b4 * sum * sum * sum * sum) /
				(den * den * n * (n - 1.0) * (n - 2.0) * (n - 3.0));

			vg = eg2 - eg * eg;
		}
		/* g, eg, vg, seg, z_norm, p_norm, sim... */
		Put(&o, 0, stat);
		Put(&o, 1, eg);
		PutVariance(&o, 2, stat, eg, vg, false);
		simcol = 6;
	}
	/* the permutation inference (esda's G too reports p_z_sim as 1 - Φ(|z_sim|)) */
	if (isfinite(stat))
		sim = Simulate(which, m, y, s0, den, stat, permutations, seed);
	PutSim(&o, simcol, &sim, stat);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, o.values, o.nulls)));
}

/* morans_i(codes, vals, weights, permutations, seed) -> morans_i_inference */
PG_FUNCTION_INFO_V1(morans_i);
Datum
morans_i(PG_FUNCTION_ARGS)
{
	return GlobalStatistic(fcinfo, STAT_MORAN, "morans_i");
}

PG_FUNCTION_INFO_V1(gearys_c);
Datum
gearys_c(PG_FUNCTION_ARGS)
{
	return GlobalStatistic(fcinfo, STAT_GEARY, "gearys_c");
}

PG_FUNCTION_INFO_V1(getis_ord_g);
Datum
getis_ord_g(PG_FUNCTION_ARGS)
{
	return GlobalStatistic(fcinfo, STAT_G, "getis_ord_g");
}

/*
 * local_getis_ord_g(codes adcode[], vals float8[], weights spatial_weights,
 *		star boolean, permutations integer, seed integer)
 *		-> TABLE(code, g, eg, vg, z, p_norm, z_sim, p_sim, label)
 * G_i = Σ_j w_ij y_j / Σ_{j≠i} y_j (G_i*: i among its own neighbours, weight
 * 1 before the transform, and Σ_j y_j).  With N the regions that count
 * (n - 1, or n for G_i*), ȳ and s² their mean and population variance, W_i
 * = Σ_j w_ij and S_i = Σ_j w_ij²:
 *	 E[G_i] = W_i / N,  V[G_i] = (N S_i - W_i²) / ((N - 1) N²) · s² / ȳ²
 * (Ord and Getis 1995), esda's G_Local for binary weights (S_i = W_i).
 * Conditional permutations: the neighbours of i drawn from the others (i keeps
 * its own weight in G_i*); "permuted >= observed" decided on exact sums.
 */
/* Local G_i (star: G_i*) of x over the weights m: one row per region, in the order given. */
static Out *
LocalG(const char *fn, const Adcode *codes, const double *x, int n, const WeightsMatrix *m, bool star,
	   int32 permutations, int32 seed)
{
	double		sum = 0,
				sum2 = 0;
	double	   *g,
			   *eg,
			   *vg,
			   *tot,
			   *psim,
			   *zsim;
	bool	   *defined;
	int8	   *dir;			/* the sign of the divisor: how G_i moves with the lag */
	Out		   *rows = palloc(sizeof(Out) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		sum += x[i];
		sum2 += x[i] * x[i];
	}
	g = palloc0(sizeof(double) * n);
	eg = palloc0(sizeof(double) * n);
	vg = palloc0(sizeof(double) * n);
	tot = palloc0(sizeof(double) * n);
	psim = palloc(sizeof(double) * n);
	zsim = palloc(sizeof(double) * n);
	defined = palloc0(sizeof(bool) * n);
	dir = palloc0(sizeof(int8) * n);

	for (int i = 0; i < n; i++)
	{
		int			nn = n - (star ? 0 : 1);
		double		tot2 = star ? sum2 : sum2 - x[i] * x[i];
		double		ybar,
					s2,
					wsum = 0,
					w2 = 0,
					lag = 0;

		tot[i] = star ? sum : sum - x[i];
		/* G_i* of a region without neighbours is defined (its own weight) */
		if (m->start[i + 1] == m->start[i] || tot[i] == 0 || nn < 2)
			continue;
		for (int k = m->start[i]; k < m->start[i + 1]; k++)
		{
			lag += m->w[k] * x[m->nbr[k]];
			wsum += m->w[k];
			w2 += m->w[k] * m->w[k];
		}
		ybar = tot[i] / nn;
		s2 = tot2 / nn - ybar * ybar;
		g[i] = lag / tot[i];
		eg[i] = wsum / nn;
		vg[i] = (nn * w2 - wsum * wsum) / ((nn - 1.0) * nn * nn) * s2 / (ybar * ybar);
		defined[i] = true;
		dir[i] = tot[i] > 0 ? 1 : -1;
	}
	/* permuted G_i = Σ w x over the drawn (and i itself in G_i*) / tot_i */
	LocalPermutations(m, &(LocalStatistic) {.x = x, .y = x, .lagw = m->w, .div = tot, .scaling = 1.0,
											.dir = dir, .keep_self = star},
					  g, defined, permutations, seed, psim, zsim);

	for (int i = 0; i < n; i++)
	{
		Out		   *o = &rows[i];

		for (int c = 0; c < 9; c++)
			o->nulls[c] = true;
		o->values[0] = AdcodeGetDatum(codes[i]);
		o->nulls[0] = false;
		if (defined[i])
		{
			Put(o, 1, g[i] + 0.0);
			Put(o, 2, eg[i]);
			Put(o, 3, vg[i]);
			PutZ(o, 4, g[i], eg[i], vg[i], false);
			/* NaN (left NULL) without permutations */
			Put(o, 6, zsim[i]);
			Put(o, 7, psim[i]);
			if (!o->nulls[4])
			{
				double		z = DatumGetFloat8(o->values[4]);

				if (z != 0)
				{
					o->values[8] = CStringGetTextDatum(z > 0 ? "hot" : "cold");
					o->nulls[8] = false;
				}
			}
		}
	}
	if (m->nislands > 0 && !star)
		NoticeIslands(fn, codes, n, m->start, "have no neighbours", "Their statistics are NULL.");
	return rows;
}

PG_FUNCTION_INFO_V1(local_getis_ord_g);
Datum
local_getis_ord_g(PG_FUNCTION_ARGS)
{
	const char *fn = "local_getis_ord_g";
	SpatialWeights *sw = SpatialWeightsGetArg(fcinfo, 2);
	bool		star = PG_GETARG_BOOL(3);
	int32		permutations = PG_GETARG_INT32(4);
	int32		seed = PG_GETARG_INT32(5);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n;
	Adcode	   *codes;
	double	   *x;
	Out		   *rows;

	CheckPermutations(fn, permutations);
	ReadRegionValues(fn, PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1), &n, &codes, &x);
	InitMaterializedSRF(fcinfo, 0);
	if (n == 0)
		return (Datum) 0;
	rows = LocalG(fn, codes, x, n, WeightsAmong(sw, codes, n, star, fn), star, permutations, seed);
	for (int i = 0; i < n; i++)
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, rows[i].values, rows[i].nulls);
	return (Datum) 0;
}

/*
 * local_getis_ord_g_final(morans_i_state) -> local_getis_ord_g_result[]: the
 * aggregate local_getis_ord_g(code, value), the hot-spot analysis: G_i* with
 * binary contiguity region_neighbors(200), 999 permutations, seed 0; the
 * rows as an array, as the aggregate local_morans_i.
 */
PG_FUNCTION_INFO_V1(local_getis_ord_g_final);
Datum
local_getis_ord_g_final(PG_FUNCTION_ARGS)
{
	const char *fn = "local_getis_ord_g";
	int			n;
	Adcode	   *codes;
	double	   *x;
	SpatialWeights *sw;
	Out		   *rows;
	Datum	   *values;
	bool	   *nulls;

	MoransStatePairs(PG_GETARG_DATUM(0), &n, &codes, &x);
	sw = ContiguityWeights(codes, n, 200.0, 0.0, 'B', fn);
	rows = LocalG(fn, codes, x, n, WeightsAmong(sw, codes, n, true, fn), true, 999, 0);
	values = palloc(sizeof(Datum) * 9 * Max(n, 1));
	nulls = palloc(sizeof(bool) * 9 * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		memcpy(&values[9 * i], rows[i].values, sizeof(Datum) * 9);
		memcpy(&nulls[9 * i], rows[i].nulls, sizeof(bool) * 9);
	}
	return RowArray(fcinfo, fn, n, 9, values, nulls);
}

/*
 * fdr_cutoff(p_values float8[], alpha float8) -> float8: esda's fdr, the
 * Benjamini-Hochberg cut-off: with the m p-values (NULLs left out) sorted
 * p_(1) <= ... <= p_(m), k α / m for the largest k with p_(k) < k α / m,
 * else α / m.  The p-values below the cut-off are significant.
 */
PG_FUNCTION_INFO_V1(fdr_cutoff);
Datum
fdr_cutoff(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	double		alpha = PG_GETARG_FLOAT8(1);
	Datum	   *d;
	bool	   *nulls;
	int			n,
				m = 0;
	double	   *p;

	if (!(alpha > 0 && alpha <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fdr_cutoff: alpha must be greater than 0 and at most 1, not %s", Float8Text(alpha))));
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fdr_cutoff: p_values must be a one-dimensional array")));
	deconstruct_array(arr, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &d, &nulls, &n);
	p = palloc(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		double		v;

		if (nulls[i])
			continue;
		v = DatumGetFloat8(d[i]);
		if (!(v >= 0 && v <= 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("fdr_cutoff: p-value %s is not between 0 and 1", Float8Text(v))));
		p[m++] = v;
	}
	if (m == 0)
		PG_RETURN_NULL();
	qsort(p, m, sizeof(double), CompareFloat8);
	for (int k = m; k >= 1; k--)
		if (p[k - 1] < k * alpha / m)
			PG_RETURN_FLOAT8(k * alpha / m);
	PG_RETURN_FLOAT8(alpha / m);
}
