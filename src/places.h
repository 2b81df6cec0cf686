/*
 * places.h
 *		Declarations shared by the spatial ("places") files of regional_dev:
 *		places_geos.c (GEOS context, EWKB input, geodesy), places_cache.c (the
 *		backend-local cache of regional_dev.region), locate.c, line_regions.c,
 *		region_neighbors.c, apportion.c and morans_i.c.
 *
 * Geometries cross from PostGIS as EWKB only (SQL wrappers call ST_AsEWKB);
 * nothing here includes or links PostGIS.  GEOS objects are malloc'd by GEOS:
 * every path that can raise an error frees them first (PG_TRY/PG_FINALLY),
 * and no GEOS callback ever raises a PostgreSQL error (a longjmp through C++
 * frames would skip their destructors).
 */
#ifndef PLACES_H
#define PLACES_H

#include "regional_dev.h"
#include "ewkb.h"

#include <math.h>

#include <geos_c.h>

/* Every geometry argument is WGS84 longitude/latitude (checked by ewkb.c). */
#define PLACES_SRID		EWKB_SRID

/* places_geos.c */
extern GEOSContextHandle_t PlacesGeos(void);
pg_noreturn extern void GeosFailed(int sqlerrcode, const char *funcname, const char *operation);
extern GEOSGeometry *GeomFromEwkb(bytea *ewkb, const char *funcname, const char *argname,
								  uint32 accept);
extern bool PointFromEwkb(bytea *ewkb, const char *funcname, const char *argname,
						  double *x, double *y);
extern GEOSGeometry *PolygonalPart(GEOSGeometry *geom, const char *funcname);
extern double GeodesicDistance(double lon1, double lat1, double lon2, double lat2);

/*
 * GEOS objects of one computation, destroyed together by GeosBagFree (call it
 * from PG_FINALLY).  The bag is palloc'd, so its content survives a longjmp.
 */
#define GEOS_BAG_SIZE 16
typedef struct GeosBag
{
	int			n;
	GEOSGeometry *geoms[GEOS_BAG_SIZE];
} GeosBag;

extern GeosBag *GeosBagCreate(void);
extern GEOSGeometry *GeosBagKeep(GeosBag *bag, GEOSGeometry *geom, const char *funcname,
								 const char *operation);
extern void GeosBagRelease(GeosBag *bag, GEOSGeometry *geom);
extern void GeosBagFree(GeosBag *bag);

/* A local metric plane around (lon0, lat0): x, y in metres. */
typedef struct LocalPlane
{
	double		lon0;
	double		lat0;
	double		kx;				/* metres per degree of longitude at lat0 */
	double		ky;				/* metres per degree of latitude at lat0 */
} LocalPlane;

extern void LocalPlaneInit(LocalPlane *plane, double lon0, double lat0);

/*
 * The cells [*lo, *hi] of a row of n cells of the given size from origin
 * that the interval [a, b] meets, clamped to [0, n); false when the interval
 * lies wholly before or after the row (the cells are then the nearest one).
 */
static inline bool
CellSpan(double a, double b, double origin, double size, int n, int *lo, int *hi)
{
	double		l = floor((a - origin) / size);
	double		h = floor((b - origin) / size);

	*lo = l < 0 ? 0 : (l >= n ? n - 1 : (int) l);
	*hi = h < 0 ? 0 : (h >= n ? n - 1 : (int) h);
	return h >= 0 && l < n;
}

/*
 * places_cache.c: the regions of regional_dev.region, sorted by code.
 *
 * A region's geometry (geom, prepared) is loaded on demand and may be
 * evicted again to keep the parsed geometries within
 * regional_dev.region_cache_statement_size during a statement and within
 * regional_dev.region_cache_size between statements.  What a caller gets from RegionCacheLoad
 * (or RegionCacheQuery, RegionCacheQueryBox, RegionCacheLocate, which load)
 * stays loaded until its next call of one of them: only the regions of
 * earlier loads are evicted.  A caller that needs regions of two loads at
 * once asks for them in one.
 */
