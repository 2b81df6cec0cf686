/*
 * region_index.c
 *		The tables derived from regional_dev.region, kept in step by its
 *		statement triggers, so that no session has to compute them:
 *
 *		region_index	one row per region: its bounding box, number of
 *						vertices and a version number (a new one each time
 *						the region's geometry changes); a session's region
 *						cache starts from it (src/places_cache.c);
 *		region_neighbor	the pairs of region_neighbors(200), which morans_i
 *						and local_morans_i use too (src/region_neighbors.c).
 *
 * A change recomputes only what it touches: the regions whose row was
 * inserted, deleted, or updated with another geometry (or code) get a new
 * index row, and their pairs are deleted and computed again against the
 * regions near them; every other row stays as it is.  The triggers see the
 * changed rows through transition tables (old_rows, new_rows); TRUNCATE
 * empties both tables.  region_index_rebuild() computes everything again
 * (CREATE EXTENSION calls it; also the way back after the triggers were
 * disabled).  Every name in the queries is qualified: the triggers run with
 * the search_path of whoever changes region, pg_restore's empty one included.
 *
 * Privileges.  Whoever may change region (its owner, or a role granted
 * INSERT, UPDATE or DELETE on it) must not need privileges on the derived
 * tables, and the derived data must cover every row whatever row-level
 * security shows that role: as PostgreSQL's foreign-key triggers do
 * (ri_triggers.c), the trigger runs its fixed, fully qualified queries as the
 * owner of region_index, with SECURITY_LOCAL_USERID_CHANGE (no SET ROLE
 * inside) and SECURITY_NOFORCE_RLS.  It refuses to run on any table other
 * than regional_dev.region.  region_index_rebuild() runs as its caller.
 *
 * Citus.  When region is a Citus reference table, its triggers fire on each
 * node's placement of it (regional_dev.region_<shard id>), not on the table
 * itself: the trigger then reads that placement and keeps that node's
 * derived tables (src/region_citus.c); on the table itself it does nothing.
 */
#include "places.h"
#include "region_citus.h"

#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "catalog/pg_class.h"
#include "catalog/namespace.h"
#include "access/htup_details.h"

/* The neighbours' candidates: boxes grown by this many degrees (> 200 m up to 89 degrees). */
#define NEAR_DEGREES	0.2

static void
Exec(const char *query, int nargs, Oid *argtypes, Datum *args, int expected)
{
	int			rc = SPI_execute_with_args(query, nargs, argtypes, args, NULL, false, 0);

	if (rc != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: \"%s\" failed: %s", query, SPI_result_code_string(rc))));
}

