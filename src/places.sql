-- Places: spatial functions on regional_dev.region (C code: src/places_geos.c,
-- places_cache.c, locate.c, line_regions.c, region_neighbors.c, apportion.c,
-- morans_i.c; manual: doc/places.md).
--
-- The C code works with GEOS and receives geometries as EWKB only: the C
-- functions take bytea (locate_ewkb, ...), and thin SQL functions with the
-- names of the API (locate, ...) pass them ST_AsEWKB(geom).  Those wrappers
-- are created at the end of this file, in a DO block that names PostGIS's
-- schema explicitly (see doc/design.md, Security).

-- The cache of region geometries (src/places_cache.c) is made stale by this
-- statement trigger: plain DML sends no relcache invalidation by itself.
CREATE FUNCTION region_cache_invalidate() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_cache_invalidate() IS 'trigger on regional_dev.region: makes every session''s cache of region geometries stale once the change commits (DML never runs in parallel mode, so it is marked parallel safe like every function of the extension)';
CREATE TRIGGER region_cache_invalidate
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region
	FOR EACH STATEMENT EXECUTE FUNCTION region_cache_invalidate();
-- Fire under logical replication too (session_replication_role = replica).
ALTER TABLE region ENABLE ALWAYS TRIGGER region_cache_invalidate;
COMMENT ON TRIGGER region_cache_invalidate ON region IS 'keeps the cache of region geometries used by locate() and the other spatial functions in step with the table';

CREATE FUNCTION region_cache_builds() RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_cache_builds() IS 'how many times this session has built its cache of region geometries (for tests and monitoring)';

-- Tables derived from region, kept in step by its triggers (src/region_index.c):
-- a session's region cache starts from region_index (boxes, not geometries),
-- and region_neighbors(200), morans_i and local_morans_i read region_neighbor
-- instead of computing it.  Members of the extension, not configuration
-- tables: pg_dump leaves their rows out, and a restore computes them again
-- (CREATE EXTENSION for the shipped rows, the triggers for the user rows
-- restored into region).
CREATE SEQUENCE region_index_version;
COMMENT ON SEQUENCE region_index_version IS 'versions of the rows of region_index (a new one each time a region''s geometry changes)';
CREATE TABLE region_index (
	code adcode PRIMARY KEY,
	lon_min float8 NOT NULL,
	lat_min float8 NOT NULL,
	lon_max float8 NOT NULL,
	lat_max float8 NOT NULL,
	npoints integer NOT NULL,
	version bigint NOT NULL
);
COMMENT ON TABLE region_index IS 'derived from region by its triggers: each region''s bounding box, number of vertices and version, read by every session''s region cache';
CREATE TABLE region_neighbor (
	a adcode NOT NULL,
	b adcode NOT NULL,
	shared_border_m float8 NOT NULL,
	PRIMARY KEY (a, b),
	CONSTRAINT region_neighbor_ordered CHECK (a < b)
);
COMMENT ON TABLE region_neighbor IS 'derived from region by its triggers: the pairs of region_neighbors(200), which morans_i and local_morans_i use';
GRANT SELECT ON region_index, region_neighbor TO PUBLIC;
COMMENT ON COLUMN region_index.code IS 'GB/T 2260 code of the region (as in region)';
COMMENT ON COLUMN region_index.lon_min IS 'west edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.lat_min IS 'south edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.lon_max IS 'east edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.lat_max IS 'north edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.npoints IS 'number of vertices of the region''s geometry';
COMMENT ON COLUMN region_index.version IS 'a new number each time the region''s geometry or code changes (sessions keep a parsed geometry while its version stays)';
COMMENT ON COLUMN region_neighbor.a IS 'the smaller code of the pair';
COMMENT ON COLUMN region_neighbor.b IS 'the larger code of the pair';
COMMENT ON COLUMN region_neighbor.shared_border_m IS 'length of the border the two regions share within 200 m, in metres on the WGS84 spheroid (as region_neighbors(200))';

CREATE FUNCTION region_index_update() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_index_update() IS 'trigger on regional_dev.region: recomputes the rows of region_index and region_neighbor of the regions a change touches';
CREATE TRIGGER region_index_insert AFTER INSERT ON region
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
CREATE TRIGGER region_index_update AFTER UPDATE ON region
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
CREATE TRIGGER region_index_delete AFTER DELETE ON region
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
CREATE TRIGGER region_index_truncate AFTER TRUNCATE ON region
	FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_insert;
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_update;
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_delete;
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_truncate;
COMMENT ON TRIGGER region_index_insert ON region IS 'keeps region_index and region_neighbor in step with the table';
COMMENT ON TRIGGER region_index_update ON region IS 'keeps region_index and region_neighbor in step with the table';
COMMENT ON TRIGGER region_index_delete ON region IS 'keeps region_index and region_neighbor in step with the table';
COMMENT ON TRIGGER region_index_truncate ON region IS 'keeps region_index and region_neighbor in step with the table';

