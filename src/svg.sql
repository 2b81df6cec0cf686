-- Pictures: choropleth_svg (state type svg_layer) and sparkline_svg (C code: src/svg_layer.c, svg_geojson.c, svg_render.c, sparkline.c; src/svg.h).
-- After src/annual_series.sql (sparkline_svg reads annual_series).
-- geometry below resolves at install time (CREATE EXTENSION puts PostGIS's schema
-- on the search_path); at call time C reaches PostGIS only through the binary send
-- function of the geometry type, found by type OID, never by name.

CREATE TYPE svg_layer;

CREATE FUNCTION svg_layer_in(cstring) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svg_layer_out(svg_layer) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svg_layer_recv(internal) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svg_layer_send(svg_layer) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE svg_layer (
	INPUT = svg_layer_in,
	OUTPUT = svg_layer_out,
	RECEIVE = svg_layer_recv,
	SEND = svg_layer_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended,
	CATEGORY = 'U'
);
COMMENT ON TYPE svg_layer IS 'features of a map (label, value, EWKB geometry; optional title): the state of choropleth_svg, storable and mergeable with rollup';
COMMENT ON FUNCTION svg_layer_in(cstring) IS 'text input of svg_layer (\x and hexadecimal digits), validated like binary input';
COMMENT ON FUNCTION svg_layer_out(svg_layer) IS 'text output of svg_layer (\x and hexadecimal digits)';
COMMENT ON FUNCTION svg_layer_recv(internal) IS 'binary input of svg_layer, validated like text input';
COMMENT ON FUNCTION svg_layer_send(svg_layer) IS 'binary output of svg_layer';

-- Aggregate support.  The transition function is not strict: the first row
-- creates the state; rows with a NULL geometry are skipped.
CREATE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION svg_layer_combine(svg_layer, svg_layer) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svg_layer_final(svg_layer) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION choropleth_svg_final(svg_layer) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svg_layer_trans(svg_layer, geometry, float8, text) IS 'transition function of choropleth_svg and svg_layer_agg: adds a feature (geometry, value, label)';
COMMENT ON FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean) IS 'transition function of choropleth_svg and svg_layer_agg: adds a feature (geometry, value, label, map title, outlined)';
COMMENT ON FUNCTION svg_layer_combine(svg_layer, svg_layer) IS 'merges two svg_layer values (combine function of the map aggregates, transition function of rollup)';
COMMENT ON FUNCTION svg_layer_final(svg_layer) IS 'the svg_layer in canonical form: features in drawing order, no spare room (final function of svg_layer_agg and rollup)';
COMMENT ON FUNCTION choropleth_svg_final(svg_layer) IS 'draws an svg_layer as a standalone SVG 1.1 choropleth map (final function of choropleth_svg)';

-- jsonb for BI tools and web maps: a GeoJSON FeatureCollection.
CREATE FUNCTION svg_layer_to_jsonb(svg_layer) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svg_layer_to_jsonb(svg_layer) IS 'svg_layer as a GeoJSON FeatureCollection (properties label, value, outlined; member title)';
CREATE CAST (svg_layer AS jsonb) WITH FUNCTION svg_layer_to_jsonb(svg_layer);

CREATE AGGREGATE choropleth_svg(geom geometry, value float8, label text) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = choropleth_svg_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE choropleth_svg(geometry, float8, text) IS 'standalone SVG 1.1 choropleth map of polygons (SRID 4326): quantile classes, legend, labels; NULL values drawn grey as no data';
CREATE AGGREGATE choropleth_svg(geom geometry, value float8, label text, title text, outlined boolean) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = choropleth_svg_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE choropleth_svg(geometry, float8, text, text, boolean) IS 'standalone SVG 1.1 choropleth map with a title (the smallest non-NULL title given) and outlined features';

CREATE AGGREGATE svg_layer_agg(geom geometry, value float8, label text) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = svg_layer_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svg_layer_agg(geometry, float8, text) IS 'the features of a map as a storable svg_layer (draw it with choropleth_svg_final, merge with rollup)';
CREATE AGGREGATE svg_layer_agg(geom geometry, value float8, label text, title text, outlined boolean) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = svg_layer_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svg_layer_agg(geometry, float8, text, text, boolean) IS 'the features of a map with a title and outlined features as a storable svg_layer';

-- Two-line labels: second_label is drawn under label (1.1).
CREATE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean, text) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean, text) IS 'transition function of choropleth_svg and svg_layer_agg: adds a feature (geometry, value, label, map title, outlined, second label)';
CREATE AGGREGATE choropleth_svg(geom geometry, value float8, label text, title text, outlined boolean, second_label text) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = choropleth_svg_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE choropleth_svg(geometry, float8, text, text, boolean, text) IS 'standalone SVG 1.1 choropleth map with a title, outlined features and a second label line under each label (e.g. the Chinese name)';
CREATE AGGREGATE svg_layer_agg(geom geometry, value float8, label text, title text, outlined boolean, second_label text) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = svg_layer_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svg_layer_agg(geometry, float8, text, text, boolean, text) IS 'the features of a map with a title, outlined features and two-line labels as a storable svg_layer';

CREATE AGGREGATE rollup(svg_layer) (
	SFUNC = svg_layer_combine,
	STYPE = svg_layer,
	FINALFUNC = svg_layer_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(svg_layer) IS 'merges svg_layer values into one map layer';

-- Sparklines of yearly series.
CREATE FUNCTION sparkline_svg(annual_series) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparkline_svg(annual_series, title text) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sparkline_svg(annual_series) IS 'a small standalone SVG 1.1 line chart of a yearly series (first and last values labelled, largest and smallest marked)';
COMMENT ON FUNCTION sparkline_svg(annual_series, text) IS 'a small standalone SVG 1.1 line chart of a yearly series, with a title';