static Datum
Int4Array(const int32 *values, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		d[i] = Int32GetDatum(values[i]);
	return PointerGetDatum(construct_array(d, n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
}

static bool
InSorted(const int32 *values, int n, int32 v)
{
	return bsearch(&v, values, n, sizeof(int32), CompareInt32) != NULL;
}

static Datum
Float8Array(const double *values, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		d[i] = Float8GetDatum(values[i]);
	return PointerGetDatum(construct_array(d, n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* GEOS geometries read by UpdateDerived, freed on every path. */
typedef struct Loaded
{
	CachedRegion *regions;
	int32	   *npoints;		/* vertices of each */
	int			n;
} Loaded;

static void
FreeLoaded(Loaded *l)
{
	for (int i = 0; i < l->n; i++)
		if (l->regions[i].geom != NULL)
			GEOSGeom_destroy_r(PlacesGeos(), l->regions[i].geom);
	l->n = 0;
}

/*
 * Read and parse the regions with the given codes (all: every region), in
 * code order, into l (each geometry parsed once: its box and vertices come
 * from it too).
 */
static void
LoadRegions(const char *postgis, const char *source, Datum codes, bool all, Loaded *l)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	Oid			int4array = INT4ARRAYOID;
	uint64		n;

	Exec(psprintf("SELECT code::pg_catalog.int4, %s.st_asewkb(geom) FROM %s"
				  " WHERE geom IS NOT NULL%s ORDER BY 1", postgis, source,
				  all ? "" : " AND code::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)"),
		 all ? 0 : 1, &int4array, &codes, SPI_OK_SELECT);
	n = SPI_processed;
	l->regions = palloc0(sizeof(CachedRegion) * Max(n, 1));
	l->npoints = palloc0(sizeof(int32) * Max(n, 1));
	l->n = 0;
	for (uint64 i = 0; i < n; i++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		CachedRegion *r = &l->regions[l->n];

		CHECK_FOR_INTERRUPTS();
		r->code = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull));
		r->geom = GeomFromEwkb(DatumGetByteaPP(SPI_getbinval(tuple, desc, 2, &isnull)),
							   "regional_dev.region", "geom", ACCEPT_POLYGONAL);
		l->n++;
		if (!GEOSGeom_getExtent_r(ctx, r->geom, &r->xmin, &r->ymin, &r->xmax, &r->ymax))
			GeosFailed(ERRCODE_INTERNAL_ERROR, "regional_dev", "compute the extent of a region");
		l->npoints[l->n - 1] = GEOSGetNumCoordinates_r(ctx, r->geom);
		if (l->npoints[l->n - 1] < 0)
			GeosFailed(ERRCODE_INTERNAL_ERROR, "regional_dev", "count the vertices of a region");
	}
}

/* Write the index rows of the loaded regions, each with a new version. */
static void
InsertIndexRows(const Loaded *l)
{
	Oid			argtypes[6] = {INT4ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID, INT4ARRAYOID};
	Datum		args[6];
	int32	   *codes = palloc(sizeof(int32) * Max(l->n, 1));
	double	   *box[4];

	for (int k = 0; k < 4; k++)
		box[k] = palloc(sizeof(double) * Max(l->n, 1));
	for (int i = 0; i < l->n; i++)
	{
		codes[i] = l->regions[i].code;
		box[0][i] = l->regions[i].xmin;
		box[1][i] = l->regions[i].ymin;
		box[2][i] = l->regions[i].xmax;
		box[3][i] = l->regions[i].ymax;
	}
	args[0] = Int4Array(codes, l->n);
	for (int k = 0; k < 4; k++)
		args[k + 1] = Float8Array(box[k], l->n);
	args[5] = Int4Array(l->npoints, l->n);
	Exec("INSERT INTO regional_dev.region_index (code, lon_min, lat_min, lon_max, lat_max, npoints, version)"
		 " SELECT c::regional_dev.adcode, x0, y0, x1, y1, n,"
		 " pg_catalog.nextval('regional_dev.region_index_version'::pg_catalog.regclass)"
		 " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3),"
		 " pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6)) AS u(c, x0, y0, x1, y1, n)",
		 6, argtypes, args, SPI_OK_INSERT);
}

/*
 * Recompute the index rows and the neighbour pairs of the regions with the
 * given codes (all = every region), reading the regions from table source
 * (region, or its placement on Citus).  SPI is connected by the caller.
 */
static void
UpdateDerived(int32 *codes, int ncodes, bool all, const char *source)
{
	const char *postgis = quote_identifier(get_namespace_name(get_func_namespace(PostgisFunction("st_asewkb", InvalidOid))));
	Oid			int4array = INT4ARRAYOID;
	Oid			argtypes[3] = {INT4ARRAYOID, INT4ARRAYOID, FLOAT8ARRAYOID};
	Datum		arg;
	Loaded		changed = {0},
				near = {0};

	if (!all)
		qsort(codes, ncodes, sizeof(int32), CompareInt32);
	arg = Int4Array(codes, ncodes);

	/* forget the index rows and pairs of the changed regions */
	if (all)
	{
		Exec("DELETE FROM regional_dev.region_index", 0, NULL, NULL, SPI_OK_DELETE);
		Exec("DELETE FROM regional_dev.region_neighbor", 0, NULL, NULL, SPI_OK_DELETE);
	}
	else
	{
		Exec("DELETE FROM regional_dev.region_index WHERE code::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)",
			 1, &int4array, &arg, SPI_OK_DELETE);
		Exec("DELETE FROM regional_dev.region_neighbor"
			 " WHERE a::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)"
			 " OR b::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)",
			 1, &int4array, &arg, SPI_OK_DELETE);
	}

	PG_TRY();
	{
		CachedRegion *regions;
		bool	   *focus = NULL;
		int			nregions;
		NeighborPair *pairs;
		int			npairs;

		/* the changed regions that still exist: their new index rows */
		LoadRegions(postgis, source, arg, all, &changed);
		InsertIndexRows(&changed);

		if (all)
		{
			regions = changed.regions;
			nregions = changed.n;
		}
		else
		{
			/* the other regions whose boxes come near a changed one */
			int32	   *near_codes;
			int			nnear = 0;

			Exec("SELECT code::pg_catalog.int4, lon_min, lat_min, lon_max, lat_max FROM regional_dev.region_index",
				 0, NULL, NULL, SPI_OK_SELECT);
			near_codes = palloc(sizeof(int32) * Max(SPI_processed, 1));
			for (uint64 i = 0; i < SPI_processed; i++)
			{
				HeapTuple	tuple = SPI_tuptable->vals[i];
				TupleDesc	desc = SPI_tuptable->tupdesc;
				bool		isnull;
				int32		code = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull));
				double		x0 = DatumGetFloat8(SPI_getbinval(tuple, desc, 2, &isnull)),
							y0 = DatumGetFloat8(SPI_getbinval(tuple, desc, 3, &isnull)),
							x1 = DatumGetFloat8(SPI_getbinval(tuple, desc, 4, &isnull)),
							y1 = DatumGetFloat8(SPI_getbinval(tuple, desc, 5, &isnull));

				if (InSorted(codes, ncodes, code))
					continue;
				for (int j = 0; j < changed.n; j++)
				{
					const CachedRegion *f = &changed.regions[j];

					if (x0 <= f->xmax + NEAR_DEGREES && x1 >= f->xmin - NEAR_DEGREES &&
						y0 <= f->ymax + NEAR_DEGREES && y1 >= f->ymin - NEAR_DEGREES)
					{
						near_codes[nnear++] = code;
						break;
					}
				}
			}
			if (nnear > 0)
				LoadRegions(postgis, source, Int4Array(near_codes, nnear), false, &near);
			/* both, in code order, the changed ones in focus */
			nregions = changed.n + near.n;
			regions = palloc(sizeof(CachedRegion) * Max(nregions, 1));
			focus = palloc(sizeof(bool) * Max(nregions, 1));
			for (int i = 0, j = 0, k = 0; k < nregions; k++)
			{
				bool		take_changed = j >= near.n ||
					(i < changed.n && changed.regions[i].code < near.regions[j].code);

				regions[k] = take_changed ? changed.regions[i++] : near.regions[j++];
				focus[k] = take_changed;
			}
		}

		/* the pairs with a changed region on one side */
		if (changed.n > 0)
		{
			int32	   *a,
					   *b;
			double	   *len;
			Datum		args[3];

			pairs = NeighborPairs(regions, nregions, focus, STORED_NEIGHBORS_TOLERANCE_M, &npairs);
			a = palloc(sizeof(int32) * Max(npairs, 1));
			b = palloc(sizeof(int32) * Max(npairs, 1));
			len = palloc(sizeof(double) * Max(npairs, 1));
			for (int i = 0; i < npairs; i++)
			{
				a[i] = regions[pairs[i].a].code;
				b[i] = regions[pairs[i].b].code;
				len[i] = pairs[i].shared_border_m;
			}
			args[0] = Int4Array(a, npairs);
			args[1] = Int4Array(b, npairs);
			args[2] = Float8Array(len, npairs);
			Exec("INSERT INTO regional_dev.region_neighbor (a, b, shared_border_m)"
				 " SELECT a::regional_dev.adcode, b::regional_dev.adcode, l"
				 " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3)) AS u(a, b, l)",
				 3, argtypes, args, SPI_OK_INSERT);
		}
	}
	PG_FINALLY();
	{
		FreeLoaded(&changed);
		FreeLoaded(&near);
	}
	PG_END_TRY();
}