CREATE PROCEDURE region_index_rebuild()
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON PROCEDURE region_index_rebuild() IS 'computes region_index and region_neighbor again for every region (after the triggers of region were disabled)';

-- On a Citus cluster every node has its own regional_dev.region: this
-- procedure (it writes: CALL, as region_index_rebuild) makes it one Citus
-- reference table, the same on every node and written on all of
-- them in one transaction (doc/scale-out.md, "Places on Citus";
-- src/region_citus.c).  The rows go through a temporary copy so that the
-- table becomes a reference table empty and every node's placement is then
-- filled by one INSERT, whose triggers compute each node's derived tables
-- from its own copy (the TRUNCATE before it empties them everywhere, rows of
-- a worker's former regions included).
CREATE PROCEDURE region_to_reference_table()
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	method text;
	n bigint;
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
		RAISE EXCEPTION 'region_to_reference_table: extension "citus" is not installed in this database'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Run it on the coordinator of a Citus cluster (doc/scale-out.md, "Places on Citus").';
	END IF;
	EXECUTE 'SELECT pg_catalog.min(groupid) FROM pg_catalog.pg_dist_local_group' INTO n;
	IF n <> 0 THEN
		RAISE EXCEPTION 'region_to_reference_table: this is a Citus worker (group %), run it on the coordinator', n
			USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	EXECUTE 'SELECT partmethod::pg_catalog.text FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1'
		INTO method USING 'regional_dev.region'::pg_catalog.regclass;
	IF method = 'n' THEN
		RAISE NOTICE 'region_to_reference_table: regional_dev.region is a reference table already';
		RETURN;
	ELSIF method IS NOT NULL THEN
		RAISE EXCEPTION 'region_to_reference_table: regional_dev.region is distributed by Citus, not a reference table'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Citus cannot undistribute a table of an extension: SELECT run_command_on_all_nodes(''ALTER EXTENSION regional_dev DROP TABLE regional_dev.region''); DROP TABLE regional_dev.region; DROP EXTENSION regional_dev; CREATE EXTENSION regional_dev; then call this.';
	END IF;
	CREATE TEMP TABLE region_rows ON COMMIT DROP AS SELECT * FROM regional_dev.region;
	TRUNCATE regional_dev.region;
	-- region's triggers only touch tables of this node (src/region_citus.c)
	PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', 'on', true);
	EXECUTE 'SELECT pg_catalog.create_reference_table(''regional_dev.region'')';
	TRUNCATE regional_dev.region;
	INSERT INTO regional_dev.region SELECT * FROM pg_temp.region_rows;
	DROP TABLE pg_temp.region_rows;
END $$;
COMMENT ON PROCEDURE region_to_reference_table() IS 'on the coordinator of a Citus cluster: makes regional_dev.region a reference table, the same on every node, each node keeping its derived tables and region caches in step with its copy';

CREATE FUNCTION region_cache_loads() RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_cache_loads() IS 'how many region geometries this session has read and parsed into its region cache (for tests and monitoring)';

CREATE FUNCTION locate_grid_hits() RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION locate_grid_hits() IS 'how many locate() calls this session answered from a cell of its grid, without an exact point-in-polygon test (for tests and monitoring)';

-- C functions on EWKB (the API's geometry functions call them).
CREATE FUNCTION locate_ewkb(point bytea) RETURNS adcode
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION locate_ewkb(bytea) IS 'locate() on the EWKB of a point: code of the region covering it (smallest code on a shared border), NULL outside every region';
CREATE FUNCTION length_by_region_ewkb(line bytea) RETURNS TABLE(code adcode, length_m float8)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION length_by_region_ewkb(bytea) IS 'length_by_region() on the EWKB of a line: geodesic metres (WGS84) of the line in each region';
CREATE FUNCTION boundary_crossings_ewkb(line bytea, level text DEFAULT 'province') RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION boundary_crossings_ewkb(bytea, text) IS 'boundary_crossings() on the EWKB of a line: times it passes from a region to another across a boundary of the level or higher';

CREATE FUNCTION region_neighbors(tolerance_m float8 DEFAULT 200)
	RETURNS TABLE(a adcode, b adcode, shared_border_m float8, boundary_level text)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION region_neighbors(float8) IS 'neighbouring regions (a < b) whose borders run within tolerance_m metres of each other, with the geodesic length of that border and the boundary level between them; robust to slivers and overlaps between separately digitized provinces';

-- apportion(): state type (an exact sum) and support functions.
CREATE TYPE apportion_state;
CREATE FUNCTION apportion_state_in(cstring) RETURNS apportion_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION apportion_state_out(apportion_state) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION apportion_state_recv(internal) RETURNS apportion_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION apportion_state_send(apportion_state) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE apportion_state (
	INPUT = apportion_state_in,
	OUTPUT = apportion_state_out,
	RECEIVE = apportion_state_recv,
	SEND = apportion_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE apportion_state IS 'state of apportion(): the exact sum of apportioned values (float8 partials), rows used and invalid geometries repaired';
COMMENT ON FUNCTION apportion_state_in(cstring) IS 'text input of apportion_state';
COMMENT ON FUNCTION apportion_state_out(apportion_state) IS 'text output of apportion_state';
COMMENT ON FUNCTION apportion_state_recv(internal) IS 'binary input of apportion_state, validated like text input';
COMMENT ON FUNCTION apportion_state_send(apportion_state) IS 'binary output of apportion_state';

CREATE FUNCTION jsonb(apportion_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'apportion_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb(apportion_state) IS 'apportion_state as jsonb: {"rows": ..., "repaired": ..., "value": ...}';
CREATE CAST (apportion_state AS jsonb) WITH FUNCTION jsonb(apportion_state);

CREATE FUNCTION apportion_state_empty() RETURNS apportion_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion_state_empty() IS 'the apportion_state before the first row';
CREATE FUNCTION apportion_step(state apportion_state, source bytea, source_value float8, target bytea)
	RETURNS apportion_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion_step(apportion_state, bytea, float8, bytea) IS 'apportion() step on EWKB: adds source_value x area(source and target) / area(source), invalid geometries made valid first';
CREATE FUNCTION apportion_combine(apportion_state, apportion_state) RETURNS apportion_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion_combine(apportion_state, apportion_state) IS 'combine function of apportion(): exact sum of two states';
CREATE FUNCTION apportion_final(apportion_state) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION apportion_final(apportion_state) IS 'final function of apportion(): the sum, with one NOTICE when invalid geometries were made valid';

-- morans_i(): state type (the (code, value) pairs), result type, aggregate.
CREATE TYPE morans_i_state;
CREATE FUNCTION morans_i_state_in(cstring) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION morans_i_state_out(morans_i_state) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION morans_i_state_recv(internal) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION morans_i_state_send(morans_i_state) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE morans_i_state (
	INPUT = morans_i_state_in,
	OUTPUT = morans_i_state_out,
	RECEIVE = morans_i_state_recv,
	SEND = morans_i_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE morans_i_state IS 'state of morans_i(): one value per region, sorted by code';
COMMENT ON FUNCTION morans_i_state_in(cstring) IS 'text input of morans_i_state';
COMMENT ON FUNCTION morans_i_state_out(morans_i_state) IS 'text output of morans_i_state';
COMMENT ON FUNCTION morans_i_state_recv(internal) IS 'binary input of morans_i_state, validated like text input';
COMMENT ON FUNCTION morans_i_state_send(morans_i_state) IS 'binary output of morans_i_state';

CREATE FUNCTION jsonb(morans_i_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'morans_i_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb(morans_i_state) IS 'morans_i_state as jsonb: {"310118": value, ...}';
CREATE CAST (morans_i_state AS jsonb) WITH FUNCTION jsonb(morans_i_state);

CREATE TYPE morans_i_result AS (i float8, expected float8, variance float8, z float8, p_value float8);
COMMENT ON TYPE morans_i_result IS 'result of morans_i(): Moran''s I, its expected value, variance, z-score and two-sided p-value under normality';

CREATE FUNCTION morans_i_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION morans_i_trans(morans_i_state, adcode, float8) IS 'transition function of morans_i(): adds a (code, value) pair';
CREATE FUNCTION morans_i_combine(morans_i_state, morans_i_state) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION morans_i_combine(morans_i_state, morans_i_state) IS 'combine function of morans_i(): union of the pairs of two states';
CREATE FUNCTION morans_i_final(morans_i_state) RETURNS morans_i_result
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION morans_i_final(morans_i_state) IS 'final function of morans_i(): the statistic with weights from region_neighbors(200) among the regions given';

CREATE AGGREGATE morans_i(code adcode, value float8) (
	SFUNC = morans_i_trans,
	STYPE = morans_i_state,
	COMBINEFUNC = morans_i_combine,
	FINALFUNC = morans_i_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE morans_i(adcode, float8) IS 'global Moran''s I of value over the regions given: binary contiguity from region_neighbors(200), row-standardized; expected value, variance, z and two-sided p under normality as PySAL esda.Moran';

-- The functions that take PostGIS geometries.  Their bodies run at call time,
-- so every name in them is qualified: PostGIS's schema is looked up here, once,
-- and written into each body (PostGIS is not relocatable).  Plain SQL bodies
-- without SET search_path stay inlinable (locate() over many points pays no
-- SQL-function call) and record no dependency on PostGIS's function OIDs.
DO $do$
DECLARE
	postgis text := (SELECT n.nspname FROM pg_catalog.pg_extension e
					 JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
					 WHERE e.extname OPERATOR(pg_catalog.=) 'postgis');
BEGIN
	-- locate() is C on the geometry itself (a point is read from PostGIS's
	-- serialized form; anything else through ST_AsEWKB: src/locate.c).
	EXECUTE pg_catalog.format($sql$
CREATE FUNCTION regional_dev.locate(point %1$I.geometry) RETURNS regional_dev.adcode
	AS 'MODULE_PATHNAME', 'locate' LANGUAGE C STABLE STRICT PARALLEL SAFE
$sql$, postgis);

	EXECUTE pg_catalog.format($sql$
CREATE FUNCTION regional_dev.length_by_region(line %1$I.geometry)
	RETURNS TABLE(code regional_dev.adcode, length_m float8)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 4
	AS $body$SELECT l.code, l.length_m FROM regional_dev.length_by_region_ewkb(%1$I.st_asewkb(line)) AS l$body$
$sql$, postgis);

	EXECUTE pg_catalog.format($sql$
CREATE FUNCTION regional_dev.boundary_crossings(line %1$I.geometry, level text DEFAULT 'province')
	RETURNS integer
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $body$SELECT regional_dev.boundary_crossings_ewkb(%1$I.st_asewkb(line), level)$body$
$sql$, postgis);

	-- Not strict: rows with a NULL argument leave the state as it is, and the
	-- first row used starts from the empty state.
	EXECUTE pg_catalog.format($sql$
CREATE FUNCTION regional_dev.apportion_trans(state regional_dev.apportion_state,
		source_geom %1$I.geometry, source_value float8, target_geom %1$I.geometry)
	RETURNS regional_dev.apportion_state
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $body$SELECT CASE WHEN source_geom IS NULL OR source_value IS NULL OR target_geom IS NULL
		THEN state
		ELSE regional_dev.apportion_step(COALESCE(state, regional_dev.apportion_state_empty()),
			%1$I.st_asewkb(source_geom), source_value, %1$I.st_asewkb(target_geom)) END$body$
$sql$, postgis);

	EXECUTE pg_catalog.format($sql$
CREATE AGGREGATE regional_dev.apportion(source_geom %1$I.geometry, source_value float8,
		target_geom %1$I.geometry) (
	SFUNC = regional_dev.apportion_trans,
	STYPE = regional_dev.apportion_state,
	COMBINEFUNC = regional_dev.apportion_combine,
	FINALFUNC = regional_dev.apportion_final,
	PARALLEL = SAFE
)
$sql$, postgis);
END
$do$;

COMMENT ON FUNCTION locate(geometry) IS 'code of the region of regional_dev.region covering a point (SRID 4326); the smallest code on a shared border; NULL outside every region';
COMMENT ON FUNCTION length_by_region(geometry) IS 'length in metres on the WGS84 spheroid of a line (SRID 4326) inside each region it passes, as ST_Length(geography) of its pieces';
COMMENT ON FUNCTION boundary_crossings(geometry, text) IS 'times a line (SRID 4326) passes from one region to another across a boundary of level (county, prefecture, province) or higher';
COMMENT ON FUNCTION apportion_trans(apportion_state, geometry, float8, geometry) IS 'transition function of apportion(): skips rows with a NULL argument, passes the others to apportion_step as EWKB';
COMMENT ON AGGREGATE apportion(geometry, float8, geometry) IS 'areal-weighted interpolation: sum of source_value x area(source_geom and target_geom) / area(source_geom), planar areas in SRID 4326; invalid geometries are made valid first (one NOTICE)';

-- The derived tables for the rows region has now (the shipped districts).
CALL region_index_rebuild();
