-- Bad geometries as user rows of regional_dev.region: every geometry of the
-- list in test/reliability/registry.sql (empty, NULL, collections, 3D/M, no or
-- wrong SRID, bow-tie, NaN and infinite coordinates, 10,000 parts, 1 million
-- vertices) is accepted or rejected with a clear error by the table's
-- constraints: the column type geometry(MultiPolygon, 4326) (22023), NOT NULL
-- (23502) and the CHECK that the geometry is valid and not empty (23514).
-- Expected outcomes follow from those three rules; PostGIS gives a geometry
-- without SRID the column's.  Each insert is rolled back.  Spatial functions
-- get the same geometries in test/suites/40_limits.sh.
SET client_min_messages = warning;
\set ECHO none
\i test/reliability/registry.sql
\set ECHO all

-- Insert the geometry as a user row and roll it back: 'ok', or SQLSTATE: message.
CREATE FUNCTION pg_temp.try_region(geom text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	st text;
	msg text;
BEGIN
	EXECUTE format('INSERT INTO regional_dev.region (code, name, province, geom)
					VALUES (''650102'', ''synthetic test row'', ''650000'', %s)', geom);
	RAISE EXCEPTION USING ERRCODE = 'RB000';
EXCEPTION
	WHEN SQLSTATE 'RB000' THEN
		RETURN 'ok';
	WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		RETURN st || ': ' || msg;
END
$$;

-- listed: the outcome the registry states; outcome: what happened.  Note that
-- coordinates outside longitude/latitude range are accepted (no CHECK on them).
SELECT name, region AS listed, pg_temp.try_region(expr) AS outcome
FROM reliability.bad_geometries ORDER BY name;
SELECT count(*) AS user_rows_left FROM regional_dev.region WHERE code::integer = 650102;

DROP SCHEMA reliability CASCADE;
