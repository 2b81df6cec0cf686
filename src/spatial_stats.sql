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

CREATE FUNCTION fdr_cutoff(p_values float8[], alpha float8 DEFAULT 0.05) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fdr_cutoff(float8[], float8) IS 'false discovery rate cut-off (Benjamini-Hochberg, as esda.fdr) of the p-values given at level alpha: p-values below it are significant; NULLs are left out';
