/*
 * places_cache.c
 *		A backend-local cache of regional_dev.region.  locate(),
 *		length_by_region(), boundary_crossings(), region_neighbors() and
 *		morans_i() read the regions from here.
 *
 * What a session reads, and when.  The cache is built from the table
 * regional_dev.region_index (one row per region: its bounding box, number of
 * vertices and a version number), which the triggers of region keep in step
 * (src/region_index.c): one small read gives every region's box, kept in
 * buckets of a coarse grid (BoxIndex).  A region's geometry is read, parsed
 * and prepared only when a query first needs it (RegionCacheLoad, one read
 * for a batch), so a session's first locate() reads a region or two, not the
 * country.
 *
 * Memory.  Between statements the parsed geometries are kept within the
 * budget regional_dev.region_cache_size (GEOS keeps about 50 bytes a vertex,
 * the prepared index included: the estimate each region is counted with).
 * Within one statement they may grow to regional_dev.region_cache_statement_size
 * (the larger of the two): the tiles of locate's grid, built in the random
 * order of a query's points, would otherwise read each region of the country
 * again and again (about ten times each under 16MB).  A load that would
 * exceed that first evicts the least recently used regions that the load
 * itself does not ask for; a region a caller holds is one it asked for in
 * its latest load (places.h), so it is never evicted under it.  A single
 * load larger than either (region_neighbors() for a tolerance that is not
 * stored needs every region at once) is kept whole.  The cache is brought
 * back within the budget, and glibc's heap trimmed, when the transaction
 * ends (no caller holds a region then) and at the start of each statement
 * (for the statements of a transaction block).
 * On a Citus cluster where region is a reference table, this node's
 * placement of it is read instead (src/region_citus.c, which also refuses a
 * worker whose regions may differ from the coordinator's).
 *
 * Invalidation.  Plain DML sends no relcache invalidation, so a statement
 * trigger on region (region_cache_invalidate) calls CacheInvalidateRelcache:
 * the message reaches this backend at the end of the statement (and again at
 * rollback) and other backends when the transaction commits; a relcache
 * callback then marks the cache stale.  Each statement's first use also calls
 * AcceptInvalidationMessages, so a statement inside an open transaction sees
 * what other sessions committed before it.  A stale cache is refreshed, not
 * rebuilt: region_index is read again, and a region whose version did not
 * change keeps its parsed geometry; the locate grid forgets only the tiles
 * that a changed region's old or new box meets (all of it when regions were
 * added or removed).
 *
 * Snapshot.  A refresh, and each later load of geometries, reads the tables
 * with a fresh snapshot (GetLatestSnapshot), like the catalogue caches:
 * whatever committed before is in the cache, whatever commits after it sends
 * a message that arrives later.  Reading with an older transaction snapshot
 * could keep a stale cache past the message that should have cleared it.  A
 * geometry loaded later whose version is newer than the cache's (committed
 * in between) is used, and the cache is marked stale for the next call.  In
 * parallel mode no new snapshot may be taken: the cache is then built with
 * the query's snapshot and dropped at the next statement ("provisional").
 */
#include "places.h"
#include "region_citus.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "catalog/pg_type.h"
#include "utils/syscache.h"
#include "utils/array.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/acl.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "access/relscan.h"
#include "access/tableam.h"
#include "access/stratnum.h"
#include "utils/relcache.h"
#include "executor/tuptable.h"

static RegionCache cache;
static bool cache_valid = false;
static bool cache_provisional = false;
static Oid	cache_userid = InvalidOid;
static Oid	region_relid = InvalidOid;
/* the table read: region, or this node's placement of it on Citus (region_citus.c) */
static Oid	read_relid = InvalidOid;
static char read_name[2 * NAMEDATALEN + 16];
static Oid	index_relid = InvalidOid;	/* regional_dev.region_index */
static bool cache_direct = false;	/* tables read directly, not through SQL */
static MemoryContext cache_context = NULL;
static bool callback_registered = false;
static int64 cache_builds = 0;
static int64 cache_loads = 0;
static Oid	asewkb_oid = InvalidOid;	/* PostGIS's st_asewkb of region.geom */

/* regional_dev.region_cache_size: the budget of parsed geometries, in kB */
static int	region_cache_size_kb = 16 * 1024;
/* regional_dev.region_cache_statement_size: what one statement may use, in kB */
static int	region_cache_statement_kb = 256 * 1024;

/* point tests of a region before its prepared geometry is used */
#define PREPARE_AFTER_TESTS 4

/* memory of the geometries evicted since glibc's heap was last trimmed */
#define TRIM_AFTER_BYTES	(4 * 1024 * 1024)
static int64 evicted_bytes = 0;

/* estimated memory of a parsed and prepared region (see the file's comment) */
#define REGION_BYTES(npoints)	((int64) (npoints) * 48 + 1024)

/* the statement whose first call last checked for invalidations */
static LocalTransactionId checked_lxid = InvalidLocalTransactionId;
static TimestampTz checked_statement = 0;

/* Relcache callback: only flags, never errors (it runs inside inval processing). */
static void
RegionRelcacheCallback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == region_relid || relid == read_relid ||
		relid == index_relid)
		cache_valid = false;
}

void		_PG_init(void);
static void EvictRegions(RegionCache *c, int64 incoming, uint64 keep, int64 limit);

/*
 * At the end of a transaction no caller holds a region: back within the
 * budget, so that an idle session keeps no more than that.  Only frees
 * (GEOS and glibc); never raises an error.
 */
static void
RegionCacheXactCallback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PREPARE:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
			if (cache.loaded_bytes > RegionCacheBudget())
				EvictRegions(&cache, 0, cache.nloads + 1, RegionCacheBudget());
			break;
		default:
			break;
	}
}

