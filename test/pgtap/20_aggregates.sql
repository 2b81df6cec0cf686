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

SELECT cmp_ok((SELECT count(*)::int FROM ext_aggregates), '>=', 4, 'the extension has aggregates');
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
