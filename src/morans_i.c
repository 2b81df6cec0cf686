/*
 * morans_i.c
 *		morans_i(code adcode, value float8): global Moran's I over the regions
 *		given, with binary contiguity from region_neighbors(200) among them,
 *		row-standardized, and inference under normality exactly as PySAL's
 *		esda.Moran (EI, VI_norm, z_norm, two-sided p_norm).
 *
 * State type morans_i_state: the (code, value) pairs, sorted by code, so the
 * result does not depend on row order; one value per region (a code given
 * twice is an error).  Its size is bounded by the number of regions
 * (MORANS_MAX_PAIRS).  The state keeps spare room (capacity) so that the
 * transition function can insert in place inside an aggregate.
 *
 * Layout (version 1): vl_len_, version, flags (0), npairs, capacity, pairs.
 * Text form: {310118:1.5,320509:2}.
 *
 * With z = y - mean(y), w_ij = 1/k_i for the k_i neighbours j of i (0 for an
 * island), n regions:
 *	 S0 = Σ_ij w_ij,  S1 = ½ Σ_ij (w_ij + w_ji)²,  S2 = Σ_i (Σ_j w_ij + Σ_j w_ji)²
 *	 I = n / S0 · Σ_ij w_ij z_i z_j / Σ_i z_i²
 *	 EI = -1 / (n - 1)
 *	 VI = (n² S1 - n S2 + 3 S0²) / ((n - 1)(n + 1) S0²) - EI²
 *	 z = (I - EI) / sqrt(VI),  p = 2 (1 - Φ(|z|)) = erfc(|z| / √2)
 * Each is NULL where undefined: I when S0 = 0 or all values are equal, EI and
 * VI with fewer than two regions (VI also when S0 = 0), z and p when I is
 * NULL or VI ≤ 0.
 */
#include "places.h"
#include "summary_io.h"
#include "spatial_weights.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"

#define MORANS_VERSION		1
#define MORANS_MAX_PAIRS	100000
#define MORANS_TOLERANCE_M	200.0

typedef struct MoransPair
{
	int32		code;
	int32		unused;
	float8		value;
} MoransPair;

typedef struct MoransIState
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		unused;
	int32		npairs;
	int32		capacity;		/* pairs that fit; the rest is spare room */
	int32		unused2;
	MoransPair	pairs[FLEXIBLE_ARRAY_MEMBER];
} MoransIState;

#define MORANS_SIZE(cap)	(offsetof(MoransIState, pairs) + sizeof(MoransPair) * (cap))
#define PG_GETARG_MORANS_P(n)	((MoransIState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

static MoransIState *
NewStateOf(int capacity, const char *fn)
{
	MoransIState *s;

	if (capacity > MORANS_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than %d regions", fn, MORANS_MAX_PAIRS)));
	s = palloc0(MORANS_SIZE(capacity));
	SET_VARSIZE(s, MORANS_SIZE(capacity));
	s->version = MORANS_VERSION;
	s->capacity = capacity;
	return s;
}

#define NewState(capacity)	NewStateOf(capacity, "morans_i")

static int
ComparePairs(const void *a, const void *b)
{
	int32		x = ((const MoransPair *) a)->code;
	int32		y = ((const MoransPair *) b)->code;

	return (x > y) - (x < y);
}

/* The one check of text input and binary receive (pairs already sorted). */
static void
CheckMoransState(const MoransIState *s, const char *input)
{
	if (s->npairs < 0 || s->npairs > s->capacity || s->capacity > MORANS_MAX_PAIRS)
		SummaryInvalid("morans_i_state", input,
					 psprintf("At most %d regions.", MORANS_MAX_PAIRS));
	for (int i = 0; i < s->npairs; i++)
	{
		/* validated as adcode input validates */
		CheckAdcode(s->pairs[i].code, psprintf("%d", s->pairs[i].code));
		if (i > 0 && s->pairs[i].code == s->pairs[i - 1].code)
			SummaryInvalid("morans_i_state", input,
						 psprintf("Region %06d appears twice.", s->pairs[i].code));
		if (!isfinite(s->pairs[i].value))
			SummaryInvalid("morans_i_state", input, "Values must be finite numbers.");
	}
}

static void
DuplicateRegion(Adcode code, const char *fn)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: region %06d is given twice", fn, code),
			 errhint("Give one value per region, e.g. aggregate the values per region first.")));
}

