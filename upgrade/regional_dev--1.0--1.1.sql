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

-- ===== h17 (issue #17): spatial weights and spatial statistics =====
-- As src/spatial_weights.sql, the additions at the end of src/local_moran.sql
-- (local_morans_i over weights, the aggregate local_morans_i) and src/spatial_stats.sql.

CREATE TYPE spatial_weights;
CREATE FUNCTION spatial_weights_in(cstring) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_out(spatial_weights) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_recv(internal) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_send(spatial_weights) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spatial_weights (
	INPUT = spatial_weights_in,
	OUTPUT = spatial_weights_out,
	RECEIVE = spatial_weights_recv,
	SEND = spatial_weights_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE spatial_weights IS 'a spatial weights matrix: regions, each with its neighbours and their weights as given, and a transform (B binary, R row-standardized, O as given) applied among the regions a statistic is given';
COMMENT ON FUNCTION spatial_weights_in(cstring) IS 'text input of spatial_weights: R{110101:[110102:1],110102:[110101:1]}';
COMMENT ON FUNCTION spatial_weights_out(spatial_weights) IS 'text output of spatial_weights';
COMMENT ON FUNCTION spatial_weights_recv(internal) IS 'binary input of spatial_weights, validated like text input';
COMMENT ON FUNCTION spatial_weights_send(spatial_weights) IS 'binary output of spatial_weights';

CREATE FUNCTION contiguity_weights(codes adcode[], tolerance_m float8 DEFAULT 200, min_border_m float8 DEFAULT 0,
		transform text DEFAULT 'R') RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION contiguity_weights(adcode[], float8, float8, text) IS 'contiguity among codes: the pairs of region_neighbors(tolerance_m) sharing at least min_border_m metres of border (0: queen-like, more: rook-like); NOTICE names the regions without neighbours';

CREATE FUNCTION pair_weights(codes adcode[], code_a adcode[], code_b adcode[], transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pair_weights(adcode[], adcode[], adcode[], text) IS 'weights from explicit neighbour pairs (code_a[k], code_b[k]) among codes, weight 1 in both directions';
CREATE FUNCTION pair_weights(codes adcode[], code_a adcode[], code_b adcode[], weight float8[], transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pair_weights(adcode[], adcode[], adcode[], float8[], text) IS 'weights from explicit pairs with their weights, both directions unless the reverse pair is given with its own weight';

CREATE FUNCTION knn_weights(codes adcode[], k integer, transform text DEFAULT 'R') RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION knn_weights(adcode[], integer, text) IS 'each region''s k nearest others by geodesic distance (WGS84) between the centroids of the regions in regional_dev.region; ties to the lower code';
CREATE FUNCTION knn_weights(codes adcode[], lon float8[], lat float8[], k integer, transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION knn_weights(adcode[], float8[], float8[], integer, text) IS 'each region''s k nearest others by geodesic distance (WGS84) between the points (lon, lat) given; ties to the lower code';

CREATE FUNCTION distance_band_weights(codes adcode[], threshold_m float8, transform text DEFAULT 'B')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distance_band_weights(adcode[], float8, text) IS 'every pair of regions whose centroids are at most threshold_m geodesic metres (WGS84) apart; NOTICE names the regions without neighbours';
CREATE FUNCTION distance_band_weights(codes adcode[], lon float8[], lat float8[], threshold_m float8, transform text DEFAULT 'B')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distance_band_weights(adcode[], float8[], float8[], float8, text) IS 'every pair of the points (lon, lat) given at most threshold_m geodesic metres (WGS84) apart';

CREATE FUNCTION spatial_weights_pairs(weights spatial_weights)
	RETURNS TABLE(code_a adcode, code_b adcode, weight float8)
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION spatial_weights_pairs(spatial_weights) IS 'the weights as rows (code_a, code_b, w_ab), transformed';
CREATE FUNCTION spatial_weights_islands(weights spatial_weights) RETURNS adcode[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spatial_weights_islands(spatial_weights) IS 'the regions without neighbours, ascending';
CREATE FUNCTION spatial_weights_transform(weights spatial_weights, transform text) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spatial_weights_transform(spatial_weights, text) IS 'the same weights with another transform: B binary, R row-standardized, O as given';

CREATE FUNCTION jsonb(spatial_weights) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'spatial_weights_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb(spatial_weights) IS 'spatial_weights as jsonb: {"transform": "R", "neighbors": {"310118": {"320509": 1}, ...}}, weights as given';
CREATE CAST (spatial_weights AS jsonb) WITH FUNCTION jsonb(spatial_weights);

CREATE FUNCTION local_morans_i(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
	AS 'MODULE_PATHNAME', 'local_morans_i' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_morans_i(adcode[], float8[], spatial_weights, integer, integer) IS 'local Moran''s I (LISA) of vals over codes with the weights given (transformed among the codes); conditional permutation pseudo p-value as esda.Moran_Local p_sim, z its z_sim; quadrant HH, LL, HL, LH';

-- local_morans_i(code, value): the aggregate, one array of rows per group
-- (an aggregate returns one value; unnest() it), on morans_i's state type.
CREATE TYPE local_morans_i_result AS (code adcode, ii float8, z float8, p_value float8, quadrant text);
COMMENT ON TYPE local_morans_i_result IS 'a row of local_morans_i: region, local Moran''s I, z_sim, p_sim, quadrant';
CREATE FUNCTION local_morans_i_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION local_morans_i_trans(morans_i_state, adcode, float8) IS 'transition function of local_morans_i(): adds a (code, value) pair';
CREATE FUNCTION local_morans_i_combine(morans_i_state, morans_i_state) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_morans_i_combine(morans_i_state, morans_i_state) IS 'combine function of local_morans_i(): union of the pairs of two states';
CREATE FUNCTION local_morans_i_final(morans_i_state) RETURNS local_morans_i_result[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_morans_i_final(morans_i_state) IS 'final function of local_morans_i(): the rows of local_morans_i(codes, vals) with its defaults, as an array';
CREATE AGGREGATE local_morans_i(code adcode, value float8) (
	SFUNC = local_morans_i_trans,
	STYPE = morans_i_state,
	COMBINEFUNC = local_morans_i_combine,
	FINALFUNC = local_morans_i_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE local_morans_i(adcode, float8) IS 'local Moran''s I (LISA) of value over the regions of the group, as local_morans_i(codes, vals) (region_neighbors(200), 999 permutations, seed 0): an array of local_morans_i_result, unnest() it for rows';

CREATE TYPE morans_i_inference AS (i float8, ei float8, vi_norm float8, sei_norm float8, z_norm float8, p_norm float8,
	vi_rand float8, sei_rand float8, z_rand float8, p_rand float8,
	ei_sim float8, vi_sim float8, sei_sim float8, z_sim float8, p_sim float8, p_z_sim float8);
COMMENT ON TYPE morans_i_inference IS 'global Moran''s I with esda.Moran''s moments: normality (_norm), randomization (_rand), permutations (_sim); p_norm, p_rand two-sided, p_z_sim one-sided';
CREATE FUNCTION morans_i(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0) RETURNS morans_i_inference
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION morans_i(adcode[], float8[], spatial_weights, integer, integer) IS 'global Moran''s I of vals over codes with the weights given, inference as esda.Moran (reproducible for a seed)';

CREATE TYPE gearys_c_inference AS (c float8, ec float8, vc_norm float8, sec_norm float8, z_norm float8, p_norm float8,
	vc_rand float8, sec_rand float8, z_rand float8, p_rand float8,
	ec_sim float8, vc_sim float8, sec_sim float8, z_sim float8, p_sim float8, p_z_sim float8);
COMMENT ON TYPE gearys_c_inference IS 'Geary''s C with esda.Geary''s moments: normality (_norm), randomization (_rand), permutations (_sim); p_norm, p_rand two-sided, p_z_sim one-sided';
CREATE FUNCTION gearys_c(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0) RETURNS gearys_c_inference
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gearys_c(adcode[], float8[], spatial_weights, integer, integer) IS 'Geary''s C of vals over codes with the weights given, inference as esda.Geary (reproducible for a seed)';

CREATE TYPE getis_ord_g_inference AS (g float8, eg float8, vg float8, seg float8, z_norm float8, p_norm float8,
	eg_sim float8, vg_sim float8, seg_sim float8, z_sim float8, p_sim float8, p_z_sim float8);
COMMENT ON TYPE getis_ord_g_inference IS 'Getis-Ord General G with esda.G''s moments; p_norm and p_z_sim one-sided as esda';
CREATE FUNCTION getis_ord_g(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0) RETURNS getis_ord_g_inference
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION getis_ord_g(adcode[], float8[], spatial_weights, integer, integer) IS 'Getis-Ord General G of vals (positive values) over codes with the weights given, inference as esda.G (reproducible for a seed)';

CREATE FUNCTION local_getis_ord_g(codes adcode[], vals float8[], weights spatial_weights, star boolean DEFAULT false,
		permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, g float8, eg float8, vg float8, z float8, p_norm float8, z_sim float8, p_sim float8, label text)
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_getis_ord_g(adcode[], float8[], spatial_weights, boolean, integer, integer) IS 'local Getis-Ord G_i (star: G_i*) with the weights given: expected value, variance, z, one-sided p_norm, conditional permutation z_sim and p_sim as esda.G_Local (reproducible for a seed); label hot (z > 0) or cold';

-- local_getis_ord_g(code, value): the hot-spot analysis as an aggregate (G_i*,
-- binary contiguity region_neighbors(200), 999 permutations, seed 0), one
-- array of rows per group, on morans_i's state type.
CREATE TYPE local_getis_ord_g_result AS (code adcode, g float8, eg float8, vg float8, z float8, p_norm float8,
	z_sim float8, p_sim float8, label text);
COMMENT ON TYPE local_getis_ord_g_result IS 'a row of local_getis_ord_g: region, G_i, its expected value, variance, z, one-sided p_norm, z_sim, p_sim, hot or cold';
CREATE FUNCTION local_getis_ord_g_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION local_getis_ord_g_trans(morans_i_state, adcode, float8) IS 'transition function of local_getis_ord_g(): adds a (code, value) pair';
CREATE FUNCTION local_getis_ord_g_combine(morans_i_state, morans_i_state) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_getis_ord_g_combine(morans_i_state, morans_i_state) IS 'combine function of local_getis_ord_g(): union of the pairs of two states';
CREATE FUNCTION local_getis_ord_g_final(morans_i_state) RETURNS local_getis_ord_g_result[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_getis_ord_g_final(morans_i_state) IS 'final function of local_getis_ord_g(): G_i* with binary contiguity region_neighbors(200), 999 permutations, seed 0, as an array of rows';
CREATE AGGREGATE local_getis_ord_g(code adcode, value float8) (
	SFUNC = local_getis_ord_g_trans,
	STYPE = morans_i_state,
	COMBINEFUNC = local_getis_ord_g_combine,
	FINALFUNC = local_getis_ord_g_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE local_getis_ord_g(adcode, float8) IS 'hot-spot analysis of value over the regions of the group: G_i* as local_getis_ord_g(codes, vals, contiguity_weights(codes, transform => ''B''), true) (999 permutations, seed 0): an array of local_getis_ord_g_result, unnest() it for rows';

CREATE FUNCTION fdr_cutoff(p_values float8[], alpha float8 DEFAULT 0.05) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fdr_cutoff(float8[], float8) IS 'false discovery rate cut-off (Benjamini-Hochberg, as esda.fdr) of the p-values given at level alpha: p-values below it are significant; NULLs are left out';

CREATE FUNCTION lisa_cluster_svg(codes adcode[], quadrants text[], p_values float8[], alpha float8 DEFAULT 0.05,
		title text DEFAULT 'LISA cluster map') RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lisa_cluster_svg(adcode[], text[], float8[], float8, text) IS 'LISA cluster map as a standalone SVG: regions HH, LL, LH, HL where p_value <= alpha (GeoDa''s colours), not significant, or without neighbours (NULL quadrant or p); legend with the significance level';

CREATE FUNCTION hot_spot_svg(codes adcode[], z float8[], p_values float8[], alpha float8 DEFAULT 0.05,
		title text DEFAULT 'Hot spots') RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hot_spot_svg(adcode[], float8[], float8[], float8, text) IS 'hot-spot map as a standalone SVG: hot (z > 0) and cold (z < 0) regions where p_value <= alpha, not significant, or without neighbours (NULL z or p); legend with the significance level';
