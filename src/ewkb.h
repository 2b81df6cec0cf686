/*
 * ewkb.h
 *		The one reader of (E)WKB geometry in regional_dev, shared by the
 *		spatial functions (places_geos.c, which hands the bytes on to GEOS)
 *		and the pictures (svg_layer.c, svg_render.c, svg_geojson.c, which
 *		decode polygons themselves), with one wording for every error.
 *
 * It reads PostGIS's EWKB (dimension and SRID flags in the type word) and
 * ISO/OGC WKB (dimensions in the thousands of the type code: 1003 is
 * POLYGON Z, 2003 POLYGON M, 3003 POLYGON ZM), in either byte order, and
 * never reads past the end of its input.
 */
#ifndef REGIONAL_DEV_EWKB_H
#define REGIONAL_DEV_EWKB_H

#include "regional_dev.h"

/* Every geometry argument is WGS84 longitude/latitude. */
#define EWKB_SRID			4326

/* Geometry types an argument accepts, as a bit mask of WKB type numbers. */
#define GEOMTYPE_BIT(t)		(1u << (t))
#define ACCEPT_POINT		GEOMTYPE_BIT(1)
#define ACCEPT_LINEAL		(GEOMTYPE_BIT(2) | GEOMTYPE_BIT(5))
#define ACCEPT_POLYGONAL	(GEOMTYPE_BIT(3) | GEOMTYPE_BIT(6))

/* What is wrong with a geometry, in the order the checks are made. */
typedef enum EwkbStatus
{
	EWKB_OK,
	EWKB_MALFORMED,				/* not readable (info->problem says why) */
	EWKB_BAD_TYPE,				/* a type the argument does not accept */
	EWKB_BAD_SRID,				/* an SRID other than 4326 */
	EWKB_NOT_2D,				/* Z or M coordinates */
	EWKB_NOT_FINITE				/* a NaN or infinite coordinate */
} EwkbStatus;

/* What the reader learnt about a geometry. */
typedef struct EwkbInfo
{
	uint32		type;			/* base type: 1 point ... 7 geometrycollection ... */
	bool		has_z;
	bool		has_m;
	int32		srid;			/* 0 when absent */
	const char *problem;		/* EWKB_MALFORMED: lower case, no full stop */
} EwkbInfo;

/* A bounds-checked cursor over (E)WKB bytes. */
typedef struct EwkbReader
{
	const uint8 *p;
	const uint8 *end;
	bool		swap;			/* byte order differs from the host's */
} EwkbReader;

/* A decoded Polygon or MultiPolygon: polygons of rings of (x, y) pairs. */
typedef struct Ring
{
	int			npoints;
	double	   *xy;
} Ring;

typedef struct Poly
{
	int			nrings;
	Ring	   *rings;
} Poly;

typedef struct Shape
{
	int			npolys;
	Poly	   *polys;
} Shape;

extern void EwkbReaderInit(EwkbReader *r, const uint8 *data, int len);
extern bool EwkbUint32(EwkbReader *r, uint32 *out);
extern bool EwkbDouble(EwkbReader *r, double *out);

/*
 * Read and check the header of the geometry at data: accepted type, SRID
 * 4326, two dimensions.  The reader is left after the header.
 */
extern EwkbStatus EwkbReadHeader(EwkbReader *r, uint32 accept, EwkbInfo *info);

/*
 * Read and check a whole 2D Polygon or MultiPolygon with SRID 4326; fill
 * *shape (palloc'd) unless it is NULL.
 */
extern EwkbStatus EwkbReadPolygonal(const uint8 *data, int len, Shape *shape, EwkbInfo *info);

/*
 * The wording of a problem, for messages about a stored geometry: "must be
 * a polygon or multipolygon, not a point", "is not valid EWKB (...)".
 */
extern char *EwkbProblem(EwkbStatus st, const EwkbInfo *info, uint32 accept);

/* Raise the error for a problem of argument argname of function funcname. */
pg_noreturn extern void EwkbError(EwkbStatus st, const EwkbInfo *info, uint32 accept,
								  const char *funcname, const char *argname);

#endif							/* REGIONAL_DEV_EWKB_H */
