/*
 * line_regions.c
 *		length_by_region(line) and boundary_crossings(line, level): a line is
 *		walked segment by segment, each segment cut into the pieces that lie in
 *		each region of regional_dev.region, in order along the line.
 *
 * A segment covered by a region is one piece; otherwise GEOS intersects the
 * segment with each candidate region (whose box meets the segment's).  A stretch
 * that runs along a shared border lies in both regions: it is kept for the
 * smaller code only, as locate() does for points.  Lengths are geodesic, on
 * the WGS84 spheroid, summed over the vertices of each piece exactly as
 * PostGIS's ST_Length(geography) measures ST_Intersection(line, region).
 */
#include "places.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

/* A piece of one segment of the line inside one region. */
typedef struct Piece
{
	double		t0;				/* where it starts and ends along the segment, 0..1 */
	double		t1;
	int			region;			/* index into the cache */
	double		length_m;
	bool		dropped;		/* a border stretch kept by a smaller code */
} Piece;

/* Called for each piece, in order along the line; component restarts per part. */
typedef void (*PieceFunc) (int component, int region, double length_m, void *arg);

typedef struct LineWalk
{
	RegionCache *cache;
	const char *funcname;
	int		   *candidates;
	Piece	   *pieces;
	int			npieces;
	int			maxpieces;
	PieceFunc	func;
	void	   *arg;
} LineWalk;

static void
AddPiece(LineWalk *w, double t0, double t1, int region, double length_m)
{
	if (w->npieces == w->maxpieces)
	{
		w->maxpieces *= 2;
		w->pieces = repalloc(w->pieces, sizeof(Piece) * w->maxpieces);
	}
	w->pieces[w->npieces].t0 = t0;
	w->pieces[w->npieces].t1 = t1;
	w->pieces[w->npieces].region = region;
	w->pieces[w->npieces].length_m = length_m;
	w->pieces[w->npieces].dropped = false;
	w->npieces++;
}

/*
 * Add the linestrings of inter (the intersection of the segment p-q with a
 * region) as pieces: each one's extent along the segment and geodesic length.
 */
static void
AddIntersection(LineWalk *w, GEOSContextHandle_t ctx, const GEOSGeometry *inter,
				const double *pq, int region)
{
	int			type = GEOSGeomTypeId_r(ctx, inter);

	if (type == GEOS_LINESTRING)
	{
		const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx, inter);
		unsigned int n;
		double	   *xy;
		double		dx = pq[2] - pq[0],
					dy = pq[3] - pq[1];
		double		d2 = dx * dx + dy * dy;
		double		t0 = 1.0,
					t1 = 0.0,
					length_m = 0.0;

		if (seq == NULL || !GEOSCoordSeq_getSize_r(ctx, seq, &n))
			GeosFailed(ERRCODE_INTERNAL_ERROR, w->funcname, "read an intersection");
		if (n < 2)
			return;
		xy = palloc(sizeof(double) * 2 * n);
		if (!GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy, 0, 0))
			GeosFailed(ERRCODE_INTERNAL_ERROR, w->funcname, "read an intersection");
		for (unsigned int i = 0; i < n; i++)
		{
			double		t = ((xy[2 * i] - pq[0]) * dx + (xy[2 * i + 1] - pq[1]) * dy) / d2;

			t = Max(0.0, Min(1.0, t));
			t0 = Min(t0, t);
			t1 = Max(t1, t);
			if (i > 0)
				length_m += GeodesicDistance(xy[2 * i - 2], xy[2 * i - 1], xy[2 * i], xy[2 * i + 1]);
		}
		pfree(xy);
		if (t1 > t0)
			AddPiece(w, t0, t1, region, length_m);
	}
	else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION)
	{
		int			n = GEOSGetNumGeometries_r(ctx, inter);

		for (int i = 0; i < n; i++)
			AddIntersection(w, ctx, GEOSGetGeometryN_r(ctx, inter, i), pq, region);
	}
	/* points (the segment touching a region) have no length: ignored */
}

