/*
 * region_neighbors.c
 *		region_neighbors(tolerance_m): pairs of regions whose borders run
 *		within tolerance_m of each other, with the length of that border.
 *
 * The provinces' boundaries were digitized separately: between them the
 * borders overlap or leave slivers instead of sharing vertices, so exact
 * adjacency (ST_Touches, PySAL's contiguity) misses neighbours.  Here the
 * shared border of a and b is measured with a tolerance: the part of a's
 * boundary within tolerance_m of b's boundary, and the part of b's within
 * tolerance_m of a's; shared_border_m is the mean of their geodesic lengths.
 * Where borders coincide this is the common border (plus up to about one
 * tolerance at each end, where the borders part); where a sliver or an
 * overlap narrower than the tolerance separates them, it still counts.
 *
 * Distances in metres are taken in a local plane around each pair (scale
 * right to a few parts per thousand over a pair of districts), lengths on
 * the WGS84 spheroid.  Only the boundary segments inside the boxes' overlap
 * (grown by the tolerance) take part.  Instead of buffering whole boundaries
 * (GEOS buffers and overlays, which took a minute for the country), each
 * segment of a is tested against the segments of b near it (a uniform grid
 * of cells no smaller than the tolerance): the part of a segment within t of
 * another segment is one interval, its intersection with the capsule around
 * the other (two disks and a rectangle, solved in closed form), and the
 * union of those intervals, times the segment's geodesic length, is the
 * segment's share.  GEOS's buffer approximates the capsule's round ends by
 * polygons (8 segments a quarter circle), so lengths differ from the former
 * buffer-based ones by a fraction of a metre per border end.
 *
 * The pairs for the default tolerance (200 m, which morans_i and
 * local_morans_i use) are kept in the table regional_dev.region_neighbor,
 * updated by the triggers of regional_dev.region for the regions a change
 * touches (src/region_index.c); region_neighbors(200) reads them there.
 * Other tolerances are computed in the session and kept with its cache.
 */
#include "places.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#define MAX_TOLERANCE_M	10000.0

/* Degrees of latitude and longitude that surely exceed tol metres up to latitude lat. */
static void
ToleranceDegrees(double tol, double lat, double *dlon, double *dlat)
{
	LocalPlane	plane;

	LocalPlaneInit(&plane, 0.0, Min(fabs(lat), 89.0));
	*dlon = tol / plane.kx * 1.05;
	*dlat = tol / 110000.0 * 1.05;	/* a degree of latitude is 110.57 km or more */
}

/* One segment of a boundary in the pair's local plane, and its geodesic length. */
typedef struct PlaneSeg
{
	double		x0,
				y0,
				x1,
				y1;
	double		lon0,
				lat0,
				lon1,
				lat1;
} PlaneSeg;

typedef struct SegList
{
	int			n;
	int			max;
	PlaneSeg   *segs;
} SegList;

/*
 * The boundary segments of a region whose box meets [x0, x1] x [y0, y1],
 * projected into the plane.  A segment outside that box is farther than the
 * tolerance from the other region (the box is the overlap of the two
 * regions' boxes grown by the tolerance), so it cannot count.
 */