void
_PG_init(void)
{
	DefineCustomIntVariable("regional_dev.region_cache_size",
							"Memory a session may keep for parsed region geometries between "
							"statements (and as much for the boundaries near the cells of locate's grid).",
							"Least recently used regions are evicted beyond it when a transaction "
							"ends or a statement starts (within a statement, beyond "
							"regional_dev.region_cache_statement_size); the regions one "
							"computation needs at once are kept whatever their size.",
							&region_cache_size_kb, 16 * 1024, 0, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB, NULL, NULL, NULL);
	DefineCustomIntVariable("regional_dev.region_cache_statement_size",
							"Memory one statement may use for parsed region geometries before it "
							"evicts any (at least regional_dev.region_cache_size).",
							"Beyond regional_dev.region_cache_size only until the transaction ends "
							"(or the next statement starts); a larger one reads each region once "
							"when a statement locates points all over a large layer.",
							&region_cache_statement_kb, 256 * 1024, 0, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB, NULL, NULL, NULL);
	MarkGUCPrefixReserved("regional_dev");
	RegisterXactCallback(RegionCacheXactCallback, NULL);
}

/*
 * Free the parsed geometry of one region (it stays in the cache, unloaded);
 * c: the cache whose memory counted it.
 */
static void
UnloadRegion(RegionCache *c, CachedRegion *r)
{
	GEOSContextHandle_t ctx = PlacesGeos();

	if (r->prepared != NULL)
		GEOSPreparedGeom_destroy_r(ctx, r->prepared);
	if (r->geom != NULL)
		GEOSGeom_destroy_r(ctx, r->geom);
	r->prepared = NULL;
	r->geom = NULL;
	c->loaded_bytes -= r->bytes;
	r->bytes = 0;
}

/*
 * Evict the least recently used loaded regions that no load since `keep`
 * asked for, until incoming more bytes fit in limit bytes (or none is left).
 */
static void
EvictRegions(RegionCache *c, int64 incoming, uint64 keep, int64 limit)
{
	int64		budget = RegionCacheBudget();

	while (c->loaded_bytes > 0 && c->loaded_bytes + incoming > limit)
	{
		int			victim = -1;

		for (int i = 0; i < c->nregions; i++)
		{
			CachedRegion *r = &c->regions[i];

			if (r->geom != NULL && r->used < keep &&
				(victim < 0 || r->used < c->regions[victim].used))
				victim = i;
		}
		if (victim < 0)
			break;
		evicted_bytes += c->regions[victim].bytes;
		UnloadRegion(c, &c->regions[victim]);
	}
#ifdef __GLIBC__

	/*
	 * GEOS allocates with malloc, and glibc keeps what is freed in its heap:
	 * give the pages of evicted geometries back now and then, or the
	 * session's memory would grow with its churn, not its budget.
	 */
	if (evicted_bytes > Max(budget / 4, TRIM_AFTER_BYTES))
	{
		malloc_trim(0);
		evicted_bytes = 0;
	}
#endif
}

/* Free every GEOS object of the cache and its memory. */
static void
FreeRegionCache(void)
{
	for (int i = 0; i < cache.nregions; i++)
		UnloadRegion(&cache, &cache.regions[i]);
	LocateGridDrop(&cache);
	asewkb_oid = InvalidOid;
	memset(&cache, 0, sizeof(cache));
	if (cache_context != NULL)
		MemoryContextReset(cache_context);
}


/* The budget of regional_dev.region_cache_size, in bytes. */
int64
RegionCacheBudget(void)
{
	return (int64) region_cache_size_kb * 1024;
}

/* Memory that lives as long as the cache (reset when it is rebuilt). */
MemoryContext
RegionCacheContext(void)
{
	return cache_context;
}

/* Name of the schema PostGIS is installed in (it is not relocatable). */
static char *
PostgisSchema(void)
{
	Oid			extoid = get_extension_oid("postgis", true);
	Oid			nspoid = InvalidOid;
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *name;

	if (!OidIsValid(extoid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("regional_dev: extension \"postgis\" is not installed"),
				 errhint("CREATE EXTENSION regional_dev CASCADE installs it.")));
	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(extoid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
		nspoid = ((Form_pg_extension) GETSTRUCT(tuple))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	name = OidIsValid(nspoid) ? get_namespace_name(nspoid) : NULL;
	if (name == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("regional_dev: schema of extension postgis not found"),
				 errhint("regional_dev needs PostGIS: CREATE EXTENSION postgis.")));
	return name;
}

/*
 * OID of PostGIS's function schema.name(argtype) of one argument (argtype
 * InvalidOid: PostGIS's geometry), looked up by its qualified name.
 */
Oid
PostgisFunction(const char *name, Oid argtype)
{
	char	   *schema = PostgisSchema();

	if (!OidIsValid(argtype))
		argtype = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("geometry"),
								  ObjectIdGetDatum(get_namespace_oid(schema, false)));
	return LookupFuncName(list_make2(makeString(schema), makeString(pstrdup(name))), 1, &argtype, false);
}

/* The snapshot the cache reads the tables with (see the file's comment). */
static Snapshot
CacheSnapshot(void)
{
	return cache_provisional ? GetActiveSnapshot() : GetLatestSnapshot();
}

/* Run a read-only query of the cache under SPI (connected by the caller). */
static void
CacheQuery(const char *query, int nargs, Oid *argtypes, Datum *args)
{
	SPIPlanPtr	plan = SPI_prepare(query, nargs, argtypes);

	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: SPI_prepare failed for \"%s\": %s", query,
						SPI_result_code_string(SPI_result))));
	if (SPI_execute_snapshot(plan, args, NULL, CacheSnapshot(), InvalidSnapshot, true, false, 0) != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: SPI_execute_snapshot failed for \"%s\"", query)));
}

static void
SpiConnect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: SPI_connect failed")));
}

