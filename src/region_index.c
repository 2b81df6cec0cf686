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
 */
#include "places.h"

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

static int
CompareInt32(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

static bool
InSorted(const int32 *values, int n, int32 v)
{
	return bsearch(&v, values, n, sizeof(int32), CompareInt32) != NULL;
}

/*
 * Recompute the index rows and the neighbour pairs of the regions with the
 * given codes (all = every region).  SPI is connected by the caller.
 */
static void
UpdateDerived(int32 *codes, int ncodes, bool all)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	const char *postgis = quote_identifier(get_namespace_name(get_func_namespace(PostgisFunction("st_asewkb", InvalidOid))));
	Oid			int4array = INT4ARRAYOID;
	Oid			argtypes[3] = {INT4ARRAYOID, INT4ARRAYOID, FLOAT8ARRAYOID};
	Datum		arg;
	int			nregions = 0,
				nfocus = 0;
	int32	   *near_codes;
	CachedRegion *regions = NULL;
	bool	   *focus;
	NeighborPair *pairs;
	int			npairs;

	qsort(codes, ncodes, sizeof(int32), CompareInt32);
	arg = Int4Array(codes, ncodes);

	/* 1. the index rows */
	if (all)
		Exec("DELETE FROM regional_dev.region_index", 0, NULL, NULL, SPI_OK_DELETE);
	else
		Exec("DELETE FROM regional_dev.region_index WHERE code::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)",
			 1, &int4array, &arg, SPI_OK_DELETE);
	Exec(psprintf("INSERT INTO regional_dev.region_index (code, lon_min, lat_min, lon_max, lat_max, npoints, version)"
				  " SELECT code, %1$s.st_xmin(%1$s.box3d(geom)), %1$s.st_ymin(%1$s.box3d(geom)),"
				  " %1$s.st_xmax(%1$s.box3d(geom)), %1$s.st_ymax(%1$s.box3d(geom)), %1$s.st_npoints(geom),"
				  " pg_catalog.nextval('regional_dev.region_index_version'::pg_catalog.regclass)"
				  " FROM regional_dev.region WHERE geom IS NOT NULL%2$s", postgis,
				  all ? "" : " AND code::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)"),
		 all ? 0 : 1, &int4array, &arg, SPI_OK_INSERT);

	/* 2. the neighbour pairs: forget those of the changed regions */
	if (all)
		Exec("DELETE FROM regional_dev.region_neighbor", 0, NULL, NULL, SPI_OK_DELETE);
	else
		Exec("DELETE FROM regional_dev.region_neighbor"
			 " WHERE a::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)"
			 " OR b::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1)",
			 1, &int4array, &arg, SPI_OK_DELETE);

	/* the changed regions that still exist, and the regions near them (by box) */
	Exec("SELECT code::pg_catalog.int4, lon_min, lat_min, lon_max, lat_max FROM regional_dev.region_index ORDER BY 1",
		 0, NULL, NULL, SPI_OK_SELECT);
	{
		uint64		n = SPI_processed;
		SPITupleTable *tt = SPI_tuptable;
		CachedRegion *all_boxes = palloc0(sizeof(CachedRegion) * Max(n, 1));

		for (uint64 i = 0; i < n; i++)
		{
			bool		isnull;
			CachedRegion *r = &all_boxes[i];

			r->code = DatumGetInt32(SPI_getbinval(tt->vals[i], tt->tupdesc, 1, &isnull));
			r->xmin = DatumGetFloat8(SPI_getbinval(tt->vals[i], tt->tupdesc, 2, &isnull));
			r->ymin = DatumGetFloat8(SPI_getbinval(tt->vals[i], tt->tupdesc, 3, &isnull));
			r->xmax = DatumGetFloat8(SPI_getbinval(tt->vals[i], tt->tupdesc, 4, &isnull));
			r->ymax = DatumGetFloat8(SPI_getbinval(tt->vals[i], tt->tupdesc, 5, &isnull));
		}
		near_codes = palloc(sizeof(int32) * Max(n, 1));
		for (uint64 i = 0; i < n; i++)
		{
			const CachedRegion *r = &all_boxes[i];
			bool		near = all || InSorted(codes, ncodes, r->code);

			for (uint64 j = 0; !near && j < n; j++)
			{
				const CachedRegion *f = &all_boxes[j];

				near = InSorted(codes, ncodes, f->code) &&
					r->xmin <= f->xmax + NEAR_DEGREES && r->xmax >= f->xmin - NEAR_DEGREES &&
					r->ymin <= f->ymax + NEAR_DEGREES && r->ymax >= f->ymin - NEAR_DEGREES;
			}
			if (near)
				near_codes[nregions++] = r->code;
		}
		pfree(all_boxes);
	}
	if (nregions == 0)
		return;

	/* 3. compute their pairs (with a changed region on one side) */
	regions = palloc0(sizeof(CachedRegion) * nregions);
	focus = palloc0(sizeof(bool) * nregions);
	PG_TRY();
	{
		uint64		n;

		arg = Int4Array(near_codes, nregions);
		Exec(psprintf("SELECT code::pg_catalog.int4, %s.st_asewkb(geom) FROM regional_dev.region"
					  " WHERE code::pg_catalog.int4 OPERATOR(pg_catalog.=) ANY ($1) ORDER BY 1", postgis),
			 1, &int4array, &arg, SPI_OK_SELECT);
		n = SPI_processed;
		nregions = 0;
		for (uint64 i = 0; i < n; i++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			CachedRegion *r = &regions[nregions];

			CHECK_FOR_INTERRUPTS();
			r->code = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull));
			r->geom = GeomFromEwkb(DatumGetByteaPP(SPI_getbinval(tuple, desc, 2, &isnull)),
								   "regional_dev.region", "geom", ACCEPT_POLYGONAL);
			nregions++;
			if (!GEOSGeom_getExtent_r(ctx, r->geom, &r->xmin, &r->ymin, &r->xmax, &r->ymax))
				GeosFailed(ERRCODE_INTERNAL_ERROR, "regional_dev", "compute the extent of a region");
			focus[nregions - 1] = all || InSorted(codes, ncodes, r->code);
			nfocus += focus[nregions - 1];
		}
		if (nfocus > 0)
		{
			int32	   *a,
					   *b;
			double	   *len;
			Datum		args[3];

			pairs = NeighborPairs(regions, nregions, all ? NULL : focus,
								  STORED_NEIGHBORS_TOLERANCE_M, &npairs);
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
			{
				Datum	   *d = palloc(sizeof(Datum) * Max(npairs, 1));

				for (int i = 0; i < npairs; i++)
					d[i] = Float8GetDatum(len[i]);
				args[2] = PointerGetDatum(construct_array(d, npairs, FLOAT8OID, sizeof(float8),
														  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
			}
			Exec("INSERT INTO regional_dev.region_neighbor (a, b, shared_border_m)"
				 " SELECT a::regional_dev.adcode, b::regional_dev.adcode, l"
				 " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3)) AS u(a, b, l)",
				 3, argtypes, args, SPI_OK_INSERT);
		}
	}
	PG_FINALLY();
	{
		for (int i = 0; i < nregions; i++)
			if (regions[i].geom != NULL)
				GEOSGeom_destroy_r(ctx, regions[i].geom);
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

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_index_update: must be called as an AFTER ... FOR EACH STATEMENT trigger")));
	if (RelationGetRelid(trigdata->tg_relation) !=
		get_relname_relid("region", get_namespace_oid("regional_dev", false)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_index_update: must be a trigger on regional_dev.region, not on \"%s\"",
						RelationGetRelationName(trigdata->tg_relation))));
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
		UpdateDerived(codes, ncodes, false);
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
	UpdateDerived(NULL, 0, true);
	SPI_finish();
	PG_RETURN_VOID();
}
