/*
 * ewkb.c
 *		The one (E)WKB reader of regional_dev (see ewkb.h): headers for the
 *		spatial functions, whole polygons for the pictures, and the wording
 *		of every geometry-argument error.
 */
#include "ewkb.h"

#include "port/pg_bswap.h"

void
EwkbReaderInit(EwkbReader *r, const uint8 *data, int len)
{
	r->p = data;
	r->end = data + len;
	r->swap = false;
}

bool
EwkbUint32(EwkbReader *r, uint32 *out)
{
	uint32		v;

	if (r->end - r->p < 4)
		return false;
	memcpy(&v, r->p, 4);
	r->p += 4;
	*out = r->swap ? pg_bswap32(v) : v;
	return true;
}

bool
EwkbDouble(EwkbReader *r, double *out)
{
	uint64		v;

	if (r->end - r->p < 8)
		return false;
	memcpy(&v, r->p, 8);
	r->p += 8;
	if (r->swap)
		v = pg_bswap64(v);
	memcpy(out, &v, 8);
	return true;
}

static const char *
WkbTypeName(uint32 type)
{
	static const char *const names[] = {"geometry", "point", "linestring", "polygon",
		"multipoint", "multilinestring", "multipolygon", "geometrycollection",
		"circularstring", "compoundcurve", "curvepolygon", "multicurve",
	"multisurface", "curve", "surface", "polyhedralsurface", "tin", "triangle"};

	if (type < lengthof(names))
		return names[type];
	return "geometry of unknown type";
}

static EwkbStatus
Malformed(EwkbInfo *info, const char *problem)
{
	info->problem = problem;
	return EWKB_MALFORMED;
}

EwkbStatus
EwkbReadHeader(EwkbReader *r, uint32 accept, EwkbInfo *info)
{
	uint8		order;
	uint32		word = 0;	/* set by EwkbUint32; newer gcc cannot tell */

	memset(info, 0, sizeof(EwkbInfo));
	if (r->end - r->p < 5)
		return Malformed(info, psprintf("It has %d bytes; a header has at least 5",
										(int) (r->end - r->p)));
	order = *r->p++;
	if (order > 1)
		return Malformed(info, psprintf("Its byte order mark is %d, not 0 or 1", order));
#ifdef WORDS_BIGENDIAN
	r->swap = (order == 1);
#else
	r->swap = (order == 0);
#endif
	(void) EwkbUint32(r, &word);	/* length checked above */
	info->has_z = (word & 0x80000000) != 0;
	info->has_m = (word & 0x40000000) != 0;
	info->type = word & 0x0FFFFFFF;
	/* ISO WKB spells dimensions in the thousands: 1003 Z, 2003 M, 3003 ZM */
	if (info->type >= 1000 && info->type < 4000)
	{
		info->has_z |= (info->type / 1000) % 2 == 1;
		info->has_m |= info->type / 1000 >= 2;
		info->type %= 1000;
	}
	if (word & 0x20000000)
	{
		uint32		srid;

		if (!EwkbUint32(r, &srid))
			return Malformed(info, "Its SRID is cut off");
		info->srid = (int32) srid;
	}
	if (info->type >= 32 || (accept & GEOMTYPE_BIT(info->type)) == 0)
		return EWKB_BAD_TYPE;
	if (info->srid != EWKB_SRID)
		return EWKB_BAD_SRID;
	if (info->has_z || info->has_m)
		return EWKB_NOT_2D;
	return EWKB_OK;
}

/* A polygon body: rings of points.  Fills *poly unless it is NULL. */
static EwkbStatus
ReadPolygon(EwkbReader *r, Poly *poly, EwkbInfo *info)
{
	uint32		nrings;

	if (!EwkbUint32(r, &nrings))
		return Malformed(info, "It ends too early");
	/* every ring takes at least 4 bytes: refuse counts the input cannot hold */
	if (nrings > (uint32) ((r->end - r->p) / 4))
		return Malformed(info, "Its ring count exceeds the data");
	if (poly)
	{
		poly->nrings = (int) nrings;
		poly->rings = nrings ? palloc(sizeof(Ring) * nrings) : NULL;
	}
	for (uint32 i = 0; i < nrings; i++)
	{
		uint32		npoints;
		double	   *xy = NULL;

		if (!EwkbUint32(r, &npoints))
			return Malformed(info, "It ends too early");
		if (npoints > (uint32) ((r->end - r->p) / 16))
			return Malformed(info, "Its point count exceeds the data");
		if (poly)
		{
			poly->rings[i].npoints = (int) npoints;
			poly->rings[i].xy = xy = npoints ? palloc(sizeof(double) * 2 * npoints) : NULL;
		}
		for (uint32 j = 0; j < 2 * npoints; j++)
		{
			double		v;

			(void) EwkbDouble(r, &v);	/* length checked above */
			if (!isfinite(v))
				return EWKB_NOT_FINITE;
			if (xy)
				xy[j] = v;
		}
	}
	return EWKB_OK;
}

