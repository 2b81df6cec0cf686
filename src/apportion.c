/*
 * apportion.c
 *		apportion(source_geom, source_value, target_geom): areal-weighted
 *		interpolation, Σ value × area(source ∩ target) / area(source), and its
 *		state type apportion_state.
 *
 * Each row is self-contained, so the state is a sum: the compensated sum of
 * every summary (summary_math.h), stored as its non-zero words in ascending
 * magnitude, "partials" (lo, hi).  regional_dev 1.0 kept an exact expansion
 * of up to APPORTION_MAX_PARTIALS partials; such states still read, and are
 * added up into a sum of two words as they are read.
 *
 * Layout (version 1): vl_len_, version, flags (0), npartials, rows used,
 * invalid geometries repaired, partials (ascending magnitude).
 * Text form: {rows:2,repaired:0,partials:[1.5,-2.2e-17]}.
 */
#include "places.h"
#include "summary_io.h"

#include <math.h>

#include "access/xact.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"

#define APPORTION_VERSION		1
#define APPORTION_MAX_PARTIALS	64

typedef struct ApportionState
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		npartials;
	int32		unused;
	int64		rows;			/* rows that contributed */
	int64		repaired;		/* invalid geometries made valid */
	float8		partials[FLEXIBLE_ARRAY_MEMBER];
} ApportionState;

#define APPORTION_SIZE(n)	(offsetof(ApportionState, partials) + sizeof(float8) * (n))
#define PG_GETARG_APPORTION_P(n)	((ApportionState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

static ApportionState *
NewState(int npartials)
{
	ApportionState *s = SummaryAlloc(APPORTION_SIZE(npartials), APPORTION_VERSION);

	s->npartials = npartials;
	return s;
}

/* The one check of text input and binary receive. */
static void
CheckApportionState(const ApportionState *s, const char *input)
{
	if (s->rows < 0 || s->repaired < 0)
		SummaryInvalid("apportion_state", input, "rows and repaired must not be negative.");
	if (s->npartials > APPORTION_MAX_PARTIALS)
		SummaryInvalid("apportion_state", input,
					 psprintf("At most %d partials.", APPORTION_MAX_PARTIALS));
	for (int i = 0; i < s->npartials; i++)
		if (!isfinite(s->partials[i]))
			SummaryInvalid("apportion_state", input, "Partials must be finite numbers.");
}

/* The sum held by a state (1.0's longer expansions added up, smallest first). */
static DDouble
StateSum(const ApportionState *s)
{
	DDouble		sum = {0, 0};

	for (int i = 0; i < s->npartials; i++)
		SumAdd(&sum, s->partials[i], "apportion");
	return sum;
}

/* A new state: s's sum plus xs[0..nx), rows and repaired increased. */
static ApportionState *
StateAdd(const ApportionState *s, const double *xs, int nx, int64 rows, int64 repaired)
{
	DDouble		sum = StateSum(s);
	ApportionState *r;
	int			n = 0;

	for (int i = 0; i < nx; i++)
		SumAdd(&sum, xs[i], "apportion");
	sum = DDNormalize(sum);
	r = NewState(2);
	if (sum.lo != 0)
		r->partials[n++] = sum.lo;
	if (sum.hi != 0)
		r->partials[n++] = sum.hi;
	r->npartials = n;
	SET_VARSIZE(r, APPORTION_SIZE(n));
	r->rows = s->rows + rows;
	r->repaired = s->repaired + repaired;
	return r;
}

/*
 * Geometries already read, by their EWKB.  An apportion() query meets the
 * same geometries again and again (each target with every source, or the
 * other way round), and reading a district, checking its validity and
 * preparing it costs far more than the row's own work; the cache keeps the
 * last GEOM_CACHE_SLOTS of them, at most GEOM_CACHE_BYTES of EWKB, until the
 * end of the transaction.  Entries are found by content, so they never go
 * stale.
 */
#define GEOM_CACHE_SLOTS	64
#define GEOM_CACHE_BYTES	(16 * 1024 * 1024)

typedef struct CachedGeom
{
	char	   *ewkb;			/* NULL: free slot */
	int			len;
	uint32		hash;
	GEOSGeometry *geom;			/* valid and polygonal */
	const GEOSPreparedGeometry *prepared;
	bool		repaired;		/* the input was invalid */
	int			npoints;
	double		area;
	double		xmin,
				ymin,
				xmax,
				ymax;
} CachedGeom;

