/*
 * svg.c
 *		Pictures: the choropleth_svg aggregate, its state type svg_layer, and
 *		sparkline_svg.
 *
 * Geometry reaches C as EWKB: the transition function runs the binary send
 * function of the argument's declared type (PostGIS's geometry_send, which
 * writes EWKB), found through the catalogue by type, so PostGIS may live in
 * any schema and no name is looked up at call time.  A thin SQL wrapper
 * calling ST_AsEWKB would do the same, but a SQL-language transition function
 * never sees the aggregate context, so the state could not be updated in
 * place (each row would copy the whole map).  The EWKB is read by the small
 * bounds-checked reader below.
 *
 * Output is a standalone SVG 1.1 document in pure ASCII: characters outside
 * ASCII in labels and titles become character references, so the document is
 * well-formed whatever the database or client encoding.
 */
#include "regional_dev.h"

#include <math.h>

#include "annual_series.h"

#include "common/shortest_dec.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"

/*
 * svg_layer: the features of a map, in the order they arrived.
 *
 * In memory and on disk: the header below, then data[]: the title (title_len
 * bytes, server encoding, no terminator), then one entry per feature:
 *		uint8 flags, float8 value, uint32 label_len, uint32 wkb_len,
 *		label bytes, EWKB bytes
 * packed without padding (read with memcpy).  Bytes of data[] past "used"
 * are zero: room for the transition function to grow the state in place.
 */
typedef struct SvgLayer
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* SVG_LAYER_VERSION */
	uint8		flags;			/* SVG_LAYER_HAS_TITLE */
	uint16		title_len;		/* bytes of the title at the start of data[] */
	int32		nfeatures;
	int32		used;			/* bytes of data[] in use */
	char		data[FLEXIBLE_ARRAY_MEMBER];
} SvgLayer;

#define SVG_LAYER_VERSION		1
#define SVG_LAYER_HAS_TITLE		0x01

#define FEATURE_HAS_VALUE		0x01
#define FEATURE_HAS_LABEL		0x02
#define FEATURE_OUTLINED		0x04
#define FEATURE_FLAGS			(FEATURE_HAS_VALUE | FEATURE_HAS_LABEL | FEATURE_OUTLINED)
#define FEATURE_HEADER			17	/* flags + value + two lengths */

/* Limits: the state grows with the features, never with anything else. */
#define SVG_LAYER_MAX_FEATURES	100000
#define SVG_LAYER_MAX_BYTES		(256 * 1024 * 1024)
#define SVG_TEXT_MAX			1000	/* bytes of a label or title */

#define SVG_LAYER_HDRSZ			offsetof(SvgLayer, data)
#define SvgLayerCapacity(l)		((int) (VARSIZE(l) - SVG_LAYER_HDRSZ))

#define DatumGetSvgLayerP(X)	((SvgLayer *) PG_DETOAST_DATUM(X))
#define PG_GETARG_SVGLAYER_P(n) DatumGetSvgLayerP(PG_GETARG_DATUM(n))

/* One feature, pointing into a layer. */
typedef struct Feature
{
	uint8		flags;
	double		value;
	const char *label;
	int			label_len;
	const uint8 *wkb;
	int			wkb_len;
} Feature;

/* Geometry decoded from EWKB: polygons of rings of (x, y) pairs. */
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

typedef enum EwkbStatus
{
	EWKB_OK,
	EWKB_MALFORMED,
	EWKB_BAD_TYPE,
	EWKB_NOT_2D,
	EWKB_BAD_SRID
} EwkbStatus;

/* What ReadEwkb found, for messages. */
typedef struct EwkbInfo
{
	uint32		type;			/* base WKB type code */
	int32		srid;
	const char *problem;		/* for EWKB_MALFORMED */
} EwkbInfo;

#define SRID_WGS84				4326

/* ----------------------------------------------------------------
 * EWKB reader
 * ---------------------------------------------------------------- */

typedef struct WkbReader
{
	const uint8 *p;
	const uint8 *end;
	bool		swap;			/* byte order differs from the host's */
} WkbReader;

static bool
WkbByte(WkbReader *r, uint8 *out)
{
	if (r->end - r->p < 1)
		return false;
	*out = *r->p++;
	return true;
}

static bool
WkbUint32(WkbReader *r, uint32 *out)
{
	uint32		v;

	if (r->end - r->p < 4)
		return false;
	memcpy(&v, r->p, 4);
	r->p += 4;
	*out = r->swap ? pg_bswap32(v) : v;
	return true;
}

static bool
WkbDouble(WkbReader *r, double *out)
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
	static const char *const names[] = {"Geometry", "Point", "LineString", "Polygon",
		"MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection",
		"CircularString", "CompoundCurve", "CurvePolygon", "MultiCurve",
	"MultiSurface", "Curve", "Surface", "PolyhedralSurface", "TIN", "Triangle"};

	if (type < lengthof(names))
		return names[type];
	return "geometry of unknown type";
}

/*
 * Read a geometry header: byte order, type (EWKB flags or ISO codes), SRID.
 * Sets *type to the base type code.  A missing SRID is 0.
 */
static EwkbStatus
WkbHeader(WkbReader *r, uint32 *type, int32 *srid, EwkbInfo *info)
{
	uint8		order;
	uint32		code;
	bool		hasz,
				hasm;

	if (!WkbByte(r, &order))
		return (info->problem = "truncated", EWKB_MALFORMED);
	if (order > 1)
		return (info->problem = "byte order marker is neither 0 nor 1", EWKB_MALFORMED);
#ifdef WORDS_BIGENDIAN
	r->swap = (order == 1);
#else
	r->swap = (order == 0);
#endif
	if (!WkbUint32(r, &code))
		return (info->problem = "truncated", EWKB_MALFORMED);
	hasz = (code & 0x80000000) != 0;
	hasm = (code & 0x40000000) != 0;
	*srid = 0;
	if (code & 0x20000000)
	{
		uint32		s;

		if (!WkbUint32(r, &s))
			return (info->problem = "truncated", EWKB_MALFORMED);
		*srid = (int32) s;
	}
	code &= 0x0FFFFFFF;
	if (code >= 1000 && code < 4000)
	{
		/* ISO WKB: 1000s Z, 2000s M, 3000s ZM */
		hasz = true;
		code %= 1000;
	}
	if (code > 17)
		return (info->problem = "unknown geometry type code", EWKB_MALFORMED);
	*type = code;
	if (code != 3 && code != 6)
		return EWKB_BAD_TYPE;
	if (hasz || hasm)
		return EWKB_NOT_2D;
	return EWKB_OK;
}

/* A polygon body: rings of points.  Fills *poly unless it is NULL. */
static EwkbStatus
WkbPolygon(WkbReader *r, Poly *poly, EwkbInfo *info)
{
	uint32		nrings;

	if (!WkbUint32(r, &nrings))
		return (info->problem = "truncated", EWKB_MALFORMED);
	/* every ring takes at least 4 bytes: refuse counts the input cannot hold */
	if (nrings > (uint32) ((r->end - r->p) / 4))
		return (info->problem = "ring count exceeds the data", EWKB_MALFORMED);
	if (poly)
	{
		poly->nrings = (int) nrings;
		poly->rings = nrings ? palloc(sizeof(Ring) * nrings) : NULL;
	}
	for (uint32 i = 0; i < nrings; i++)
	{
		uint32		npoints;
		double	   *xy = NULL;

		if (!WkbUint32(r, &npoints))
			return (info->problem = "truncated", EWKB_MALFORMED);
		if (npoints > (uint32) ((r->end - r->p) / 16))
			return (info->problem = "point count exceeds the data", EWKB_MALFORMED);
		if (poly)
		{
			poly->rings[i].npoints = (int) npoints;
			poly->rings[i].xy = xy = npoints ? palloc(sizeof(double) * 2 * npoints) : NULL;
		}
		for (uint32 j = 0; j < 2 * npoints; j++)
		{
			double		v;

			(void) WkbDouble(r, &v);	/* length checked above */
			if (!isfinite(v))
				return (info->problem = "a coordinate is not finite", EWKB_MALFORMED);
			if (xy)
				xy[j] = v;
		}
	}
	return EWKB_OK;
}

/*
 * Read a 2D Polygon or MultiPolygon in EWKB (or ISO/OGC WKB) and check it
 * completely; fill *shape unless it is NULL.  Nothing is read past len.
 */