static double
GetFloat8(HeapTuple tuple, TupleDesc desc, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, desc, col, &isnull);

	return isnull ? 0.0 : DatumGetFloat8(d);
}

static int
CompareRegionCode(const void *a, const void *b)
{
	Adcode		x = ((const CachedRegion *) a)->code;
	Adcode		y = ((const CachedRegion *) b)->code;

	return (x > y) - (x < y);
}

/*
 * Whether this session may read the table directly, as a query would see it:
 * SELECT on the whole table and no row-level security in force.  Otherwise
 * the cache reads through SQL, which applies both (and raises the error).
 * Privileges and policies changed on the table send a relcache invalidation,
 * so the answer holds as long as the cache does.
 */
static bool
MayReadDirectly(Oid relid)
{
	return pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) == ACLCHECK_OK &&
		check_enable_rls(relid, InvalidOid, true) != RLS_ENABLED;
}

/* Attribute number of column name of rel, of type typid; 0 if it has none. */
static AttrNumber
ColumnNumber(Relation rel, const char *name, Oid typid)
{
	TupleDesc	desc = RelationGetDescr(rel);

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return !OidIsValid(typid) || att->atttypid == typid ? att->attnum : 0;
	}
	return 0;
}

static void
UnexpectedLayout(Relation rel)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("regional_dev: table regional_dev.%s does not have the columns this version reads",
					rel ? RelationGetRelationName(rel) : "region_index"),
			 errhint("ALTER EXTENSION regional_dev UPDATE brings the tables in step with the library.")));
}

/* The columns of region_index the cache reads, in this order, and their types. */
#define INDEX_COLUMNS 7
static const char *const index_columns[INDEX_COLUMNS] = {"code", "version", "lon_min", "lat_min", "lon_max", "lat_max", "npoints"};
static const Oid index_types[INDEX_COLUMNS] = {InvalidOid, INT8OID, FLOAT8OID, FLOAT8OID, FLOAT8OID, FLOAT8OID, INT4OID};

/* The regions read from region_index, growing. */
typedef struct IndexRows
{
	CachedRegion *regions;
	int			n;
	int			room;
	int64		npoints;
} IndexRows;

/*
 * Add a row of region_index (its columns in the order of index_columns) to
 * rows; rel: the table read directly, NULL through SQL.  The columns are NOT
 * NULL.
 */
static void
AddIndexRow(IndexRows *rows, const Datum *v, const bool *isnull, Relation rel)
{
	CachedRegion *r;

	for (int k = 0; k < INDEX_COLUMNS; k++)
		if (isnull[k])
			UnexpectedLayout(rel);
	if (rows->n == rows->room)
	{
		if ((Size) rows->room * 2 > MaxAllocSize / sizeof(CachedRegion))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("regional_dev: too many rows in regional_dev.region")));
		rows->regions = repalloc(rows->regions, sizeof(CachedRegion) * rows->room * 2);
		memset(rows->regions + rows->room, 0, sizeof(CachedRegion) * rows->room);
		rows->room *= 2;
	}
	r = &rows->regions[rows->n++];
	r->code = DatumGetAdcode(v[0]);
	r->version = DatumGetInt64(v[1]);
	r->xmin = DatumGetFloat8(v[2]);
	r->ymin = DatumGetFloat8(v[3]);
	r->xmax = DatumGetFloat8(v[4]);
	r->ymax = DatumGetFloat8(v[5]);
	r->npoints = DatumGetInt32(v[6]);
	rows->npoints += r->npoints;
}

/*
 * The rows of region_index as regions, read through SQL, joined with region
 * so that row-level security and privileges apply.
 */
static void
ReadIndexSql(IndexRows *rows)
{
	SpiConnect();
	CacheQuery(psprintf("SELECT r.code::pg_catalog.int4, i.version, i.lon_min, i.lat_min, i.lon_max, i.lat_max, i.npoints"
						" FROM %s r JOIN regional_dev.region_index i"
						" ON i.code::pg_catalog.int4 OPERATOR(pg_catalog.=) r.code::pg_catalog.int4"
						" ORDER BY 1", read_name), 0, NULL, NULL);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		Datum		v[INDEX_COLUMNS];
		bool		isnull[INDEX_COLUMNS];

		for (int k = 0; k < INDEX_COLUMNS; k++)
			v[k] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, k + 1, &isnull[k]);
		AddIndexRow(rows, v, isnull, NULL);
	}
	SPI_finish();
}

/*
 * The same read directly from region_index's heap (MayReadDirectly): a new
 * session's first call would otherwise parse and plan the query with cold
 * catalogue caches, which costs more than the read.  Without row-level
 * security the join with region changes nothing, the triggers keeping both
 * in step in the same transaction (a row that went away from region is
 * skipped when its geometry is loaded, as with SQL).
 */
static void
ReadIndexDirect(IndexRows *rows)
{
	Relation	rel = table_open(index_relid, AccessShareLock);
	AttrNumber	col[INDEX_COLUMNS];
	Snapshot	snapshot = RegisterSnapshot(CacheSnapshot());
	TableScanDesc scan;
	TupleTableSlot *slot;

	for (int k = 0; k < INDEX_COLUMNS; k++)
		if ((col[k] = ColumnNumber(rel, index_columns[k], index_types[k])) == 0)
			UnexpectedLayout(rel);
	scan = table_beginscan(rel, snapshot, 0, NULL);
	slot = table_slot_create(rel, NULL);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		Datum		v[INDEX_COLUMNS];
		bool		isnull[INDEX_COLUMNS];

		for (int k = 0; k < INDEX_COLUMNS; k++)
			v[k] = slot_getattr(slot, col[k], &isnull[k]);
		AddIndexRow(rows, v, isnull, rel);
	}
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	UnregisterSnapshot(snapshot);
	/* the lock is kept to the end of the transaction, as a query's is */
	table_close(rel, NoLock);
}