static CachedGeom geom_cache[GEOM_CACHE_SLOTS];
static int	geom_cache_victim = 0;
static Size geom_cache_bytes = 0;
static MemoryContext geom_cache_context = NULL;

static void
FreeCachedGeom(CachedGeom *c)
{
	GEOSContextHandle_t ctx = PlacesGeos();

	if (c->ewkb == NULL)
		return;
	if (c->prepared != NULL)
		GEOSPreparedGeom_destroy_r(ctx, c->prepared);
	GEOSGeom_destroy_r(ctx, c->geom);
	pfree(c->ewkb);
	geom_cache_bytes -= c->len;
	memset(c, 0, sizeof(CachedGeom));
}

/* End of transaction: drop the cache (never raises an error). */
static void
GeomCacheXactCallback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PREPARE ||
		event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT)
	{
		for (int i = 0; i < GEOM_CACHE_SLOTS; i++)
			FreeCachedGeom(&geom_cache[i]);
	}
}

/*
 * Read a geometry argument (made valid and polygonal if it is not) into a
 * cache slot, or find it there.  The slot "keep" is never evicted (the other
 * argument of the same row).
 */
static CachedGeom *
GeomCacheLookup(bytea *ewkb, const char *argname, const CachedGeom *keep)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	const char *data = VARDATA_ANY(ewkb);
	int			len = VARSIZE_ANY_EXHDR(ewkb);
	uint32		hash = hash_bytes((const unsigned char *) data, len);
	CachedGeom	entry;
	CachedGeom *slot;
	GeosBag    *bag;

	for (int i = 0; i < GEOM_CACHE_SLOTS; i++)
	{
		CachedGeom *c = &geom_cache[i];

		if (c->ewkb != NULL && c->hash == hash && c->len == len && memcmp(c->ewkb, data, len) == 0)
			return c;
	}
	if (geom_cache_context == NULL)
	{
		geom_cache_context = AllocSetContextCreate(TopMemoryContext, "regional_dev apportion geometries",
												   ALLOCSET_DEFAULT_SIZES);
		RegisterXactCallback(GeomCacheXactCallback, NULL);
	}

	/* Build the entry; temporaries (and the geometry, on error) go with the bag. */
	memset(&entry, 0, sizeof(entry));
	entry.ewkb = MemoryContextAlloc(geom_cache_context, Max(len, 1));
	memcpy(entry.ewkb, data, len);
	bag = GeosBagCreate();
	PG_TRY();
	{
		GEOSGeometry *g = GeosBagKeep(bag, GeomFromEwkb(ewkb, "apportion", argname, ACCEPT_POLYGONAL),
									  "apportion", "read a geometry");
		char		valid = GEOSisValid_r(ctx, g);

		if (valid == 2)
			GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "check a geometry's validity");
		if (!valid)
		{
			GEOSGeometry *fixed = GEOSMakeValid_r(ctx, g);

			/* GEOS cannot repair everything (NaN or infinite coordinates): bad input */
			if (fixed == NULL)
				GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "make a geometry valid");
			GeosBagKeep(bag, fixed, "apportion", "make a geometry valid");

			g = PolygonalPart(fixed, "apportion");
			if (g != fixed)
				GeosBagKeep(bag, g, "apportion", "make a geometry valid");
			entry.repaired = true;
		}
		if (!GEOSArea_r(ctx, g, &entry.area) ||
			!GEOSGeom_getExtent_r(ctx, g, &entry.xmin, &entry.ymin, &entry.xmax, &entry.ymax))
		{
			/* an empty polygonal part has no extent: its area is 0 */
			if (GEOSisEmpty_r(ctx, g) != 1)
				GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "measure a geometry");
			entry.area = 0.0;
		}
		entry.npoints = GEOSGetNumCoordinates_r(ctx, g);
		entry.prepared = GEOSPrepare_r(ctx, g);
		if (entry.prepared == NULL)
			GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "prepare a geometry");
		GeosBagRelease(bag, g);
		entry.geom = g;
	}
	PG_CATCH();
	{
		GeosBagFree(bag);
		pfree(entry.ewkb);
		PG_RE_THROW();
	}
	PG_END_TRY();
	GeosBagFree(bag);
	pfree(bag);

	/* Make room: round robin, never the slot of the row's other argument. */
	do
	{
		slot = &geom_cache[geom_cache_victim];
		geom_cache_victim = (geom_cache_victim + 1) % GEOM_CACHE_SLOTS;
	} while (slot == keep);
	FreeCachedGeom(slot);
	for (int i = 0; i < GEOM_CACHE_SLOTS && geom_cache_bytes + len > GEOM_CACHE_BYTES; i++)
		if (&geom_cache[i] != keep)
			FreeCachedGeom(&geom_cache[i]);
	entry.len = len;
	entry.hash = hash;
	*slot = entry;
	geom_cache_bytes += len;
	return slot;
}

