/*
 * locate_grid.c
 *		A grid over the region cache that answers most locate() calls
 *		without GEOS.
 *
 * The extent of the regions is cut into cells (about 64 per boundary
 * segment, at most 2^22).  A cell that a boundary segment comes near
 * (within GRID_MARGIN degrees) is an "edge" cell: points there are located
 * exactly from the boundary segments kept for the cell (LocalLocate, below).
 * In any other cell no boundary of any region passes, so every point of the
 * cell lies inside exactly the same regions as the cell's centre (moving
 * between them crosses no boundary): the answer for the centre, computed
 * once by an exact test when the tile is built, is the answer for every
 * point of the cell, overlapping regions and the smallest-code rule included.
 * The margin (1e-9 degrees, 0.1 mm) is far above the rounding of the cell
 * arithmetic (about 1e-13 degrees), so a point computed into a neighbouring
 * cell by rounding is still covered by the argument.
 *
 * The grid is built lazily by tiles of 128 x 128 cells.  The first point in
 * a tile takes the exact test (a session that locates one point parses a
 * region or two, not a tile's); the next one builds the tile: it allocates its
 * cells, marks its edge cells from the regions whose box meets the tile
 * (loaded together then), and fills in every other cell while those regions
 * are at hand: the cells of the tile that are not edge cells fall into
 * groups connected through their sides, and a group shares one answer (the
 * segment between the centres of two neighbouring cells stays inside them,
 * so it crosses no boundary), computed once for the group.  After that only
 * points in edge cells need region geometries.  When a region changes, the cache forgets
 * only the tiles its old and new boxes meet (LocateGridForget); when regions
 * are added or removed (the cells hold region indexes) or the extent moves,
 * the whole grid (LocateGridDrop).  The grid has its own memory context.
 */
#include "places.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#define GRID_MARGIN		1e-9
#define GRID_MAX_CELLS	(1 << 22)
#define GRID_MIN_CELLS	4096
#define GRID_PER_SEGMENT 64
/*
 * Cells per side of a tile.  Large: building a tile reads every region whose
 * box meets it, and under a small region_cache_size smaller tiles would read
 * each region again for every tile it meets.
 */
#define GRID_TILE		128
#define GRID_TILE_AFTER	1		/* exact tests in a tile before it is built */

/*
 * Cell values: not yet known, near a boundary, else 3 + the located index
 * (2: in no region).  One byte per cell while the indexes fit (the grid is
 * read at random, so its size in the CPU caches is its speed), else two
 * (up to 65,532 regions), else four.
 */
#define CELL_UNKNOWN	0
#define CELL_EDGE		1
#define CELL_RESULT(i)	((int32) (i) + 3)
#define CELL_MAX_BYTE	255
#define CELL_MAX_SHORT	65535

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
	int			ntx,			/* tiles across and up */
				nty;
	int			cellsize;		/* bytes per cell: 1, 2 or 4 */
	void	  **tiles;			/* ntx * nty, NULL until built: its cells,
								 * row by row */
	uint8	   *tile_tests;		/* ntx * nty: exact tests before the build */
	MemoryContext cells_context;	/* the edge cells' boundaries, NULL if none */
	HTAB	   *cells;			/* cell number -> LocalCell * */
	Size		cells_bytes;
};

/*
 * The boundaries near one edge cell, for an exact test without the regions'
 * geometries (LocalLocate).  The cell's box grown by GRID_MARGIN, x0..x1 x
 * y0..y1; for each region whose box meets it (ascending): whether the box's
 * upper right corner T = (x1, y1) lies in the region, and the region's
 * boundary segments that meet the box.
 */
typedef struct LocalRegion
{
	int			region;
	bool		inside_t;
	int			nruns;			/* runs of consecutive segments */
	int		   *ends;			/* each run's end (exclusive) in xy */
	double	   *xy;				/* the runs' vertices, x and y */
} LocalRegion;

typedef struct LocalCell
{
	int64		cell;			/* hash key: j * nx + i */
	bool		fallback;		/* T on a boundary: the exact test always */
	double		x0,
				y0,
				x1,
				y1;
	int			nregions;
	LocalRegion *regions;
} LocalCell;


static MemoryContext grid_context = NULL;

