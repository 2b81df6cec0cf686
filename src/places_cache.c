/*
 * places_cache.c
 *		A backend-local cache of regional_dev.region: each region as a GEOS
 *		geometry and prepared geometry, all in a GEOS STRtree.  locate(),
 *		length_by_region(), boundary_crossings(), region_neighbors() and
 *		morans_i() read the regions from here.
 *
 * Invalidation.  Plain DML sends no relcache invalidation, so a statement
 * trigger on region (region_cache_invalidate) calls CacheInvalidateRelcache:
 * the message reaches this backend at the end of the statement (and again at
 * rollback) and other backends when the transaction commits; a relcache
 * callback then marks the cache stale.  Each statement's first use also calls
 * AcceptInvalidationMessages, so a statement inside an open transaction sees
 * what other sessions committed before it.
 *
 * Snapshot.  A rebuild reads the table with a fresh snapshot
 * (GetLatestSnapshot), like the catalogue caches: whatever committed before
 * the rebuild is in the cache, whatever commits after it sends a message that
 * arrives later.  Reading with an older transaction snapshot could keep a
 * stale cache past the message that should have cleared it.  In parallel mode
 * no new snapshot may be taken: the cache is then built with the query's
 * snapshot and dropped at the next statement ("provisional").
 */
#include "places.h"

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
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

static RegionCache cache;
static bool cache_valid = false;
static bool cache_provisional = false;
static Oid	cache_userid = InvalidOid;
static Oid	region_relid = InvalidOid;
static MemoryContext cache_context = NULL;
static bool callback_registered = false;
static int64 cache_builds = 0;

/* the statement whose first call last checked for invalidations */
static LocalTransactionId checked_lxid = InvalidLocalTransactionId;
static TimestampTz checked_statement = 0;

/* Relcache callback: only flags, never errors (it runs inside inval processing). */
static void
RegionRelcacheCallback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == region_relid)
		cache_valid = false;
}

/* Free every GEOS object of the cache and its memory. */
static void
FreeRegionCache(void)
{
	GEOSContextHandle_t ctx = PlacesGeos();

	if (cache.tree != NULL)
		GEOSSTRtree_destroy_r(ctx, cache.tree);
	for (int i = 0; i < cache.nregions; i++)
	{
		CachedRegion *r = &cache.regions[i];

		if (r->prepared != NULL)
			GEOSPreparedGeom_destroy_r(ctx, r->prepared);
		if (r->boundary != NULL)
			GEOSGeom_destroy_r(ctx, r->boundary);
		if (r->geom != NULL)
			GEOSGeom_destroy_r(ctx, r->geom);
	}
	memset(&cache, 0, sizeof(cache));
	if (cache_context != NULL)
		MemoryContextReset(cache_context);
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

static void
BuildRegionCache(void)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	Oid			nspoid = get_namespace_oid("regional_dev", false);
	char	   *query;
	SPIPlanPtr	plan;
	Snapshot	snapshot;
	uint64		n;

	FreeRegionCache();
	if (cache_context == NULL)
		cache_context = AllocSetContextCreate(TopMemoryContext, "regional_dev region cache",
											  ALLOCSET_SMALL_SIZES);
	region_relid = get_relname_relid("region", nspoid);
	if (!OidIsValid(region_relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("regional_dev: table regional_dev.region does not exist")));
	/* An invalidation that arrives from here on clears the flag again. */
	cache_valid = true;
	cache_provisional = IsInParallelMode();
	cache_userid = GetUserId();

	query = psprintf("SELECT code::pg_catalog.int4, %s.st_asewkb(geom) FROM regional_dev.region"
					 " WHERE geom IS NOT NULL ORDER BY 1",
					 quote_identifier(PostgisSchema()));
	PG_TRY();
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("regional_dev: SPI_connect failed")));
		plan = SPI_prepare(query, 0, NULL);
		if (plan == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("regional_dev: SPI_prepare failed for \"%s\": %s", query,
							SPI_result_code_string(SPI_result))));
		snapshot = cache_provisional ? GetActiveSnapshot() : GetLatestSnapshot();
		if (SPI_execute_snapshot(plan, NULL, NULL, snapshot, InvalidSnapshot, true, false, 0) != SPI_OK_SELECT)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("regional_dev: SPI_execute_snapshot failed for \"%s\"", query)));
		n = SPI_processed;
		if (n > (uint64) (MaxAllocSize / sizeof(CachedRegion)))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("regional_dev: too many rows in regional_dev.region")));
		cache.regions = MemoryContextAllocZero(cache_context, sizeof(CachedRegion) * Max(n, 1));
		cache.scratch = MemoryContextAlloc(cache_context, sizeof(int) * Max(n, 1));
		cache.tree = GEOSSTRtree_create_r(ctx, 10);
		if (cache.tree == NULL)
			GeosFailed(ERRCODE_INTERNAL_ERROR, "regional_dev", "create an STRtree");
		for (uint64 i = 0; i < n; i++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			Adcode		code = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull));
			bytea	   *ewkb = DatumGetByteaPP(SPI_getbinval(tuple, desc, 2, &isnull));
			CachedRegion *r = &cache.regions[cache.nregions];

			CHECK_FOR_INTERRUPTS();
			r->code = code;
			r->geom = GeomFromEwkb(ewkb, "regional_dev.region", "geom", ACCEPT_POLYGONAL);
			cache.nregions++;
			r->prepared = GEOSPrepare_r(ctx, r->geom);
			if (r->prepared == NULL)
				GeosFailed(ERRCODE_INTERNAL_ERROR, "regional_dev", "prepare a region geometry");
			if (!GEOSGeom_getExtent_r(ctx, r->geom, &r->xmin, &r->ymin, &r->xmax, &r->ymax))
				GeosFailed(ERRCODE_INTERNAL_ERROR, "regional_dev", "compute the extent of a region");
			GEOSSTRtree_insert_r(ctx, cache.tree, r->geom, r);
		}
	}
	PG_CATCH();
	{
		/* SPI is cleaned up by the abort; the GEOS objects are ours to free. */
		FreeRegionCache();
		cache_valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
	SPI_finish();
	cache_builds++;
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

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(RegionRelcacheCallback, (Datum) 0);
		callback_registered = true;
	}
	if (lxid != checked_lxid || statement != checked_statement)
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
		BuildRegionCache();
	return &cache;
}