/* Whether a's box contains b's. */
static bool
BoxContains(const CachedGeom *a, const CachedGeom *b)
{
	return a->xmin <= b->xmin && b->xmax <= a->xmax && a->ymin <= b->ymin && b->ymax <= a->ymax;
}

/*
 * area(s ∩ t).  The prepared geometry of the larger of the two (a district,
 * met again on many rows) answers the easy cases: apart, or one inside the
 * other; only pieces that cross a border need an overlay.
 */
static double
IntersectionArea(const CachedGeom *s, const CachedGeom *t)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	const CachedGeom *big = s->npoints >= t->npoints ? s : t;
	const CachedGeom *small = big == s ? t : s;
	GEOSGeometry *inter;
	double		area;
	char		r;

	if (s->area <= 0.0 || t->area <= 0.0 ||
		s->xmin > t->xmax || t->xmin > s->xmax || s->ymin > t->ymax || t->ymin > s->ymax)
		return 0.0;
	r = GEOSPreparedIntersects_r(ctx, big->prepared, small->geom);
	if (r == 2)
		GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "compare source_geom and target_geom");
	if (!r)
		return 0.0;
	if (BoxContains(big, small))
	{
		r = GEOSPreparedCovers_r(ctx, big->prepared, small->geom);
		if (r == 2)
			GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "compare source_geom and target_geom");
		if (r)
			return small->area;
	}
	if (BoxContains(small, big))
	{
		r = GEOSPreparedCovers_r(ctx, small->prepared, big->geom);
		if (r == 2)
			GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "compare source_geom and target_geom");
		if (r)
			return big->area;
	}
	inter = GEOSIntersection_r(ctx, s->geom, t->geom);
	if (inter == NULL)
		GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "intersect source_geom and target_geom");
	r = GEOSArea_r(ctx, inter, &area);
	GEOSGeom_destroy_r(ctx, inter);
	if (!r)
		GeosFailed(ERRCODE_INVALID_PARAMETER_VALUE, "apportion", "measure an intersection");
	return area;
}

/*
 * The step of the aggregate, called by the SQL transition function with the
 * EWKB of both geometries (NULL rows are skipped there): a new state with
 * value × area(source ∩ target) / area(source) added.
 */
PG_FUNCTION_INFO_V1(apportion_step);
Datum
apportion_step(PG_FUNCTION_ARGS)
{
	ApportionState *state = PG_GETARG_APPORTION_P(0);
	bytea	   *source = PG_GETARG_BYTEA_PP(1);
	double		value = PG_GETARG_FLOAT8(2);
	bytea	   *target = PG_GETARG_BYTEA_PP(3);
	CachedGeom *s,
			   *t;
	double		share,
				contribution;

	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("apportion: source_value must be a finite number, not %s",
						float8out_internal(value)),
				 errhint("Leave rows without a value out, or pass NULL: such rows are skipped.")));
	s = GeomCacheLookup(source, "source_geom", NULL);
	t = GeomCacheLookup(target, "target_geom", s);
	if (!(s->area > 0.0) || !isfinite(s->area))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("apportion: source_geom has no area"),
				 errhint("A source must be a polygon of positive area; leave degenerate ones out.")));
	share = Min(1.0, IntersectionArea(s, t) / s->area);
	contribution = value * share;
	PG_RETURN_POINTER(StateAdd(state, &contribution, 1, 1, (int64) s->repaired + t->repaired));
}

/* The state before the first row (used by the SQL transition function). */
PG_FUNCTION_INFO_V1(apportion_state_empty);
Datum
apportion_state_empty(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(NewState(0));
}

/* Combine: the exact sum of both (a new state; neither input is changed). */
PG_FUNCTION_INFO_V1(apportion_combine);
Datum
apportion_combine(PG_FUNCTION_ARGS)
{
	ApportionState *a = PG_GETARG_APPORTION_P(0);
	ApportionState *b = PG_GETARG_APPORTION_P(1);

	PG_RETURN_POINTER(StateAdd(a, b->partials, b->npartials, b->rows, b->repaired));
}