/* The tile of cell (i, j), NULL when not built, and the cell's place in it. */
static inline void *
CellTile(const LocateGrid *g, int i, int j, int *k)
{
	*k = (j % GRID_TILE) * GRID_TILE + i % GRID_TILE;
	return g->tiles[(j / GRID_TILE) * g->ntx + i / GRID_TILE];
}

/* Value of cell (i, j), whose tile is built. */
static inline int32
CellGet(const LocateGrid *g, int i, int j)
{
	int			k;
	void	   *t = CellTile(g, i, j, &k);

	return g->cellsize == 1 ? ((uint8 *) t)[k] : g->cellsize == 2 ? ((uint16 *) t)[k] : ((int32 *) t)[k];
}

static inline void
CellSet(LocateGrid *g, int i, int j, int32 v)
{
	int			k;
	void	   *t = CellTile(g, i, j, &k);

	if (g->cellsize == 1)
		((uint8 *) t)[k] = (uint8) v;
	else if (g->cellsize == 2)
		((uint16 *) t)[k] = (uint16) v;
	else
		((int32 *) t)[k] = v;
}

/*
 * Mark the cells of the tile (cells ti0..ti1 x tj0..tj1, box bx0..bx1 x
 * by0..by1 grown by the margin) near the segments of one ring as edge cells.
 */
static void
MarkRing(LocateGrid *g, const GEOSGeometry *ring, int ti0, int ti1, int tj0, int tj1,
		 double bx0, double by0, double bx1, double by1, const char *funcname)
{
	unsigned int n;
	double	   *xy = RingCoords(ring, &n, funcname);

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

		if (Max(x0, x1) < bx0 || Min(x0, x1) > bx1 || Max(y0, y1) < by0 || Min(y0, y1) > by1)
			continue;

		/*
		 * A long segment is cut into pieces about a cell long, each marking
		 * the cells of its own box: the box of a long diagonal would mark a
		 * whole rectangle of cells.
		 */
		CellSpan(Min(x0, x1), Max(x0, x1), g->xmin, g->dx, g->nx, &ilo, &ihi);
		CellSpan(Min(y0, y1), Max(y0, y1), g->ymin, g->dy, g->ny, &jlo, &jhi);
		pieces = Max(ihi - ilo, jhi - jlo) + 1;
		for (int p = 0; p < pieces; p++)
		{
			double		t0 = (double) p / pieces,
						t1 = (double) (p + 1) / pieces;
			double		px0 = x0 + (x1 - x0) * t0,
						py0 = y0 + (y1 - y0) * t0,
						px1 = p + 1 == pieces ? x1 : x0 + (x1 - x0) * t1,
						py1 = p + 1 == pieces ? y1 : y0 + (y1 - y0) * t1;

			CellSpan(Min(px0, px1) - GRID_MARGIN, Max(px0, px1) + GRID_MARGIN, g->xmin, g->dx, g->nx, &ilo, &ihi);
			CellSpan(Min(py0, py1) - GRID_MARGIN, Max(py0, py1) + GRID_MARGIN, g->ymin, g->dy, g->ny, &jlo, &jhi);
			ilo = Max(ilo, ti0);
			ihi = Min(ihi, ti1);
			jlo = Max(jlo, tj0);
			jhi = Min(jhi, tj1);
			for (int j = jlo; j <= jhi; j++)
				for (int i = ilo; i <= ihi; i++)
					CellSet(g, i, j, CELL_EDGE);
		}
	}
	pfree(xy);
}

/* Mark the edge cells of the tile near the rings of regions cand[0..ncand-1]. */
static void
MarkRegions(RegionCache *c, LocateGrid *g, const int *cand, int ncand,
			int ti0, int ti1, int tj0, int tj1, const double *box, const char *funcname)
{
	for (int k = 0; k < ncand; k++)
	{
		int			nrings;
		const GEOSGeometry **rings = RegionRings(c->regions[cand[k]].geom, &nrings, funcname);

		CHECK_FOR_INTERRUPTS();
		for (int r = 0; r < nrings; r++)
			MarkRing(g, rings[r], ti0, ti1, tj0, tj1, box[0], box[1], box[2], box[3], funcname);
		pfree(rings);
	}
}

/* The first of the loaded regions cand[0..n-1] that covers (x, y), or -1. */
static int
LocateAmong(RegionCache *c, const int *cand, int n, double x, double y, const char *funcname)
{
	for (int k = 0; k < n; k++)
		if (RegionPointTest(&c->regions[cand[k]], x, y, funcname) != 0)
			return cand[k];
	return -1;
}