static EwkbStatus
ReadEwkb(const uint8 *wkb, int len, Shape *shape, EwkbInfo *info)
{
	WkbReader	r;
	uint32		type;
	int32		srid;
	EwkbStatus	st;

	r.p = wkb;
	r.end = wkb + len;
	r.swap = false;
	info->type = 0;
	info->srid = 0;
	info->problem = NULL;

	st = WkbHeader(&r, &type, &srid, info);
	info->type = type;
	info->srid = srid;
	if (st != EWKB_OK)
		return st;
	if (srid != SRID_WGS84)
		return EWKB_BAD_SRID;

	if (type == 3)
	{
		if (shape)
		{
			shape->npolys = 1;
			shape->polys = palloc(sizeof(Poly));
		}
		st = WkbPolygon(&r, shape ? &shape->polys[0] : NULL, info);
	}
	else
	{
		uint32		npolys;

		if (!WkbUint32(&r, &npolys))
			return (info->problem = "truncated", EWKB_MALFORMED);
		/* every member takes at least 9 bytes (order, type, ring count) */
		if (npolys > (uint32) ((r.end - r.p) / 9))
			return (info->problem = "polygon count exceeds the data", EWKB_MALFORMED);
		if (shape)
		{
			shape->npolys = (int) npolys;
			shape->polys = npolys ? palloc(sizeof(Poly) * npolys) : NULL;
		}
		for (uint32 i = 0; i < npolys; i++)
		{
			uint32		subtype;
			int32		subsrid;

			st = WkbHeader(&r, &subtype, &subsrid, info);
			if (st == EWKB_OK && subtype != 3)
				st = EWKB_BAD_TYPE;
			if (st == EWKB_BAD_TYPE)
				return (info->problem = "a member of the MultiPolygon is not a Polygon", EWKB_MALFORMED);
			if (st != EWKB_OK)
				return st;
			st = WkbPolygon(&r, shape ? &shape->polys[i] : NULL, info);
			if (st != EWKB_OK)
				return st;
		}
	}
	if (st == EWKB_OK && r.p != r.end)
		return (info->problem = "trailing bytes after the geometry", EWKB_MALFORMED);
	return st;
}

/* Report a geometry problem found by ReadEwkb on behalf of function who. */
static void
ReportEwkb(EwkbStatus st, const EwkbInfo *info, const char *who, int code)
{
	switch (st)
	{
		case EWKB_OK:
			return;
		case EWKB_BAD_TYPE:
			ereport(ERROR,
					(errcode(code),
					 errmsg("%s: geometry must be a Polygon or MultiPolygon", who),
					 errdetail("Got a %s.", WkbTypeName(info->type)),
					 errhint("Only areas can be filled; for a GeometryCollection use ST_CollectionExtract(geom, 3).")));
			break;
		case EWKB_NOT_2D:
			ereport(ERROR,
					(errcode(code),
					 errmsg("%s: geometry must be 2D", who),
					 errdetail("Got a %s with Z or M coordinates.", WkbTypeName(info->type)),
					 errhint("Use ST_Force2D(geom).")));
			break;
		case EWKB_BAD_SRID:
			ereport(ERROR,
					(errcode(code),
					 errmsg("%s: geometry must have SRID 4326", who),
					 errdetail("Got SRID %d.", info->srid),
					 errhint("Use ST_Transform(geom, 4326), or ST_SetSRID(geom, 4326) for lon/lat without an SRID.")));
			break;
		case EWKB_MALFORMED:
			ereport(ERROR,
					(errcode(code),
					 errmsg("%s: malformed geometry", who),
					 errdetail("The EWKB is invalid: %s.", info->problem),
					 errhint("A 2D Polygon or MultiPolygon in EWKB with SRID 4326 is accepted.")));
			break;
	}
}

/* ----------------------------------------------------------------
 * svg_layer: building and reading
 * ---------------------------------------------------------------- */

static SvgLayer *
SvgLayerAlloc(int capacity)
{
	SvgLayer   *layer = palloc0(SVG_LAYER_HDRSZ + capacity);

	SET_VARSIZE(layer, SVG_LAYER_HDRSZ + capacity);
	layer->version = SVG_LAYER_VERSION;
	return layer;
}

/* A copy of layer with room for capacity bytes of data (at least used). */
static SvgLayer *
SvgLayerCopy(const SvgLayer *layer, int capacity)
{
	SvgLayer   *copy = SvgLayerAlloc(Max(capacity, layer->used));

	copy->flags = layer->flags;
	copy->title_len = layer->title_len;
	copy->nfeatures = layer->nfeatures;
	copy->used = layer->used;
	memcpy(copy->data, layer->data, layer->used);
	return copy;
}

/* Capacity for at least needed bytes, doubling so that appends cost O(1) on average. */
static int
SvgLayerGrow(int used, int64 needed, const char *who)
{
	int64		cap;

	if (needed > SVG_LAYER_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: map too large", who),
				 errdetail("A map holds at most %d MB of geometry and labels.",
						   SVG_LAYER_MAX_BYTES / (1024 * 1024)),
				 errhint("Simplify the geometries first, e.g. with ST_SimplifyPreserveTopology(geom, 0.001).")));
	cap = Max((int64) used * 2, 1024);
	cap = Max(cap, needed);
	return (int) Min(cap, SVG_LAYER_MAX_BYTES);
}

/* The features of a layer, in stored order. */
static Feature *
SvgLayerFeatures(const SvgLayer *layer)
{
	Feature    *fs = palloc(sizeof(Feature) * Max(layer->nfeatures, 1));
	const char *p = layer->data + layer->title_len;

	for (int i = 0; i < layer->nfeatures; i++)
	{
		uint32		len;

		fs[i].flags = (uint8) p[0];
		memcpy(&fs[i].value, p + 1, 8);
		memcpy(&len, p + 9, 4);
		fs[i].label_len = (int) len;
		memcpy(&len, p + 13, 4);
		fs[i].wkb_len = (int) len;
		fs[i].label = p + FEATURE_HEADER;
		fs[i].wkb = (const uint8 *) (fs[i].label + fs[i].label_len);
		p = (const char *) fs[i].wkb + fs[i].wkb_len;
	}
	return fs;
}

static int64
FeatureSize(const Feature *f)
{
	return (int64) FEATURE_HEADER + f->label_len + f->wkb_len;
}

/* Write the in-memory entry of f at p. */
static void
PutFeature(char *p, const Feature *f)
{
	uint32		len;
	double		value = (f->flags & FEATURE_HAS_VALUE) ? f->value : 0.0;

	p[0] = (char) f->flags;
	memcpy(p + 1, &value, 8);
	len = (uint32) f->label_len;
	memcpy(p + 9, &len, 4);
	len = (uint32) f->wkb_len;
	memcpy(p + 13, &len, 4);
	if (f->label_len > 0)
		memcpy(p + FEATURE_HEADER, f->label, f->label_len);
	memcpy(p + FEATURE_HEADER + f->label_len, f->wkb, f->wkb_len);
}

/* Write f at the end of layer's data; the caller made room. */
static void
SvgLayerPut(SvgLayer *layer, const Feature *f)
{
	PutFeature(layer->data + layer->used, f);
	layer->used += (int) FeatureSize(f);
	layer->nfeatures++;
}

/*
 * Append features to layer.  With inplace, layer may be changed and returned
 * when it has room; otherwise (or when it must grow) a larger copy is made in
 * CurrentMemoryContext and the input is left alone (see the aggregate
 * contract in doc/design.md: nodeAgg frees the old state itself).
 */
static SvgLayer *
SvgLayerAppend(SvgLayer *layer, bool inplace, const Feature *fs, int n, const char *who)
{
	int64		add = 0;

	for (int i = 0; i < n; i++)
		add += FeatureSize(&fs[i]);
	if ((int64) layer->nfeatures + n > SVG_LAYER_MAX_FEATURES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many features", who),
				 errdetail("A map holds at most %d features.", SVG_LAYER_MAX_FEATURES)));
	if (!inplace || layer->used + add > SvgLayerCapacity(layer))
		layer = SvgLayerCopy(layer, SvgLayerGrow(layer->used, layer->used + add, who));
	for (int i = 0; i < n; i++)
		SvgLayerPut(layer, &fs[i]);
	return layer;
}

/* Byte-wise order of two strings of given lengths. */
static int
CompareBytes(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/*
 * Give layer the title, if it has none or title sorts before its own: the
 * smallest title wins, so the result does not depend on row order.
 */
static SvgLayer *
SvgLayerTitle(SvgLayer *layer, bool inplace, const char *title, int len, const char *who)
{
	int			oldlen = layer->title_len;
	SvgLayer   *out;

	if ((layer->flags & SVG_LAYER_HAS_TITLE) &&
		CompareBytes(title, len, layer->data, oldlen) >= 0)
		return layer;
	if (inplace && layer->used - oldlen + len <= SvgLayerCapacity(layer))
	{
		memmove(layer->data + len, layer->data + oldlen, layer->used - oldlen);
		out = layer;
	}
	else
	{
		out = SvgLayerAlloc(SvgLayerGrow(layer->used, (int64) layer->used - oldlen + len, who));
		out->flags = layer->flags;
		out->nfeatures = layer->nfeatures;
		memcpy(out->data + len, layer->data + oldlen, layer->used - oldlen);
	}
	/* a shorter title frees bytes at the end: zero them, spare room stays zero */
	if (out == layer && len < oldlen)
		memset(layer->data + layer->used - (oldlen - len), 0, oldlen - len);
	out->used = layer->used - oldlen + len;
	memcpy(out->data, title, len);
	out->title_len = (uint16) len;
	out->flags |= SVG_LAYER_HAS_TITLE;
	return out;
}

/* Merge b into a (the combine function, and rollup's transition). */
static SvgLayer *
SvgLayerMerge(SvgLayer *a, bool inplace, const SvgLayer *b, const char *who)
{
	Feature    *fs = SvgLayerFeatures(b);

	a = SvgLayerAppend(a, inplace, fs, b->nfeatures, who);
	if (b->flags & SVG_LAYER_HAS_TITLE)
		a = SvgLayerTitle(a, true, b->data, b->title_len, who);
	return a;
}

/* Check a label or title argument; returns its length. */
static int
CheckText(text *t, const char *what, const char *who)
{
	int			len = VARSIZE_ANY_EXHDR(t);

	if (len > SVG_TEXT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s too long", who, what),
				 errdetail("A %s has at most %d bytes; this one has %d.", what, SVG_TEXT_MAX, len)));
	return len;
}

