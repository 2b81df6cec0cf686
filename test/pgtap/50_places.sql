-- Places: the spatial functions exist as API.md names them, the aggregates
-- follow the aggregate contract, the PostGIS wrappers are qualified and
-- inlinable, and an analyst without special rights can use them.
BEGIN;
SELECT plan(33);

SELECT function_returns('regional_dev', 'locate', ARRAY['geometry'], 'regional_dev.adcode');
SELECT function_returns('regional_dev', 'length_by_region', ARRAY['geometry'], 'setof record');
SELECT function_returns('regional_dev', 'boundary_crossings', ARRAY['geometry', 'text'], 'integer');
SELECT function_returns('regional_dev', 'region_neighbors', ARRAY['double precision'], 'setof record');
SELECT is((SELECT pg_get_function_result('regional_dev.length_by_region(geometry)'::regprocedure)),
          'TABLE(code regional_dev.adcode, length_m double precision)', 'length_by_region columns');
SELECT is((SELECT pg_get_function_result('regional_dev.region_neighbors(double precision)'::regprocedure)),
          'TABLE(a regional_dev.adcode, b regional_dev.adcode, shared_border_m double precision, boundary_level text)',
          'region_neighbors columns');
SELECT is((SELECT pg_get_function_arguments('regional_dev.boundary_crossings(geometry, text)'::regprocedure)),
          'line geometry, level text DEFAULT ''province''::text', 'boundary_crossings level defaults to province');
SELECT is((SELECT pg_get_function_arguments('regional_dev.region_neighbors(double precision)'::regprocedure)),
          'tolerance_m double precision DEFAULT 200', 'region_neighbors tolerance defaults to 200 m');
SELECT isa_ok(regional_dev.locate('SRID=4326;POINT(121.1 31.15)'::geometry), 'regional_dev.adcode', 'locate result');

SELECT is_aggregate('regional_dev', 'apportion', ARRAY['geometry', 'double precision', 'geometry']);
SELECT is_aggregate('regional_dev', 'morans_i', ARRAY['regional_dev.adcode', 'double precision']);
SELECT is((SELECT pg_get_function_result('regional_dev.morans_i(regional_dev.adcode, double precision)'::regprocedure)),
          'regional_dev.morans_i_result', 'morans_i returns a record type');
SELECT is((SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
           FROM pg_attribute WHERE attrelid = 'regional_dev.morans_i_result'::regclass AND attnum > 0),
          'i double precision, expected double precision, variance double precision, z double precision, p_value double precision',
          'morans_i record columns');

-- The aggregate contract: the state is the summary type (never internal),
-- a combine function, parallel safe, no initial value.
SELECT is((SELECT aggtranstype::regtype::text FROM pg_aggregate WHERE aggfnoid = 'regional_dev.apportion'::regproc),
          'regional_dev.apportion_state', 'apportion state type');
SELECT is((SELECT aggtranstype::regtype::text FROM pg_aggregate WHERE aggfnoid = 'regional_dev.morans_i(regional_dev.adcode, float8)'::regprocedure),
          'regional_dev.morans_i_state', 'morans_i state type');
SELECT is_empty($$SELECT aggfnoid FROM pg_aggregate
	WHERE aggfnoid IN ('regional_dev.apportion'::regproc, 'regional_dev.morans_i(regional_dev.adcode, float8)'::regprocedure)
	  AND (aggcombinefn = 0 OR agginitval IS NOT NULL OR aggtranstype = 'internal'::regtype)$$,
	'both aggregates have a combine function, no initial value, no internal state');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE oid IN ('regional_dev.apportion'::regproc, 'regional_dev.morans_i(regional_dev.adcode, float8)'::regprocedure)
           AND proparallel = 's'), 2, 'both aggregates are parallel safe');
SELECT has_cast('regional_dev.apportion_state', 'jsonb');
SELECT has_cast('regional_dev.morans_i_state', 'jsonb');

-- The PostGIS wrappers: SQL bodies naming PostGIS's schema, no SET clause
-- (so the planner inlines them), not SECURITY DEFINER.  locate(geometry) is C
-- on the geometry itself (src/locate.c): no body to hijack, no SET clause.
SELECT is((SELECT l.lanname::text || ' ' || p.prosrc || ' ' || (p.proconfig IS NULL) || ' ' || p.prosecdef
           FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
           WHERE p.oid = 'regional_dev.locate(geometry)'::regprocedure),
          'c locate true false', 'locate(geometry) is C, no SET clause, not SECURITY DEFINER');
SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p
	WHERE p.oid IN ('regional_dev.length_by_region(geometry)'::regprocedure,
	                'regional_dev.boundary_crossings(geometry, text)'::regprocedure,
	                'regional_dev.apportion_trans(regional_dev.apportion_state, geometry, double precision, geometry)'::regprocedure)
	  AND (p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'sql') OR p.proconfig IS NOT NULL OR p.prosecdef
	       OR p.prosrc NOT LIKE '%' || (SELECT quote_ident(n.nspname) FROM pg_extension e
	                                     JOIN pg_namespace n ON n.oid = e.extnamespace
	                                     WHERE e.extname = 'postgis') || '.st_asewkb(%'
	       OR p.prosrc NOT LIKE '%regional_dev.%')$$,
	'wrappers are plain SQL that qualify PostGIS and regional_dev');
SELECT is((SELECT provolatile::text FROM pg_proc WHERE oid = 'regional_dev.locate(geometry)'::regprocedure),
          's', 'locate is STABLE (it reads region)');
SELECT is((SELECT provolatile::text FROM pg_proc WHERE oid = 'regional_dev.region_neighbors(double precision)'::regprocedure),
          's', 'region_neighbors is STABLE');

-- The cache trigger fires on every change, also under replication.
SELECT is((SELECT tgenabled::text FROM pg_trigger WHERE tgrelid = 'regional_dev.region'::regclass
           AND tgname = 'region_cache_invalidate'), 'A', 'cache trigger enabled ALWAYS');
SELECT is((SELECT tgtype::int & 61 FROM pg_trigger WHERE tgrelid = 'regional_dev.region'::regclass
           AND tgname = 'region_cache_invalidate'), 60, 'cache trigger: statement level, insert, delete, update');
SELECT ok((SELECT (tgtype::int & 32) <> 0 FROM pg_trigger WHERE tgrelid = 'regional_dev.region'::regclass
           AND tgname = 'region_cache_invalidate'), 'cache trigger: truncate');

-- The triggers that keep region_index and region_neighbor: statement level,
-- with transition tables, enabled ALWAYS; the tables readable by everyone.
SELECT is((SELECT string_agg(tgname || ':' || tgenabled::text || ':' || (tgtype::int & 61)::text
                             || ':' || coalesce(tgoldtable, '-') || ':' || coalesce(tgnewtable, '-'), ' ' ORDER BY tgname)
           FROM pg_trigger WHERE tgrelid = 'regional_dev.region'::regclass AND tgname LIKE 'region_index_%'),
          'region_index_delete:A:8:old_rows:- region_index_insert:A:4:-:new_rows region_index_truncate:A:32:-:- region_index_update:A:16:old_rows:new_rows',
          'derived-table triggers: AFTER statement, transition tables, enabled ALWAYS');
SELECT ok(has_table_privilege('public', 'regional_dev.region_index', 'SELECT')
          AND has_table_privilege('public', 'regional_dev.region_neighbor', 'SELECT')
          AND NOT has_table_privilege('public', 'regional_dev.region_neighbor', 'INSERT'),
          'derived tables: readable by everyone, written by their owner');

-- An analyst with no more than USAGE on the schema.
CREATE ROLE regional_dev_tap_places NOLOGIN;
GRANT USAGE ON SCHEMA regional_dev TO regional_dev_tap_places;
SET ROLE regional_dev_tap_places;
SELECT is(regional_dev.locate('SRID=4326;POINT(121.1 31.15)'::geometry)::text, '310118', 'analyst calls locate');
SELECT is((SELECT count(*)::int FROM regional_dev.region_neighbors() WHERE boundary_level = 'province'), 11,
          'analyst calls region_neighbors');
SELECT is((SELECT boundary_crossings FROM regional_dev.boundary_crossings(
              'SRID=4326;LINESTRING(121.0213134765625 31.11669921875,120.8936767578125 30.89501953125)'::geometry)),
          1, 'analyst calls boundary_crossings');
SELECT throws_ok($$SELECT regional_dev.locate('SRID=3857;POINT(121.1 31.15)'::geometry)$$,
                 '22023', 'locate: point must have SRID 4326, not 3857', 'wrong SRID is 22023');
SELECT throws_ok($$SELECT regional_dev.locate('SRID=4326;LINESTRING(0 0,1 1)'::geometry)$$,
                 '22023', NULL, 'non-point is 22023');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
