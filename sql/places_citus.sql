-- places on Citus (src/region_citus.c; doc/scale-out.md, "Places on Citus"):
-- what a server without Citus can check.  test/suites/61_citus.sh checks the
-- rest on a coordinator and two workers.
SET search_path = public, regional_dev;
\set VERBOSITY terse

-- region_to_reference_table() needs Citus: refused, nothing changed.
CALL region_to_reference_table();
SELECT count(*) AS regions, (SELECT count(*) FROM region_index) AS indexed FROM region;

-- A table named like a placement of region (region_<shard id>) is no
-- placement where Citus is not installed: the trigger refuses it.
BEGIN;
CREATE TABLE regional_dev.region_102008 (LIKE regional_dev.region);
CREATE TRIGGER t AFTER INSERT ON regional_dev.region_102008 REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
INSERT INTO regional_dev.region_102008 SELECT * FROM region WHERE code = '310118';
ROLLBACK;

-- Without Citus the spatial functions read regional_dev.region itself.
SELECT locate(ST_SetSRID(ST_MakePoint(121.05, 31.15), 4326));