/* What a transition or combine function looks up once per query. */
typedef struct CallCache
{
	const char *name;			/* the calling aggregate, for messages */
	bool		has_send;
	FmgrInfo	send;			/* binary send function of geometry */
} CallCache;

/*
 * The cache of this call site: the name of the aggregate that calls us
 * (fallback outside an aggregate) and, if need_send, the binary send function
 * of the geometry argument's declared type.
 */
static CallCache *
GetCallCache(FunctionCallInfo fcinfo, bool need_send, const char *fallback)
{
	CallCache  *cache = (CallCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		Aggref	   *aggref = AggGetAggref(fcinfo);
		char	   *name = aggref ? get_func_name(aggref->aggfnoid) : NULL;

		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallCache));
		cache->name = name ? MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, name) : fallback;
		fcinfo->flinfo->fn_extra = cache;
	}
	if (need_send && !cache->has_send)
	{
		Oid		   *argtypes;
		int			nargs;
		Oid			sendfn;
		bool		isvarlena;

		/* the declared type (geometry), resolved when the function was created */
		get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
		getTypeBinaryOutputInfo(argtypes[1], &sendfn, &isvarlena);
		fmgr_info_cxt(sendfn, &cache->send, fcinfo->flinfo->fn_mcxt);
		cache->has_send = true;
	}
	return cache;
}

/*
 * Transition function of choropleth_svg and svg_layer_agg:
 * (state, geom, value, label [, title, outlined]).  Rows with a NULL geometry
 * are skipped; a NULL value is a feature without data.
 */
PG_FUNCTION_INFO_V1(choropleth_svg_trans);
Datum
choropleth_svg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	bool		inagg = AggCheckCallContext(fcinfo, &aggcontext) != 0;
	SvgLayer   *layer = PG_ARGISNULL(0) ? NULL : PG_GETARG_SVGLAYER_P(0);
	Feature		f;
	bytea	   *ewkb;
	EwkbInfo	info;
	EwkbStatus	st;
	CallCache  *cache;

	if (PG_ARGISNULL(1))
	{
		if (layer == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(layer);
	}

	cache = GetCallCache(fcinfo, true, "choropleth_svg_trans");
	f.flags = 0;
	f.value = 0.0;
	f.label = NULL;
	f.label_len = 0;
	if (!PG_ARGISNULL(2))
	{
		f.value = PG_GETARG_FLOAT8(2);
		if (!isfinite(f.value))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: value must be finite", cache->name),
					 errdetail("Got %g.", f.value),
					 errhint("Pass NULL for a feature without data.")));
		f.flags |= FEATURE_HAS_VALUE;
	}
	if (!PG_ARGISNULL(3))
	{
		text	   *label = PG_GETARG_TEXT_PP(3);

		f.label_len = CheckText(label, "label", cache->name);
		f.label = VARDATA_ANY(label);
		f.flags |= FEATURE_HAS_LABEL;
	}
	if (PG_NARGS() > 5 && !PG_ARGISNULL(5) && PG_GETARG_BOOL(5))
		f.flags |= FEATURE_OUTLINED;

	ewkb = SendFunctionCall(&cache->send, PG_GETARG_DATUM(1));
	f.wkb = (const uint8 *) VARDATA_ANY(ewkb);
	f.wkb_len = VARSIZE_ANY_EXHDR(ewkb);
	st = ReadEwkb(f.wkb, f.wkb_len, NULL, &info);
	ReportEwkb(st, &info, cache->name, ERRCODE_INVALID_PARAMETER_VALUE);

	if (layer == NULL)
	{
		layer = SvgLayerAlloc(SvgLayerGrow(0, FeatureSize(&f), cache->name));
		inagg = true;			/* ours: may be filled in place */
	}
	else if (!inagg)
		layer = SvgLayerCopy(layer, layer->used);
	layer = SvgLayerAppend(layer, true, &f, 1, cache->name);

	if (PG_NARGS() > 4 && !PG_ARGISNULL(4))
	{
		text	   *title = PG_GETARG_TEXT_PP(4);

		layer = SvgLayerTitle(layer, true, VARDATA_ANY(title), CheckText(title, "title", cache->name), cache->name);
	}
	PG_RETURN_POINTER(layer);
}

/* Combine function of the aggregates, and transition function of rollup(svg_layer). */
PG_FUNCTION_INFO_V1(svg_layer_combine);
Datum
svg_layer_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	bool		inagg = AggCheckCallContext(fcinfo, &aggcontext) != 0;
	SvgLayer   *a = PG_GETARG_SVGLAYER_P(0);
	SvgLayer   *b = PG_GETARG_SVGLAYER_P(1);

	PG_RETURN_POINTER(SvgLayerMerge(a, inagg, b, GetCallCache(fcinfo, false, "svg_layer_combine")->name));
}

static int	CompareFeatures(const void *pa, const void *pb);

/*
 * Final function of svg_layer_agg and rollup: the layer in canonical form,
 * features sorted as the map draws them and no spare room, so the value does
 * not depend on the order of the rows.
 */
PG_FUNCTION_INFO_V1(svg_layer_compact);
Datum
svg_layer_compact(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_GETARG_SVGLAYER_P(0);
	Feature    *fs = SvgLayerFeatures(layer);
	SvgLayer   *out = SvgLayerAlloc(layer->used);

	qsort(fs, layer->nfeatures, sizeof(Feature), CompareFeatures);
	out->flags = layer->flags;
	out->title_len = layer->title_len;
	out->used = layer->title_len;
	memcpy(out->data, layer->data, layer->title_len);
	for (int i = 0; i < layer->nfeatures; i++)
		SvgLayerPut(out, &fs[i]);
	PG_RETURN_POINTER(out);
}

/* ----------------------------------------------------------------
 * svg_layer: text and binary forms
 *
 * Both are the same portable byte string (the binary form as is, the text
 * form as \x and hex digits):
 *		uint8 version, uint8 flags, int32 nfeatures,
 *		[int32 title length, title]			if flags has SVG_LAYER_HAS_TITLE
 *		per feature: uint8 flags, float8 value, int32 label length, label,
 *					 int32 EWKB length, EWKB
 * integers and floats in network byte order, texts in UTF-8.
 * ---------------------------------------------------------------- */

static void
SerializeText(StringInfo buf, const char *s, int len)
{
	char	   *utf8 = pg_server_to_any(s, len, PG_UTF8);
	int			ulen = (utf8 == s) ? len : (int) strlen(utf8);

	pq_sendint32(buf, ulen);
	pq_sendbytes(buf, utf8, ulen);
}

static void
SvgLayerSerialize(StringInfo buf, const SvgLayer *layer)
{
	Feature    *fs = SvgLayerFeatures(layer);

	pq_sendbyte(buf, layer->version);
	pq_sendbyte(buf, layer->flags);
	pq_sendint32(buf, layer->nfeatures);
	if (layer->flags & SVG_LAYER_HAS_TITLE)
		SerializeText(buf, layer->data, layer->title_len);
	for (int i = 0; i < layer->nfeatures; i++)
	{
		pq_sendbyte(buf, fs[i].flags);
		pq_sendfloat8(buf, fs[i].value);
		SerializeText(buf, fs[i].label, fs[i].label_len);
		pq_sendint32(buf, fs[i].wkb_len);
		pq_sendbytes(buf, (const char *) fs[i].wkb, fs[i].wkb_len);
	}
}

/* Bounds-checked reader of the portable form. */
typedef struct SerialReader
{
	const char *p;
	const char *end;
} SerialReader;

pg_noinline static void
BadSvgLayer(const char *detail, int feature)
{
	if (feature >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input for type svg_layer"),
				 errdetail("Feature %d: %s.", feature + 1, detail)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input for type svg_layer"),
			 errdetail("%c%s.", pg_toupper((unsigned char) detail[0]), detail + 1)));
}

static uint32
SerialUint32(SerialReader *r, int feature)
{
	uint32		v;

	if (r->end - r->p < 4)
		BadSvgLayer("the data end too early", feature);
	memcpy(&v, r->p, 4);
	r->p += 4;
	return pg_ntoh32(v);
}

