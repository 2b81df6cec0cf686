/*
 * places_geos.c
 *		GEOS for the spatial functions: the backend's GEOS context, reading
 *		EWKB arguments with the checks every function shares (type, SRID 4326,
 *		two dimensions, not empty), geodesic lengths on the WGS84 spheroid,
 *		and a local metric plane for distances in metres.
 */
#include "places.h"

#include <math.h>

#include "miscadmin.h"

/* WGS84 */
#define WGS84_A			6378137.0
#define WGS84_F			(1.0 / 298.257223563)
#define DEG2RAD			(M_PI / 180.0)

static GEOSContextHandle_t geos_context = NULL;
static GEOSWKBReader *wkb_reader = NULL;

/*
 * The last error message GEOS gave (its notices are not kept: nothing reads
 * them).  The handler only copies: they run inside GEOS's
 * C++ frames, where raising a PostgreSQL error would skip destructors.
 */
static char geos_error[1024];

static void
GeosErrorHandler(const char *message, void *userdata)
{
	strlcpy(geos_error, message, sizeof(geos_error));
}

/* The backend's GEOS context, made on first use and kept for its lifetime. */
GEOSContextHandle_t
PlacesGeos(void)
{
	if (geos_context == NULL)
	{
		GEOSContextHandle_t ctx = GEOS_init_r();

		if (ctx == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("regional_dev: could not initialize GEOS")));
		GEOSContext_setErrorMessageHandler_r(ctx, GeosErrorHandler, NULL);
		wkb_reader = GEOSWKBReader_create_r(ctx);
		if (wkb_reader == NULL)
		{
			GEOS_finish_r(ctx);
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("regional_dev: could not initialize GEOS")));
		}
		geos_context = ctx;
	}
	return geos_context;
}

/*
 * Report that a GEOS operation failed, with GEOS's message.  Callers free
 * their GEOS objects first (or from PG_FINALLY).
 */
void
GeosFailed(int sqlerrcode, const char *funcname, const char *operation)
{
	char		message[sizeof(geos_error)];

	/*
	 * PostGIS, loaded in the same backend, asks GEOS to stop when a query is
	 * cancelled; then report the cancel itself, not a GEOS failure.
	 */
	CHECK_FOR_INTERRUPTS();
	strlcpy(message, geos_error[0] ? geos_error : "GEOS gave no message", sizeof(message));
	geos_error[0] = '\0';
	ereport(ERROR,
			(errcode(sqlerrcode),
			 errmsg("%s: could not %s", funcname, operation),
			 errdetail("GEOS: %s", message),
			 sqlerrcode == ERRCODE_INTERNAL_ERROR ? 0 :
			 errhint("Check the geometry with ST_IsValidReason(geom).")));
}

GeosBag *
GeosBagCreate(void)
{
	return (GeosBag *) palloc0(sizeof(GeosBag));
}

/*
 * Keep a GEOS result in the bag; a NULL result means the operation failed,
 * reported with GEOS's message (the caller's PG_FINALLY frees the bag).
 */
GEOSGeometry *
GeosBagKeep(GeosBag *bag, GEOSGeometry *geom, const char *funcname, const char *operation)
{
	if (geom == NULL)
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, operation);
	if (bag->n >= GEOS_BAG_SIZE)
	{
		GEOSGeom_destroy_r(PlacesGeos(), geom);
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("%s: too many GEOS objects in one bag", funcname)));
	}
	bag->geoms[bag->n++] = geom;
	return geom;
}

/* Take geom out of the bag: the caller keeps it. */
void
GeosBagRelease(GeosBag *bag, GEOSGeometry *geom)
{
	for (int i = 0; i < bag->n; i++)
	{
		if (bag->geoms[i] == geom)
		{
			bag->geoms[i] = bag->geoms[--bag->n];
			return;
		}
	}
}

void
GeosBagFree(GeosBag *bag)
{
	GEOSContextHandle_t ctx = PlacesGeos();

	while (bag->n > 0)
		GEOSGeom_destroy_r(ctx, bag->geoms[--bag->n]);
}

/*
 * A GEOS geometry from the EWKB of a geometry argument, after the header
 * checks of the shared reader (ewkb.c); an empty geometry is an error too.  The caller owns the result.
 */
GEOSGeometry *
GeomFromEwkb(bytea *ewkb, const char *funcname, const char *argname, uint32 accept)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	const uint8 *data = (const uint8 *) VARDATA_ANY(ewkb);
	int			len = VARSIZE_ANY_EXHDR(ewkb);
	EwkbReader	r;
	EwkbInfo	info;
	EwkbStatus	st;
	GEOSGeometry *geom;
	char		empty;

	EwkbReaderInit(&r, data, len);
	st = EwkbReadHeader(&r, accept, &info);
	if (st != EWKB_OK)
		EwkbError(st, &info, accept, funcname, argname);
	geos_error[0] = '\0';
	geom = GEOSWKBReader_read_r(ctx, wkb_reader, data, len);
	if (geom == NULL)
	{
		info.problem = geos_error[0] ? geos_error : "GEOS could not read it";
		EwkbError(EWKB_MALFORMED, &info, accept, funcname, argname);
	}
	empty = GEOSisEmpty_r(ctx, geom);
	if (empty != 0)
	{
		GEOSGeom_destroy_r(ctx, geom);
		if (empty == 2)
			GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "test a geometry for emptiness");
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s is empty", funcname, argname),
				 errhint("Leave empty geometries out, e.g. WHERE NOT ST_IsEmpty(geom).")));
	}
	return geom;
}

