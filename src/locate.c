/*
 * locate.c
 *		locate(point) -> adcode: the region of regional_dev.region that covers
 *		a point, through the backend's cache of prepared region geometries.
 *		On a shared border the smallest code wins; outside every region (sea,
 *		the slivers between separately digitized provinces) the result is NULL.
 *
 * locate(geometry) is a C function on PostGIS's geometry type itself: a 2D
 * point with SRID 4326 is read straight from PostGIS's serialized form
 * (GSERIALIZED, versions 1 and 2, documented in PostGIS's liblwgeom/gserialized.txt
 * and kept stable on disk across PostGIS releases, since pg_upgrade keeps
 * stored geometries as they are).  Anything else, or any byte that does not
 * match exactly, goes through PostGIS's ST_AsEWKB and the EWKB reader, which
 * accepts the same points and raises the errors.  doc/design.md says why this
 * is safe.
 */
#include "places.h"

#include <math.h>

#include "fmgr.h"

/* GSERIALIZED flag bits (the byte after the three SRID bytes) */
#define GS_Z			0x01
#define GS_M			0x02
#define GS_BBOX			0x04
#define GS_GEODETIC		0x08
#define GS_EXTENDED		0x10	/* version 2 only (version 1: read-only flag) */
#define GS_V1_SOLID		0x20	/* version 1; reserved in version 2 */
#define GS_VERSION2		0x40
#define GS_POINTTYPE	1

/*
 * The coordinates of a serialized PostGIS point, when it is exactly a 2D
 * point with SRID 4326 and finite coordinates in one of the layouts below;
 * false otherwise (the caller then takes the EWKB path).
 *
 *   varlena header (1 or 4 bytes), SRID (3 bytes, big-endian, 21 bits signed),
 *   flags (1 byte), [extended flags, 8 bytes: not read here], [bounding box:
 *   2 float4 per dimension], type (uint32), number of points (uint32),
 *   coordinates (float8 x, y), all in the machine's byte order.
 */
static bool
SerializedPoint(struct varlena *v, double *x, double *y)
{
	const uint8 *p;
	Size		len,
				off = 4;
	int32		srid;
	uint8		flags;
	uint32		type,
				npoints;

	if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
		return false;
	p = (const uint8 *) VARDATA_ANY(v);
	len = VARSIZE_ANY_EXHDR(v);
	if (len < off)
		return false;
	srid = (int32) (((uint32) p[0] << 16 | (uint32) p[1] << 8 | (uint32) p[2]) << 11) >> 11;
	flags = p[3];
	if (srid != PLACES_SRID || (flags & (GS_Z | GS_M | GS_GEODETIC | GS_V1_SOLID | 0x80)))
		return false;
	if ((flags & GS_VERSION2) && (flags & GS_EXTENDED))
		return false;
	if (flags & GS_BBOX)
		off += 4 * sizeof(float4);
	if (len != off + 2 * sizeof(uint32) + 2 * sizeof(double))
		return false;
	memcpy(&type, p + off, sizeof(uint32));
	memcpy(&npoints, p + off + 4, sizeof(uint32));
	if (type != GS_POINTTYPE || npoints != 1)
		return false;
	memcpy(x, p + off + 8, sizeof(double));
	memcpy(y, p + off + 16, sizeof(double));
	return isfinite(*x) && isfinite(*y);
}

/* locate() on the EWKB of a point (for clients that hold WKB already). */
PG_FUNCTION_INFO_V1(locate_ewkb);
Datum
locate_ewkb(PG_FUNCTION_ARGS)
{
	bytea	   *ewkb = PG_GETARG_BYTEA_PP(0);
	double		x,
				y;
	RegionCache *cache;
	int			index;

	PointFromEwkb(ewkb, "locate", "point", &x, &y);
	cache = GetRegionCache();
	index = RegionCacheLocateFast(cache, x, y, "locate");
	if (index < 0)
		PG_RETURN_NULL();
	PG_RETURN_ADCODE(cache->regions[index].code);
}

/* locate(geometry): the serialized point read directly, else through EWKB. */
PG_FUNCTION_INFO_V1(locate);
Datum
locate(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_RAW_VARLENA_P(0);
	double		x,
				y;
	RegionCache *cache;
	int			index;

	if (!SerializedPoint(v, &x, &y))
	{
		FmgrInfo   *asewkb = fcinfo->flinfo->fn_extra;

		if (asewkb == NULL)
		{
			asewkb = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(FmgrInfo));
			fmgr_info_cxt(PostgisFunction("st_asewkb", get_fn_expr_argtype(fcinfo->flinfo, 0)),
						  asewkb, fcinfo->flinfo->fn_mcxt);
			fcinfo->flinfo->fn_extra = asewkb;
		}
		PointFromEwkb(DatumGetByteaPP(FunctionCall1(asewkb, PointerGetDatum(v))),
					  "locate", "point", &x, &y);
	}
	cache = GetRegionCache();
	index = RegionCacheLocateFast(cache, x, y, "locate");
	if (index < 0)
		PG_RETURN_NULL();
	PG_RETURN_ADCODE(cache->regions[index].code);
}