static void
CollectSegments(const GEOSGeometry *geom, double x0, double y0, double x1, double y1,
				const LocalPlane *plane, SegList *out)
{
	int			nrings;
	const GEOSGeometry **rings = RegionRings(geom, &nrings, "region_neighbors");

	out->n = 0;
	for (int r = 0; r < nrings; r++)
	{
		unsigned int npts;
		double	   *xy = RingCoords(rings[r], &npts, "region_neighbors");

		for (unsigned int k = 1; k < npts; k++)
		{
			double		ax = xy[2 * k - 2],
						ay = xy[2 * k - 1],
						bx = xy[2 * k],
						by = xy[2 * k + 1];
			PlaneSeg   *s;

			if (Max(ax, bx) < x0 || Min(ax, bx) > x1 || Max(ay, by) < y0 || Min(ay, by) > y1)
				continue;
			if (out->n == out->max)
			{
				out->max = Max(64, out->max * 2);
				out->segs = out->segs ? repalloc(out->segs, sizeof(PlaneSeg) * out->max)
					: palloc(sizeof(PlaneSeg) * out->max);
			}
			s = &out->segs[out->n++];
			s->lon0 = ax;
			s->lat0 = ay;
			s->lon1 = bx;
			s->lat1 = by;
			s->x0 = (ax - plane->lon0) * plane->kx;
			s->y0 = (ay - plane->lat0) * plane->ky;
			s->x1 = (bx - plane->lon0) * plane->kx;
			s->y1 = (by - plane->lat0) * plane->ky;
		}
		pfree(xy);
	}
	pfree(rings);
}

/*
 * The geodesic length of a segment.  Up to 1 km, the length in the local
 * plane at its mid-latitude (the spheroid's radii of curvature there): it
 * differs from the geodesic by about (length / radius)^2, under 1e-7 of it,
 * for a fraction of the cost of Vincenty's iteration; longer segments take
 * GeodesicDistance.
 */
static double
SegmentLength(const PlaneSeg *p)
{
	LocalPlane	plane;
	double		dx,
				dy,
				len;

	LocalPlaneInit(&plane, 0.0, (p->lat0 + p->lat1) / 2.0);
	dx = (p->lon1 - p->lon0) * plane.kx;
	dy = (p->lat1 - p->lat0) * plane.ky;
	len = sqrt(dx * dx + dy * dy);
	return len <= 1000.0 ? len : GeodesicDistance(p->lon0, p->lat0, p->lon1, p->lat1);
}

/* Clip [*lo, *hi] by alpha + beta s in [a, b]; false when it becomes empty. */
static inline bool
ClipLinear(double alpha, double beta, double a, double b, double *lo, double *hi)
{
	if (beta == 0.0)
		return alpha >= a && alpha <= b;
	else
	{
		double		s0 = (a - alpha) / beta,
					s1 = (b - alpha) / beta;

		if (s0 > s1)
		{
			double		t = s0;

			s0 = s1;
			s1 = t;
		}
		*lo = Max(*lo, s0);
		*hi = Min(*hi, s1);
		return *lo <= *hi;
	}
}

/* The parameters s of P + s d within t of point Q: false when none. */
static inline bool
DiskInterval(double px, double py, double dx, double dy, double qx, double qy, double t,
			 double *lo, double *hi)
{
	double		a = dx * dx + dy * dy,
				b = 2.0 * (dx * (px - qx) + dy * (py - qy)),
				c = (px - qx) * (px - qx) + (py - qy) * (py - qy) - t * t,
				disc = b * b - 4.0 * a * c;

	if (disc < 0.0)
		return false;
	disc = sqrt(disc);
	*lo = (-b - disc) / (2.0 * a);
	*hi = (-b + disc) / (2.0 * a);
	return true;
}

/*
 * The part [*lo, *hi] of segment s (parameter 0..1) within distance t of
 * segment q: the intersection of a line with the capsule around q, which is
 * convex, so one interval: the hull of its intersections with the two end
 * disks and the rectangle along q.  False when empty.
 */