static int
ComparePieces(const void *a, const void *b)
{
	const Piece *x = (const Piece *) a;
	const Piece *y = (const Piece *) b;

	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	if (x->t1 != y->t1)
		return x->t1 < y->t1 ? -1 : 1;
	return (x->region > y->region) - (x->region < y->region);
}

/* Cut the segment pq = (x0, y0, x1, y1) into pieces and report them in order. */
static void
WalkSegment(LineWalk *w, const double *pq, int component)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	GEOSGeometry *volatile seg = NULL;
	GEOSGeometry *volatile inter = NULL;

	w->npieces = 0;
	PG_TRY();
	{
		GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(ctx, pq, 2, 0, 0);
		int			ncand;

		if (seq == NULL)
			GeosFailed(ERRCODE_INTERNAL_ERROR, w->funcname, "create a segment");
		seg = GEOSGeom_createLineString_r(ctx, seq);
		if (seg == NULL)
			GeosFailed(ERRCODE_INTERNAL_ERROR, w->funcname, "create a segment");
		ncand = RegionCacheQuery(w->cache, seg, w->candidates);
		for (int i = 0; i < ncand; i++)
		{
			int			r = w->candidates[i];
			const GEOSPreparedGeometry *prep = w->cache->regions[r].prepared;
			char		meets = GEOSPreparedIntersects_r(ctx, prep, seg);
			char		covered;

			if (meets == 2)
				GeosFailed(ERRCODE_INTERNAL_ERROR, w->funcname, "test a segment against a region");
			if (!meets)
				continue;
			covered = GEOSPreparedCovers_r(ctx, prep, seg);
			if (covered == 2)
				GeosFailed(ERRCODE_INTERNAL_ERROR, w->funcname, "test a segment against a region");
			if (covered)
			{
				AddPiece(w, 0.0, 1.0, r, GeodesicDistance(pq[0], pq[1], pq[2], pq[3]));
				continue;
			}
			inter = GEOSIntersection_r(ctx, w->cache->regions[r].geom, seg);
			if (inter == NULL)
				GeosFailed(ERRCODE_INTERNAL_ERROR, w->funcname, "intersect a segment with a region");
			AddIntersection(w, ctx, inter, pq, r);
			GEOSGeom_destroy_r(ctx, inter);
			inter = NULL;
		}
	}
	PG_FINALLY();
	{
		if (inter != NULL)
			GEOSGeom_destroy_r(ctx, inter);
		if (seg != NULL)
			GEOSGeom_destroy_r(ctx, seg);
	}
	PG_END_TRY();

	/* A piece whose middle lies in a piece of a smaller code is a border stretch. */
	for (int i = 0; i < w->npieces; i++)
	{
		Piece	   *p = &w->pieces[i];
		double		mid = (p->t0 + p->t1) / 2.0;

		for (int j = 0; j < w->npieces && !p->dropped; j++)
		{
			Piece	   *q = &w->pieces[j];

			if (q->region < p->region && q->t0 < mid && mid < q->t1)
				p->dropped = true;
		}
	}
	if (w->npieces > 1)
		qsort(w->pieces, w->npieces, sizeof(Piece), ComparePieces);
	for (int i = 0; i < w->npieces; i++)
		if (!w->pieces[i].dropped)
			w->func(component, w->pieces[i].region, w->pieces[i].length_m, w->arg);
}