/*
 * The regions of region_index, sorted by code, in memory of cxt: read
 * directly or through SQL (cache_direct).
 */
static CachedRegion *
ReadIndex(MemoryContext cxt, int *nregions, int64 *npoints)
{
	IndexRows	rows;
	MemoryContext caller = MemoryContextSwitchTo(cxt);

	rows.room = 1024;
	rows.n = 0;
	rows.npoints = 0;
	rows.regions = palloc0(sizeof(CachedRegion) * rows.room);
	MemoryContextSwitchTo(caller);
	if (cache_direct)
		ReadIndexDirect(&rows);
	else
		ReadIndexSql(&rows);
	qsort(rows.regions, rows.n, sizeof(CachedRegion), CompareRegionCode);
	*nregions = rows.n;
	*npoints = rows.npoints;
	return rows.regions;
}

/*
 * Put the regions' boxes into the buckets of a grid over their extent, about
 * one bucket a region, in memory of the cache.
 */
static void
BuildBoxIndex(RegionCache *c)
{
	BoxIndex   *bi = &c->boxes;
	double		xmin = INFINITY,
				ymin = INFINITY,
				xmax = -INFINITY,
				ymax = -INFINITY,
				w,
				h;
	int			nitems;

	for (int i = 0; i < c->nregions; i++)
	{
		CachedRegion *r = &c->regions[i];

		if (!(r->xmin <= r->xmax && r->ymin <= r->ymax))
			continue;			/* an empty region: no box */
		xmin = Min(xmin, r->xmin);
		ymin = Min(ymin, r->ymin);
		xmax = Max(xmax, r->xmax);
		ymax = Max(ymax, r->ymax);
	}
	w = xmax - xmin;
	h = ymax - ymin;
	if (!(isfinite(w) && isfinite(h)))
	{
		xmin = ymin = 0.0;
		w = h = 0.0;
	}
	bi->nx = (int) Max(1.0, Min(1024.0, round(sqrt(c->nregions * Max(w, 1e-9) / Max(h, 1e-9)))));
	bi->ny = (int) Max(1.0, Min(1024.0, round((double) c->nregions / bi->nx)));
	bi->xmin = xmin;
	bi->ymin = ymin;
	bi->dx = w > 0.0 ? w / bi->nx : 1.0;
	bi->dy = h > 0.0 ? h / bi->ny : 1.0;
	bi->start = MemoryContextAllocZero(cache_context, sizeof(int) * (bi->nx * bi->ny + 1));
	/* count, then place: each bucket's regions in ascending order */
	for (int pass = 0; pass < 2; pass++)
	{
		for (int i = 0; i < c->nregions; i++)
		{
			CachedRegion *r = &c->regions[i];
			int			i0,
						i1,
						j0,
						j1;

			if (!(r->xmin <= r->xmax && r->ymin <= r->ymax))
				continue;
			CellSpan(r->xmin, r->xmax, bi->xmin, bi->dx, bi->nx, &i0, &i1);
			CellSpan(r->ymin, r->ymax, bi->ymin, bi->dy, bi->ny, &j0, &j1);
			for (int j = j0; j <= j1; j++)
				for (int k = i0; k <= i1; k++)
				{
					if (pass == 0)
						bi->start[j * bi->nx + k + 1]++;
					else
						bi->items[bi->start[j * bi->nx + k]++] = i;
				}
		}
		if (pass == 0)
		{
			for (int b = 0; b < bi->nx * bi->ny; b++)
				bi->start[b + 1] += bi->start[b];
			nitems = bi->start[bi->nx * bi->ny];
			bi->items = MemoryContextAlloc(cache_context, sizeof(int) * Max(nitems, 1));
		}
	}
	/* the second pass moved each start to the next bucket's */
	for (int b = bi->nx * bi->ny; b > 0; b--)
		bi->start[b] = bi->start[b - 1];
	bi->start[0] = 0;
}

/*
 * Read region_index again into a new array of regions; keep the parsed
 * geometries of the regions whose version did not change, and tell the
 * locate grid which boxes changed.
 */
