-- Regional economics toolkit, local clusters: local_morans_i (LISA) with
-- conditional permutation inference (C code: src/local_moran.c).

CREATE FUNCTION local_morans_i(codes adcode[], vals float8[], neighbor_a adcode[], neighbor_b adcode[],
		permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
	AS 'MODULE_PATHNAME', 'local_morans_i' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_morans_i(adcode[], float8[], adcode[], adcode[], integer, integer) IS 'local Moran''s I with the contiguity pairs (neighbor_a[k], neighbor_b[k]) among codes, row-standardized; conditional permutation pseudo p-value as PySAL esda.Moran_Local p_sim, z its z_sim; quadrant HH, LL, HL, LH; regions without neighbours get NULLs and a NOTICE';