/* A length-prefixed UTF-8 text, converted to the server encoding. */
static const char *
SerialText(SerialReader *r, int *len, int feature, const char *what)
{
	uint32		n = SerialUint32(r, feature);
	const char *s;

	if (n > SVG_TEXT_MAX)
		BadSvgLayer(psprintf("the %s is longer than %d bytes", what, SVG_TEXT_MAX), feature);
	if (n > (uint32) (r->end - r->p))
		BadSvgLayer("the data end too early", feature);
	s = r->p;
	r->p += n;
	if (!pg_verify_mbstr(PG_UTF8, s, (int) n, true))
		BadSvgLayer(psprintf("the %s is not valid UTF-8", what), feature);
	{
		const char *conv = pg_any_to_server(s, (int) n, PG_UTF8);

		*len = (conv == s) ? (int) n : (int) strlen(conv);
		s = conv;
	}
	if (*len > SVG_TEXT_MAX)
		BadSvgLayer(psprintf("the %s is longer than %d bytes in the database encoding", what, SVG_TEXT_MAX), feature);
	return s;
}

/*
 * The one check of text and binary input: parse the portable form, validate
 * every part (version, flags, lengths, finite values, each geometry) and
 * build the layer.
 */
static SvgLayer *
SvgLayerDeserialize(const char *data, int len)
{
	SerialReader r;
	uint8		version,
				flags;
	uint32		nfeatures;
	const char *title = NULL;
	int			title_len = 0;
	SvgLayer   *layer;
	StringInfoData feats;

	r.p = data;
	r.end = data + len;
	if (len < 6)
		BadSvgLayer("the data end too early", -1);
	version = (uint8) *r.p++;
	flags = (uint8) *r.p++;
	if (version != SVG_LAYER_VERSION)
		BadSvgLayer(psprintf("version %d is not supported; this build reads version %d",
							 version, SVG_LAYER_VERSION), -1);
	if (flags & ~SVG_LAYER_HAS_TITLE)
		BadSvgLayer("unknown header flags", -1);
	nfeatures = SerialUint32(&r, -1);
	if (nfeatures > SVG_LAYER_MAX_FEATURES)
		BadSvgLayer(psprintf("more than %d features", SVG_LAYER_MAX_FEATURES), -1);
	if (flags & SVG_LAYER_HAS_TITLE)
		title = SerialText(&r, &title_len, -1, "title");

	initStringInfo(&feats);
	for (int i = 0; i < (int) nfeatures; i++)
	{
		Feature		f;
		uint64		v;
		EwkbInfo	info;
		EwkbStatus	st;
		uint32		n;

		CHECK_FOR_INTERRUPTS();
		if (r.end - r.p < 9)
			BadSvgLayer("the data end too early", i);
		f.flags = (uint8) *r.p++;
		memcpy(&v, r.p, 8);
		r.p += 8;
		v = pg_ntoh64(v);
		memcpy(&f.value, &v, 8);
		if (f.flags & ~FEATURE_FLAGS)
			BadSvgLayer("unknown feature flags", i);
		if ((f.flags & FEATURE_HAS_VALUE) && !isfinite(f.value))
			BadSvgLayer("the value is not finite", i);
		if (!(f.flags & FEATURE_HAS_VALUE) && f.value != 0.0)
			BadSvgLayer("a feature without a value must store 0", i);
		f.label = SerialText(&r, &f.label_len, i, "label");
		if (!(f.flags & FEATURE_HAS_LABEL) && f.label_len != 0)
			BadSvgLayer("a feature without a label must store an empty one", i);
		n = SerialUint32(&r, i);
		if (n > (uint32) (r.end - r.p))
			BadSvgLayer("the data end too early", i);
		f.wkb = (const uint8 *) r.p;
		f.wkb_len = (int) n;
		r.p += n;
		st = ReadEwkb(f.wkb, f.wkb_len, NULL, &info);
		if (st != EWKB_OK)
		{
			const char *why;

			switch (st)
			{
				case EWKB_BAD_TYPE:
					why = psprintf("the geometry is a %s, not a Polygon or MultiPolygon", WkbTypeName(info.type));
					break;
				case EWKB_NOT_2D:
					why = "the geometry is not 2D";
					break;
				case EWKB_BAD_SRID:
					why = psprintf("the geometry has SRID %d, not 4326", info.srid);
					break;
				default:
					why = psprintf("the geometry is malformed (%s)", info.problem);
					break;
			}
			BadSvgLayer(why, i);
		}
		if (feats.len + FeatureSize(&f) + title_len > SVG_LAYER_MAX_BYTES)
			BadSvgLayer("the layer is larger than the limit", i);
		enlargeStringInfo(&feats, (int) FeatureSize(&f));
		PutFeature(feats.data + feats.len, &f);
		feats.len += (int) FeatureSize(&f);
	}
	if (r.p != r.end)
		BadSvgLayer("trailing bytes after the last feature", -1);

	layer = SvgLayerAlloc(title_len + feats.len);
	layer->flags = flags;
	layer->title_len = (uint16) title_len;
	layer->nfeatures = (int32) nfeatures;
	layer->used = title_len + feats.len;
	if (title_len > 0)
		memcpy(layer->data, title, title_len);
	memcpy(layer->data + title_len, feats.data, feats.len);
	return layer;
}

static int
HexValue(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

PG_FUNCTION_INFO_V1(svg_layer_in);
Datum
svg_layer_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	size_t		slen = strlen(str);
	char	   *bytes;
	int			n;

	if (slen < 2 || str[0] != '\\' || str[1] != 'x')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type svg_layer"),
				 errdetail("The text form is \\x followed by hexadecimal digits, as svg_layer output writes it.")));
	if ((slen - 2) % 2 != 0 || slen - 2 > (size_t) SVG_LAYER_MAX_BYTES * 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type svg_layer"),
				 errdetail("The number of hexadecimal digits must be even and within the size limit.")));
	n = (int) ((slen - 2) / 2);
	bytes = palloc(Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		int			hi = HexValue(str[2 + 2 * i]);
		int			lo = HexValue(str[3 + 2 * i]);

		if (hi < 0 || lo < 0)
		{
			const char *bad = &str[hi < 0 ? 2 + 2 * i : 3 + 2 * i];

			/* name the whole character: a lone byte of one is not valid text */
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type svg_layer"),
					 errdetail("\"%.*s\" at position %d is not a hexadecimal digit.",
							   pg_mblen(bad), bad, (int) (bad - str) + 1)));
		}
		bytes[i] = (char) (hi << 4 | lo);
	}
	PG_RETURN_POINTER(SvgLayerDeserialize(bytes, n));
}

PG_FUNCTION_INFO_V1(svg_layer_out);
Datum
svg_layer_out(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_GETARG_SVGLAYER_P(0);
	StringInfoData buf;
	char	   *out;
	uint64		n;

	initStringInfo(&buf);
	SvgLayerSerialize(&buf, layer);
	out = palloc((Size) buf.len * 2 + 3);
	out[0] = '\\';
	out[1] = 'x';
	n = hex_encode(buf.data, buf.len, out + 2);
	out[2 + n] = '\0';
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(svg_layer_recv);
Datum
svg_layer_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SvgLayer   *layer;

	layer = SvgLayerDeserialize(buf->data + buf->cursor, buf->len - buf->cursor);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(layer);
}

PG_FUNCTION_INFO_V1(svg_layer_send);
Datum
svg_layer_send(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_GETARG_SVGLAYER_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	SvgLayerSerialize(&buf, layer);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void AppendShape(StringInfo out, const Shape *shape, uint32 type);

/*
 * svg_layer -> jsonb: a GeoJSON FeatureCollection (RFC 7946) in stored order,
 * each feature with properties label, value (null for no data) and outlined,
 * and a member "title" (null if none).  For BI tools and web maps.
 */
PG_FUNCTION_INFO_V1(svg_layer_to_jsonb);
Datum
svg_layer_to_jsonb(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_GETARG_SVGLAYER_P(0);
	Feature    *fs = SvgLayerFeatures(layer);
	StringInfoData j;

	initStringInfo(&j);
	appendStringInfoString(&j, "{\"type\": \"FeatureCollection\", \"title\": ");
	if (layer->flags & SVG_LAYER_HAS_TITLE)
		escape_json(&j, pnstrdup(layer->data, layer->title_len));
	else
		appendStringInfoString(&j, "null");
	appendStringInfoString(&j, ", \"features\": [");
	for (int i = 0; i < layer->nfeatures; i++)
	{
		Shape		shape;
		EwkbInfo	info;
		char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

		CHECK_FOR_INTERRUPTS();
		if (ReadEwkb(fs[i].wkb, fs[i].wkb_len, &shape, &info) != EWKB_OK)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("svg_layer: stored geometry of feature %d is unreadable", i + 1)));
		if (i > 0)
			appendStringInfoString(&j, ", ");
		appendStringInfoString(&j, "{\"type\": \"Feature\", \"geometry\": ");
		AppendShape(&j, &shape, info.type);
		appendStringInfoString(&j, ", \"properties\": {\"label\": ");
		if (fs[i].flags & FEATURE_HAS_LABEL)
			escape_json(&j, pnstrdup(fs[i].label, fs[i].label_len));
		else
			appendStringInfoString(&j, "null");
		appendStringInfoString(&j, ", \"value\": ");
		if (fs[i].flags & FEATURE_HAS_VALUE)
		{
			double_to_shortest_decimal_buf(fs[i].value, num);
			appendStringInfoString(&j, num);
		}
		else
			appendStringInfoString(&j, "null");
		appendStringInfo(&j, ", \"outlined\": %s}}", (fs[i].flags & FEATURE_OUTLINED) ? "true" : "false");
	}
	appendStringInfoString(&j, "]}");
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(j.data));
}