static bool
NearInterval(const PlaneSeg *s, const PlaneSeg *q, double t, double *lo, double *hi)
{
	double		dx = s->x1 - s->x0,
				dy = s->y1 - s->y0,
				ux = q->x1 - q->x0,
				uy = q->y1 - q->y0,
				len = sqrt(ux * ux + uy * uy),
				l = 1.0,
				h = 0.0,
				a,
				b;

	if (DiskInterval(s->x0, s->y0, dx, dy, q->x0, q->y0, t, &a, &b))
	{
		l = Min(l, a);
		h = Max(h, b);
	}
	if (DiskInterval(s->x0, s->y0, dx, dy, q->x1, q->y1, t, &a, &b))
	{
		l = Min(l, a);
		h = Max(h, b);
	}
	if (len > 0.0)
	{
		double		ox = s->x0 - q->x0,
					oy = s->y0 - q->y0;

		ux /= len;
		uy /= len;
		a = -INFINITY;
		b = INFINITY;
		/* along q: 0 .. len; across: -t .. t */
		if (ClipLinear(ox * ux + oy * uy, dx * ux + dy * uy, 0.0, len, &a, &b) &&
			ClipLinear(-ox * uy + oy * ux, -dx * uy + dy * ux, -t, t, &a, &b))
		{
			l = Min(l, a);
			h = Max(h, b);
		}
	}
	*lo = Max(l, 0.0);
	*hi = Min(h, 1.0);
	return *lo < *hi;
}

typedef struct Span
{
	double		lo;
	double		hi;
} Span;

static int
CompareSpan(const void *x, const void *y)
{
	double		a = ((const Span *) x)->lo,
				b = ((const Span *) y)->lo;

	return (a > b) - (a < b);
}

/*
 * Geodesic length of the segments of `from` within t of the segments of
 * `to` (all in one plane): for each segment, the union of its intervals near
 * each segment of `to`, times its geodesic length.  The segments of `to` are
 * bucketed in a uniform grid of cells no smaller than t, so each segment of
 * `from` meets only the few near it.
 */
static double
NearLength(const SegList *from, const SegList *to, double t)
{
	double		xmin = INFINITY,
				ymin = INFINITY,
				xmax = -INFINITY,
				ymax = -INFINITY,
				cell,
				total = 0.0;
	int			nx,
				ny,
				*head,
				*next_entry,
				*entry_seg,
				nentries = 0,
				maxentries,
				*stamp;
	Span   *iv;

	if (from->n == 0 || to->n == 0)
		return 0.0;
	for (int i = 0; i < to->n; i++)
	{
		const PlaneSeg *q = &to->segs[i];

		xmin = Min(xmin, Min(q->x0, q->x1));
		xmax = Max(xmax, Max(q->x0, q->x1));
		ymin = Min(ymin, Min(q->y0, q->y1));
		ymax = Max(ymax, Max(q->y0, q->y1));
	}
	xmin -= t;
	ymin -= t;
	xmax += t;
	ymax += t;
	/* about four cells a segment, none smaller than t */
	cell = Max(t, sqrt((xmax - xmin) * (ymax - ymin) / (4.0 * to->n)));
	nx = (int) Min(4096.0, floor((xmax - xmin) / cell) + 1);
	ny = (int) Min(4096.0, floor((ymax - ymin) / cell) + 1);
	cell = Max(cell, Max((xmax - xmin) / nx, (ymax - ymin) / ny) * (1.0 + 1e-12));
	head = palloc(sizeof(int) * nx * ny);
	memset(head, -1, sizeof(int) * nx * ny);
	maxentries = to->n * 4 + 64;
	next_entry = palloc(sizeof(int) * maxentries);
	entry_seg = palloc(sizeof(int) * maxentries);
	for (int i = 0; i < to->n; i++)
	{
		const PlaneSeg *q = &to->segs[i];
		int			i0,
					i1,
					j0,
					j1;

		CellSpan(Min(q->x0, q->x1) - t, Max(q->x0, q->x1) + t, xmin, cell, nx, &i0, &i1);
		CellSpan(Min(q->y0, q->y1) - t, Max(q->y0, q->y1) + t, ymin, cell, ny, &j0, &j1);
		for (int j = j0; j <= j1; j++)
			for (int k = i0; k <= i1; k++)
			{
				if (nentries == maxentries)
				{
					maxentries *= 2;
					next_entry = repalloc(next_entry, sizeof(int) * maxentries);
					entry_seg = repalloc(entry_seg, sizeof(int) * maxentries);
				}
				entry_seg[nentries] = i;
				next_entry[nentries] = head[j * nx + k];
				head[j * nx + k] = nentries++;
			}
	}
	stamp = palloc(sizeof(int) * to->n);
	memset(stamp, -1, sizeof(int) * to->n);
	iv = palloc(sizeof(Span) * to->n);
	for (int s = 0; s < from->n; s++)
	{
		const PlaneSeg *p = &from->segs[s];
		int			i0,
					i1,
					j0,
					j1,
					niv = 0;
		double		covered = 0.0,
					reach = -1.0,
					pxmin = Min(p->x0, p->x1),
					pxmax = Max(p->x0, p->x1),
					pymin = Min(p->y0, p->y1),
					pymax = Max(p->y0, p->y1);

		if (!CellSpan(pxmin, pxmax, xmin, cell, nx, &i0, &i1) ||
			!CellSpan(pymin, pymax, ymin, cell, ny, &j0, &j1))
			continue;
		if (p->x0 == p->x1 && p->y0 == p->y1)
			continue;
		for (int j = j0; j <= j1; j++)
			for (int k = i0; k <= i1; k++)
				for (int e = head[j * nx + k]; e >= 0; e = next_entry[e])
				{
					int			q = entry_seg[e];

					const PlaneSeg *o = &to->segs[q];

					if (stamp[q] == s)
						continue;
					stamp[q] = s;
					/* boxes farther apart than t: nothing near */
					if (Min(o->x0, o->x1) > pxmax + t || Max(o->x0, o->x1) < pxmin - t ||
						Min(o->y0, o->y1) > pymax + t || Max(o->y0, o->y1) < pymin - t)
						continue;
					if (NearInterval(p, o, t, &iv[niv].lo, &iv[niv].hi))
						niv++;
				}
		if (niv == 0)
			continue;
		qsort(iv, niv, sizeof(Span), CompareSpan);
		for (int i = 0; i < niv; i++)
		{
			double		lo = Max(iv[i].lo, reach);

			if (iv[i].hi > lo)
			{
				covered += iv[i].hi - lo;
				reach = iv[i].hi;
			}
		}
		total += Min(covered, 1.0) * SegmentLength(p);
	}
	pfree(head);
	pfree(next_entry);
	pfree(entry_seg);
	pfree(stamp);
	pfree(iv);
	return total;
}