static void
RefreshRegionCache(void)
{
	Oid			nspoid = get_namespace_oid("regional_dev", false);
	MemoryContext newcxt;
	CachedRegion *regions = NULL;
	int			nregions = 0;
	int64		npoints = 0;
	bool		same_codes;

	region_relid = get_relname_relid("region", nspoid);
	index_relid = get_relname_relid("region_index", nspoid);
	if (!OidIsValid(region_relid) || !OidIsValid(index_relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("regional_dev: table regional_dev.%s does not exist",
						OidIsValid(region_relid) ? "region_index" : "region")));
	/* on Citus, this node's placement of region (or an error: region_citus.c) */
	read_relid = RegionReadRelid(region_relid, true);
	snprintf(read_name, sizeof(read_name), "regional_dev.%s", quote_identifier(get_rel_name(read_relid)));
	/* Row-level security may show another role other rows: start afresh. */
	if (cache_userid != GetUserId())
		FreeRegionCache();
	/* An invalidation that arrives from here on clears the flag again. */
	cache_valid = true;
	cache_provisional = IsInParallelMode();
	cache_userid = GetUserId();
	cache_direct = MayReadDirectly(read_relid) && MayReadDirectly(index_relid);
	newcxt = AllocSetContextCreate(TopMemoryContext, "regional_dev region cache",
								   ALLOCSET_SMALL_SIZES);

	asewkb_oid = InvalidOid;

	PG_TRY();
	{
		regions = ReadIndex(newcxt, &nregions, &npoints);

		/* Keep what did not change; tell the grid what did. */
		same_codes = nregions == cache.nregions;
		for (int i = 0, j = 0; i < nregions || j < cache.nregions;)
		{
			CachedRegion *nr = i < nregions ? &regions[i] : NULL;
			CachedRegion *or = j < cache.nregions ? &cache.regions[j] : NULL;

			if (nr && or && nr->code == or->code)
			{
				if (nr->version == or->version)
				{
					/* the cache's memory still counts it */
					nr->geom = or->geom;
					nr->prepared = or->prepared;
					nr->bytes = or->bytes;
					nr->used = or->used;
					or->geom = NULL;
					or->prepared = NULL;
					or->bytes = 0;
				}
				else
				{
					LocateGridForget(&cache, or->xmin, or->ymin, or->xmax, or->ymax);
					LocateGridForget(&cache, nr->xmin, nr->ymin, nr->xmax, nr->ymax);
				}
				i++;
				j++;
			}
			else if (or == NULL || (nr != NULL && nr->code < or->code))
			{
				same_codes = false;
				i++;
			}
			else
			{
				same_codes = false;
				j++;
			}
		}
		/* the grid keeps region indexes: valid only while the codes are the same */
		if (!same_codes)
			LocateGridDrop(&cache);
		for (int j = 0; j < cache.nregions; j++)
			UnloadRegion(&cache, &cache.regions[j]);
		cache.nregions = 0;
		if (cache_context != NULL)
			MemoryContextDelete(cache_context);
		cache_context = newcxt;
		newcxt = NULL;
		cache.regions = regions;
		cache.nregions = nregions;
		cache.scratch = MemoryContextAlloc(cache_context, sizeof(int) * Max(nregions, 1));
		cache.stamp = MemoryContextAllocZero(cache_context, sizeof(int) * Max(nregions, 1));
		cache.nqueries = 0;
		cache.neighbors_valid = false;
		cache.neighbors = NULL;
		cache.nneighbors = 0;
		cache.npoints = npoints;
		BuildBoxIndex(&cache);
		LocateGridExtent(&cache);
	}
	PG_CATCH();
	{
		/* SPI is cleaned up by the abort; the GEOS objects are ours to free. */
		if (newcxt != NULL)
		{
			for (int i = 0; i < nregions; i++)
				UnloadRegion(&cache, &regions[i]);
			MemoryContextDelete(newcxt);
		}
		FreeRegionCache();
		cache_valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
	cache_builds++;
}

/*
 * One row read by a load: parse and prepare the geometry (its EWKB) of the
 * region with this code, read with version version, unless it is loaded
 * already or no longer in the cache.
 */
static void
LoadRow(RegionCache *c, Adcode code, int64 version, bytea *ewkb)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	int			k = RegionCacheFind(c, code);
	CachedRegion *r;
	int			npoints;

	if (k < 0 || c->regions[k].geom != NULL)
		return;
	r = &c->regions[k];
	/* committed since the cache was read: use it, refresh at the next call */
	if (version != r->version)
		cache_valid = false;
	CHECK_FOR_INTERRUPTS();
	r->geom = GeomFromEwkb(ewkb, "regional_dev.region", "geom", ACCEPT_POLYGONAL);
	r->prepared = GEOSPrepare_r(ctx, r->geom);
	if (r->prepared == NULL)
	{
		GEOSGeom_destroy_r(ctx, r->geom);
		r->geom = NULL;
		GeosFailed(ERRCODE_INTERNAL_ERROR, "regional_dev", "prepare a region geometry");
	}
	r->tests = 0;
	npoints = GEOSGetNumCoordinates_r(ctx, r->geom);
	r->bytes = REGION_BYTES(Max(npoints, 0));
	c->loaded_bytes += r->bytes;
	cache_loads++;
}