/* Final: the sum; one NOTICE when invalid input had to be made valid. */
PG_FUNCTION_INFO_V1(apportion_final);
Datum
apportion_final(PG_FUNCTION_ARGS)
{
	ApportionState *s = PG_GETARG_APPORTION_P(0);

	if (s->rows == 0)
		PG_RETURN_NULL();
	if (s->repaired > 0)
		ereport(NOTICE,
				(errmsg("apportion: %lld invalid input geometr%s made valid before measuring areas",
						(long long) s->repaired, s->repaired == 1 ? "y was" : "ies were"),
				 errhint("Repair them once with ST_MakeValid(geom) to skip this step.")));
	PG_RETURN_FLOAT8(DDValue(StateSum(s)));
}

PG_FUNCTION_INFO_V1(apportion_state_in);
Datum
apportion_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	TextScan	ps;
	ApportionState *s = NewState(APPORTION_MAX_PARTIALS);
	int			n = 0;

	ScanInit(&ps, str, "apportion_state");
	ScanExpect(&ps, "{");
	ScanExpect(&ps, "rows");
	ScanExpect(&ps, ":");
	s->rows = ScanInt64(&ps, PG_INT64_MIN, PG_INT64_MAX);
	ScanExpect(&ps, ",");
	ScanExpect(&ps, "repaired");
	ScanExpect(&ps, ":");
	s->repaired = ScanInt64(&ps, PG_INT64_MIN, PG_INT64_MAX);
	ScanExpect(&ps, ",");
	ScanExpect(&ps, "partials");
	ScanExpect(&ps, ":");
	ScanExpect(&ps, "[");
	if (!ScanAccept(&ps, "]"))
	{
		do
		{
			if (n == APPORTION_MAX_PARTIALS)
				SummaryInvalid("apportion_state", str,
							 psprintf("At most %d partials.", APPORTION_MAX_PARTIALS));
			s->partials[n++] = ScanFloat8(&ps);
		} while (ScanAccept(&ps, ","));
		ScanExpect(&ps, "]");
	}
	ScanExpect(&ps, "}");
	ScanEnd(&ps);
	s->npartials = n;
	SET_VARSIZE(s, APPORTION_SIZE(n));
	CheckApportionState(s, str);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(apportion_state_out);
Datum
apportion_state_out(PG_FUNCTION_ARGS)
{
	ApportionState *s = PG_GETARG_APPORTION_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{rows:" INT64_FORMAT ",repaired:" INT64_FORMAT ",partials:[",
					 s->rows, s->repaired);
	for (int i = 0; i < s->npartials; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		AppendFloat8Exact(&buf, s->partials[i]);
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(apportion_state_recv);
Datum
apportion_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		rows;
	int64		repaired;
	int32		n;
	ApportionState *s;

	SummaryRecvVersion(buf, APPORTION_VERSION, "apportion_state", true);
	rows = pq_getmsgint64(buf);
	repaired = pq_getmsgint64(buf);
	n = SummaryRecvCount(buf, "apportion_state", APPORTION_MAX_PARTIALS, 8);
	s = NewState(n);
	s->rows = rows;
	s->repaired = repaired;
	for (int i = 0; i < n; i++)
		s->partials[i] = pq_getmsgfloat8(buf);
	CheckApportionState(s, NULL);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(apportion_state_send);
Datum
apportion_state_send(PG_FUNCTION_ARGS)
{
	ApportionState *s = PG_GETARG_APPORTION_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint64(&buf, s->rows);
	pq_sendint64(&buf, s->repaired);
	pq_sendint32(&buf, s->npartials);
	for (int i = 0; i < s->npartials; i++)
		pq_sendfloat8(&buf, s->partials[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Cast to jsonb: {"rows": 2, "repaired": 0, "value": 123.4}. */
PG_FUNCTION_INFO_V1(apportion_state_to_jsonb);
Datum
apportion_state_to_jsonb(PG_FUNCTION_ARGS)
{
	ApportionState *s = PG_GETARG_APPORTION_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"rows\": " INT64_FORMAT ", \"repaired\": " INT64_FORMAT,
					 s->rows, s->repaired);
	AppendJsonNumber(&buf, "value", DDValue(StateSum(s)), false);
	appendStringInfoChar(&buf, '}');
	return JsonbFromCString(buf.data);
}