/*
 * The coordinates of a point argument.  The EWKB that ST_AsEWKB makes for a
 * 2D point with SRID 4326 on this machine's byte order is read directly (the
 * fast path of locate); anything else goes through GeomFromEwkb, which
 * accepts the same points and raises the errors.
 */
bool
PointFromEwkb(bytea *ewkb, const char *funcname, const char *argname, double *x, double *y)
{
	const uint8 *data = (const uint8 *) VARDATA_ANY(ewkb);
	int			len = VARSIZE_ANY_EXHDR(ewkb);
#ifdef WORDS_BIGENDIAN
	const uint8 native = 0;
#else
	const uint8 native = 1;
#endif

	uint32		word = 0,
				srid = 0;

	if (len == 25)
	{
		memcpy(&word, data + 1, 4);
		memcpy(&srid, data + 5, 4);
	}
	if (len == 25 && data[0] == native && word == (0x20000000 | 1) && srid == EWKB_SRID)
	{
		memcpy(x, data + 9, sizeof(double));
		memcpy(y, data + 17, sizeof(double));
		if (isnan(*x) && isnan(*y))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s is empty", funcname, argname),
					 errhint("Leave empty geometries out, e.g. WHERE NOT ST_IsEmpty(geom).")));
	}
	else
	{
		GEOSContextHandle_t ctx = PlacesGeos();
		GEOSGeometry *geom = GeomFromEwkb(ewkb, funcname, argname, ACCEPT_POINT);
		int			okx = GEOSGeomGetX_r(ctx, geom, x);
		int			oky = GEOSGeomGetY_r(ctx, geom, y);

		GEOSGeom_destroy_r(ctx, geom);
		if (!okx || !oky)
			GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "read a point");
	}
	if (!isfinite(*x) || !isfinite(*y))
		EwkbError(EWKB_NOT_FINITE, NULL, ACCEPT_POINT, funcname, argname);
	return true;
}

/*
 * The polygonal part of a geometry (ST_MakeValid can return a collection
 * with lines and points besides the polygons): geom itself when it is a
 * Polygon or MultiPolygon, else a new MultiPolygon of its polygons (perhaps
 * empty) that the caller owns.  geom is never freed here.
 */
GEOSGeometry *
PolygonalPart(GEOSGeometry *geom, const char *funcname)
{
	GEOSContextHandle_t ctx = PlacesGeos();
	int			type = GEOSGeomTypeId_r(ctx, geom);
	int			n,
				i,
				npolys = 0;
	GEOSGeometry **polys;
	GEOSGeometry *result;
	bool		failed = false;

	if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
		return geom;

	/* Count, then clone, the polygons of the collection. */
	n = GEOSGetNumGeometries_r(ctx, geom);
	for (i = 0; i < n; i++)
	{
		const GEOSGeometry *part = GEOSGetGeometryN_r(ctx, geom, i);
		int			ptype = GEOSGeomTypeId_r(ctx, part);

		if (ptype == GEOS_POLYGON)
			npolys++;
		else if (ptype == GEOS_MULTIPOLYGON)
			npolys += GEOSGetNumGeometries_r(ctx, part);
	}
	polys = (GEOSGeometry **) palloc0(sizeof(GEOSGeometry *) * Max(npolys, 1));
	npolys = 0;
	for (i = 0; i < n && !failed; i++)
	{
		const GEOSGeometry *part = GEOSGetGeometryN_r(ctx, geom, i);
		int			ptype = GEOSGeomTypeId_r(ctx, part);
		int			m = ptype == GEOS_MULTIPOLYGON ? GEOSGetNumGeometries_r(ctx, part) : 1;

		if (ptype != GEOS_POLYGON && ptype != GEOS_MULTIPOLYGON)
			continue;
		for (int j = 0; j < m && !failed; j++)
		{
			polys[npolys] = GEOSGeom_clone_r(ctx, ptype == GEOS_POLYGON ? part :
											 GEOSGetGeometryN_r(ctx, part, j));
			if (polys[npolys] == NULL)
				failed = true;
			else
				npolys++;
		}
	}
	/* On success the collection takes ownership of the polygons. */
	result = failed ? NULL : GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys, npolys);
	if (result == NULL)
	{
		for (i = 0; i < npolys; i++)
			GEOSGeom_destroy_r(ctx, polys[i]);
		GeosFailed(ERRCODE_INTERNAL_ERROR, funcname, "extract the polygons of a geometry");
	}
	pfree(polys);
	return result;
}

