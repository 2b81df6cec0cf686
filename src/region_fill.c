/*
 * region_fill.c
 *		BEFORE ROW trigger on regional_dev.region for the rows users add:
 *		province from the code when omitted, a Polygon stored as a
 *		MultiPolygon.  It runs before NOT NULL and CHECK constraints, but
 *		after the column's type modifier, hence geom is geometry(Geometry,
 *		4326) with a CHECK for MultiPolygon (src/region.sql).  PostGIS is
 *		called by qualified name (PostgisFunction), never linked.
 */
#include "places.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"

/* PostGIS's ST_GeometryType and ST_Multi, looked up once per statement (fn_extra). */
typedef struct FillFunctions
{
	FmgrInfo	geometry_type;
	FmgrInfo	multi;
} FillFunctions;

static FillFunctions *
GetFillFunctions(FunctionCallInfo fcinfo)
{
	FillFunctions *f = fcinfo->flinfo->fn_extra;

	if (f == NULL)
	{
		f = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(FillFunctions));
		fmgr_info_cxt(PostgisFunction("st_geometrytype", InvalidOid), &f->geometry_type, fcinfo->flinfo->fn_mcxt);
		fmgr_info_cxt(PostgisFunction("st_multi", InvalidOid), &f->multi, fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = f;
	}
	return f;
}

PG_FUNCTION_INFO_V1(region_fill);
Datum
region_fill(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	tuple;
	int			cols[2];
	Datum		values[2];
	bool		nulls[2] = {false, false};
	int			n = 0;
	int			code_col,
				province_col,
				geom_col;
	bool		isnull;
	Datum		geom;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) || TRIGGER_FIRED_BY_DELETE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_fill: must be called as a BEFORE INSERT or UPDATE ... FOR EACH ROW trigger")));
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ? trigdata->tg_newtuple : trigdata->tg_trigtuple;
	desc = RelationGetDescr(trigdata->tg_relation);
	code_col = SPI_fnumber(desc, "code");
	province_col = SPI_fnumber(desc, "province");
	geom_col = SPI_fnumber(desc, "geom");
	if (code_col <= 0 || province_col <= 0 || geom_col <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("region_fill: table \"%s\" lacks column code, province or geom",
						RelationGetRelationName(trigdata->tg_relation))));

	/* province: from the code, when NULL (a NULL code fails NOT NULL later) */
	(void) heap_getattr(tuple, province_col, desc, &isnull);
	if (isnull)
	{
		Datum		code = heap_getattr(tuple, code_col, desc, &isnull);

		if (!isnull)
		{
			cols[n] = province_col;
			values[n++] = AdcodeGetDatum(AdcodeProvince(DatumGetAdcode(code)));
		}
	}

	/* geom: a Polygon becomes a MultiPolygon; other types are refused here */
	geom = heap_getattr(tuple, geom_col, desc, &isnull);
	if (!isnull)
	{
		FillFunctions *f = GetFillFunctions(fcinfo);
		char	   *type = text_to_cstring(DatumGetTextPP(FunctionCall1(&f->geometry_type, geom)));

		if (strcmp(type, "ST_Polygon") == 0)
		{
			cols[n] = geom_col;
			values[n++] = FunctionCall1(&f->multi, geom);
		}
		else if (strcmp(type, "ST_MultiPolygon") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("geometry type (%s) of a region is neither MultiPolygon nor Polygon",
							strncmp(type, "ST_", 3) == 0 ? type + 3 : type),
					 errhint("A region's boundary is an area: a MultiPolygon, or a Polygon, which is stored as a MultiPolygon.")));
	}

	if (n > 0)
		tuple = heap_modify_tuple_by_cols(tuple, desc, n, cols, values, nulls);
	return PointerGetDatum(tuple);
}
