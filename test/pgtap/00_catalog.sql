-- The objects of regional_dev exist with the right signatures, volatility and
-- parallel safety, and every one has a comment.
BEGIN;
SELECT plan(30);

SELECT has_extension('regional_dev');
SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'regional_dev'), false, 'not relocatable');
SELECT is((SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'regional_dev'),
          'regional_dev', 'installed in schema regional_dev');
SELECT has_type('regional_dev', 'adcode', 'type adcode');
SELECT is((SELECT typlen::int || '/' || typbyval FROM pg_type WHERE oid = 'regional_dev.adcode'::regtype),
          '4/true', 'adcode is a pass-by-value int4');

SELECT has_function('regional_dev', 'adcode_level', ARRAY['regional_dev.adcode']);
SELECT function_returns('regional_dev', 'adcode_level', ARRAY['regional_dev.adcode'], 'text');
SELECT function_returns('regional_dev', 'province', ARRAY['regional_dev.adcode'], 'regional_dev.adcode');
SELECT function_returns('regional_dev', 'prefecture', ARRAY['regional_dev.adcode'], 'regional_dev.adcode');
SELECT function_returns('regional_dev', 'boundary_level', ARRAY['regional_dev.adcode', 'regional_dev.adcode'], 'text');
SELECT isnt(to_regoperator('regional_dev.@>(regional_dev.adcode, regional_dev.adcode)'), NULL, 'operator @> (adcode, adcode)');
SELECT isnt(to_regoperator('regional_dev.<@(regional_dev.adcode, regional_dev.adcode)'), NULL, 'operator <@ (adcode, adcode)');
-- adcode is a domain over integer: =, <, B-tree and hash come from integer,
-- in pg_catalog, found under any search_path; LIKE is regional_dev's, also in public.
SELECT is((SELECT typtype::text || ' ' || typbasetype::regtype::text FROM pg_type WHERE oid = 'regional_dev.adcode'::regtype),
          'd integer', 'adcode is a domain over integer');
SELECT has_function('regional_dev', 'adcode_check', ARRAY['integer'], 'the domain''s CHECK function');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = 'regional_dev.adcode'::regtype),
          'CHECK (regional_dev.adcode_check(VALUE))', 'the domain''s CHECK calls adcode_check');
SELECT isnt(to_regoperator('regional_dev.~~(regional_dev.adcode, text)'), NULL, 'operator ~~ (adcode, text)');
SELECT isnt(to_regoperator('public.~~(regional_dev.adcode, text)'), NULL, 'operator ~~ (adcode, text) in public');

-- Every C function of the extension is IMMUTABLE or STABLE as declared, strict and parallel safe.
SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE p.prokind = 'f' AND p.proparallel <> 's'$$, 'every function is PARALLEL SAFE');
SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE p.prokind = 'f' AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') AND NOT p.proisstrict
	  AND p.oid NOT IN (SELECT aggtransfn FROM pg_aggregate)$$,
	'every C function is STRICT, except aggregate transition functions (the aggregate contract)');
SELECT is((SELECT provolatile::text FROM pg_proc WHERE oid = 'regional_dev.boundary_level(regional_dev.adcode, regional_dev.adcode)'::regprocedure),
          'i', 'boundary_level is IMMUTABLE');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE p.prosecdef$$, 'no SECURITY DEFINER function');

-- Comments: every function, type, operator, table and column (BI browsers show them).
SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE obj_description(p.oid, 'pg_proc') IS NULL$$, 'every function and aggregate has a comment');
SELECT is_empty($$
	SELECT t.oid::regtype::text FROM pg_type t
	JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE obj_description(t.oid, 'pg_type') IS NULL
	  -- PostgreSQL 18 also records the implicit array types and the row types
	  -- of tables as extension members: those are not ours to comment.
	  AND t.typcategory <> 'A'
	  AND NOT EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')$$,
	'every type has a comment');
SELECT is_empty($$
	SELECT o.oid::regoperator::text FROM pg_operator o
	JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE obj_description(o.oid, 'pg_operator') IS NULL$$, 'every operator has a comment');