/* GeoJSON geometry of a decoded Polygon (type 3) or MultiPolygon (type 6). */
static void
AppendShape(StringInfo out, const Shape *shape, uint32 type)
{
	char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

	appendStringInfo(out, "{\"type\": \"%s\", \"coordinates\": ", type == 3 ? "Polygon" : "MultiPolygon");
	if (type == 6)
		appendStringInfoChar(out, '[');
	for (int p = 0; p < shape->npolys; p++)
	{
		if (p > 0)
			appendStringInfoString(out, ", ");
		appendStringInfoChar(out, '[');
		for (int r = 0; r < shape->polys[p].nrings; r++)
		{
			const Ring *ring = &shape->polys[p].rings[r];

			appendStringInfoString(out, r > 0 ? ", [" : "[");
			for (int i = 0; i < ring->npoints; i++)
			{
				appendStringInfoString(out, i > 0 ? ", [" : "[");
				double_to_shortest_decimal_buf(ring->xy[2 * i], num);
				appendStringInfoString(out, num);
				appendStringInfoString(out, ", ");
				double_to_shortest_decimal_buf(ring->xy[2 * i + 1], num);
				appendStringInfoString(out, num);
				appendStringInfoChar(out, ']');
			}
			appendStringInfoChar(out, ']');
		}
		appendStringInfoChar(out, ']');
	}
	if (type == 6)
		appendStringInfoChar(out, ']');
	appendStringInfoChar(out, '}');
}

/* ----------------------------------------------------------------
 * SVG writing
 * ---------------------------------------------------------------- */

#define SVG_WIDTH		960
#define SVG_HEIGHT		720
#define MAP_X			20.0
#define MAP_Y			64.0
#define MAP_W			680.0
#define MAP_H			616.0
#define LEGEND_X		724
#define LABEL_SIZE		12
#define VALUE_SIZE		10
#define NODATA_COLOR	"#d9d9d9"
#define BORDER_COLOR	"#808080"
#define OUTLINE_COLOR	"#e31a1c"

