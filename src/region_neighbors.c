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
 * the WGS84 spheroid.  Both boundaries are first clipped to the boxes'
 * overlap, so each pair costs two buffers of short lines.
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

/* The length of the border a and b share, in metres (0 when they are apart). */
static double
SharedBorder(RegionCache *cache, int a, int b, double tol)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	const CachedRegion *ra = &cache->regions[a];
	const CachedRegion *rb = &cache->regions[b];
	const char *fn = "region_neighbors";
	GeosBag    *bag = GeosBagCreate();
	double		x0,
				y0,
				x1,
				y1,
				dlon,
				dlat;
	double		length = 0.0;

	ToleranceDegrees(tol, Max(Max(fabs(ra->ymin), fabs(ra->ymax)), Max(fabs(rb->ymin), fabs(rb->ymax))),
					 &dlon, &dlat);
	x0 = Max(ra->xmin, rb->xmin) - dlon;
	x1 = Min(ra->xmax, rb->xmax) + dlon;
	y0 = Max(ra->ymin, rb->ymin) - dlat;
	y1 = Min(ra->ymax, rb->ymax) + dlat;
	if (x0 > x1 || y0 > y1)
		return 0.0;

	PG_TRY();
	{
		LocalPlane	plane;
		GEOSGeometry *la,
				   *lb,
				   *pa,
				   *pb,
				   *za,
				   *zb,
				   *ia,
				   *ib;

		la = GeosBagKeep(bag, GEOSClipByRect_r(ctx, RegionBoundary(cache, a, fn), x0, y0, x1, y1),
						 fn, "clip a boundary");
		lb = GeosBagKeep(bag, GEOSClipByRect_r(ctx, RegionBoundary(cache, b, fn), x0, y0, x1, y1),
						 fn, "clip a boundary");
		if (GEOSisEmpty_r(ctx, la) == 0 && GEOSisEmpty_r(ctx, lb) == 0)
		{
			LocalPlaneInit(&plane, (x0 + x1) / 2.0, (y0 + y1) / 2.0);
			pa = GeosBagKeep(bag, LocalPlaneProject(&plane, la, false, fn), fn, "project");
			pb = GeosBagKeep(bag, LocalPlaneProject(&plane, lb, false, fn), fn, "project");
			za = GeosBagKeep(bag, GEOSBuffer_r(ctx, pa, tol, 8), fn, "buffer a boundary");
			zb = GeosBagKeep(bag, GEOSBuffer_r(ctx, pb, tol, 8), fn, "buffer a boundary");
			ia = GeosBagKeep(bag, GEOSIntersection_r(ctx, pa, zb), fn, "intersect boundaries");
			ib = GeosBagKeep(bag, GEOSIntersection_r(ctx, pb, za), fn, "intersect boundaries");
			ia = GeosBagKeep(bag, LocalPlaneProject(&plane, ia, true, fn), fn, "project");
			ib = GeosBagKeep(bag, LocalPlaneProject(&plane, ib, true, fn), fn, "project");
			length = (GeodesicLength(ia, fn) + GeodesicLength(ib, fn)) / 2.0;
		}
	}
	PG_FINALLY();
	{
		GeosBagFree(bag);
	}
	PG_END_TRY();
	pfree(bag);
	return length;
}

/*
 * Compute the neighbouring pairs for a tolerance into the cache (kept until
 * the cache is rebuilt or another tolerance is asked for).
 */
void
RegionNeighbors(RegionCache *cache, double tolerance_m)
{
	NeighborPair *pairs;
	int			npairs = 0,
				maxpairs = 64;
	int		   *candidates;

	if (cache->neighbors_valid && cache->neighbors_tolerance == tolerance_m)
		return;
	cache->neighbors_valid = false;
	pairs = palloc(sizeof(NeighborPair) * maxpairs);
	candidates = palloc(sizeof(int) * Max(cache->nregions, 1));
	for (int a = 0; a < cache->nregions; a++)
	{
		const CachedRegion *ra = &cache->regions[a];
		double		dlon,
					dlat;
		int			ncand;

		CHECK_FOR_INTERRUPTS();
		ToleranceDegrees(tolerance_m, Max(fabs(ra->ymin), fabs(ra->ymax)), &dlon, &dlat);
		ncand = RegionCacheQueryBox(cache, ra->xmin - dlon, ra->ymin - dlat,
									ra->xmax + dlon, ra->ymax + dlat, candidates,
									"region_neighbors");
		for (int i = 0; i < ncand; i++)
		{
			int			b = candidates[i];
			double		shared;

			if (b <= a)
				continue;
			CHECK_FOR_INTERRUPTS();
			shared = SharedBorder(cache, a, b, tolerance_m);
			if (shared <= 0.0)
				continue;
			if (npairs == maxpairs)
			{
				maxpairs *= 2;
				pairs = repalloc(pairs, sizeof(NeighborPair) * maxpairs);
			}
			pairs[npairs].a = a;
			pairs[npairs].b = b;
			pairs[npairs].shared_border_m = shared;
			npairs++;
		}
	}
	cache->neighbors = MemoryContextAlloc(RegionCacheContext(), sizeof(NeighborPair) * Max(npairs, 1));
	memcpy(cache->neighbors, pairs, sizeof(NeighborPair) * npairs);
	cache->nneighbors = npairs;
	cache->neighbors_tolerance = tolerance_m;
	cache->neighbors_valid = true;
	pfree(pairs);
	pfree(candidates);
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