typedef struct CachedRegion
{
	Adcode		code;
	int32		npoints;		/* vertices, from regional_dev.region_index */
	int64		version;		/* of its row of regional_dev.region_index */
	GEOSGeometry *geom;			/* the MultiPolygon; NULL until loaded */
	const GEOSPreparedGeometry *prepared;
	int64		bytes;			/* estimated memory of geom and prepared */
	int32		tests;			/* point tests since it was loaded */
	uint64		used;			/* load that last asked for it (LRU order) */
	double		xmin,
				ymin,
				xmax,
				ymax;
} CachedRegion;

/* A pair of neighbouring regions (indexes into RegionCache.regions, a < b). */
typedef struct NeighborPair
{
	int			a;
	int			b;
	double		shared_border_m;
} NeighborPair;

typedef struct LocateGrid LocateGrid;

/*
 * The regions' boxes in buckets of a coarse grid over their extent (each
 * bucket: the indexes of the regions whose box meets it, ascending).
 */
typedef struct BoxIndex
{
	int			nx,
				ny;
	double		xmin,
				ymin,
				dx,
				dy;
	int		   *start;			/* nx * ny + 1 offsets into items */
	int		   *items;
} BoxIndex;

typedef struct RegionCache
{
	int			nregions;
	CachedRegion *regions;
	BoxIndex	boxes;
	int		   *scratch;		/* candidates of RegionCacheLocate */
	int		   *stamp;			/* per region: last query that saw it */
	int			nqueries;
	uint64		nloads;			/* RegionCacheLoad calls (the LRU clock) */
	int64		loaded_bytes;	/* sum of the loaded regions' bytes */
	/* region_neighbors() result for one tolerance, computed on demand */
	bool		neighbors_valid;
	double		neighbors_tolerance;
	int			nneighbors;
	NeighborPair *neighbors;
	LocateGrid *grid;			/* locate_grid.c, made on demand */
	int64		npoints;		/* vertices of all regions (sizes the grid) */
} RegionCache;

/* the tolerance whose neighbours are kept in regional_dev.region_neighbor */
#define STORED_NEIGHBORS_TOLERANCE_M 200.0

extern RegionCache *GetRegionCache(void);
extern int	RegionCacheQuery(RegionCache *cache, const GEOSGeometry *geom, int *out);
extern int	RegionCacheQueryBox(RegionCache *cache, double xmin, double ymin,
								double xmax, double ymax, int *out, const char *funcname);
extern int	RegionCacheLocate(RegionCache *cache, double x, double y, const char *funcname);
extern int	RegionCacheLocateFast(RegionCache *cache, double x, double y, const char *funcname);
extern int	RegionCacheFind(RegionCache *cache, Adcode code);
extern bool OnSegment(const double *seg, double x, double y);
extern int	SideOf(const double *seg, int axis, double x, double y);
extern int	RegionPointTest(const CachedRegion *r, double x, double y, const char *funcname);
extern const GEOSGeometry **RegionRings(const GEOSGeometry *geom, int *nrings, const char *funcname);
extern double *RingCoords(const GEOSGeometry *ring, unsigned int *npoints, const char *funcname);

extern void RegionCacheLoad(RegionCache *cache, const int *indexes, int n);
extern void RegionCacheLoadAll(RegionCache *cache);
extern NeighborPair *RegionCacheStoredNeighbors(RegionCache *cache, int *npairs);
extern MemoryContext RegionCacheContext(void);
extern int64 RegionCacheBudget(void);
extern Oid	PostgisFunction(const char *name, Oid argtype);

/* locate_grid.c */
extern void LocateGridDrop(RegionCache *cache);
extern void LocateGridForget(RegionCache *cache, double xmin, double ymin, double xmax, double ymax);
extern void LocateGridExtent(RegionCache *cache);

/* region_neighbors.c */
extern void RegionNeighbors(RegionCache *cache, double tolerance_m);
extern NeighborPair *NeighborPairs(const CachedRegion *regions, int n, const bool *focus,
								   double tol, int *npairs);

#endif							/* PLACES_H */