/* Sequential ColorBrewer YlGnBu schemes (Cynthia Brewer, colorbrewer2.org) by class count. */
static const char *const ramps[6][5] = {
	{NULL},
	{"#41b6c4"},
	{"#a1dab4", "#225ea8"},
	{"#edf8b1", "#7fcdbb", "#2c7fb8"},
	{"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
	{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
};

/*
 * Append text in the server encoding as XML character data, pure ASCII:
 * markup characters escaped, other non-ASCII characters as references,
 * characters XML 1.0 forbids (controls) as U+FFFD, line breaks as blanks.
 * Returns the estimated width in ems (for fitting labels).
 */
static double
AppendXmlText(StringInfo out, const char *s, int len)
{
	char	   *z = pnstrdup(s, len);
	const unsigned char *u = (const unsigned char *) pg_server_to_any(z, len, PG_UTF8);
	bool		utf8 = pg_verify_mbstr(PG_UTF8, (const char *) u, strlen((const char *) u), true);
	double		width = 0.0;

	while (*u)
	{
		pg_wchar	c;

		if (utf8)
		{
			c = utf8_to_unicode(u);
			u += pg_utf_mblen(u);
		}
		else
			c = (*u++ < 0x80) ? u[-1] : 0xFFFD;	/* SQL_ASCII bytes that are no UTF-8 */
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
			c = 0xFFFD;
		width += c < 0x80 ? 0.6 : (c >= 0x2E80 ? 1.0 : 0.65);
		switch (c)
		{
			case '<':
				appendStringInfoString(out, "&lt;");
				break;
			case '>':
				appendStringInfoString(out, "&gt;");
				break;
			case '&':
				appendStringInfoString(out, "&amp;");
				break;
			case '"':
				appendStringInfoString(out, "&quot;");
				break;
			case '\'':
				appendStringInfoString(out, "&#39;");
				break;
			default:
				if (c < 0x80)
					appendStringInfoChar(out, (char) c);
				else
					appendStringInfo(out, "&#%u;", (unsigned int) c);
				break;
		}
	}
	return width;
}

/* A value as shown to people: about four significant digits, no trailing zeros. */
static void
AppendNumber(StringInfo out, double v)
{
	char		buf[64];
	double		a = fabs(v);

	if (a == 0.0)
	{
		appendStringInfoChar(out, '0');
		return;
	}
	if (a >= 1e9 || a < 1e-4)
		snprintf(buf, sizeof(buf), "%.3e", v);
	else
	{
		int			mag = (int) floor(log10(a));

		snprintf(buf, sizeof(buf), "%.*f", Max(0, 3 - mag), v);
		if (strchr(buf, '.'))
		{
			char	   *e = buf + strlen(buf) - 1;

			while (*e == '0')
				*e-- = '\0';
			if (*e == '.')
				*e = '\0';
		}
		if (strcmp(buf, "-0") == 0)
			strcpy(buf, "0");
	}
	appendStringInfoString(out, buf);
}

/* A pixel coordinate in tenths, without a trailing ".0". */
static void
AppendTenths(StringInfo out, long t)
{
	if (t < 0)
	{
		appendStringInfoChar(out, '-');
		t = -t;
	}
	if (t % 10 == 0)
		appendStringInfo(out, "%ld", t / 10);
	else
		appendStringInfo(out, "%ld.%ld", t / 10, t % 10);
}

/* Path data of a projected shape; rings that collapse below 0.1 px are left out. */
static void
AppendPath(StringInfo out, const Shape *s)
{
	int			start = out->len;

	for (int p = 0; p < s->npolys; p++)
	{
		for (int r = 0; r < s->polys[p].nrings; r++)
		{
			const Ring *ring = &s->polys[p].rings[r];
			long	   *tx = palloc(sizeof(long) * 2 * Max(ring->npoints, 1));
			int			m = 0;

			for (int i = 0; i < ring->npoints; i++)
			{
				long		x = lrint(ring->xy[2 * i] * 10.0);
				long		y = lrint(ring->xy[2 * i + 1] * 10.0);

				if (m > 0 && tx[2 * m - 2] == x && tx[2 * m - 1] == y)
					continue;
				tx[2 * m] = x;
				tx[2 * m + 1] = y;
				m++;
			}
			/* a closed ring repeats its first point: drop the copy */
			if (m > 1 && tx[0] == tx[2 * m - 2] && tx[1] == tx[2 * m - 1])
				m--;
			if (m >= 3)
			{
				for (int i = 0; i < m; i++)
				{
					appendStringInfoString(out, i == 0 ? "M" : (i == 1 ? "L" : " "));
					AppendTenths(out, tx[2 * i]);
					appendStringInfoChar(out, ',');
					AppendTenths(out, tx[2 * i + 1]);
				}
				appendStringInfoChar(out, 'Z');
			}
			pfree(tx);
		}
	}
	if (out->len == start)
		appendStringInfoString(out, "M0,0");	/* nothing visible is left */
}

/* Absolute area of a projected polygon (outer ring minus holes). */
static double
PolyArea(const Poly *poly)
{
	double		area = 0.0;

	for (int r = 0; r < poly->nrings; r++)
	{
		const Ring *ring = &poly->rings[r];
		double		a = 0.0;

		for (int i = 0; i + 1 < ring->npoints; i++)
			a += ring->xy[2 * i] * ring->xy[2 * i + 3] - ring->xy[2 * i + 2] * ring->xy[2 * i + 1];
		if (ring->npoints > 1)
			a += ring->xy[2 * ring->npoints - 2] * ring->xy[1] - ring->xy[0] * ring->xy[2 * ring->npoints - 1];
		area += (r == 0 ? 1.0 : -1.0) * fabs(a) / 2.0;
	}
	return fabs(area);
}

static int
CompareDoubles(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/*
 * Where to put a label: on the largest polygon of the shape, the middle of
 * the widest horizontal run inside it among a few scan lines, so the point
 * is inside even for concave shapes.  Returns false for an empty shape;
 * *span is the run's width, *height the polygon's.
 */
static bool
LabelPoint(const Shape *s, double *x, double *y, double *span, double *height)
{
	const Poly *best = NULL;
	double		bestarea = -1.0;
	double		miny = HUGE_VAL,
				maxy = -HUGE_VAL;
	static const double fractions[] = {0.5, 0.4, 0.6, 0.3, 0.7};
	double	   *xs;
	int			total = 0;

	for (int p = 0; p < s->npolys; p++)
	{
		double		a = PolyArea(&s->polys[p]);

		if (s->polys[p].nrings > 0 && s->polys[p].rings[0].npoints > 2 && a > bestarea)
		{
			bestarea = a;
			best = &s->polys[p];
		}
	}
	if (best == NULL)
		return false;
	for (int r = 0; r < best->nrings; r++)
		total += best->rings[r].npoints;
	for (int i = 0; i < best->rings[0].npoints; i++)
	{
		miny = Min(miny, best->rings[0].xy[2 * i + 1]);
		maxy = Max(maxy, best->rings[0].xy[2 * i + 1]);
	}
	xs = palloc(sizeof(double) * (total + 1));
	*span = -1.0;
	*height = maxy - miny;
	for (int k = 0; k < (int) lengthof(fractions); k++)
	{
		/* a scan line that avoids vertices: shift by a tiny odd amount */
		double		sy = miny + fractions[k] * (maxy - miny) + 1e-7;
		int			n = 0;

		for (int r = 0; r < best->nrings; r++)
		{
			const Ring *ring = &best->rings[r];

			for (int i = 0; i < ring->npoints; i++)
			{
				int			j = (i + 1) % ring->npoints;
				double		x1 = ring->xy[2 * i],
							y1 = ring->xy[2 * i + 1];
				double		x2 = ring->xy[2 * j],
							y2 = ring->xy[2 * j + 1];

				if ((y1 > sy) != (y2 > sy))
					xs[n++] = x1 + (sy - y1) * (x2 - x1) / (y2 - y1);
			}
		}
		qsort(xs, n, sizeof(double), CompareDoubles);
		for (int i = 0; i + 1 < n; i += 2)
		{
			if (xs[i + 1] - xs[i] > *span)
			{
				*span = xs[i + 1] - xs[i];
				*x = (xs[i] + xs[i + 1]) / 2.0;
				*y = sy;
			}
		}
	}
	pfree(xs);
	if (*span < 0.0)
	{
		/* degenerate: fall back to the middle of the bounding box */
		*x = best->rings[0].xy[0];
		*y = (miny + maxy) / 2.0;
		*span = 0.0;
	}
	return true;
}

/* Order of features in the picture: label, value, then geometry bytes. */
static int
CompareFeatures(const void *pa, const void *pb)
{
	const Feature *a = (const Feature *) pa;
	const Feature *b = (const Feature *) pb;
	bool		al = (a->flags & FEATURE_HAS_LABEL) != 0;
	bool		bl = (b->flags & FEATURE_HAS_LABEL) != 0;
	bool		av = (a->flags & FEATURE_HAS_VALUE) != 0;
	bool		bv = (b->flags & FEATURE_HAS_VALUE) != 0;
	int			c;

	if (al != bl)
		return al ? -1 : 1;		/* unlabelled last */
	if (al && (c = CompareBytes(a->label, a->label_len, b->label, b->label_len)) != 0)
		return c;
	if (av != bv)
		return av ? -1 : 1;		/* no data last */
	if (av && a->value != b->value)
		return a->value < b->value ? -1 : 1;
	if ((c = CompareBytes((const char *) a->wkb, a->wkb_len, (const char *) b->wkb, b->wkb_len)) != 0)
		return c;
	return (int) a->flags - (int) b->flags;
}

/* Quantile classes of the features with data. */
typedef struct Classes
{
	int			k;				/* number of classes, 0..5 */
	double		upper[5];		/* upper bound of each class (a data value) */
	double		min[5];			/* smallest and largest member, for the legend */
	double		max[5];
	int			count[5];
	int			nodata;			/* features without a value */
} Classes;

/*
 * Quantile classes by rank: with n sorted values and k = min(5, distinct
 * values) classes, class i (1..k) ends at the value of rank ceil(i*n/k);
 * equal bounds merge, so every class has members and ties stay together.
 */
static void
ComputeClasses(const Feature *fs, int n, Classes *cl)
{
	double	   *v = palloc(sizeof(double) * Max(n, 1));
	int			m = 0,
				distinct = 0,
				k;

	memset(cl, 0, sizeof(Classes));
	for (int i = 0; i < n; i++)
	{
		if (fs[i].flags & FEATURE_HAS_VALUE)
			v[m++] = fs[i].value;
		else
			cl->nodata++;
	}
	qsort(v, m, sizeof(double), CompareDoubles);
	for (int i = 0; i < m; i++)
		if (i == 0 || v[i] != v[i - 1])
			distinct++;
	k = Min(5, distinct);
	for (int i = 1; i <= k; i++)
	{
		double		u = v[((int64) i * m + k - 1) / k - 1];

		if (cl->k == 0 || u > cl->upper[cl->k - 1])
			cl->upper[cl->k++] = u;
	}
	for (int c = 0; c < cl->k; c++)
	{
		cl->min[c] = HUGE_VAL;
		cl->max[c] = -HUGE_VAL;
	}
	pfree(v);
}

static int
ClassOf(const Classes *cl, double v)
{
	for (int c = 0; c < cl->k; c++)
		if (v <= cl->upper[c])
			return c;
	return cl->k - 1;
}

/* The SVG document of a layer. */
static text *
ChoroplethSvg(const SvgLayer *layer)
{
	int			n = layer->nfeatures;
	Feature    *fs = SvgLayerFeatures(layer);
	Shape	   *shapes = palloc(sizeof(Shape) * Max(n, 1));
	int		   *cls = palloc(sizeof(int) * Max(n, 1));
	Classes		cl;
	double		minx = HUGE_VAL,
				maxx = -HUGE_VAL,
				miny = HUGE_VAL,
				maxy = -HUGE_VAL;
	double		lat0 = 0.0,
				kx = 1.0,
				scale = 1.0,
				offx = MAP_X,
				offy = MAP_Y;
	bool		anypoint = false;
	bool		anyoutlined = false;
	StringInfoData out;
	StringInfoData titlebuf;
	double		titlewidth;
	double		titlesize;
	int			ly;

	qsort(fs, n, sizeof(Feature), CompareFeatures);

	/* decode, and find the extent in lon/lat */
	for (int i = 0; i < n; i++)
	{
		EwkbInfo	info;
		EwkbStatus	st;

		CHECK_FOR_INTERRUPTS();
		st = ReadEwkb(fs[i].wkb, fs[i].wkb_len, &shapes[i], &info);
		if (st != EWKB_OK)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("choropleth_svg: stored geometry of feature %d is unreadable", i + 1)));
		for (int p = 0; p < shapes[i].npolys; p++)
			for (int r = 0; r < shapes[i].polys[p].nrings; r++)
			{
				const Ring *ring = &shapes[i].polys[p].rings[r];

				for (int j = 0; j < ring->npoints; j++)
				{
					minx = Min(minx, ring->xy[2 * j]);
					maxx = Max(maxx, ring->xy[2 * j]);
					miny = Min(miny, ring->xy[2 * j + 1]);
					maxy = Max(maxy, ring->xy[2 * j + 1]);
					anypoint = true;
				}
			}
		if (fs[i].flags & FEATURE_OUTLINED)
			anyoutlined = true;
	}

	/*
	 * Projection: x = lon * cos(lat0), y = -lat, lat0 the middle latitude of
	 * the extent (areas look right near lat0), scaled to fit the map area.
	 */
	if (anypoint)
	{
		double		w,
					h;

		lat0 = (miny + maxy) / 2.0;
		kx = Max(cos(lat0 * M_PI / 180.0), 0.01);
		w = (maxx - minx) * kx;
		h = maxy - miny;
		if (w > 0.0 && h > 0.0)
			scale = Min(MAP_W / w, MAP_H / h);
		else if (w > 0.0)
			scale = MAP_W / w;
		else if (h > 0.0)
			scale = MAP_H / h;
		offx = MAP_X + (MAP_W - w * scale) / 2.0;
		offy = MAP_Y + (MAP_H - h * scale) / 2.0;
		for (int i = 0; i < n; i++)
			for (int p = 0; p < shapes[i].npolys; p++)
				for (int r = 0; r < shapes[i].polys[p].nrings; r++)
				{
					Ring	   *ring = &shapes[i].polys[p].rings[r];

					for (int j = 0; j < ring->npoints; j++)
					{
						ring->xy[2 * j] = offx + (ring->xy[2 * j] - minx) * kx * scale;
						ring->xy[2 * j + 1] = offy + (maxy - ring->xy[2 * j + 1]) * scale;
					}
				}
	}

	ComputeClasses(fs, n, &cl);
	for (int i = 0; i < n; i++)
	{
		cls[i] = -1;
		if (fs[i].flags & FEATURE_HAS_VALUE)
		{
			int			c = ClassOf(&cl, fs[i].value);

			cls[i] = c;
			cl.count[c]++;
			cl.min[c] = Min(cl.min[c], fs[i].value);
			cl.max[c] = Max(cl.max[c], fs[i].value);
		}
	}

	initStringInfo(&titlebuf);
	if (layer->flags & SVG_LAYER_HAS_TITLE)
		titlewidth = AppendXmlText(&titlebuf, layer->data, layer->title_len);
	else
	{
		appendStringInfoString(&titlebuf, "Choropleth map");
		titlewidth = 14 * 0.6;
	}
	titlesize = Max(12.0, Min(20.0, (SVG_WIDTH - 40) / Max(titlewidth, 1.0)));

	initStringInfo(&out);
	appendStringInfo(&out,
					 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
					 "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
					 "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n",
					 SVG_WIDTH, SVG_HEIGHT, SVG_WIDTH, SVG_HEIGHT);
	appendStringInfo(&out, "<title>%s</title>\n", titlebuf.data);
	appendStringInfo(&out, "<desc>regional_dev choropleth_svg: %d features, %d quantile classes; "
					 "projection x = lon &#215; cos(%.2f&#176;), y = &#8722;lat</desc>\n",
					 n, cl.k, lat0);
	appendStringInfo(&out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
					 SVG_WIDTH, SVG_HEIGHT);
	appendStringInfo(&out, "<text x=\"20\" y=\"38\" font-size=\"%.1f\" font-weight=\"bold\" fill=\"#222222\">%s</text>\n",
					 titlesize, titlebuf.data);

	/* features */
	appendStringInfoString(&out, "<g id=\"features\" stroke=\"" BORDER_COLOR "\" stroke-width=\"0.5\" "
						   "stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n");
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (cls[i] >= 0)
			appendStringInfo(&out, "<path class=\"c%d\" fill=\"%s\" d=\"", cls[i] + 1, ramps[cl.k][cls[i]]);
		else
			appendStringInfoString(&out, "<path class=\"nodata\" fill=\"" NODATA_COLOR "\" d=\"");
		AppendPath(&out, &shapes[i]);
		appendStringInfoString(&out, "\"><title>");
		if (fs[i].flags & FEATURE_HAS_LABEL)
		{
			AppendXmlText(&out, fs[i].label, fs[i].label_len);
			appendStringInfoString(&out, ": ");
		}
		if (fs[i].flags & FEATURE_HAS_VALUE)
			AppendNumber(&out, fs[i].value);
		else
			appendStringInfoString(&out, "no data");
		appendStringInfoString(&out, "</title></path>\n");
	}
	appendStringInfoString(&out, "</g>\n");

	if (anyoutlined)
	{
		appendStringInfoString(&out, "<g id=\"outlined\" fill=\"none\" stroke=\"" OUTLINE_COLOR "\" "
							   "stroke-width=\"2.5\" stroke-linejoin=\"round\">\n");
		for (int i = 0; i < n; i++)
		{
			if (!(fs[i].flags & FEATURE_OUTLINED))
				continue;
			appendStringInfoString(&out, "<path d=\"");
			AppendPath(&out, &shapes[i]);
			appendStringInfoString(&out, "\"/>\n");
		}
		appendStringInfoString(&out, "</g>\n");
	}

	/*
	 * Labels: at a point inside the feature, with a white halo; left out
	 * when they would not fit inside it, unless the feature is outlined.
	 */
	appendStringInfoString(&out, "<g id=\"labels\" text-anchor=\"middle\" fill=\"#111111\">\n");
	for (int i = 0; i < n; i++)
	{
		double		x = 0.0,
					y = 0.0,
					span,
					height;
		StringInfoData lab;
		StringInfoData val;
		double		lw;
		double		vw;
		bool		force = (fs[i].flags & FEATURE_OUTLINED) != 0;
		bool		showvalue;

		if (!(fs[i].flags & FEATURE_HAS_LABEL) || fs[i].label_len == 0)
			continue;
		if (!LabelPoint(&shapes[i], &x, &y, &span, &height))
			continue;
		initStringInfo(&lab);
		initStringInfo(&val);
		lw = AppendXmlText(&lab, fs[i].label, fs[i].label_len) * LABEL_SIZE;
		if (fs[i].flags & FEATURE_HAS_VALUE)
			AppendNumber(&val, fs[i].value);
		else
			appendStringInfoString(&val, "no data");
		vw = val.len * 0.6 * VALUE_SIZE;
		if (!force && (lw + 4.0 > span || height < LABEL_SIZE + 2))
			continue;
		showvalue = force || (vw + 4.0 <= span && height >= LABEL_SIZE + VALUE_SIZE + 6);
		if (showvalue)
			y -= VALUE_SIZE / 2.0;
		appendStringInfoString(&out, "<text x=\"");
		AppendTenths(&out, lrint(x * 10.0));
		appendStringInfoString(&out, "\" y=\"");
		AppendTenths(&out, lrint((y + LABEL_SIZE * 0.35) * 10.0));
		appendStringInfo(&out, "\" font-size=\"%d\" font-weight=\"bold\" stroke=\"#ffffff\" stroke-width=\"3\" "
						 "stroke-linejoin=\"round\">%s</text>", LABEL_SIZE, lab.data);
		appendStringInfoString(&out, "<text x=\"");
		AppendTenths(&out, lrint(x * 10.0));
		appendStringInfoString(&out, "\" y=\"");
		AppendTenths(&out, lrint((y + LABEL_SIZE * 0.35) * 10.0));
		appendStringInfo(&out, "\" font-size=\"%d\" font-weight=\"bold\">%s</text>\n", LABEL_SIZE, lab.data);
		if (showvalue)
		{
			appendStringInfoString(&out, "<text x=\"");
			AppendTenths(&out, lrint(x * 10.0));
			appendStringInfoString(&out, "\" y=\"");
			AppendTenths(&out, lrint((y + LABEL_SIZE * 0.35 + VALUE_SIZE + 2) * 10.0));
			appendStringInfo(&out, "\" font-size=\"%d\" stroke=\"#ffffff\" stroke-width=\"3\" "
							 "stroke-linejoin=\"round\">%s</text>", VALUE_SIZE, val.data);
			appendStringInfoString(&out, "<text x=\"");
			AppendTenths(&out, lrint(x * 10.0));
			appendStringInfoString(&out, "\" y=\"");
			AppendTenths(&out, lrint((y + LABEL_SIZE * 0.35 + VALUE_SIZE + 2) * 10.0));
			appendStringInfo(&out, "\" font-size=\"%d\">%s</text>\n", VALUE_SIZE, val.data);
		}
		pfree(lab.data);
		pfree(val.data);
	}
	appendStringInfoString(&out, "</g>\n");

	/* legend: one swatch per class with its range and count, then no data */
	appendStringInfo(&out, "<g id=\"legend\" font-size=\"13\" fill=\"#222222\">\n"
					 "<text x=\"%d\" y=\"92\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
					 LEGEND_X, cl.k > 0 ? "Quantile classes" : "No values");
	ly = 106;
	for (int c = 0; c < cl.k; c++, ly += 26)
	{
		appendStringInfo(&out, "<rect class=\"c%d\" x=\"%d\" y=\"%d\" width=\"26\" height=\"18\" fill=\"%s\" stroke=\"" BORDER_COLOR "\" stroke-width=\"0.5\"/>",
						 c + 1, LEGEND_X, ly, ramps[cl.k][c]);
		appendStringInfo(&out, "<text x=\"%d\" y=\"%d\">", LEGEND_X + 34, ly + 14);
		AppendNumber(&out, cl.min[c]);
		if (cl.max[c] != cl.min[c])
		{
			appendStringInfoString(&out, " &#8211; ");
			AppendNumber(&out, cl.max[c]);
		}
		appendStringInfo(&out, " (%d)</text>\n", cl.count[c]);
	}
	if (cl.nodata > 0)
	{
		appendStringInfo(&out, "<rect class=\"nodata\" x=\"%d\" y=\"%d\" width=\"26\" height=\"18\" fill=\"" NODATA_COLOR "\" stroke=\"" BORDER_COLOR "\" stroke-width=\"0.5\"/>"
						 "<text x=\"%d\" y=\"%d\">no data (%d)</text>\n",
						 LEGEND_X, ly, LEGEND_X + 34, ly + 14, cl.nodata);
		ly += 26;
	}
	if (anyoutlined)
		appendStringInfo(&out, "<rect x=\"%d\" y=\"%d\" width=\"26\" height=\"18\" fill=\"none\" stroke=\"" OUTLINE_COLOR "\" stroke-width=\"2.5\"/>"
						 "<text x=\"%d\" y=\"%d\">outlined</text>\n",
						 LEGEND_X, ly, LEGEND_X + 34, ly + 14);
	appendStringInfoString(&out, "</g>\n");

	appendStringInfo(&out, "<text x=\"20\" y=\"708\" font-size=\"11\" fill=\"#555555\">%d features; "
					 "quantile classes; projection x = lon &#215; cos(%.2f&#176;), y = &#8722;lat; regional_dev</text>\n",
					 n, lat0);
	appendStringInfoString(&out, "</svg>\n");

	return cstring_to_text_with_len(out.data, out.len);
}