SELECT is_empty($$
	SELECT c.relname || '.' || coalesce(a.attname, '') FROM pg_class c
	JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	WHERE c.relkind IN ('r', 'v', 'm', 'p')
	  AND (obj_description(c.oid, 'pg_class') IS NULL
	       OR (a.attnum IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL))$$,
	'every table and column has a comment');

-- Names (doc/design.md, "Names").  A C function's symbol (prosrc) is its SQL
-- name, except these, each a cast named after its target type or a name
-- shared by several functions (as PostgreSQL binds int4(float8) to dtoi4);
-- adcode(integer) is the cast of a domain, which takes no pg_cast entry.
CREATE TEMP TABLE symbol_exception (fn text, symbol text);
INSERT INTO symbol_exception VALUES
	('regional_dev.adcode(integer)', 'adcode_from_int'),
	('regional_dev.jsonb(regional_dev.apportion_state)', 'apportion_state_to_jsonb'),
	('regional_dev.jsonb(regional_dev.morans_i_state)', 'morans_i_state_to_jsonb'),
	('regional_dev.jsonb(regional_dev.inequality_summary)', 'inequality_summary_to_jsonb'),
	('regional_dev.jsonb(regional_dev.flow_summary)', 'flow_summary_to_jsonb'),
	('regional_dev.jsonb(regional_dev.spatial_weights)', 'spatial_weights_to_jsonb'),
	('regional_dev.cagr(regional_dev.annual_series,integer,integer)', 'cagr_years'),
	('regional_dev.cagr(double precision,double precision,double precision)', 'cagr_values'),
	('regional_dev.unnest(regional_dev.annual_series)', 'annual_series_unnest');
CREATE TEMP VIEW ext_c_function AS
SELECT p.oid, p.oid::regprocedure::text AS fn, p.proname, p.prosrc FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c');
SELECT set_eq($$SELECT fn, prosrc FROM ext_c_function WHERE prosrc <> proname$$,
	$$SELECT fn, symbol FROM symbol_exception$$,
	'every C function''s symbol is its SQL name, but for the listed exceptions');
SELECT is_empty($$SELECT fn FROM ext_c_function f JOIN symbol_exception x USING (fn)
	WHERE f.oid NOT IN (SELECT castfunc FROM pg_cast)
	  AND f.proname <> (SELECT t.typname FROM pg_type t WHERE t.oid = (SELECT prorettype FROM pg_proc WHERE oid = f.oid))
	  AND (SELECT count(*) FROM pg_proc q WHERE q.proname = f.proname) < 2$$,
	'every exception is a cast function or a name shared by several functions');
-- Support functions of aggregate A with state type T: transition A_trans or
-- T_trans (shared by several aggregates), or T_combine for rollup(T), whose
-- transition is the combine function; combine A_combine or T_combine; final
-- A_final or T_final.
SELECT is_empty($$
	SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a
	JOIN pg_proc p ON p.oid = a.aggfnoid
	JOIN pg_type t ON t.oid = a.aggtranstype
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE NOT (a.aggtransfn::regproc::text IN ('regional_dev.' || p.proname || '_trans', 'regional_dev.' || t.typname || '_trans')
			   OR (a.aggtransfn = a.aggcombinefn AND a.aggtransfn::regproc::text = 'regional_dev.' || t.typname || '_combine'))
	   OR a.aggcombinefn::regproc::text NOT IN ('regional_dev.' || p.proname || '_combine', 'regional_dev.' || t.typname || '_combine')
	   OR (a.aggfinalfn <> 0
		   AND a.aggfinalfn::regproc::text NOT IN ('regional_dev.' || p.proname || '_final', 'regional_dev.' || t.typname || '_final'))$$,
	'every aggregate''s support functions follow the naming rule');

SELECT has_table('regional_dev', 'region', 'table region');
SELECT columns_are('regional_dev', 'region',
	ARRAY['code', 'name', 'name_zh', 'province', 'in_demonstration_zone', 'geom'], 'region columns as in the spec');

SELECT * FROM finish();
ROLLBACK;
