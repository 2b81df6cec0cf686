-- Regional economics toolkit, local clusters: local_morans_i (LISA) with
-- conditional permutation inference (C code: src/local_moran.c).  Comes after
-- src/places.sql: the first form takes its weights from the region cache of
-- places, as morans_i does.

CREATE FUNCTION local_morans_i(codes adcode[], vals float8[], permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
	AS 'MODULE_PATHNAME', 'local_morans_i' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_morans_i(adcode[], float8[], integer, integer) IS 'local Moran''s I (LISA) of vals over the regions codes, weights of morans_i (region_neighbors(200) among the codes, row-standardized); conditional permutation pseudo p-value as PySAL esda.Moran_Local p_sim (reproducible for a seed), z its z_sim; quadrant HH, LL, HL, LH; regions without neighbours get NULLs and a NOTICE';

CREATE FUNCTION local_morans_i_neighbors(codes adcode[], vals float8[], neighbor_a adcode[], neighbor_b adcode[],
		permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
	AS 'MODULE_PATHNAME', 'local_morans_i_neighbors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_morans_i_neighbors(adcode[], float8[], adcode[], adcode[], integer, integer) IS 'local_morans_i with the contiguity pairs (neighbor_a[k], neighbor_b[k]) among codes, row-standardized; conditional permutation pseudo p-value as PySAL esda.Moran_Local p_sim, z its z_sim; quadrant HH, LL, HL, LH; regions without neighbours get NULLs and a NOTICE';
