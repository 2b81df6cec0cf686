-- Maps: the catalogue entries of choropleth_svg and svg_layer follow the
-- aggregate contract (doc/design.md).
BEGIN;
SELECT plan(15);

SELECT has_type('regional_dev', 'svg_layer', 'type svg_layer');
SELECT is((SELECT typlen::int || '/' || typstorage::text FROM pg_type WHERE oid = 'regional_dev.svg_layer'::regtype),
          '-1/x', 'svg_layer is a varlena with extended storage');
SELECT isnt((SELECT typreceive FROM pg_type WHERE oid = 'regional_dev.svg_layer'::regtype), 0::regproc, 'svg_layer has binary input');
SELECT isnt((SELECT typsend FROM pg_type WHERE oid = 'regional_dev.svg_layer'::regtype), 0::regproc, 'svg_layer has binary output');

SELECT is((SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
           WHERE p.pronamespace = 'regional_dev'::regnamespace
             AND (p.proname IN ('choropleth_svg', 'svg_layer_agg') OR a.aggtranstype = 'regional_dev.svg_layer'::regtype)),
          7, 'seven map aggregates: choropleth_svg and svg_layer_agg (3, 5 and 6 arguments), rollup(svg_layer)');
SELECT is_empty($$
	SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
	WHERE p.pronamespace = 'regional_dev'::regnamespace
	  AND (p.proname IN ('choropleth_svg', 'svg_layer_agg') OR a.aggtranstype = 'regional_dev.svg_layer'::regtype)
	  AND (a.aggtranstype <> 'regional_dev.svg_layer'::regtype OR a.aggcombinefn = 0
	       OR p.proparallel <> 's' OR a.agginitval IS NOT NULL OR a.aggkind <> 'n')$$,
	'map aggregates: state svg_layer (not internal), a combine function, PARALLEL SAFE, no initial value');
SELECT is((SELECT array_agg(DISTINCT a.aggcombinefn::text) FROM pg_aggregate a
           WHERE a.aggtranstype = 'regional_dev.svg_layer'::regtype),
          ARRAY['regional_dev.svg_layer_combine'], 'one combine function, shared with rollup');
SELECT is((SELECT a.aggtransfn::text FROM pg_aggregate a
           WHERE a.aggfnoid = 'regional_dev.rollup(regional_dev.svg_layer)'::regprocedure),
          'regional_dev.svg_layer_combine', 'rollup transition = combine function');

SELECT is((SELECT prorettype::regtype::text FROM pg_proc WHERE oid = 'regional_dev.choropleth_svg_final(regional_dev.svg_layer)'::regprocedure),
          'text', 'choropleth_svg_final returns text');
SELECT is((SELECT count(*)::int FROM pg_proc p
           WHERE p.pronamespace = 'regional_dev'::regnamespace AND p.proname = 'svg_layer_trans'
             AND p.provolatile = 'i' AND NOT p.proisstrict AND p.proparallel = 's'),
          3, 'transition functions (4, 6 and 7 arguments) are IMMUTABLE, PARALLEL SAFE and not strict');
SELECT is((SELECT count(*)::int FROM pg_proc p
           WHERE p.pronamespace = 'regional_dev'::regnamespace
             AND p.proname IN ('svg_layer_combine', 'svg_layer_final', 'choropleth_svg_final')
             AND p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's'),
          3, 'combine and final functions are IMMUTABLE, STRICT and PARALLEL SAFE');

SELECT function_returns('regional_dev', 'sparkline_svg', ARRAY['regional_dev.annual_series'], 'text');
SELECT has_cast('regional_dev.svg_layer', 'jsonb', 'svg_layer casts to jsonb (GeoJSON)');
SELECT is((SELECT count(*)::int FROM pg_proc p
           WHERE p.pronamespace = 'regional_dev'::regnamespace AND p.proname = 'sparkline_svg'
             AND p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's'),
          2, 'sparkline_svg (with and without title) is IMMUTABLE, STRICT and PARALLEL SAFE');

-- Called by an analyst without privileges beyond USAGE, with a hostile search_path.
CREATE ROLE regional_dev_tap_mapper NOLOGIN;
GRANT USAGE ON SCHEMA regional_dev TO regional_dev_tap_mapper;
SET ROLE regional_dev_tap_mapper;
SET search_path = pg_catalog;
CREATE TEMP TABLE mapper_result AS
SELECT xml_is_well_formed_document(regional_dev.choropleth_svg(geom, code::integer % 10, name)) AS well_formed
FROM regional_dev.region;
RESET ROLE;
RESET search_path;
SELECT ok((SELECT well_formed FROM mapper_result), 'a non-superuser with search_path = pg_catalog draws the 32 districts');

SELECT * FROM finish();
ROLLBACK;