/* The geometries of the regions with these codes, read through SQL. */
static void
LoadSql(RegionCache *c, Datum *codes, int n)
{
	Oid			argtype = INT4ARRAYOID;
	Datum		arg = PointerGetDatum(construct_array(codes, n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
	char	   *query = psprintf("SELECT r.code::pg_catalog.int4, i.version, %s.st_asewkb(r.geom)"
								 " FROM %s r JOIN regional_dev.region_index i"
								 " ON i.code::pg_catalog.int4 OPERATOR(pg_catalog.=) r.code::pg_catalog.int4"
								 " WHERE r.code::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)",
								 quote_identifier(PostgisSchema()), read_name);

	SpiConnect();
	CacheQuery(query, 1, &argtype, &arg);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull[3];
		Datum		code = SPI_getbinval(tuple, desc, 1, &isnull[0]),
					version = SPI_getbinval(tuple, desc, 2, &isnull[1]),
					geom = SPI_getbinval(tuple, desc, 3, &isnull[2]);

		if (!isnull[0] && !isnull[1] && !isnull[2])
			LoadRow(c, DatumGetInt32(code), DatumGetInt64(version), DatumGetByteaPP(geom));
	}
	SPI_finish();
}

/* An index scan of rel by its primary key (one adcode column), not started. */
static IndexScanDesc
BeginCodeScan(Relation rel, Snapshot snapshot, Relation *index, ScanKey key)
{
	Oid			indexid = compat_primary_key_index(rel);
	Oid			eq;

	if (!OidIsValid(indexid))
		UnexpectedLayout(rel);
	*index = index_open(indexid, AccessShareLock);
	if (IndexRelationGetNumberOfKeyAttributes(*index) != 1)
		UnexpectedLayout(rel);
	eq = get_opfamily_member((*index)->rd_opfamily[0], (*index)->rd_opcintype[0],
							 (*index)->rd_opcintype[0], BTEqualStrategyNumber);
	if (!OidIsValid(eq))
		UnexpectedLayout(rel);
	ScanKeyInit(key, 1, BTEqualStrategyNumber, get_opcode(eq), (Datum) 0);
	return compat_index_beginscan(rel, *index, snapshot, 1, 0);
}

/* The row of the scan's table with this code, in slot; false if none. */
static bool
FetchCode(IndexScanDesc scan, ScanKey key, Adcode code, TupleTableSlot *slot)
{
	key->sk_argument = AdcodeGetDatum(code);
	index_rescan(scan, key, 1, NULL, 0);
	return index_getnext_slot(scan, ForwardScanDirection, slot);
}

/*
 * The same read directly by the primary keys of region and region_index
 * (MayReadDirectly); the geometries go to EWKB through PostGIS, as through
 * SQL.
 */
static void
LoadDirect(RegionCache *c, Datum *codes, int n)
{
	Snapshot	snapshot = RegisterSnapshot(CacheSnapshot());
	Relation	region = table_open(read_relid, AccessShareLock);
	Relation	index = table_open(index_relid, AccessShareLock);
	AttrNumber	geom_col = ColumnNumber(region, "geom", InvalidOid);
	AttrNumber	version_col = ColumnNumber(index, "version", INT8OID);
	Relation	region_pkey,
				index_pkey;
	ScanKeyData region_key,
				index_key;
	IndexScanDesc region_scan,
				index_scan;
	TupleTableSlot *region_slot,
			   *index_slot;
	FmgrInfo	asewkb;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext tmp = AllocSetContextCreate(CurrentMemoryContext, "regional_dev region load",
											  ALLOCSET_DEFAULT_SIZES);

	if (geom_col == 0)
		UnexpectedLayout(region);
	if (version_col == 0)
		UnexpectedLayout(index);
	/* looked up once per read of the cache (a new PostGIS sends an invalidation) */
	if (!OidIsValid(asewkb_oid))
		asewkb_oid = PostgisFunction("st_asewkb", TupleDescAttr(RelationGetDescr(region), geom_col - 1)->atttypid);
	fmgr_info(asewkb_oid, &asewkb);
	region_scan = BeginCodeScan(region, snapshot, &region_pkey, &region_key);
	index_scan = BeginCodeScan(index, snapshot, &index_pkey, &index_key);
	region_slot = table_slot_create(region, NULL);
	index_slot = table_slot_create(index, NULL);
	for (int i = 0; i < n; i++)
	{
		Adcode		code = DatumGetInt32(codes[i]);
		bool		isnull;
		Datum		geom;
		Datum		version;

		if (!FetchCode(region_scan, &region_key, code, region_slot) ||
			!FetchCode(index_scan, &index_key, code, index_slot))
			continue;
		version = slot_getattr(index_slot, version_col, &isnull);
		if (isnull)
			continue;
		geom = slot_getattr(region_slot, geom_col, &isnull);
		if (isnull)
			continue;
		/* the EWKB and the detoasted row, one region at a time */
		MemoryContextSwitchTo(tmp);
		LoadRow(c, code, DatumGetInt64(version), DatumGetByteaPP(FunctionCall1(&asewkb, geom)));
		MemoryContextSwitchTo(caller);
		MemoryContextReset(tmp);
	}
	MemoryContextDelete(tmp);
	ExecDropSingleTupleTableSlot(region_slot);
	ExecDropSingleTupleTableSlot(index_slot);
	index_endscan(region_scan);
	index_endscan(index_scan);
	index_close(region_pkey, NoLock);
	index_close(index_pkey, NoLock);
	table_close(region, NoLock);
	table_close(index, NoLock);
	UnregisterSnapshot(snapshot);
}

/*
 * Read, parse and prepare the geometries of the regions at indexes[0..n-1]
 * that are not loaded yet, in one go, after evicting what the budget asks
 * for among the regions this load does not ask for.  Until the caller's next
 * load, these regions stay loaded (places.h).  A region whose row has gone
 * since the cache was read stays unloaded (callers skip it).
 */
void
RegionCacheLoad(RegionCache *c, const int *indexes, int n)
{
	Datum	   *codes;
	int			nmissing = 0;
	int64		incoming = 0;

	c->nloads++;
	for (int i = 0; i < n; i++)
	{
		CachedRegion *r = &c->regions[indexes[i]];

		r->used = c->nloads;
		if (r->geom == NULL)
		{
			nmissing++;
			incoming += REGION_BYTES(r->npoints);
		}
	}
	if (nmissing == 0)
		return;
	EvictRegions(c, incoming, c->nloads,
				 Max(RegionCacheBudget(), (int64) region_cache_statement_kb * 1024));
	codes = palloc(sizeof(Datum) * nmissing);
	nmissing = 0;
	for (int i = 0; i < n; i++)
		if (c->regions[indexes[i]].geom == NULL)
			codes[nmissing++] = Int32GetDatum(c->regions[indexes[i]].code);
	if (cache_direct)
		LoadDirect(c, codes, nmissing);
	else
		LoadSql(c, codes, nmissing);
	pfree(codes);
}

/* Load every region's geometry (region_neighbors for another tolerance). */
void
RegionCacheLoadAll(RegionCache *c)
{
	int		   *all = palloc(sizeof(int) * Max(c->nregions, 1));

	for (int i = 0; i < c->nregions; i++)
		all[i] = i;
	RegionCacheLoad(c, all, c->nregions);
	pfree(all);
}

/*
 * The stored pairs of region_neighbors(200) (regional_dev.region_neighbor),
 * as indexes into the cache, ordered by codes; pairs with a region the cache
 * does not have (hidden by row-level security) are left out.
 */
NeighborPair *
RegionCacheStoredNeighbors(RegionCache *c, int *npairs)
{
	NeighborPair *pairs;
	MemoryContext caller = CurrentMemoryContext;

	SpiConnect();
	CacheQuery("SELECT a::pg_catalog.int4, b::pg_catalog.int4, shared_border_m"
			   " FROM regional_dev.region_neighbor ORDER BY 1, 2", 0, NULL, NULL);
	pairs = MemoryContextAlloc(caller, sizeof(NeighborPair) * Max(SPI_processed, 1));
	*npairs = 0;
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int			a = RegionCacheFind(c, DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull)));
		int			b = RegionCacheFind(c, DatumGetInt32(SPI_getbinval(tuple, desc, 2, &isnull)));

		if (a < 0 || b < 0)
			continue;
		pairs[*npairs].a = a;
		pairs[*npairs].b = b;
		pairs[*npairs].shared_border_m = GetFloat8(tuple, desc, 3);
		(*npairs)++;
	}
	SPI_finish();
	return pairs;
}