/*
 * Answer every cell of the tile that is not an edge cell: each group of such
 * cells connected through their sides takes the answer of its first cell's
 * centre (the file's comment says why), located among the tile's regions.
 */
static void
FillTile(RegionCache *c, LocateGrid *g, const int *cand, int ncand,
		 int ti0, int ti1, int tj0, int tj1, const char *funcname)
{
	int			w = ti1 - ti0 + 1,
				h = tj1 - tj0 + 1;
	int		   *queue = palloc(sizeof(int) * w * h);

	for (int start = 0; start < w * h; start++)
	{
		int			head = 0,
					tail = 0;
		int32		v;

		if (CellGet(g, ti0 + start % w, tj0 + start / w) != CELL_UNKNOWN)
			continue;
		v = CELL_RESULT(LocateAmong(c, cand, ncand, g->xmin + (ti0 + start % w + 0.5) * g->dx,
											g->ymin + (tj0 + start / w + 0.5) * g->dy, funcname));
		CellSet(g, ti0 + start % w, tj0 + start / w, v);
		queue[tail++] = start;
		while (head < tail)
		{
			int			k = queue[head++],
						i = k % w,
						j = k / w;
			int			next[4][2] = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};

			for (int d = 0; d < 4; d++)
			{
				int			ni = next[d][0],
							nj = next[d][1];

				if (ni < 0 || ni >= w || nj < 0 || nj >= h ||
					CellGet(g, ti0 + ni, tj0 + nj) != CELL_UNKNOWN)
					continue;
				CellSet(g, ti0 + ni, tj0 + nj, v);
				queue[tail++] = nj * w + ni;
			}
		}
	}
	pfree(queue);
}

/* Mark the edge cells of tile (tx, ty) from the regions whose box meets it. */
static void
BuildTile(RegionCache *c, LocateGrid *g, int tx, int ty, const char *funcname)
{
	int			ti0 = tx * GRID_TILE,
				tj0 = ty * GRID_TILE,
				ti1 = Min(ti0 + GRID_TILE, g->nx) - 1,
				tj1 = Min(tj0 + GRID_TILE, g->ny) - 1;
	double		box[4] = {
		/* the outer cells of the grid reach to the extent's edges */
		ti0 == 0 ? -INFINITY : g->xmin + ti0 * g->dx - 2 * GRID_MARGIN,
		tj0 == 0 ? -INFINITY : g->ymin + tj0 * g->dy - 2 * GRID_MARGIN,
		ti1 == g->nx - 1 ? INFINITY : g->xmin + (ti1 + 1) * g->dx + 2 * GRID_MARGIN,
		tj1 == g->ny - 1 ? INFINITY : g->ymin + (tj1 + 1) * g->dy + 2 * GRID_MARGIN
	};
	int		   *cand = palloc(sizeof(int) * Max(c->nregions, 1));
	int			ncand;
	void	  **tile = &g->tiles[ty * g->ntx + tx];

	ncand = RegionCacheQueryBox(c, Max(box[0], g->xmin - 1.0), Max(box[1], g->ymin - 1.0),
								Min(box[2], g->xmax + 1.0), Min(box[3], g->ymax + 1.0), cand, funcname);
	/* a tile left half marked by an error must not count as built */
	*tile = MemoryContextAllocZero(grid_context, (Size) g->cellsize * GRID_TILE * GRID_TILE);
	PG_TRY();
	{
		MarkRegions(c, g, cand, ncand, ti0, ti1, tj0, tj1, box, funcname);
		FillTile(c, g, cand, ncand, ti0, ti1, tj0, tj1, funcname);
	}
	PG_CATCH();
	{
		pfree(*tile);
		*tile = NULL;
		PG_RE_THROW();
	}
	PG_END_TRY();
	pfree(cand);
}

/* The extent of the regions' boxes; false when it has no area. */
static bool
RegionsExtent(RegionCache *c, double *xmin, double *ymin, double *xmax, double *ymax)
{
	if (c->nregions == 0)
		return false;
	*xmin = c->regions[0].xmin;
	*ymin = c->regions[0].ymin;
	*xmax = c->regions[0].xmax;
	*ymax = c->regions[0].ymax;
	for (int r = 1; r < c->nregions; r++)
	{
		*xmin = Min(*xmin, c->regions[r].xmin);
		*ymin = Min(*ymin, c->regions[r].ymin);
		*xmax = Max(*xmax, c->regions[r].xmax);
		*ymax = Max(*ymax, c->regions[r].ymax);
	}
	return *xmax - *xmin > 0 && *ymax - *ymin > 0 &&
		isfinite(*xmax - *xmin) && isfinite(*ymax - *ymin);
}

