/*
 * svg.h
 *		Pictures: what the files of the maps feature share.
 *
 *		svg_layer.c		the svg_layer type: building it (the transition and
 *						combine functions of choropleth_svg, svg_layer_agg and
 *						rollup), its text and binary forms
 *		svg_geojson.c	svg_layer -> jsonb (GeoJSON)
 *		svg_render.c	drawing a layer as an SVG choropleth map, and the SVG
 *						writing helpers
 *		sparkline.c		sparkline_svg
 *
 * Geometry is read by the shared EWKB reader (ewkb.c).  Output is a
 * standalone SVG 1.1 document in pure ASCII: characters outside ASCII in
 * labels and titles become character references, so the document is
 * well-formed whatever the database or client encoding.
 */
#ifndef REGIONAL_DEV_SVG_H
#define REGIONAL_DEV_SVG_H

#include "regional_dev.h"
#include "ewkb.h"

#include "lib/stringinfo.h"

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

/* svg_layer.c */
extern Feature *SvgLayerFeatures(const SvgLayer *layer);
extern int	CompareFeatures(const void *pa, const void *pb);
extern int	CheckText(text *t, const char *what, const char *who);
pg_noreturn extern void SvgLayerCorrupt(int feature);

/* svg_render.c: SVG writing */
extern void AppendSvgStart(StringInfo out, int width, int height, const char *title,
						   const char *desc);
extern double AppendXmlText(StringInfo out, const char *s, int len);
extern void AppendNumber(StringInfo out, double v);
extern void AppendTenths(StringInfo out, long t);
extern void AppendTextAt(StringInfo out, double x, double y, const char *attrs);

#endif							/* REGIONAL_DEV_SVG_H */