/* The length of the border a and b share, in metres (0 when they are apart). */
static double
SharedBorder(const CachedRegion *ra, const CachedRegion *rb, double tol, SegList *la, SegList *lb)
{
	double		x0,
				y0,
				x1,
				y1,
				dlon,
				dlat;
	LocalPlane	plane;

	ToleranceDegrees(tol, Max(Max(fabs(ra->ymin), fabs(ra->ymax)), Max(fabs(rb->ymin), fabs(rb->ymax))),
					 &dlon, &dlat);
	x0 = Max(ra->xmin, rb->xmin) - dlon;
	x1 = Min(ra->xmax, rb->xmax) + dlon;
	y0 = Max(ra->ymin, rb->ymin) - dlat;
	y1 = Min(ra->ymax, rb->ymax) + dlat;
	if (x0 > x1 || y0 > y1)
		return 0.0;
	LocalPlaneInit(&plane, (x0 + x1) / 2.0, (y0 + y1) / 2.0);
	CollectSegments(ra->geom, x0, y0, x1, y1, &plane, la);
	if (la->n == 0)
		return 0.0;
	CollectSegments(rb->geom, x0, y0, x1, y1, &plane, lb);
	return (NearLength(la, lb, tol) + NearLength(lb, la, tol)) / 2.0;
}

/*
 * The neighbouring pairs (a < b, by index) among regions[0..n-1] (sorted by
 * code, geometries loaded) for a tolerance, only those with a or b in focus
 * (focus NULL: all), in palloc'd memory.
 */
