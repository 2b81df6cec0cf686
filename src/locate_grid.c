/*
 * locate_grid.c
 *		A grid over the region cache that answers most locate() calls
 *		without GEOS.
 *
 * The extent of the regions is cut into cells (about 64 per boundary
 * segment, at most 2^20).  A cell that a boundary segment comes near
 * (within GRID_MARGIN degrees) is an "edge" cell: points there are located
 * by the cache's exact test (STRtree and prepared geometries).  In any other
 * cell no boundary of any region passes, so every point of the cell lies
 * inside exactly the same regions as the cell's centre (moving between them
 * crosses no boundary): the answer for the centre, computed once by the same
 * exact test when a point first falls into the cell, is the answer for every
 * point of the cell, overlapping regions and the smallest-code rule included.
 * The margin (1e-9 degrees, 0.1 mm) is far above the rounding of the cell
 * arithmetic (about 1e-13 degrees), so a point computed into a neighbouring
 * cell by rounding is still covered by the argument.
 *
 * Only the points near a border are left to GEOS, which made locate() over
 * many points several times faster (doc/benchmarks.md).  The grid lives in
 * the cache's memory context, so a rebuilt cache starts without one.
 */
#include "places.h"

#include <math.h>

#include "miscadmin.h"

#define GRID_MARGIN		1e-9
#define GRID_MAX_CELLS	(1 << 20)
#define GRID_MIN_CELLS	4096
#define GRID_PER_SEGMENT 64

/*
 * Cell values: not yet known, near a boundary, else 3 + the located index
 * (2: in no region).  One byte per cell while the indexes fit (the grid is
 * read at random, so its size in the CPU caches is its speed), else four.
 */
#define CELL_UNKNOWN	0
#define CELL_EDGE		1
#define CELL_RESULT(i)	((int32) (i) + 3)
#define CELL_MAX_BYTE	255

/* locate() calls answered from a cell of the grid in this session */
static int64 grid_hits = 0;

struct LocateGrid
{
	bool		usable;			/* false: every point goes to the exact test */
	double		xmin,
				ymin,
				xmax,
				ymax;
	double		dx,
				dy;
	int			nx,
				ny;
	uint8	   *cells8;			/* nx * ny, row by row, or */
	int32	   *cells32;		/* the same in four bytes */
};

static inline int32
CellGet(const LocateGrid *g, Size k)
{
	return g->cells8 ? g->cells8[k] : g->cells32[k];
}

static inline void
CellSet(LocateGrid *g, Size k, int32 v)
{
	if (g->cells8)
		g->cells8[k] = (uint8) v;
	else
		g->cells32[k] = v;
}

/* Range of cell indexes [lo, hi] that the interval [a, b] meets, clamped to [0, n). */
static inline void
CellRange(double a, double b, double origin, double size, int n, int *lo, int *hi)
{
	double		l = floor((a - origin) / size);
	double		h = floor((b - origin) / size);

	*lo = l < 0 ? 0 : (l >= n ? n - 1 : (int) l);
	*hi = h < 0 ? 0 : (h >= n ? n - 1 : (int) h);
}

/* Mark the cells near the segments of one ring as edge cells. */
static void
MarkRing(LocateGrid *g, const GEOSGeometry *ring, const char *funcname)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx, ring);
	unsigned int n;
	double	   *xy;

	if (seq == NULL || !GEOSCoordSeq_getSize_r(ctx, seq, &n))
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's ring");
	if (n == 0)
		return;
	xy = palloc(sizeof(double) * 2 * n);
	if (!GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy, 0, 0))
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's ring");
	for (unsigned int k = 0; k < n; k++)
	{
		/* segment k-1 -> k; a lone point (k = 0 only) marks its own cell */
		double		x0 = xy[2 * (k > 0 ? k - 1 : 0)],
					y0 = xy[2 * (k > 0 ? k - 1 : 0) + 1],
					x1 = xy[2 * k],
					y1 = xy[2 * k + 1];
		int			ilo,
					ihi,
					jlo,
					jhi,
					pieces;

		/*
		 * A long segment is cut into pieces about a cell long, each marking
		 * the cells of its own box: the box of a long diagonal would mark a
		 * whole rectangle of cells.
		 */
		CellRange(Min(x0, x1), Max(x0, x1), g->xmin, g->dx, g->nx, &ilo, &ihi);
		CellRange(Min(y0, y1), Max(y0, y1), g->ymin, g->dy, g->ny, &jlo, &jhi);
		pieces = Max(ihi - ilo, jhi - jlo) + 1;
		for (int p = 0; p < pieces; p++)
		{
			double		t0 = (double) p / pieces,
						t1 = (double) (p + 1) / pieces;
			double		px0 = x0 + (x1 - x0) * t0,
						py0 = y0 + (y1 - y0) * t0,
						px1 = p + 1 == pieces ? x1 : x0 + (x1 - x0) * t1,
						py1 = p + 1 == pieces ? y1 : y0 + (y1 - y0) * t1;

			CellRange(Min(px0, px1) - GRID_MARGIN, Max(px0, px1) + GRID_MARGIN, g->xmin, g->dx, g->nx, &ilo, &ihi);
			CellRange(Min(py0, py1) - GRID_MARGIN, Max(py0, py1) + GRID_MARGIN, g->ymin, g->dy, g->ny, &jlo, &jhi);
			for (int j = jlo; j <= jhi; j++)
				for (int i = ilo; i <= ihi; i++)
					CellSet(g, (Size) j * g->nx + i, CELL_EDGE);
		}
	}
	pfree(xy);
}