/* Walk every segment of every part of a (multi)linestring. */
static void
WalkLine(RegionCache *cache, const GEOSGeometry *line, const char *funcname,
		 PieceFunc func, void *arg)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	LineWalk	w;
	int			nparts = GEOSGeomTypeId_r(ctx, line) == GEOS_LINESTRING ? 1 :
		GEOSGetNumGeometries_r(ctx, line);

	w.cache = cache;
	w.funcname = funcname;
	w.candidates = palloc(sizeof(int) * Max(cache->nregions, 1));
	w.maxpieces = 16;
	w.pieces = palloc(sizeof(Piece) * w.maxpieces);
	w.func = func;
	w.arg = arg;

	for (int k = 0; k < nparts; k++)
	{
		const GEOSGeometry *part = nparts == 1 && GEOSGeomTypeId_r(ctx, line) == GEOS_LINESTRING ?
			line : GEOSGetGeometryN_r(ctx, line, k);
		const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx, part);
		unsigned int n;
		double	   *xy;

		if (seq == NULL || !GEOSCoordSeq_getSize_r(ctx, seq, &n))
			GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a line");
		if (n < 2)
			continue;
		xy = palloc(sizeof(double) * 2 * n);
		if (!GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy, 0, 0))
			GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a line");
		for (unsigned int i = 0; i < 2 * n; i++)
			if (!isfinite(xy[i]))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: line has non-finite coordinates", funcname),
						 errhint("Longitude and latitude must be finite numbers.")));
		for (unsigned int i = 0; i + 1 < n; i++)
		{
			CHECK_FOR_INTERRUPTS();
			if (xy[2 * i] == xy[2 * i + 2] && xy[2 * i + 1] == xy[2 * i + 3])
				continue;		/* repeated vertex */
			WalkSegment(&w, &xy[2 * i], k);
		}
		pfree(xy);
	}
	pfree(w.candidates);
	pfree(w.pieces);
}

/* Parse the line argument and walk it; the GEOS line is freed on every path. */
static void
WalkLineArg(RegionCache *cache, bytea *ewkb, const char *funcname, PieceFunc func, void *arg)
{
	GEOSGeometry *volatile line = GeomFromEwkb(ewkb, funcname, "line", ACCEPT_LINEAL);

	PG_TRY();
	{
		WalkLine(cache, line, funcname, func, arg);
	}
	PG_FINALLY();
	{
		GEOSGeom_destroy_r(PlacesGeos(), line);
	}
	PG_END_TRY();
}

static void
SumLength(int component, int region, double length_m, void *arg)
{
	((double *) arg)[region] += length_m;
}

PG_FUNCTION_INFO_V1(length_by_region_ewkb);
Datum
length_by_region_ewkb(PG_FUNCTION_ARGS)
{
	bytea	   *ewkb = PG_GETARG_BYTEA_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RegionCache *cache = GetRegionCache();
	double	   *lengths = palloc0(sizeof(double) * Max(cache->nregions, 1));

	WalkLineArg(cache, ewkb, "length_by_region", SumLength, lengths);
	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < cache->nregions; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		if (lengths[i] <= 0.0)
			continue;
		values[0] = AdcodeGetDatum(cache->regions[i].code);
		values[1] = Float8GetDatum(lengths[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

typedef struct CrossingCount
{
	RegionCache *cache;
	AdLevel		level;
	int			component;
	int			last;			/* region of the previous piece, -1 at a part's start */
	int			count;
} CrossingCount;

static void
CountCrossing(int component, int region, double length_m, void *arg)
{
	CrossingCount *cc = (CrossingCount *) arg;

	if (component != cc->component)
	{
		cc->component = component;
		cc->last = -1;
	}
	if (cc->last >= 0 && region != cc->last &&
		BoundaryLevel(cc->cache->regions[cc->last].code, cc->cache->regions[region].code) >= cc->level)
		cc->count++;
	cc->last = region;
}

PG_FUNCTION_INFO_V1(boundary_crossings_ewkb);
Datum
boundary_crossings_ewkb(PG_FUNCTION_ARGS)
{
	bytea	   *ewkb = PG_GETARG_BYTEA_PP(0);
	char	   *level = text_to_cstring(PG_GETARG_TEXT_PP(1));
	CrossingCount cc;

	cc.level = ParseBoundaryLevel(level, "boundary_crossings");
	cc.cache = GetRegionCache();
	cc.component = -1;
	cc.last = -1;
	cc.count = 0;
	WalkLineArg(cc.cache, ewkb, "boundary_crossings", CountCrossing, &cc);
	PG_RETURN_INT32(cc.count);
}