NeighborPair *
NeighborPairs(const CachedRegion *regions, int n, const bool *focus, double tol, int *npairs)
{
	NeighborPair *pairs;
	int			maxpairs = 64;
	SegList		la = {0},
				lb = {0};

	*npairs = 0;
	pairs = palloc(sizeof(NeighborPair) * maxpairs);
	for (int a = 0; a < n; a++)
	{
		const CachedRegion *ra = &regions[a];
		double		dlon,
					dlat;

		CHECK_FOR_INTERRUPTS();
		ToleranceDegrees(tol, Max(fabs(ra->ymin), fabs(ra->ymax)), &dlon, &dlat);
		for (int b = a + 1; b < n; b++)
		{
			const CachedRegion *rb = &regions[b];
			double		shared;

			if (focus != NULL && !focus[a] && !focus[b])
				continue;
			if (rb->xmin > ra->xmax + dlon || rb->xmax < ra->xmin - dlon ||
				rb->ymin > ra->ymax + dlat || rb->ymax < ra->ymin - dlat)
				continue;
			shared = SharedBorder(ra, rb, tol, &la, &lb);
			if (!(shared > 0.0))
				continue;
			if (*npairs == maxpairs)
			{
				maxpairs *= 2;
				pairs = repalloc(pairs, sizeof(NeighborPair) * maxpairs);
			}
			pairs[*npairs].a = a;
			pairs[*npairs].b = b;
			pairs[*npairs].shared_border_m = shared;
			(*npairs)++;
		}
	}
	if (la.segs)
		pfree(la.segs);
	if (lb.segs)
		pfree(lb.segs);
	return pairs;
}

/*
 * The neighbouring pairs for a tolerance into the cache (kept until the
 * cache changes or another tolerance is asked for): for the stored
 * tolerance read from regional_dev.region_neighbor, else computed.
 */
void
RegionNeighbors(RegionCache *cache, double tolerance_m)
{
	NeighborPair *pairs;
	int			npairs;

	if (cache->neighbors_valid && cache->neighbors_tolerance == tolerance_m)
		return;
	cache->neighbors_valid = false;
	if (tolerance_m == STORED_NEIGHBORS_TOLERANCE_M)
		pairs = RegionCacheStoredNeighbors(cache, &npairs);
	else
	{
		RegionCacheLoadAll(cache);
		pairs = NeighborPairs(cache->regions, cache->nregions, NULL, tolerance_m, &npairs);
	}
	cache->neighbors = MemoryContextAlloc(RegionCacheContext(), sizeof(NeighborPair) * Max(npairs, 1));
	memcpy(cache->neighbors, pairs, sizeof(NeighborPair) * npairs);
	cache->nneighbors = npairs;
	cache->neighbors_tolerance = tolerance_m;
	cache->neighbors_valid = true;
	pfree(pairs);
}

PG_FUNCTION_INFO_V1(region_neighbors);
Datum
region_neighbors(PG_FUNCTION_ARGS)
{
	double		tol = PG_GETARG_FLOAT8(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RegionCache *cache;

	if (!(tol > 0.0 && tol <= MAX_TOLERANCE_M))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("region_neighbors: tolerance_m must be greater than 0 and at most %g, not %g",
						MAX_TOLERANCE_M, tol),
				 errhint("Give the tolerance in metres; 200 suits the shipped boundaries, whose precision is about 100 m.")));
	cache = GetRegionCache();
	RegionNeighbors(cache, tol);
	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < cache->nneighbors; i++)
	{
		const NeighborPair *p = &cache->neighbors[i];
		Adcode		a = cache->regions[p->a].code;
		Adcode		b = cache->regions[p->b].code;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = AdcodeGetDatum(a);
		values[1] = AdcodeGetDatum(b);
		values[2] = Float8GetDatum(p->shared_border_m);
		values[3] = CStringGetTextDatum(AdLevelName(BoundaryLevel(a, b)));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