/* Count the points of every ring of every region (g NULL), or mark their cells. */
static void
ForEachRing(RegionCache *c, LocateGrid *g, int64 *nsegments, const char *funcname)
{
	GEOSContextHandle_t ctx = PlacesGeos();

	for (int r = 0; r < c->nregions; r++)
	{
		const GEOSGeometry *geom = c->regions[r].geom;
		int			nparts = GEOSGetNumGeometries_r(ctx, geom);

		CHECK_FOR_INTERRUPTS();
		for (int p = 0; p < nparts; p++)
		{
			const GEOSGeometry *poly = GEOSGetGeometryN_r(ctx, geom, p);
			int			nholes = poly ? GEOSGetNumInteriorRings_r(ctx, poly) : -1;

			if (poly == NULL || nholes < 0)
				GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's polygon");
			for (int h = -1; h < nholes; h++)
			{
				const GEOSGeometry *ring = h < 0 ? GEOSGetExteriorRing_r(ctx, poly)
				: GEOSGetInteriorRingN_r(ctx, poly, h);
				int			npoints;

				if (ring == NULL)
					GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's ring");
				if (g == NULL)
				{
					npoints = GEOSGeomGetNumPoints_r(ctx, ring);
					if (npoints < 0)
						GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's ring");
					*nsegments += npoints;
				}
				else
					MarkRing(g, ring, funcname);
			}
		}
	}
}

static LocateGrid *
BuildLocateGrid(RegionCache *c, const char *funcname)
{
	MemoryContext old = MemoryContextSwitchTo(RegionCacheContext());
	LocateGrid *g = palloc0(sizeof(LocateGrid));
	int64		nsegments = 0;
	double		w,
				h,
				ncells;

	MemoryContextSwitchTo(old);
	if (c->nregions == 0)
		return g;
	g->xmin = c->regions[0].xmin;
	g->ymin = c->regions[0].ymin;
	g->xmax = c->regions[0].xmax;
	g->ymax = c->regions[0].ymax;
	for (int r = 1; r < c->nregions; r++)
	{
		g->xmin = Min(g->xmin, c->regions[r].xmin);
		g->ymin = Min(g->ymin, c->regions[r].ymin);
		g->xmax = Max(g->xmax, c->regions[r].xmax);
		g->ymax = Max(g->ymax, c->regions[r].ymax);
	}
	w = g->xmax - g->xmin;
	h = g->ymax - g->ymin;
	if (!(w > 0) || !(h > 0) || !isfinite(w) || !isfinite(h))
		return g;
	ForEachRing(c, NULL, &nsegments, funcname);
	ncells = Min((double) GRID_MAX_CELLS, Max((double) GRID_MIN_CELLS, (double) nsegments * GRID_PER_SEGMENT));
	/* cells about square in degrees */
	g->nx = (int) Max(1.0, Min(ncells, round(sqrt(ncells * w / h))));
	g->ny = (int) Max(1.0, Min(ncells / g->nx, round(ncells / g->nx)));
	g->dx = w / g->nx;
	g->dy = h / g->ny;
	if (CELL_RESULT(c->nregions - 1) <= CELL_MAX_BYTE)
		g->cells8 = MemoryContextAllocZero(RegionCacheContext(), (Size) g->nx * g->ny);
	else
		g->cells32 = MemoryContextAllocZero(RegionCacheContext(), sizeof(int32) * (Size) g->nx * g->ny);
	ForEachRing(c, g, NULL, funcname);
	g->usable = true;
	return g;
}

/*
 * locate() through the grid: the index of the region covering (x, y), the
 * smallest code on a shared border, -1 when none; the same answer as
 * RegionCacheLocate.
 */
int
RegionCacheLocateFast(RegionCache *c, double x, double y, const char *funcname)
{
	LocateGrid *g = c->grid;
	int			i,
				j,
				ignored;
	Size		k;
	int32		v;

	if (g == NULL)
		g = c->grid = BuildLocateGrid(c, funcname);
	if (!g->usable)
		return RegionCacheLocate(c, x, y, funcname);
	/* Outside the extent of every region: covered by none. */
	if (x < g->xmin || x > g->xmax || y < g->ymin || y > g->ymax)
		return -1;
	CellRange(x, x, g->xmin, g->dx, g->nx, &i, &ignored);
	CellRange(y, y, g->ymin, g->dy, g->ny, &j, &ignored);
	k = (Size) j * g->nx + i;
	v = CellGet(g, k);
	if (v == CELL_EDGE)
		return RegionCacheLocate(c, x, y, funcname);
	if (v == CELL_UNKNOWN)
	{
		v = CELL_RESULT(RegionCacheLocate(c, g->xmin + (i + 0.5) * g->dx,
										  g->ymin + (j + 0.5) * g->dy, funcname));
		CellSet(g, k, v);
	}
	grid_hits++;
	return v - CELL_RESULT(0);
}

/* How many locate() calls this session answered from a grid cell (for tests). */
PG_FUNCTION_INFO_V1(locate_grid_hits);
Datum
locate_grid_hits(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(grid_hits);
}
