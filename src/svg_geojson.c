/*
 * svg_geojson.c
 *		svg_layer -> jsonb: the features of a map as GeoJSON.
 */
#include "svg.h"

#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"

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
		if (EwkbReadPolygonal(fs[i].wkb, fs[i].wkb_len, &shape, &info) != EWKB_OK)
			SvgLayerCorrupt(i);
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