/*
 * Geodesic distance in metres between two points on the WGS84 spheroid,
 * by Vincenty's inverse formula (iterated to 1e-12 rad, about 0.01 mm).  It
 * agrees with the Karney algorithm PostGIS uses for ST_Length(geography) to
 * far better than a millimetre on the segments of regional lines.  For nearly
 * antipodal points, where the iteration may not converge, it falls back to
 * the great circle on the sphere of the same mean radius (error below 0.5%).
 */
double
GeodesicDistance(double lon1, double lat1, double lon2, double lat2)
{
	const double a = WGS84_A;
	const double f = WGS84_F;
	const double b = a * (1.0 - f);
	double		L = (lon2 - lon1) * DEG2RAD;
	double		U1 = atan((1.0 - f) * tan(lat1 * DEG2RAD));
	double		U2 = atan((1.0 - f) * tan(lat2 * DEG2RAD));
	double		sinU1 = sin(U1),
				cosU1 = cos(U1),
				sinU2 = sin(U2),
				cosU2 = cos(U2);
	double		lambda = L,
				lambda_prev;
	double		sin_sigma,
				cos_sigma,
				sigma,
				sin_alpha,
				cos2_alpha,
				cos_2sigma_m,
				C,
				u2,
				A,
				B,
				delta_sigma;
	int			iter = 0;

	if (lon1 == lon2 && lat1 == lat2)
		return 0.0;
	do
	{
		double		sin_lambda = sin(lambda);
		double		cos_lambda = cos(lambda);
		double		t1 = cosU2 * sin_lambda;
		double		t2 = cosU1 * sinU2 - sinU1 * cosU2 * cos_lambda;

		sin_sigma = sqrt(t1 * t1 + t2 * t2);
		if (sin_sigma == 0.0)
			return 0.0;			/* coincident points */
		cos_sigma = sinU1 * sinU2 + cosU1 * cosU2 * cos_lambda;
		sigma = atan2(sin_sigma, cos_sigma);
		sin_alpha = cosU1 * cosU2 * sin_lambda / sin_sigma;
		cos2_alpha = 1.0 - sin_alpha * sin_alpha;
		/* on the equator cos2_alpha = 0 and the term vanishes */
		cos_2sigma_m = cos2_alpha != 0.0 ? cos_sigma - 2.0 * sinU1 * sinU2 / cos2_alpha : 0.0;
		C = f / 16.0 * cos2_alpha * (4.0 + f * (4.0 - 3.0 * cos2_alpha));
		lambda_prev = lambda;
		lambda = L + (1.0 - C) * f * sin_alpha *
			(sigma + C * sin_sigma * (cos_2sigma_m + C * cos_sigma * (-1.0 + 2.0 * cos_2sigma_m * cos_2sigma_m)));
	} while (fabs(lambda - lambda_prev) > 1e-12 && ++iter < 200);

	if (iter >= 200)
	{
		/* nearly antipodal: great circle on the mean-radius sphere */
		double		R = (2.0 * a + b) / 3.0;
		double		p1 = lat1 * DEG2RAD,
					p2 = lat2 * DEG2RAD;
		double		h = sin((p2 - p1) / 2) * sin((p2 - p1) / 2) +
			cos(p1) * cos(p2) * sin(L / 2) * sin(L / 2);

		return 2.0 * R * asin(Min(1.0, sqrt(h)));
	}

	u2 = cos2_alpha * (a * a - b * b) / (b * b);
	A = 1.0 + u2 / 16384.0 * (4096.0 + u2 * (-768.0 + u2 * (320.0 - 175.0 * u2)));
	B = u2 / 1024.0 * (256.0 + u2 * (-128.0 + u2 * (74.0 - 47.0 * u2)));
	delta_sigma = B * sin_sigma *
		(cos_2sigma_m + B / 4.0 *
		 (cos_sigma * (-1.0 + 2.0 * cos_2sigma_m * cos_2sigma_m) -
		  B / 6.0 * cos_2sigma_m * (-3.0 + 4.0 * sin_sigma * sin_sigma) *
		  (-3.0 + 4.0 * cos_2sigma_m * cos_2sigma_m)));
	return b * A * (sigma - delta_sigma);
}

/*
 * A local plane around (lon0, lat0): x = N cos(lat0) dlon, y = M dlat, with
 * N and M the spheroid's radii of curvature at lat0.  Within a few tenths of
 * a degree its scale is right to a few parts per thousand: good for
 * tolerances in metres; lengths are measured on the spheroid instead.
 */
void
LocalPlaneInit(LocalPlane *plane, double lon0, double lat0)
{
	double		e2 = WGS84_F * (2.0 - WGS84_F);
	double		s = sin(lat0 * DEG2RAD);
	double		w = sqrt(1.0 - e2 * s * s);

	plane->lon0 = lon0;
	plane->lat0 = lat0;
	plane->kx = WGS84_A / w * cos(lat0 * DEG2RAD) * DEG2RAD;
	plane->ky = WGS84_A * (1.0 - e2) / (w * w * w) * DEG2RAD;
}