static LocateGrid *
BuildLocateGrid(RegionCache *c, const char *funcname)
{
	LocateGrid *g;
	double		w,
				h,
				ncells;

	if (grid_context == NULL)
		grid_context = AllocSetContextCreate(TopMemoryContext, "regional_dev locate grid",
											 ALLOCSET_SMALL_SIZES);
	g = MemoryContextAllocZero(grid_context, sizeof(LocateGrid));
	if (!RegionsExtent(c, &g->xmin, &g->ymin, &g->xmax, &g->ymax))
		return g;
	w = g->xmax - g->xmin;
	h = g->ymax - g->ymin;
	ncells = Min((double) GRID_MAX_CELLS, Max((double) GRID_MIN_CELLS, (double) c->npoints * GRID_PER_SEGMENT));
	/* cells about square in degrees */
	g->nx = (int) Max(1.0, Min(ncells, round(sqrt(ncells * w / h))));
	g->ny = (int) Max(1.0, Min(ncells / g->nx, round(ncells / g->nx)));
	g->dx = w / g->nx;
	g->dy = h / g->ny;
	g->ntx = (g->nx + GRID_TILE - 1) / GRID_TILE;
	g->nty = (g->ny + GRID_TILE - 1) / GRID_TILE;
	g->tiles = MemoryContextAllocZero(grid_context, sizeof(void *) * (Size) g->ntx * g->nty);
	g->tile_tests = MemoryContextAllocZero(grid_context, (Size) g->ntx * g->nty);
	g->cellsize = CELL_RESULT(c->nregions - 1) <= CELL_MAX_BYTE ? 1 :
		CELL_RESULT(c->nregions - 1) <= CELL_MAX_SHORT ? 2 : 4;
	g->usable = true;
	return g;
}

/* Forget the boundaries of every edge cell. */
static void
ForgetCells(LocateGrid *g)
{
	if (g->cells_context != NULL)
		MemoryContextDelete(g->cells_context);
	g->cells_context = NULL;
	g->cells = NULL;
	g->cells_bytes = 0;
}

/*
 * The boundaries near edge cell (i, j), read from the regions whose box
 * meets the cell (loaded together), kept in the grid's table of cells.
 */
