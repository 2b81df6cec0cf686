/*
 * spatial_weights.h
 *		The spatial_weights type (src/spatial_weights.c) and the weights
 *		matrix that the spatial statistics (src/spatial_stats.c,
 *		src/local_moran.c) compute over.
 */
#ifndef SPATIAL_WEIGHTS_H
#define SPATIAL_WEIGHTS_H

#include "regional_dev.h"

#include "summary_math.h"

#include "common/pg_prng.h"
#include "utils/array.h"

/*
 * Layout (version 1): the header, then the weights as given (before the
 * transform) float8 raw[nnz], then int32 codes[n] (sorted), int32
 * start[n + 1], int32 nbr[nnz]: the neighbours of region i are
 * nbr[start[i] .. start[i + 1]), indexes into codes, ascending.
 */
typedef struct SpatialWeights
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;			/* 0 */
	char		transform;		/* 'B' binary, 'R' row-standardized, 'O' as given */
	uint8		unused;
	int32		n;
	int32		nnz;
} SpatialWeights;

#define SW_RAW(s)		((double *) ((char *) (s) + sizeof(SpatialWeights)))
#define SW_CODES(s)		((int32 *) (SW_RAW(s) + (s)->nnz))
#define SW_START(s)		(SW_CODES(s) + (s)->n)
#define SW_NBR(s)		(SW_START(s) + (s)->n + 1)
#define SW_SIZE(n, nnz)	(sizeof(SpatialWeights) + sizeof(double) * (nnz) + \
						 sizeof(int32) * (2 * (Size) (n) + 1 + (nnz)))

/*
 * The weights among the regions a statistic is given (positions 0 .. n-1 in
 * the order given), transformed: w_ij = v[k] / div[i] for the k-th entry of
 * row i (nbr[k] = j, ascending).  v is 1 (binary) or the weight as given, div
 * the row sum (row-standardized) or 1, so that row-standardized binary
 * weights give a lag of exactly Σ z_j / c_i.
 */
typedef struct WeightsMatrix
{
	int			n;
	int		   *start;
	int		   *nbr;
	double	   *v;
	double	   *div;
	double	   *w;				/* v / div */
	int			nislands;		/* rows without a neighbour (or of weight 0) */
	bool		row_standardized;
} WeightsMatrix;

extern SpatialWeights *SpatialWeightsGetArg(FunctionCallInfo fcinfo, int argno);
extern SpatialWeights *ContiguityWeights(const Adcode *codes, int n, double tol, double min_border,
										 char transform, const char *fn);
extern WeightsMatrix *WeightsAmong(const SpatialWeights *sw, const Adcode *codes, int n,
								   bool star, const char *fn);
struct RegionCache;
extern int *RegionIndexes(struct RegionCache *cache, const Adcode *codes, int n, bool load,
						  const char *fn, const char *hint);
extern void NoticeIslands(const char *fn, const Adcode *codes, int n, const int *start,
						  const char *what, const char *hint);

/* s + v x, exactly (v x as a double-double); v = 1, binary weights, adds x itself */
static inline DDouble
DDAddWeighted(DDouble s, double v, double x)
{
	return v == 1.0 ? DDAddDouble(s, x) : DDAdd(s, DDTwoProd(v, x));
}

/* local_moran.c */
typedef struct LisaResult
{
	int			n;
	double	   *ii;
	double	   *z;				/* standardized values */
	double	   *lag;
	double	   *zsim;			/* NaN where undefined */
	double	   *psim;
	bool	   *defined;		/* false: no neighbours, or constant values */
} LisaResult;

/*
 * A local statistic as conditional permutations (LocalPermutations) recompute
 * it for region i, with j_k the neighbour at entry k of its row or the region
 * drawn in its place:
 *		stat_i = Σ_k lagw[k] y[j_k] / div[i] · fac[i] · scaling
 * (fac NULL: 1).  dir[i] is how it moves with the exact sum Σ_k v[k] x[j_k]:
 * +1 up, -1 down, 0 not at all.
 */
typedef struct LocalStatistic
{
	const double *x;			/* the values, whose exact sums decide ties */
	const double *y;			/* the values lagged */
	const double *lagw;			/* weight of each entry of the matrix: v or w */
	const double *div;			/* per region */
	const double *fac;			/* per region, or NULL */
	double		scaling;
	const int8 *dir;			/* per region */
	bool		keep_self;		/* i's own entry stays i (G_i*) */
} LocalStatistic;

extern Datum *ArrayElementsWithNulls(ArrayType *a, const char *argname, int *n, bool **nulls,
									 const char *fn);
extern Datum *ArrayElements(ArrayType *a, const char *argname, int *n, const char *fn);
extern void ReadRegionValues(const char *fn, ArrayType *codes_arr, ArrayType *vals_arr, int *n,
							 Adcode **codes, double **x);
extern LisaResult *LocalMoran(const char *fn, const Adcode *codes, const double *x, int n,
							  const WeightsMatrix *m, int32 permutations, int32 seed);
extern void LisaRow(const LisaResult *r, const Adcode *codes, int i, Datum *values, bool *nulls);
extern void LocalPermutations(const WeightsMatrix *m, const LocalStatistic *s,
							  const double *observed, const bool *defined, int32 permutations,
							  int32 seed, double *p_sim, double *z_sim);
extern Datum RowArray(FunctionCallInfo fcinfo, const char *fn, int n, int natts, Datum *values, bool *nulls);

/* morans_i.c: the pairs of a morans_i_state, sorted by code */
extern void MoransStatePairs(Datum state, int *n, Adcode **codes, double **values);

#endif							/* SPATIAL_WEIGHTS_H */
