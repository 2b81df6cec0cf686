-- regional_dev 1.0 -> 1.1: what ALTER EXTENSION regional_dev UPDATE runs on an
-- existing installation.  Every change made to src/*.sql for 1.1 goes here too,
-- written for a database that has 1.0 (CREATE for new objects, ALTER or
-- DROP + CREATE for changed ones, never CREATE OR REPLACE on a changed
-- signature); test/suites/56_upgrade.sh compares the result with a fresh install.
\echo Use "ALTER EXTENSION regional_dev UPDATE TO '1.1'" to load this file. \quit

-- The naming rule for support functions (doc/design.md, "Names"): renamed
-- transition, combine and final functions.  ALTER FUNCTION ... RENAME keeps
-- each function's OID, so the aggregates, comments and privileges follow; the
-- C functions are then bound to the C symbol of their new name (CREATE OR
-- REPLACE with the same definition).  The library keeps the 1.0 symbols as
-- aliases (src/symbols_1_0.c) for the frozen 1.0 install script.
ALTER FUNCTION morans_i_transfn(morans_i_state, adcode, float8) RENAME TO morans_i_trans;
CREATE OR REPLACE FUNCTION morans_i_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION apportion_transfn(apportion_state, geometry, float8, geometry) RENAME TO apportion_trans;
ALTER FUNCTION series_agg_transfn(annual_series, integer, float8) RENAME TO series_agg_trans;
CREATE OR REPLACE FUNCTION series_agg_trans(annual_series, integer, float8) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION ratio_agg_transfn(ratio_summary, float8, float8) RENAME TO ratio_agg_trans;
CREATE OR REPLACE FUNCTION ratio_agg_trans(ratio_summary, float8, float8) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION choropleth_svg_trans(svg_layer, geometry, float8, text) RENAME TO svg_layer_trans;
CREATE OR REPLACE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION choropleth_svg_trans(svg_layer, geometry, float8, text, text, boolean) RENAME TO svg_layer_trans;
CREATE OR REPLACE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION annual_series_rollup_trans(annual_series, annual_series) RENAME TO annual_series_combine;
CREATE OR REPLACE FUNCTION annual_series_combine(annual_series, annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION ratio_summary_rollup_trans(ratio_summary, ratio_summary) RENAME TO ratio_summary_combine;
CREATE OR REPLACE FUNCTION ratio_summary_combine(ratio_summary, ratio_summary) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION inequality_summary_merge(inequality_summary, inequality_summary) RENAME TO inequality_summary_combine;
CREATE OR REPLACE FUNCTION inequality_summary_combine(inequality_summary, inequality_summary) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION gini_state_merge(gini_state, gini_state) RENAME TO gini_combine;
CREATE OR REPLACE FUNCTION gini_combine(gini_state, gini_state) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION beta_convergence_state_merge(beta_convergence_state, beta_convergence_state) RENAME TO beta_convergence_combine;
CREATE OR REPLACE FUNCTION beta_convergence_combine(beta_convergence_state, beta_convergence_state) RETURNS beta_convergence_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION flow_summary_merge(flow_summary, flow_summary) RENAME TO flow_summary_combine;
CREATE OR REPLACE FUNCTION flow_summary_combine(flow_summary, flow_summary) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION annual_series_trim(annual_series) RENAME TO annual_series_final;
CREATE OR REPLACE FUNCTION annual_series_final(annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION svg_layer_compact(svg_layer) RENAME TO svg_layer_final;
CREATE OR REPLACE FUNCTION svg_layer_final(svg_layer) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- C symbols equal SQL names (doc/design.md, "Names"): the jsonb functions of
-- the state types are bound to <type>_to_jsonb (the SQL name, or for a
-- function named jsonb, the cast exception).
CREATE OR REPLACE FUNCTION jsonb(apportion_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'apportion_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION jsonb(morans_i_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'morans_i_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION shift_share_summary_to_jsonb(shift_share_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION concentration_summary_to_jsonb(concentration_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dissimilarity_summary_to_jsonb(dissimilarity_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dispersion_summary_to_jsonb(dispersion_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

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

-- Tables derived from region, kept in step by its triggers (src/region_index.c):
-- a session's region cache starts from region_index (boxes, not geometries),
-- and region_neighbors(200), morans_i and local_morans_i read region_neighbor
-- instead of computing it.  Members of the extension, not configuration
-- tables: pg_dump leaves their rows out, and a restore computes them again
-- (CREATE EXTENSION for the shipped rows, the triggers for the user rows
-- restored into region).
CREATE SEQUENCE regional_dev.region_index_version;
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

CREATE FUNCTION region_cache_loads() RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_cache_loads() IS 'how many region geometries this session has read and parsed into its region cache (for tests and monitoring)';

-- The derived tables for the rows region has now.
CALL regional_dev.region_index_rebuild();

-- ---------------------------------------------------------------------------
-- Places on Citus (issue 19): regional_dev.region as a Citus reference table.
-- ---------------------------------------------------------------------------
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
				  HINT = 'SELECT undistribute_table(''regional_dev.region''), then call this again.';
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
