-- Disparities and flows: the objects of API.md exist with the right
-- signatures, and every aggregate of the extension follows the aggregate
-- contract of doc/design.md as far as the catalogue shows it.
BEGIN;
SELECT plan(30);

SELECT has_type('regional_dev', 'inequality_summary', 'type inequality_summary');
SELECT has_type('regional_dev', 'gini_state', 'type gini_state');
SELECT has_type('regional_dev', 'beta_convergence_state', 'type beta_convergence_state');
SELECT has_type('regional_dev', 'beta_convergence_result', 'type beta_convergence_result');
SELECT has_type('regional_dev', 'flow_summary', 'type flow_summary');

SELECT function_returns('regional_dev', 'inequality_agg', ARRAY['double precision', 'double precision'], 'regional_dev.inequality_summary');
SELECT function_returns('regional_dev', 'inequality_agg', ARRAY['double precision', 'double precision', 'text'], 'regional_dev.inequality_summary');
SELECT function_returns('regional_dev', 'rollup', ARRAY['regional_dev.inequality_summary'], 'regional_dev.inequality_summary');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'regional_dev'::regnamespace
           AND proname IN ('theil_t', 'theil_l', 'theil_t_between', 'theil_t_within', 'theil_l_between',
                           'theil_l_within', 'williamson', 'cv')
           AND pronargs = 1 AND proargtypes[0] = 'regional_dev.inequality_summary'::regtype
           AND prorettype = 'double precision'::regtype), 8, 'the eight inequality accessors (inequality_summary) -> float8');
SELECT function_returns('regional_dev', 'gini', ARRAY['double precision', 'double precision'], 'double precision');
SELECT function_returns('regional_dev', 'beta_convergence', ARRAY['double precision', 'double precision', 'double precision'], 'regional_dev.beta_convergence_result');
SELECT is((SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute
           WHERE attrelid = 'regional_dev.beta_convergence_result'::regclass AND attnum > 0),
          'beta double precision, speed double precision, half_life double precision, r_squared double precision',
          'beta_convergence returns (beta, speed, half_life, r_squared)');
SELECT function_returns('regional_dev', 'flow_agg', ARRAY['regional_dev.adcode', 'regional_dev.adcode', 'double precision'], 'regional_dev.flow_summary');
SELECT function_returns('regional_dev', 'rollup', ARRAY['regional_dev.flow_summary'], 'regional_dev.flow_summary');
SELECT function_returns('regional_dev', 'flow_total', ARRAY['regional_dev.flow_summary'], 'double precision');
SELECT function_returns('regional_dev', 'cross_boundary_total', ARRAY['regional_dev.flow_summary', 'text'], 'double precision');
SELECT function_returns('regional_dev', 'cross_boundary_share', ARRAY['regional_dev.flow_summary', 'text'], 'double precision');
SELECT function_returns('regional_dev', 'net_inflow', ARRAY['regional_dev.flow_summary', 'regional_dev.adcode'], 'double precision');
SELECT is((SELECT pg_get_function_result('regional_dev.flows(regional_dev.flow_summary, text)'::regprocedure)),
          'TABLE(origin regional_dev.adcode, destination regional_dev.adcode, amount double precision)', 'flows returns the matrix');
SELECT has_cast('regional_dev.inequality_summary', 'jsonb');
SELECT has_cast('regional_dev.flow_summary', 'jsonb');

-- The aggregate contract, for every aggregate of the extension.
CREATE TEMP VIEW ext_aggregates AS
SELECT a.*, p.oid AS aggoid, p.proparallel FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev';
SELECT set_has($$SELECT aggoid::regprocedure::text FROM ext_aggregates$$, $$VALUES
	('regional_dev.beta_convergence(double precision,double precision,double precision)'),
	('regional_dev.flow_agg(regional_dev.adcode,regional_dev.adcode,double precision)'),
	('regional_dev.gini(double precision)'),
	('regional_dev.gini(double precision,double precision)'),
	('regional_dev.inequality_agg(double precision,double precision)'),
	('regional_dev.inequality_agg(double precision,double precision,text)'),
	('regional_dev.rollup(regional_dev.flow_summary)'),
	('regional_dev.rollup(regional_dev.inequality_summary)')$$,
	'the disparities and flows aggregates are there');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates WHERE aggtranstype = 'internal'::regtype$$,
	'no aggregate has an internal state');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates t JOIN pg_type y ON y.oid = t.aggtranstype
	WHERE y.typsend = 0 OR y.typreceive = 0 OR y.typtype <> 'b'$$,
	'every state type is a base type with binary send and receive');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates WHERE aggcombinefn = 0$$,
	'every aggregate has a combine function');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates WHERE proparallel <> 's'$$,
	'every aggregate is PARALLEL SAFE');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates WHERE agginitval IS NOT NULL$$,
	'no aggregate has an INITCOND (no row: NULL)');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates t JOIN pg_proc f ON f.oid = t.aggtransfn
	WHERE f.proisstrict AND f.oid <> t.aggcombinefn$$,
	'transition functions are not strict (the first row creates the state), except merge functions used by rollup');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates t JOIN pg_proc f ON f.oid = t.aggcombinefn
	WHERE NOT f.proisstrict$$,
	'combine functions are strict');
SELECT is_empty($$SELECT aggoid::regprocedure::text FROM ext_aggregates t JOIN pg_proc f ON f.oid = t.aggtransfn
	WHERE f.prorettype <> t.aggtranstype$$,
	'transition functions return the state type');

SELECT * FROM finish();
ROLLBACK;