/*
 * The cache, checked for invalidations once per statement and rebuilt when
 * stale (or when the user changed: row-level security may show another role
 * other rows).
 */
RegionCache *
GetRegionCache(void)
{
	LocalTransactionId lxid = compat_my_lxid();
	TimestampTz statement = GetCurrentStatementStartTimestamp();
	bool		first_of_statement;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(RegionRelcacheCallback, (Datum) 0);
		callback_registered = true;
	}
	first_of_statement = lxid != checked_lxid || statement != checked_statement;
	if (first_of_statement)
	{
		checked_lxid = lxid;
		checked_statement = statement;
		if (cache_provisional)
			cache_valid = false;
		AcceptInvalidationMessages();
	}
	if (cache_valid && cache_userid != GetUserId())
		cache_valid = false;
	if (!cache_valid)
		RefreshRegionCache();
	/* nothing is held across statements: back within the budget */
	if (first_of_statement)
		EvictRegions(&cache, 0, cache.nloads + 1, RegionCacheBudget());
	/* a Citus placement: once per statement, the guard of region_citus.c */
	if (first_of_statement && read_relid != region_relid)
		RegionCitusCheckStatement();
	return &cache;
}

/*
 * Indexes of the regions whose box meets [xmin, xmax] x [ymin, ymax],
 * ascending (that is, by code), into out (room for nregions); none loaded.
 */
static int
BoxCandidates(RegionCache *c, double xmin, double ymin, double xmax, double ymax, int *out)
{
	BoxIndex   *bi = &c->boxes;
	int			i0,
				i1,
				j0,
				j1,
				n = 0;

	if (c->nregions == 0 ||
		!CellSpan(xmin, xmax, bi->xmin, bi->dx, bi->nx, &i0, &i1) ||
		!CellSpan(ymin, ymax, bi->ymin, bi->dy, bi->ny, &j0, &j1))
		return 0;
	if (++c->nqueries == INT_MAX)
	{
		memset(c->stamp, 0, sizeof(int) * c->nregions);
		c->nqueries = 1;
	}
	for (int j = j0; j <= j1; j++)
		for (int k = i0; k <= i1; k++)
		{
			int			b = j * bi->nx + k;

			for (int e = bi->start[b]; e < bi->start[b + 1]; e++)
			{
				int			i = bi->items[e];
				CachedRegion *r = &c->regions[i];

				if (c->stamp[i] == c->nqueries)
					continue;
				c->stamp[i] = c->nqueries;
				if (r->xmin <= xmax && r->xmax >= xmin && r->ymin <= ymax && r->ymax >= ymin)
					out[n++] = i;
			}
		}
	/* one bucket's regions are in order already */
	if (n > 1 && (i0 != i1 || j0 != j1))
		qsort(out, n, sizeof(int), CompareInt32);
	return n;
}

/* Load the regions out[0..n-1]; leave out those whose row went away. */
static int
LoadCandidates(RegionCache *c, int *out, int n)
{
	int			m = 0;

	RegionCacheLoad(c, out, n);
	for (int i = 0; i < n; i++)
		if (c->regions[out[i]].geom != NULL)
			out[m++] = out[i];
	return m;
}

/*
 * Indexes of the regions whose extent meets the extent of geom, ascending
 * (that is, by code), into out (room for nregions), loaded.
 */
int
RegionCacheQuery(RegionCache *c, const GEOSGeometry *geom, int *out)
{
	double		xmin,
				ymin,
				xmax,
				ymax;

	if (c->nregions == 0)
		return 0;
	if (!GEOSGeom_getExtent_r(PlacesGeos(), geom, &xmin, &ymin, &xmax, &ymax))
		return 0;				/* empty */
	return LoadCandidates(c, out, BoxCandidates(c, xmin, ymin, xmax, ymax, out));
}

/* The same for a box. */
int
RegionCacheQueryBox(RegionCache *c, double xmin, double ymin, double xmax, double ymax,
					int *out, const char *funcname)
{
	return LoadCandidates(c, out, BoxCandidates(c, xmin, ymin, xmax, ymax, out));
}

/* Whether (x, y) lies on the segment a-b (exactly, by GEOS's orientation). */
bool
OnSegment(const double *seg, double x, double y)
{
	return x >= Min(seg[0], seg[2]) && x <= Max(seg[0], seg[2]) &&
		y >= Min(seg[1], seg[3]) && y <= Max(seg[1], seg[3]) &&
		GEOSOrientationIndex_r(PlacesGeos(), seg[0], seg[1], seg[2], seg[3], x, y) == 0;
}

/*
 * Orientation of (x, y) to the segment directed from its end with the
 * smaller coordinate `axis` (0: x, 1: y) to the other: 1 left, -1 right,
 * 0 on its line (GEOS's robust predicate, the one its own point-in-polygon
 * test uses).
 */
int
SideOf(const double *seg, int axis, double x, double y)
{
	bool		swap = seg[2 + axis] < seg[axis];

	return GEOSOrientationIndex_r(PlacesGeos(), seg[swap ? 2 : 0], seg[swap ? 3 : 1],
								  seg[swap ? 0 : 2], seg[swap ? 1 : 3], x, y);
}