/* Position of code in s, or -(insertion point) - 1. */
static int
FindPair(const MoransIState *s, Adcode code)
{
	int			lo = 0,
				hi = s->npairs - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (s->pairs[mid].code == code)
			return mid;
		if (s->pairs[mid].code < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -lo - 1;
}

/*
 * Transition: insert (code, value), in place when the state has room (it is
 * nodeAgg's, or a copy outside an aggregate: GetMutableState), else into a
 * larger copy in the per-row memory (nodeAgg copies it into the aggregate
 * context and frees the old state itself).
 */
static Datum
MoransITrans(FunctionCallInfo fcinfo, const char *fn)
{
	MoransIState *s = NULL;
	Adcode		code;
	double		value;
	int			pos;

	if (!PG_ARGISNULL(0))
		s = (MoransIState *) GetMutableState(fcinfo, 0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	code = PG_GETARG_ADCODE(1);
	value = PG_GETARG_FLOAT8(2);
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: value must be a finite number, not %s", fn, float8out_internal(value)),
				 errhint("Pass NULL for a missing value: such rows are skipped.")));

	pos = s == NULL ? -1 : FindPair(s, code);
	if (pos >= 0)
		DuplicateRegion(code, fn);
	pos = -pos - 1;
	if (s != NULL && s->npairs < s->capacity)
	{
		memmove(&s->pairs[pos + 1], &s->pairs[pos], sizeof(MoransPair) * (s->npairs - pos));
	}
	else
	{
		int			n = s == NULL ? 0 : s->npairs;
		int			capacity = Max(16, 2 * n);
		MoransIState *r;

		/* bounded by the limit (NewState raises it when n + 1 exceeds it) */
		if (capacity > MORANS_MAX_PAIRS)
			capacity = Max(MORANS_MAX_PAIRS, n + 1);
		r = NewStateOf(capacity, fn);

		if (n > 0)
		{
			memcpy(r->pairs, s->pairs, sizeof(MoransPair) * pos);
			memcpy(&r->pairs[pos + 1], &s->pairs[pos], sizeof(MoransPair) * (n - pos));
		}
		r->npairs = n;
		s = r;
	}
	s->pairs[pos].code = code;
	s->pairs[pos].unused = 0;
	s->pairs[pos].value = value;
	s->npairs++;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(morans_i_trans);
Datum
morans_i_trans(PG_FUNCTION_ARGS)
{
	return MoransITrans(fcinfo, "morans_i");
}

/* local_morans_i(code, value): the same state, its own messages */
PG_FUNCTION_INFO_V1(local_morans_i_trans);
Datum
local_morans_i_trans(PG_FUNCTION_ARGS)
{
	return MoransITrans(fcinfo, "local_morans_i");
}

PG_FUNCTION_INFO_V1(local_getis_ord_g_trans);
Datum
local_getis_ord_g_trans(PG_FUNCTION_ARGS)
{
	return MoransITrans(fcinfo, "local_getis_ord_g");
}

/*
 * Combine (and merge of two states): the union of both pair lists, in place
 * into the first when it has room (GetMutableState), never into the second.
 */
static Datum
MoransICombine(FunctionCallInfo fcinfo, const char *fn)
{
	MoransIState *a = (MoransIState *) GetMutableState(fcinfo, 0);
	MoransIState *b = PG_GETARG_MORANS_P(1);
	int			total = a->npairs + b->npairs;
	MoransIState *r;
	int			i,
				j,
				k;

	if (total > MORANS_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than %d regions", fn, MORANS_MAX_PAIRS)));
	if (a->capacity >= total)
		r = a;					/* merge from the back, in place */
	else
	{
		r = NewStateOf(total, fn);
		memcpy(r->pairs, a->pairs, sizeof(MoransPair) * a->npairs);
		r->npairs = a->npairs;
	}
	i = r->npairs - 1;
	j = b->npairs - 1;
	k = total - 1;
	while (j >= 0)
	{
		if (i >= 0 && r->pairs[i].code == b->pairs[j].code)
			DuplicateRegion(b->pairs[j].code, fn);
		if (i >= 0 && r->pairs[i].code > b->pairs[j].code)
			r->pairs[k--] = r->pairs[i--];
		else
			r->pairs[k--] = b->pairs[j--];
	}
	r->npairs = total;
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(morans_i_combine);
Datum
morans_i_combine(PG_FUNCTION_ARGS)
{
	return MoransICombine(fcinfo, "morans_i");
}

PG_FUNCTION_INFO_V1(local_morans_i_combine);
Datum
local_morans_i_combine(PG_FUNCTION_ARGS)
{
	return MoransICombine(fcinfo, "local_morans_i");
}

PG_FUNCTION_INFO_V1(local_getis_ord_g_combine);
Datum
local_getis_ord_g_combine(PG_FUNCTION_ARGS)
{
	return MoransICombine(fcinfo, "local_getis_ord_g");
}

/* The (code, value) pairs of a morans_i_state, sorted by code (local_morans_i_final). */
void
MoransStatePairs(Datum state, int *n, Adcode **codes, double **values)
{
	MoransIState *s = (MoransIState *) PG_DETOAST_DATUM(state);

	*n = s->npairs;
	*codes = palloc(sizeof(Adcode) * Max(s->npairs, 1));
	*values = palloc(sizeof(double) * Max(s->npairs, 1));
	for (int i = 0; i < s->npairs; i++)
	{
		(*codes)[i] = s->pairs[i].code;
		(*values)[i] = s->pairs[i].value;
	}
}

/* Final: the statistic, with the weights of region_neighbors(200) among the regions given. */
PG_FUNCTION_INFO_V1(morans_i_final);
Datum
morans_i_final(PG_FUNCTION_ARGS)
{
	MoransIState *s = PG_GETARG_MORANS_P(0);
	int			n = s->npairs;
	RegionCache *cache;
	int		   *position;		/* cache index -> position in s, or -1 */
	int		   *nneighbors;
	int		   *start;
	int		   *adjacent;
	int			nedges = 0,
				nislands = 0;
	double		mean = 0.0,
				zz = 0.0,
				zwz = 0.0,
				s0 = 0.0,
				s1 = 0.0,
				s2 = 0.0;
	double	   *z;
	Datum		values[5];
	bool		nulls[5] = {true, true, true, true, true};
	TupleDesc	tupdesc;
	StringInfoData islands;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("morans_i: must be called in a context that accepts a record")));
	tupdesc = BlessTupleDesc(tupdesc);
	if (n == 0)
		PG_RETURN_NULL();

	cache = GetRegionCache();
	RegionNeighbors(cache, MORANS_TOLERANCE_M);
	position = palloc(sizeof(int) * Max(cache->nregions, 1));
	for (int r = 0; r < cache->nregions; r++)
		position[r] = -1;
	for (int i = 0; i < n; i++)
	{
		int			r = RegionCacheFind(cache, s->pairs[i].code);

		if (r < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("morans_i: region %06d is not in regional_dev.region", s->pairs[i].code),
					 errhint("The weights come from the boundaries in regional_dev.region: add the region there, or leave it out.")));
		position[r] = i;
	}

	/* Adjacency among the regions given, as lists (start[i] .. start[i+1]). */
	nneighbors = palloc0(sizeof(int) * n);
	for (int e = 0; e < cache->nneighbors; e++)
	{
		int			a = position[cache->neighbors[e].a];
		int			b = position[cache->neighbors[e].b];

		if (a >= 0 && b >= 0)
		{
			nneighbors[a]++;
			nneighbors[b]++;
			nedges++;
		}
	}
	start = palloc0(sizeof(int) * (n + 1));
	for (int i = 0; i < n; i++)
		start[i + 1] = start[i] + nneighbors[i];
	adjacent = palloc(sizeof(int) * Max(2 * nedges, 1));
	{
		int		   *fill = palloc0(sizeof(int) * n);

		for (int e = 0; e < cache->nneighbors; e++)
		{
			int			a = position[cache->neighbors[e].a];
			int			b = position[cache->neighbors[e].b];

			if (a >= 0 && b >= 0)
			{
				adjacent[start[a] + fill[a]++] = b;
				adjacent[start[b] + fill[b]++] = a;
			}
		}
		pfree(fill);
	}

	/* Deviations from the mean, in code order; sums checked (22003, never NaN). */
	z = palloc(sizeof(double) * n);
	for (int i = 0; i < n; i++)
		mean = AddChecked(mean, s->pairs[i].value, "morans_i");
	mean /= n;
	for (int i = 0; i < n; i++)
	{
		z[i] = AddChecked(s->pairs[i].value, -mean, "morans_i");
		zz = AddChecked(zz, z[i] * z[i], "morans_i");
	}

	initStringInfo(&islands);
	for (int i = 0; i < n; i++)
	{
		double		col = 0.0;	/* Σ_j w_ji */
		double		lag = 0.0;	/* Σ_j w_ij z_j */
		int			k = nneighbors[i];

		for (int m = start[i]; m < start[i + 1]; m++)
		{
			int			j = adjacent[m];

			col += 1.0 / nneighbors[j];
			lag += z[j] / k;
			/* each edge once, from its first end: (w_ij + w_ji)² counted twice in S1's ½ Σ */
			if (i < j)
				s1 += (1.0 / k + 1.0 / nneighbors[j]) * (1.0 / k + 1.0 / nneighbors[j]);
		}
		if (k == 0)
		{
			if (nislands < 20)
				appendStringInfo(&islands, "%s%06d", nislands ? ", " : "", s->pairs[i].code);
			nislands++;
		}
		else
			s0 += 1.0;
		s2 += ((k > 0 ? 1.0 : 0.0) + col) * ((k > 0 ? 1.0 : 0.0) + col);
		zwz = AddChecked(zwz, z[i] * lag, "morans_i");
	}
	if (nislands > 0)
		ereport(NOTICE,
				(errmsg("morans_i: %d of %d regions have no neighbours among the regions given and keep zero weights",
						nislands, n),
				 errdetail("Without neighbours: %s%s.", islands.data, nislands > 20 ? ", ..." : "")));

	if (s0 > 0.0 && zz > 0.0)
	{
		nulls[0] = false;
		values[0] = Float8GetDatum(n / s0 * zwz / zz);
	}
	if (n >= 2)
	{
		double		ei = -1.0 / (n - 1);

		nulls[1] = false;
		values[1] = Float8GetDatum(ei);
		if (s0 > 0.0)
		{
			double		nn = (double) n * n;
			double		vi = (nn * s1 - n * s2 + 3.0 * s0 * s0) /
				((double) (n - 1) * (n + 1) * s0 * s0) - ei * ei;

			nulls[2] = false;
			values[2] = Float8GetDatum(vi);
			if (!nulls[0] && vi > 0.0)
			{
				double		zn = (DatumGetFloat8(values[0]) - ei) / sqrt(vi);

				nulls[3] = false;
				values[3] = Float8GetDatum(zn);
				nulls[4] = false;
				values[4] = Float8GetDatum(erfc(fabs(zn) / M_SQRT2));
			}
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* Sort pairs read from text or binary, then check them. */
static MoransIState *
FinishInput(MoransIState *s, const char *input)
{
	if (s->npairs > 1)
		qsort(s->pairs, s->npairs, sizeof(MoransPair), ComparePairs);
	CheckMoransState(s, input);
	return s;
}

PG_FUNCTION_INFO_V1(morans_i_state_in);
Datum
morans_i_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	TextScan	ps;
	MoransIState *s = NewState(16);

	ScanInit(&ps, str, "morans_i_state");
	ScanExpect(&ps, "{");
	if (!ScanAccept(&ps, "}"))
	{
		do
		{
			int64		code = ScanInt64(&ps, PG_INT64_MIN, PG_INT64_MAX);

			if (s->npairs == s->capacity)
			{
				MoransIState *r = NewState(Min(2 * s->capacity, MORANS_MAX_PAIRS + 1));

				memcpy(r->pairs, s->pairs, sizeof(MoransPair) * s->npairs);
				r->npairs = s->npairs;
				s = r;
			}
			if (code < PG_INT32_MIN || code > PG_INT32_MAX)
				SummaryInvalid("morans_i_state", str, "Region codes have six digits.");
			s->pairs[s->npairs].code = (int32) code;
			ScanExpect(&ps, ":");
			s->pairs[s->npairs].value = ScanFloat8(&ps);
			s->npairs++;
		} while (ScanAccept(&ps, ","));
		ScanExpect(&ps, "}");
	}
	ScanEnd(&ps);
	PG_RETURN_POINTER(FinishInput(s, str));
}

PG_FUNCTION_INFO_V1(morans_i_state_out);
Datum
morans_i_state_out(PG_FUNCTION_ARGS)
{
	MoransIState *s = PG_GETARG_MORANS_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < s->npairs; i++)
	{
		appendStringInfo(&buf, "%s%06d:", i ? "," : "", s->pairs[i].code);
		AppendFloat8Exact(&buf, s->pairs[i].value);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(morans_i_state_recv);
Datum
morans_i_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		n;
	MoransIState *s;

	SummaryRecvVersion(buf, MORANS_VERSION, "morans_i_state", true);
	n = SummaryRecvCount(buf, "morans_i_state", MORANS_MAX_PAIRS, 12);
	s = NewState(n);
	s->npairs = n;
	for (int i = 0; i < n; i++)
	{
		s->pairs[i].code = pq_getmsgint(buf, 4);
		s->pairs[i].value = pq_getmsgfloat8(buf);
	}
	PG_RETURN_POINTER(FinishInput(s, NULL));
}

PG_FUNCTION_INFO_V1(morans_i_state_send);
Datum
morans_i_state_send(PG_FUNCTION_ARGS)
{
	MoransIState *s = PG_GETARG_MORANS_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint32(&buf, s->npairs);
	for (int i = 0; i < s->npairs; i++)
	{
		pq_sendint32(&buf, s->pairs[i].code);
		pq_sendfloat8(&buf, s->pairs[i].value);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Cast to jsonb: {"310118": 1.5, ...}. */
PG_FUNCTION_INFO_V1(morans_i_state_to_jsonb);
Datum
morans_i_state_to_jsonb(PG_FUNCTION_ARGS)
{
	MoransIState *s = PG_GETARG_MORANS_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < s->npairs; i++)
	{
		appendStringInfo(&buf, "%s\"%06d\": ", i ? ", " : "", s->pairs[i].code);
		AppendFloat8Exact(&buf, s->pairs[i].value);
	}
	appendStringInfoChar(&buf, '}');
	return JsonbFromCString(buf.data);
}
