-- Every aggregate of regional_dev meets the aggregate contract (doc/design.md):
-- a combine function, PARALLEL SAFE, a real SQL state type (never internal),
-- no initial value (no row used -> NULL).
BEGIN;
SELECT plan(5);

CREATE TEMP VIEW ext_aggregates AS
SELECT p.oid::regprocedure::text AS agg, a.*, p.proparallel
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev';

-- Exactly the 28 aggregates of the table in doc/design.md ("The aggregate
-- contract"): one missing, or a new one not added there and here, fails.
SELECT set_eq($$SELECT agg FROM ext_aggregates$$, ARRAY[
	'regional_dev.apportion(geometry,double precision,geometry)',
	'regional_dev.beta_convergence(double precision,double precision,double precision)',
	'regional_dev.choropleth_svg(geometry,double precision,text)',
	'regional_dev.choropleth_svg(geometry,double precision,text,text,boolean)',
	'regional_dev.choropleth_svg(geometry,double precision,text,text,boolean,text)',
	'regional_dev.dispersion_by_year(integer,double precision)',
	'regional_dev.flow_agg(regional_dev.adcode,regional_dev.adcode,double precision)',
	'regional_dev.gini(double precision)',
	'regional_dev.gini(double precision,double precision)',
	'regional_dev.herfindahl(double precision)',
	'regional_dev.hoover(double precision,double precision)',
	'regional_dev.inequality_agg(double precision,double precision)',
	'regional_dev.inequality_agg(double precision,double precision,text)',
	'regional_dev.krugman_specialization(double precision,double precision)',
	'regional_dev.local_getis_ord_g(regional_dev.adcode,double precision)',
	'regional_dev.local_morans_i(regional_dev.adcode,double precision)',
	'regional_dev.morans_i(regional_dev.adcode,double precision)',
	'regional_dev.ratio_agg(double precision,double precision)',
	'regional_dev.rollup(regional_dev.annual_series)',
	'regional_dev.rollup(regional_dev.flow_summary)',
	'regional_dev.rollup(regional_dev.inequality_summary)',
	'regional_dev.rollup(regional_dev.ratio_summary)',
	'regional_dev.rollup(regional_dev.svg_layer)',
	'regional_dev.series_agg(integer,double precision)',
	'regional_dev.shift_share(double precision,double precision,double precision,double precision,double precision,double precision)',
	'regional_dev.svg_layer_agg(geometry,double precision,text)',
	'regional_dev.svg_layer_agg(geometry,double precision,text,text,boolean)',
	'regional_dev.svg_layer_agg(geometry,double precision,text,text,boolean,text)'],
	'the extension has exactly the 28 aggregates of doc/design.md');
SELECT is_empty($$SELECT agg FROM ext_aggregates WHERE aggtranstype = 'internal'::regtype$$,
	'no aggregate has an internal state');
SELECT is_empty($$SELECT agg FROM ext_aggregates WHERE aggcombinefn = 0$$,
	'every aggregate has a combine function');
SELECT is_empty($$SELECT agg FROM ext_aggregates WHERE proparallel <> 's'$$,
	'every aggregate is PARALLEL SAFE');
SELECT is_empty($$SELECT agg FROM ext_aggregates WHERE agginitval IS NOT NULL$$,
	'no aggregate has an initial value');

SELECT * FROM finish();
ROLLBACK;
