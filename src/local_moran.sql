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