/*
 * Where (x, y) lies with respect to loaded region r: 1 inside, 0 outside,
 * -1 on its boundary; by the crossing number of a ray to the right (the
 * half-open rule, GEOS's exact orientation), as GEOS's own test but without
 * building an index of the region's segments for one point.
 */
int
RegionPointTest(const CachedRegion *r, double x, double y, const char *funcname)
{
	int			nrings;
	const GEOSGeometry **rings;
	bool		inside = false;

	if (x < r->xmin || x > r->xmax || y < r->ymin || y > r->ymax)
		return 0;
	rings = RegionRings(r->geom, &nrings, funcname);
	for (int q = 0; q < nrings; q++)
	{
		unsigned int n;
		double	   *xy = RingCoords(rings[q], &n, funcname);

		for (unsigned int v = 1; v < n; v++)
		{
			const double *seg = &xy[2 * v - 2];

			if (OnSegment(seg, x, y))
			{
				pfree(xy);
				pfree(rings);
				return -1;
			}
			if ((seg[1] > y) != (seg[3] > y) && SideOf(seg, 1, x, y) > 0)
				inside = !inside;
		}
		pfree(xy);
	}
	pfree(rings);
	return inside ? 1 : 0;
}

/*
 * Whether the loaded region covers the point (a GEOS point at x, y);
 * its box is tested first.
 */
static bool
RegionCovers(CachedRegion *r, GEOSGeometry *point, double x, double y, const char *funcname)
{
	char		hit;

	if (x < r->xmin || x > r->xmax || y < r->ymin || y > r->ymax)
		return false;

	/*
	 * A prepared geometry builds an index of its segments at its first test,
	 * which costs more than going through them once: a region tested by a
	 * few points (a session's first locate(), the grid's rare exact tests) is
	 * not worth it.
	 */
	if (r->tests < PREPARE_AFTER_TESTS)
	{
		r->tests++;
		return RegionPointTest(r, x, y, funcname) != 0;
	}
	hit = GEOSPreparedIntersects_r(PlacesGeos(), r->prepared, point);
	if (hit == 2)
	{
		GEOSGeom_destroy_r(PlacesGeos(), point);
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "test a point against a region");
	}
	return hit != 0;
}

static GEOSGeometry *
MakePoint(double x, double y, const char *funcname)
{
	GEOSGeometry *point = GEOSGeom_createPointFromXY_r(PlacesGeos(), x, y);

	if (point == NULL)
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "create a point");
	return point;
}

/*
 * Index of the region that covers (x, y), the one with the smallest code
 * when several do (a point on a shared border); -1 when none does.  The
 * candidates are loaded one at a time, in code order, up to the first that
 * covers the point: a new session's first call parses a region or two.
 */
int
RegionCacheLocate(RegionCache *c, double x, double y, const char *funcname)
{
	GEOSGeometry *point;
	int			n;
	int			found = -1;

	if (c->nregions == 0)
		return -1;
	n = BoxCandidates(c, x, y, x, y, c->scratch);
	if (n == 0)
		return -1;
	point = MakePoint(x, y, funcname);
	for (int i = 0; i < n && found < 0; i++)
	{
		CachedRegion *r = &c->regions[c->scratch[i]];

		RegionCacheLoad(c, &c->scratch[i], 1);
		if (r->geom != NULL && RegionCovers(r, point, x, y, funcname))
			found = c->scratch[i];
	}
	GEOSGeom_destroy_r(PlacesGeos(), point);
	return found;
}

/*
 * The rings (exterior, then holes, polygon by polygon) of a region's
 * MultiPolygon, palloc'd; they belong to geom.
 */
const GEOSGeometry **
RegionRings(const GEOSGeometry *geom, int *nrings, const char *funcname)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	int			nparts = GEOSGetNumGeometries_r(ctx, geom);
	const GEOSGeometry **rings;
	int			max = Max(nparts, 1) * 2;

	if (nparts < 0)
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's polygons");
	rings = palloc(sizeof(GEOSGeometry *) * max);
	*nrings = 0;
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

			if (ring == NULL)
				GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's ring");
			if (*nrings == max)
			{
				max *= 2;
				rings = repalloc(rings, sizeof(GEOSGeometry *) * max);
			}
			rings[(*nrings)++] = ring;
		}
	}
	return rings;
}

/* The coordinates of a ring (x, y pairs), palloc'd, and their number. */
double *
RingCoords(const GEOSGeometry *ring, unsigned int *npoints, const char *funcname)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx, ring);
	double	   *xy;

	if (seq == NULL || !GEOSCoordSeq_getSize_r(ctx, seq, npoints))
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's ring");
	xy = palloc(sizeof(double) * 2 * Max(*npoints, 1));
	if (*npoints > 0 && !GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy, 0, 0))
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a region's ring");
	return xy;
}

/* Index of the region with this code, or -1. */
int
RegionCacheFind(RegionCache *c, Adcode code)
{
	int			lo = 0,
				hi = c->nregions - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (c->regions[mid].code == code)
			return mid;
		if (c->regions[mid].code < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Statement trigger on regional_dev.region: make every backend's cache
 * stale.  The relcache message goes out with the transaction (locally at the
 * end of the statement), so other sessions see the change once it commits.
 */
PG_FUNCTION_INFO_V1(region_cache_invalidate);
Datum
region_cache_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_cache_invalidate: must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}

/* How many region geometries this backend has read and parsed (for tests). */
PG_FUNCTION_INFO_V1(region_cache_loads);
Datum
region_cache_loads(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cache_loads);
}

/* How many times this backend has read region_index into its cache (for tests). */
PG_FUNCTION_INFO_V1(region_cache_builds);
Datum
region_cache_builds(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cache_builds);
}
