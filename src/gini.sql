-- Disparities: aggregate gini and its state type gini_state (C code:
-- src/gini.c; manual: doc/disparities.md).

CREATE TYPE gini_state;

CREATE FUNCTION gini_state_in(cstring) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION gini_state_out(gini_state) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION gini_state_recv(internal) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION gini_state_send(gini_state) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE gini_state (
	INPUT = gini_state_in,
	OUTPUT = gini_state_out,
	RECEIVE = gini_state_recv,
	SEND = gini_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE gini_state IS 'state of the gini aggregate: the distinct values with their summed weights';
COMMENT ON FUNCTION gini_state_in(cstring) IS 'text input of gini_state: {value:weight,…}, weights > 0, each value once';
COMMENT ON FUNCTION gini_state_out(gini_state) IS 'text output of gini_state, values ascending';
COMMENT ON FUNCTION gini_state_recv(internal) IS 'binary input of gini_state, validated like text input';
COMMENT ON FUNCTION gini_state_send(gini_state) IS 'binary output of gini_state';

CREATE FUNCTION gini_trans(gini_state, float8, float8) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION gini_trans(gini_state, float8) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION gini_combine(gini_state, gini_state) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION gini_final(gini_state) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gini_trans(gini_state, float8, float8) IS 'transition function of gini(value, weight)';
COMMENT ON FUNCTION gini_trans(gini_state, float8) IS 'transition function of gini(value)';
COMMENT ON FUNCTION gini_combine(gini_state, gini_state) IS 'combine function of gini: the values of both states';
COMMENT ON FUNCTION gini_final(gini_state) IS 'final function of gini: the weighted Gini coefficient; NULL when the weighted mean is not positive';

CREATE AGGREGATE gini(value float8, weight float8) (
	SFUNC = gini_trans,
	STYPE = gini_state,
	COMBINEFUNC = gini_combine,
	FINALFUNC = gini_final,
	PARALLEL = SAFE
);
CREATE AGGREGATE gini(value float8) (
	SFUNC = gini_trans,
	STYPE = gini_state,
	COMBINEFUNC = gini_combine,
	FINALFUNC = gini_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE gini(float8, float8) IS 'exact weighted Gini coefficient Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² x̄); weights ≥ 0 (negative: error 22023), NULL when no positive weight or the weighted mean ≤ 0';
COMMENT ON AGGREGATE gini(float8) IS 'exact Gini coefficient of the values (every weight 1)';
