-- A non-superuser analyst, granted nothing (the extension grants USAGE on its
-- schema to PUBLIC), reads region and calls the functions, but cannot write region.
BEGIN;
SELECT plan(8);

CREATE ROLE regional_dev_tap_analyst NOLOGIN;
SELECT ok(has_schema_privilege('regional_dev_tap_analyst', 'regional_dev', 'USAGE'), 'a new role may use schema regional_dev');
SET ROLE regional_dev_tap_analyst;
SET search_path = public, regional_dev;

SELECT is((SELECT count(*)::int FROM regional_dev.region), 32, 'analyst reads region');
SELECT is(regional_dev.boundary_level('310118', '320509'), 'province', 'analyst calls functions');
SELECT throws_ok($$INSERT INTO regional_dev.region (code, name, province, geom)
	SELECT '320510', 'x', '320000', geom FROM regional_dev.region WHERE code = '320509'$$,
	'42501', 'permission denied for table region', 'analyst cannot insert into region');
SELECT throws_ok($$UPDATE regional_dev.region SET name = 'x'$$, '42501', NULL, 'analyst cannot update region');
SELECT throws_ok($$DELETE FROM regional_dev.region$$, '42501', NULL, 'analyst cannot delete from region');

RESET ROLE;
RESET search_path;
GRANT INSERT ON regional_dev.region TO regional_dev_tap_analyst;
SET ROLE regional_dev_tap_analyst;
SET search_path = public, regional_dev;
SELECT lives_ok($$INSERT INTO regional_dev.region (code, name, province, geom)
	SELECT '320510', 'x', '320000', ST_Multi(ST_Buffer(ST_Centroid(geom), 0.001))
	FROM regional_dev.region WHERE code = '320509'$$, 'analyst granted INSERT can add a row');
SELECT is((SELECT count(*)::int FROM regional_dev.region), 33, 'the added row is there');
RESET ROLE;
RESET search_path;

SELECT * FROM finish();
ROLLBACK;