/* The owner of regional_dev.region_index. */
static Oid
DerivedOwner(void)
{
	Oid			relid = get_relname_relid("region_index", get_namespace_oid("regional_dev", false));
	HeapTuple	tuple = OidIsValid(relid) ? SearchSysCache1(RELOID, ObjectIdGetDatum(relid)) : NULL;
	Oid			owner;

	if (!HeapTupleIsValid(tuple))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("regional_dev: table regional_dev.region_index does not exist")));
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

/*
 * Statement trigger (AFTER INSERT, UPDATE, DELETE with transition tables
 * old_rows / new_rows, and AFTER TRUNCATE) on regional_dev.region.
 */
PG_FUNCTION_INFO_V1(region_index_update);
Datum
region_index_update(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TriggerEvent event;
	const char *query;
	int32	   *codes;
	int			ncodes = 0;
	Oid			save_userid;
	int			save_sec;
	Oid			region;
	RegionCitus rc;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_index_update: must be called as an AFTER ... FOR EACH STATEMENT trigger")));
	region = get_relname_relid("region", get_namespace_oid("regional_dev", false));
	RegionCitusGet(region, &rc);
	/*
	 * On Citus, a change of region as a reference table writes its placements,
	 * whose triggers keep this node's derived tables; the table itself holds
	 * no rows then (a change of it alone is Citus's own housekeeping).
	 */
	if (RelationGetRelid(trigdata->tg_relation) == region && rc.distributed)
		return PointerGetDatum(NULL);
	if (RelationGetRelid(trigdata->tg_relation) != region &&
		!RegionIsPlacement(trigdata->tg_relation, &rc))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_index_update: must be a trigger on regional_dev.region, not on \"%s\"",
						RelationGetRelationName(trigdata->tg_relation))));
	/* on a worker's placement: for the guard of this transaction's other connections */
	if (RelationGetRelid(trigdata->tg_relation) != region)
		RegionCitusMarkChange();
	event = trigdata->tg_event & TRIGGER_EVENT_OPMASK;
	/* as the owner of the derived tables (see the file's comment); an error resets it */
	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(DerivedOwner(), save_sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: SPI_connect failed")));
	if (event == TRIGGER_EVENT_TRUNCATE)
	{
		Exec("DELETE FROM regional_dev.region_index", 0, NULL, NULL, SPI_OK_DELETE);
		Exec("DELETE FROM regional_dev.region_neighbor", 0, NULL, NULL, SPI_OK_DELETE);
		SPI_finish();
		SetUserIdAndSecContext(save_userid, save_sec);
		return PointerGetDatum(NULL);
	}
	if ((event != TRIGGER_EVENT_DELETE && trigdata->tg_newtable == NULL) ||
		(event != TRIGGER_EVENT_INSERT && trigdata->tg_oldtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_index_update: the trigger must declare REFERENCING OLD TABLE AS old_rows and NEW TABLE AS new_rows")));
	SPI_register_trigger_data(trigdata);
	if (event == TRIGGER_EVENT_INSERT)
		query = "SELECT code::pg_catalog.int4 FROM new_rows";
	else if (event == TRIGGER_EVENT_DELETE)
		query = "SELECT code::pg_catalog.int4 FROM old_rows";
	else
		/* only rows whose code or geometry changed (same vertices in the same order) */
		query = psprintf("SELECT coalesce(n.code, o.code)::pg_catalog.int4"
						 " FROM old_rows o FULL JOIN new_rows n"
						 " ON o.code::pg_catalog.int4 OPERATOR(pg_catalog.=) n.code::pg_catalog.int4"
						 " WHERE o.code IS NULL OR n.code IS NULL OR NOT %s.st_orderingequals(o.geom, n.geom)",
						 quote_identifier(get_namespace_name(get_func_namespace(PostgisFunction("st_asewkb", InvalidOid)))));
	Exec(query, 0, NULL, NULL, SPI_OK_SELECT);
	codes = palloc(sizeof(int32) * Max(SPI_processed, 1));
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		codes[ncodes++] = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
	}
	if (ncodes > 0)
		UpdateDerived(codes, ncodes, false,
					  quote_qualified_identifier("regional_dev", RelationGetRelationName(trigdata->tg_relation)));
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec);
	return PointerGetDatum(NULL);
}

/* Compute region_index and region_neighbor again for every region. */
PG_FUNCTION_INFO_V1(region_index_rebuild);
Datum
region_index_rebuild(PG_FUNCTION_ARGS)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: SPI_connect failed")));
	/* on Citus, this node's placement of region */
	UpdateDerived(NULL, 0, true,
				  quote_qualified_identifier("regional_dev",
											 get_rel_name(RegionReadRelid(get_relname_relid("region", get_namespace_oid("regional_dev", false)), false))));
	SPI_finish();
	PG_RETURN_VOID();
}