static LocalCell *
BuildLocalCell(RegionCache *c, LocateGrid *g, int i, int j, const char *funcname)
{
	int64		key = (int64) j * g->nx + i;
	int		   *cand = palloc(sizeof(int) * Max(c->nregions, 1));
	int			ncand;
	LocalCell  *lc;
	bool		found;
	MemoryContext caller;

	/* beyond the budget (regional_dev.region_cache_size), start afresh */
	if ((int64) g->cells_bytes > RegionCacheBudget())
		ForgetCells(g);
	if (g->cells == NULL)
	{
		HASHCTL		ctl;

		g->cells_context = AllocSetContextCreate(grid_context, "regional_dev locate cells",
												 ALLOCSET_DEFAULT_SIZES);
		ctl.keysize = sizeof(int64);
		ctl.entrysize = sizeof(LocalCell);
		ctl.hcxt = g->cells_context;
		g->cells = hash_create("regional_dev locate cells", 1024, &ctl,
							   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	lc = palloc0(sizeof(LocalCell));
	lc->x0 = g->xmin + i * g->dx - GRID_MARGIN;
	lc->y0 = g->ymin + j * g->dy - GRID_MARGIN;
	lc->x1 = g->xmin + (i + 1) * g->dx + GRID_MARGIN;
	lc->y1 = g->ymin + (j + 1) * g->dy + GRID_MARGIN;
	ncand = RegionCacheQueryBox(c, lc->x0, lc->y0, lc->x1, lc->y1, cand, funcname);
	caller = MemoryContextSwitchTo(g->cells_context);
	lc->regions = palloc0(sizeof(LocalRegion) * Max(ncand, 1));
	MemoryContextSwitchTo(caller);
	{
		int			room = 64,
					runroom = 8;
		double	   *buf = palloc(sizeof(double) * 2 * room);
		int		   *ends = palloc(sizeof(int) * runroom);

		for (int k = 0; k < ncand; k++)
		{
			const CachedRegion *r = &c->regions[cand[k]];
			LocalRegion *lr = &lc->regions[lc->nregions++];
			int			nrings,
						nverts = 0;
			const GEOSGeometry **rings = RegionRings(r->geom, &nrings, funcname);

			lr->region = cand[k];
			switch (RegionPointTest(r, lc->x1, lc->y1, funcname))
			{
				case 1:
					lr->inside_t = true;
					break;
				case -1:
					lc->fallback = true;	/* T on its boundary */
					break;
			}
			for (int q = 0; q < nrings; q++)
			{
				unsigned int n;
				double	   *xy = RingCoords(rings[q], &n, funcname);
				unsigned int last = 0;	/* end vertex of the open run, 0: none */

				for (unsigned int v = 1; v < n; v++)
				{
					if (Max(xy[2 * v - 2], xy[2 * v]) < lc->x0 || Min(xy[2 * v - 2], xy[2 * v]) > lc->x1 ||
						Max(xy[2 * v - 1], xy[2 * v + 1]) < lc->y0 || Min(xy[2 * v - 1], xy[2 * v + 1]) > lc->y1)
						continue;
					if (OnSegment(&xy[2 * v - 2], lc->x1, lc->y1))
						lc->fallback = true;
					if (nverts + 2 > room)
					{
						room *= 2;
						buf = repalloc(buf, sizeof(double) * 2 * room);
					}
					if (last == 0 || last != v - 1)
					{
						/* a new run, from vertex v - 1 */
						if (lr->nruns == runroom)
						{
							runroom *= 2;
							ends = repalloc(ends, sizeof(int) * runroom);
						}
						lr->nruns++;
						buf[2 * nverts] = xy[2 * v - 2];
						buf[2 * nverts + 1] = xy[2 * v - 1];
						nverts++;
					}
					buf[2 * nverts] = xy[2 * v];
					buf[2 * nverts + 1] = xy[2 * v + 1];
					nverts++;
					ends[lr->nruns - 1] = nverts;
					last = v;
				}
				pfree(xy);
			}
			pfree(rings);
			if (lr->nruns > 0)
			{
				lr->xy = MemoryContextAlloc(g->cells_context, sizeof(double) * 2 * nverts);
				memcpy(lr->xy, buf, sizeof(double) * 2 * nverts);
				lr->ends = MemoryContextAlloc(g->cells_context, sizeof(int) * lr->nruns);
				memcpy(lr->ends, ends, sizeof(int) * lr->nruns);
				g->cells_bytes += sizeof(double) * 2 * nverts + sizeof(int) * lr->nruns;
			}
		}
		pfree(ends);
		pfree(buf);
		g->cells_bytes += sizeof(LocalRegion) * Max(ncand, 1);
	}
	g->cells_bytes += sizeof(LocalCell) + 64;
	lc->cell = key;
	memcpy(hash_search(g->cells, &key, HASH_ENTER, &found), lc, sizeof(LocalCell));
	pfree(lc);
	pfree(cand);
	return (LocalCell *) hash_search(g->cells, &key, HASH_FIND, NULL);
}

/*
 * The exact test of (x, y), a point of the cell, against the boundaries kept
 * for the cell: the index of the region covering it (the smallest code),
 * -1 for none, -2 when this test cannot tell (the caller takes the test of
 * the whole geometries).
 *
 * For each region the crossing number decides: (x, y) lies in the region
 * when a ray from it crosses the boundary an odd number of times.  The ray
 * goes right to E = (x1, y), then up the box's edge to its corner T, whose
 * side is known; crossings beyond the box are those of T's own ray and
 * cancel out.  Only the segments meeting the box can cross the path.  The
 * half-open rule ((a.y > y) != (b.y > y)) counts a ray through a vertex once,
 * and the orientation predicate is exact, so the parity is exact for a
 * point off the boundary; a point on a segment is covered, and a path corner
 * on a boundary (E here, T when the cell was built) sends the point to the
 * whole-geometry test.
 */
static int
LocalLocate(const LocalCell *lc, double x, double y)
{
	if (lc->fallback || x < lc->x0 || x >= lc->x1 || y < lc->y0 || y >= lc->y1)
		return -2;
	for (int k = 0; k < lc->nregions; k++)
	{
		const LocalRegion *lr = &lc->regions[k];
		bool		inside = lr->inside_t;

		for (int run = 0; run < lr->nruns; run++)
		{
			for (int v = (run == 0 ? 0 : lr->ends[run - 1]) + 1; v < lr->ends[run]; v++)
			{
				const double *seg = &lr->xy[2 * v - 2];

				if (OnSegment(seg, x, y))
					return lr->region;
				if (OnSegment(seg, lc->x1, y))
					return -2;
				/* the ray from (x, y) right to E */
				if ((seg[1] > y) != (seg[3] > y) &&
					(SideOf(seg, 1, x, y) > 0) != (SideOf(seg, 1, lc->x1, y) > 0))
					inside = !inside;
				/* up the edge from E to T */
				if ((seg[0] > lc->x1) != (seg[2] > lc->x1) &&
					(SideOf(seg, 0, lc->x1, y) < 0) != (SideOf(seg, 0, lc->x1, lc->y1) < 0))
					inside = !inside;
			}
		}
		if (inside)
			return lr->region;
	}
	return -1;
}

/* Forget the whole grid (it is made again on demand). */
void
LocateGridDrop(RegionCache *c)
{
	c->grid = NULL;
	if (grid_context != NULL)
		MemoryContextReset(grid_context);
}

/* Forget the tiles that the box (of a region that changed) meets. */
void
LocateGridForget(RegionCache *c, double xmin, double ymin, double xmax, double ymax)
{
	LocateGrid *g = c->grid;
	int			i0,
				i1,
				j0,
				j1;

	if (g == NULL || !g->usable)
		return;
	CellSpan(xmin - 2 * GRID_MARGIN, xmax + 2 * GRID_MARGIN, g->xmin, g->dx, g->nx, &i0, &i1);
	CellSpan(ymin - 2 * GRID_MARGIN, ymax + 2 * GRID_MARGIN, g->ymin, g->dy, g->ny, &j0, &j1);
	for (int ty = j0 / GRID_TILE; ty <= j1 / GRID_TILE; ty++)
		for (int tx = i0 / GRID_TILE; tx <= i1 / GRID_TILE; tx++)
		{
			void	  **t = &g->tiles[ty * g->ntx + tx];

			if (*t != NULL)
				pfree(*t);
			*t = NULL;
		}
	ForgetCells(g);
}

/* After the cache was read again: a grid over another extent is dropped. */
void
LocateGridExtent(RegionCache *c)
{
	LocateGrid *g = c->grid;
	double		xmin,
				ymin,
				xmax,
				ymax;

	if (g == NULL)
		return;
	if (!RegionsExtent(c, &xmin, &ymin, &xmax, &ymax) || !g->usable ||
		xmin != g->xmin || ymin != g->ymin || xmax != g->xmax || ymax != g->ymax)
		LocateGridDrop(c);
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
				t,
				ignored;
	int32		v;

	if (g == NULL)
		g = c->grid = BuildLocateGrid(c, funcname);
	if (!g->usable)
		return RegionCacheLocate(c, x, y, funcname);
	/* Outside the extent of every region: covered by none. */
	if (x < g->xmin || x > g->xmax || y < g->ymin || y > g->ymax)
		return -1;
	CellSpan(x, x, g->xmin, g->dx, g->nx, &i, &ignored);
	CellSpan(y, y, g->ymin, g->dy, g->ny, &j, &ignored);
	t = (j / GRID_TILE) * g->ntx + i / GRID_TILE;
	if (g->tiles[t] == NULL)
	{
		if (g->tile_tests[t] < GRID_TILE_AFTER)
		{
			g->tile_tests[t]++;
			return RegionCacheLocate(c, x, y, funcname);
		}
		BuildTile(c, g, i / GRID_TILE, j / GRID_TILE, funcname);
	}
	v = CellGet(g, i, j);
	if (v == CELL_EDGE)
	{
		int64		key = (int64) j * g->nx + i;
		LocalCell  *lc = g->cells ? hash_search(g->cells, &key, HASH_FIND, NULL) : NULL;
		int			found;

		if (lc == NULL)
			lc = BuildLocalCell(c, g, i, j, funcname);
		found = LocalLocate(lc, x, y);
		return found >= -1 ? found : RegionCacheLocate(c, x, y, funcname);
	}
	Assert(v != CELL_UNKNOWN);
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