/* Final function of choropleth_svg: the map as an SVG document. */
PG_FUNCTION_INFO_V1(choropleth_svg_final);
Datum
choropleth_svg_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(ChoroplethSvg(PG_GETARG_SVGLAYER_P(0)));
}

/* ----------------------------------------------------------------
 * sparkline_svg
 * ---------------------------------------------------------------- */

#define SPARK_WIDTH		360
#define SPARK_HEIGHT	130
#define SPARK_X0		64.0		/* plot area */
#define SPARK_X1		296.0
#define SPARK_Y0		34.0
#define SPARK_Y1		92.0
#define SPARK_LINE		"#253494"
#define SPARK_MAX		"#e31a1c"
#define SPARK_MIN		"#2c7fb8"

/* Text at x, y (pixels, to 0.1). */
static void
AppendTextAt(StringInfo out, double x, double y, const char *attrs)
{
	appendStringInfoString(out, "<text x=\"");
	AppendTenths(out, lrint(x * 10.0));
	appendStringInfoString(out, "\" y=\"");
	AppendTenths(out, lrint(y * 10.0));
	appendStringInfo(out, "\"%s%s>", attrs[0] ? " " : "", attrs);
}

static void
AppendDot(StringInfo out, double x, double y, double r, const char *fill)
{
	appendStringInfoString(out, "<circle cx=\"");
	AppendTenths(out, lrint(x * 10.0));
	appendStringInfoString(out, "\" cy=\"");
	AppendTenths(out, lrint(y * 10.0));
	appendStringInfo(out, "\" r=\"%.1f\" fill=\"%s\"/>", r, fill);
}