/* Query-callback of the STRtree: store the region's index (never errors). */
typedef struct QueryState
{
	RegionCache *cache;
	int		   *out;
	int			n;
} QueryState;

static void
CollectCandidate(void *item, void *userdata)
{
	QueryState *qs = (QueryState *) userdata;

	if (qs->n < qs->cache->nregions)
		qs->out[qs->n++] = (int) ((CachedRegion *) item - qs->cache->regions);
}

static int
CompareInt(const void *a, const void *b)
{
	int			x = *(const int *) a;
	int			y = *(const int *) b;

	return (x > y) - (x < y);
}

/*
 * Indexes of the regions whose extent meets the extent of geom, ascending
 * (that is, by code), into out (room for nregions).
 */
int
RegionCacheQuery(RegionCache *c, const GEOSGeometry *geom, int *out)
{
	QueryState	qs;

	qs.cache = c;
	qs.out = out;
	qs.n = 0;
	if (c->nregions == 0)
		return 0;
	GEOSSTRtree_query_r(PlacesGeos(), c->tree, geom, CollectCandidate, &qs);
	if (qs.n > 1)
		qsort(out, qs.n, sizeof(int), CompareInt);
	return qs.n;
}

/* The same for a box. */
int
RegionCacheQueryBox(RegionCache *c, double xmin, double ymin, double xmax, double ymax,
					int *out, const char *funcname)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	GEOSGeometry *box;
	int			n;

	if (c->nregions == 0)
		return 0;
	box = GEOSGeom_createRectangle_r(ctx, xmin, ymin, xmax, ymax);
	if (box == NULL)
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "create a rectangle");
	n = RegionCacheQuery(c, box, out);
	GEOSGeom_destroy_r(ctx, box);
	return n;
}

/*
 * Index of the region that covers (x, y), the one with the smallest code
 * when several do (a point on a shared border); -1 when none does.
 */
int
RegionCacheLocate(RegionCache *c, double x, double y, const char *funcname)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	GEOSGeometry *point;
	int			n;
	int			found = -1;

	if (c->nregions == 0)
		return -1;
	point = GEOSGeom_createPointFromXY_r(ctx, x, y);
	if (point == NULL)
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "create a point");
	n = RegionCacheQuery(c, point, c->scratch);
	for (int i = 0; i < n; i++)
	{
		char		hit = GEOSPreparedIntersects_r(ctx, c->regions[c->scratch[i]].prepared, point);

		if (hit == 2)
		{
			GEOSGeom_destroy_r(ctx, point);
			GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "test a point against a region");
		}
		if (hit)
		{
			found = c->scratch[i];
			break;
		}
	}
	GEOSGeom_destroy_r(ctx, point);
	return found;
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

/* The boundary of a region, computed on first use and kept with the cache. */
const GEOSGeometry *
RegionBoundary(RegionCache *c, int index, const char *funcname)
{
	CachedRegion *r = &c->regions[index];

	if (r->boundary == NULL)
	{
		r->boundary = GEOSBoundary_r(PlacesGeos(), r->geom);
		if (r->boundary == NULL)
			GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "compute the boundary of a region");
	}
	return r->boundary;
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

/* How many times this backend has built its region cache (for tests). */
PG_FUNCTION_INFO_V1(region_cache_builds);
Datum
region_cache_builds(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cache_builds);
}