EwkbStatus
EwkbReadPolygonal(const uint8 *data, int len, Shape *shape, EwkbInfo *info)
{
	EwkbReader	r;
	EwkbStatus	st;

	EwkbReaderInit(&r, data, len);
	st = EwkbReadHeader(&r, ACCEPT_POLYGONAL, info);
	if (st != EWKB_OK)
		return st;
	if (info->type == 3)
	{
		if (shape)
		{
			shape->npolys = 1;
			shape->polys = palloc(sizeof(Poly));
		}
		st = ReadPolygon(&r, shape ? &shape->polys[0] : NULL, info);
	}
	else
	{
		uint32		npolys;

		if (!EwkbUint32(&r, &npolys))
			return Malformed(info, "It ends too early");
		/* every member takes at least 9 bytes (order, type, ring count) */
		if (npolys > (uint32) ((r.end - r.p) / 9))
			return Malformed(info, "Its polygon count exceeds the data");
		if (shape)
		{
			shape->npolys = (int) npolys;
			shape->polys = npolys ? palloc(sizeof(Poly) * npolys) : NULL;
		}
		for (uint32 i = 0; i < npolys; i++)
		{
			EwkbInfo	member;

			/* members carry no SRID of their own; their type and dimensions must fit */
			st = EwkbReadHeader(&r, ACCEPT_POLYGONAL, &member);
			if (st == EWKB_MALFORMED)
				return Malformed(info, member.problem);
			if (member.type != 3 || member.has_z != info->has_z || member.has_m != info->has_m)
				return Malformed(info, "A member of the multipolygon is not a 2D polygon");
			st = ReadPolygon(&r, shape ? &shape->polys[i] : NULL, info);
			if (st != EWKB_OK)
				return st;
		}
	}
	if (st == EWKB_OK && r.p != r.end)
		return Malformed(info, "It has trailing bytes after the geometry");
	return st;
}

/* "Z", "M" or "Z and M": the coordinates a geometry has beyond x and y. */
static const char *
ExtraDimensions(const EwkbInfo *info)
{
	return info->has_z && info->has_m ? "Z and M" : info->has_z ? "Z" : "M";
}

/* "a point", "a polygon or multipolygon", ... */
static const char *
Expected(uint32 accept)
{
	if (accept == ACCEPT_POINT)
		return "a point";
	if (accept == ACCEPT_LINEAL)
		return "a linestring or multilinestring";
	return "a polygon or multipolygon";
}

char *
EwkbProblem(EwkbStatus st, const EwkbInfo *info, uint32 accept)
{
	switch (st)
	{
		case EWKB_OK:
			break;
		case EWKB_MALFORMED:
			return psprintf("is not valid EWKB. %s", info->problem);
		case EWKB_BAD_TYPE:
			return psprintf("must be %s, not a %s", Expected(accept), WkbTypeName(info->type));
		case EWKB_BAD_SRID:
			return psprintf("must have SRID %d, not %d", EWKB_SRID, info->srid);
		case EWKB_NOT_2D:
			return psprintf("must have two dimensions. It has %s coordinates",
							ExtraDimensions(info));
		case EWKB_NOT_FINITE:
			return pstrdup("has non-finite coordinates");
	}
	return pstrdup("is valid");
}

/* What to do about a geometry of the wrong type. */
static const char *
TypeHint(uint32 accept, uint32 type)
{
	if (accept == ACCEPT_POINT)
		return type == 4 ? "Pass one point at a time: split a multipoint with (ST_Dump(geom)).geom." :
			type == 7 ? "Pass one point at a time: extract them from a collection with (ST_Dump(ST_CollectionExtract(geom, 1))).geom." :
			"Pass a point, e.g. ST_PointOnSurface(geom) of an area.";
	if (accept == ACCEPT_LINEAL)
		return type == 7 ? "Extract the lines of a collection with ST_CollectionExtract(geom, 2)." :
			type >= 8 ? "Linearize curves with ST_CurveToLine(geom)." :
			"Pass a line, e.g. ST_MakeLine(start_point, end_point).";
	return type == 7 ? "Extract the polygons of a collection with ST_CollectionExtract(geom, 3)." :
		type >= 8 ? "Linearize curves with ST_CurveToLine(geom)." :
		"Pass an area: a polygon or multipolygon.";
}

void
EwkbError(EwkbStatus st, const EwkbInfo *info, uint32 accept,
		  const char *funcname, const char *argname)
{
	switch (st)
	{
		case EWKB_OK:
			break;
		case EWKB_MALFORMED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("%s: %s is not valid EWKB", funcname, argname),
					 errdetail("%s.", info->problem),
					 errhint("Pass a PostGIS geometry, or the bytes of ST_AsEWKB(geom).")));
			break;
		case EWKB_BAD_TYPE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s must be %s, not a %s", funcname, argname, Expected(accept),
							WkbTypeName(info->type)),
					 errhint("%s", TypeHint(accept, info->type))));
			break;
		case EWKB_BAD_SRID:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s must have SRID %d, not %d", funcname, argname, EWKB_SRID, info->srid),
					 errhint("Transform it with ST_Transform(geom, 4326); if its coordinates already are WGS84 longitude/latitude, label them with ST_SetSRID(geom, 4326).")));
			break;
		case EWKB_NOT_2D:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s must have two dimensions", funcname, argname),
					 errdetail("It has %s coordinates.", ExtraDimensions(info)),
					 errhint("Drop them with ST_Force2D(geom).")));
			break;
		case EWKB_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s has non-finite coordinates", funcname, argname),
					 errhint("Longitude and latitude must be finite numbers.")));
			break;
	}
	/* EWKB_OK: a caller's mistake, not the user's */
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg_internal("%s: EwkbError called without an error", funcname)));
}