/*
 * Path data joining the points: with gaps false, runs of consecutive years
 * (a lone point is a zero-length segment, drawn as a dot by the round cap);
 * with gaps true, the jumps across missing years.
 */
static void
AppendSparkSegments(StringInfo out, const AnnualSeries *s, const double *px, const double *py, bool gaps)
{
	for (int i = 0; i < s->n; i++)
	{
		bool		joined = i > 0 && s->entries[i].year == s->entries[i - 1].year + 1;

		if (gaps ? (i == 0 || joined) : false)
			continue;
		if (gaps || !joined)
		{
			int			from = gaps ? i - 1 : i;

			appendStringInfoChar(out, 'M');
			AppendTenths(out, lrint(px[from] * 10.0));
			appendStringInfoChar(out, ',');
			AppendTenths(out, lrint(py[from] * 10.0));
		}
		appendStringInfoChar(out, 'L');
		AppendTenths(out, lrint(px[i] * 10.0));
		appendStringInfoChar(out, ',');
		AppendTenths(out, lrint(py[i] * 10.0));
	}
	if (out->data[out->len - 1] == '"')
		appendStringInfoString(out, "M0,0");	/* nothing to join */
}

/*
 * A small standalone SVG line chart of a series: years on x (spaced by their
 * value, the line dashed across missing years), values on y (from the
 * smallest to the largest, or a flat line in the middle when all are equal),
 * the first and last values labelled, the largest and smallest marked and
 * explained in a legend line.
 */
static text *
SparklineSvg(const AnnualSeries *s, const char *title, int title_len)
{
	StringInfoData out;
	StringInfoData t;
	int			n = s->n;
	double		vmin = HUGE_VAL,
				vmax = -HUGE_VAL;
	int			imin = 0,
				imax = 0;
	int32		y0 = n > 0 ? s->entries[0].year : 0;
	int32		y1 = n > 0 ? s->entries[n - 1].year : 0;
	double	   *px = palloc(sizeof(double) * Max(n, 1));
	double	   *py = palloc(sizeof(double) * Max(n, 1));
	double		tw;

	for (int i = 0; i < n; i++)
	{
		double		v = SeriesValue(s, i);

		if (v < vmin)
		{
			vmin = v;
			imin = i;
		}
		if (v > vmax)
		{
			vmax = v;
			imax = i;
		}
	}
	for (int i = 0; i < n; i++)
	{
		double		v = SeriesValue(s, i);

		px[i] = (y1 > y0) ? SPARK_X0 + (SPARK_X1 - SPARK_X0) * (s->entries[i].year - y0) / (double) (y1 - y0)
			: (SPARK_X0 + SPARK_X1) / 2.0;
		py[i] = (vmax > vmin) ? SPARK_Y1 - (SPARK_Y1 - SPARK_Y0) * (v - vmin) / (vmax - vmin)
			: (SPARK_Y0 + SPARK_Y1) / 2.0;
	}

	initStringInfo(&t);
	if (title)
		tw = AppendXmlText(&t, title, title_len);
	else if (n > 0)
	{
		appendStringInfo(&t, "%d&#8211;%d", y0, y1);
		tw = 9 * 0.6;
	}
	else
	{
		appendStringInfoString(&t, "empty series");
		tw = 12 * 0.6;
	}

	initStringInfo(&out);
	appendStringInfo(&out,
					 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
					 "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
					 "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n",
					 SPARK_WIDTH, SPARK_HEIGHT, SPARK_WIDTH, SPARK_HEIGHT);
	appendStringInfo(&out, "<title>%s</title>\n", t.data);
	appendStringInfo(&out, "<desc>regional_dev sparkline_svg: %d years</desc>\n", n);
	appendStringInfo(&out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
					 SPARK_WIDTH, SPARK_HEIGHT);
	appendStringInfo(&out, "<text x=\"8\" y=\"20\" font-size=\"%.1f\" font-weight=\"bold\" fill=\"#222222\">%s</text>\n",
					 Max(8.0, Min(13.0, (SPARK_WIDTH - 16) / Max(tw, 1.0))), t.data);
	if (n == 0)
	{
		appendStringInfoString(&out, "<text x=\"180\" y=\"68\" font-size=\"12\" text-anchor=\"middle\" fill=\"#555555\">no data</text>\n"
							   "</svg>\n");
		return cstring_to_text_with_len(out.data, out.len);
	}

	/* the line: solid between consecutive years, dashed across missing ones */
	appendStringInfoString(&out, "<path id=\"line\" fill=\"none\" stroke=\"" SPARK_LINE "\" stroke-width=\"2\" "
						   "stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"");
	AppendSparkSegments(&out, s, px, py, false);
	appendStringInfoString(&out, "\"/>\n");
	if (n > 1 && y1 - y0 + 1 > n)
	{
		appendStringInfoString(&out, "<path id=\"gaps\" fill=\"none\" stroke=\"" SPARK_LINE "\" stroke-width=\"1.5\" "
							   "stroke-dasharray=\"4,3\" d=\"");
		AppendSparkSegments(&out, s, px, py, true);
		appendStringInfoString(&out, "\"/>\n");
	}
	appendStringInfoString(&out, "<g id=\"points\">");
	for (int i = 0; i < n; i++)
	{
		StringInfoData tip;

		initStringInfo(&tip);
		appendStringInfo(&tip, "%d: ", s->entries[i].year);
		AppendNumber(&tip, SeriesValue(s, i));
		appendStringInfoString(&out, "<g><title>");
		appendStringInfoString(&out, tip.data);
		appendStringInfoString(&out, "</title>");
		AppendDot(&out, px[i], py[i], 2.5, SPARK_LINE);
		appendStringInfoString(&out, "</g>");
		pfree(tip.data);
	}
	appendStringInfoString(&out, "</g>\n");
	AppendDot(&out, px[imax], py[imax], 4.0, SPARK_MAX);
	AppendDot(&out, px[imin], py[imin], 4.0, SPARK_MIN);
	appendStringInfoChar(&out, '\n');

	/* first and last value beside the line, years under it */
	appendStringInfoString(&out, "<g id=\"labels\" font-size=\"11\" fill=\"#222222\">");
	AppendTextAt(&out, SPARK_X0 - 8, py[0] + 4, "text-anchor=\"end\"");
	AppendNumber(&out, SeriesValue(s, 0));
	appendStringInfoString(&out, "</text>");
	if (n > 1)
	{
		AppendTextAt(&out, SPARK_X1 + 8, py[n - 1] + 4, "text-anchor=\"start\"");
		AppendNumber(&out, SeriesValue(s, n - 1));
		appendStringInfoString(&out, "</text>");
	}
	AppendTextAt(&out, px[0], SPARK_Y1 + 16, "text-anchor=\"middle\" fill=\"#555555\"");
	appendStringInfo(&out, "%d</text>", y0);
	if (n > 1)
	{
		AppendTextAt(&out, px[n - 1], SPARK_Y1 + 16, "text-anchor=\"middle\" fill=\"#555555\"");
		appendStringInfo(&out, "%d</text>", y1);
	}
	appendStringInfoString(&out, "</g>\n");

	/* legend: what the coloured dots are */
	appendStringInfoString(&out, "<g id=\"legend\" font-size=\"10\" fill=\"#555555\">");
	AppendDot(&out, 12, 122, 4.0, SPARK_MAX);
	AppendTextAt(&out, 20, 125.5, "");
	appendStringInfoString(&out, "max ");
	AppendNumber(&out, vmax);
	appendStringInfo(&out, " (%d)</text>", s->entries[imax].year);
	AppendDot(&out, 182, 122, 4.0, SPARK_MIN);
	AppendTextAt(&out, 190, 125.5, "");
	appendStringInfoString(&out, "min ");
	AppendNumber(&out, vmin);
	appendStringInfo(&out, " (%d)</text>", s->entries[imin].year);
	appendStringInfoString(&out, "</g>\n</svg>\n");
	return cstring_to_text_with_len(out.data, out.len);
}

/* sparkline_svg(annual_series [, title]): a small line chart of the series. */
PG_FUNCTION_INFO_V1(sparkline_svg);
Datum
sparkline_svg(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	const char *title = NULL;
	int			title_len = 0;

	if (PG_NARGS() > 1)
	{
		text	   *t = PG_GETARG_TEXT_PP(1);

		title_len = CheckText(t, "title", "sparkline_svg");
		title = VARDATA_ANY(t);
	}
	PG_RETURN_TEXT_P(SparklineSvg(s, title, title_len));
}
