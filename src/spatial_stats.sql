-- Spatial statistics over spatial_weights: global Moran's I, Geary's C,
-- Getis-Ord General G, local Getis-Ord G_i / G_i*, the false discovery rate
-- cut-off (C code: src/spatial_stats.c; manual: doc/spatial-stats.md).
-- Local Moran over weights is in src/local_moran.sql.

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
