-- regional_dev 1.0 -> 1.1: what ALTER EXTENSION regional_dev UPDATE runs on an
-- existing installation.  Every change made to src/*.sql for 1.1 goes here too,
-- written for a database that has 1.0 (CREATE for new objects, ALTER or
-- DROP + CREATE for changed ones, never CREATE OR REPLACE on a changed
-- signature); test/suites/56_upgrade.sh compares the result with a fresh install.
\echo Use "ALTER EXTENSION regional_dev UPDATE TO '1.1'" to load this file. \quit

-- locate(): the grid-hit counter, and locate(geometry) in C on the geometry
-- itself (same signature: CREATE OR REPLACE keeps what depends on it).
CREATE FUNCTION regional_dev.locate_grid_hits() RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION regional_dev.locate_grid_hits() IS 'how many locate() calls this session answered from a cell of its grid, without an exact point-in-polygon test (for tests and monitoring)';
DO $do$
DECLARE
	postgis text := (SELECT n.nspname FROM pg_catalog.pg_extension e
					 JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
					 WHERE e.extname OPERATOR(pg_catalog.=) 'postgis');
BEGIN
	EXECUTE pg_catalog.format($sql$
CREATE OR REPLACE FUNCTION regional_dev.locate(point %1$I.geometry) RETURNS regional_dev.adcode
	AS 'MODULE_PATHNAME', 'locate' LANGUAGE C STABLE STRICT PARALLEL SAFE
$sql$, postgis);
END
$do$;
