-- Disparities: aggregate beta_convergence, its state type and result type
-- (C code: src/convergence.c; manual: doc/disparities.md).

CREATE TYPE beta_convergence_state;

CREATE FUNCTION beta_convergence_state_in(cstring) RETURNS beta_convergence_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION beta_convergence_state_out(beta_convergence_state) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION beta_convergence_state_recv(internal) RETURNS beta_convergence_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION beta_convergence_state_send(beta_convergence_state) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE beta_convergence_state (
	INPUT = beta_convergence_state_in,
	OUTPUT = beta_convergence_state_out,
	RECEIVE = beta_convergence_state_recv,
	SEND = beta_convergence_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);
COMMENT ON TYPE beta_convergence_state IS 'state of beta_convergence: the OLS sums of growth on ln(initial level) (count, Σyears, Σx, Σg, centred Σxx, Σgg, Σxg)';
COMMENT ON FUNCTION beta_convergence_state_in(cstring) IS 'text input of beta_convergence_state: {n:…,years:…,sx:…,sy:…,sxx:…,syy:…,sxy:…}';
COMMENT ON FUNCTION beta_convergence_state_out(beta_convergence_state) IS 'text output of beta_convergence_state';
COMMENT ON FUNCTION beta_convergence_state_recv(internal) IS 'binary input of beta_convergence_state, validated like text input';
COMMENT ON FUNCTION beta_convergence_state_send(beta_convergence_state) IS 'binary output of beta_convergence_state';

CREATE TYPE beta_convergence_result AS (beta float8, speed float8, half_life float8, r_squared float8);
COMMENT ON TYPE beta_convergence_result IS 'result of beta_convergence';
COMMENT ON COLUMN beta_convergence_result.beta IS 'OLS slope of the average annual log growth on the log of the initial level (negative: convergence)';
COMMENT ON COLUMN beta_convergence_result.speed IS 'speed of convergence −ln(1 + beta·T)/T per year, T the number of years; NULL without convergence';
COMMENT ON COLUMN beta_convergence_result.half_life IS 'years to halve the gaps: ln 2 / speed; NULL without convergence';
COMMENT ON COLUMN beta_convergence_result.r_squared IS 'coefficient of determination of the regression';

CREATE FUNCTION beta_convergence_trans(beta_convergence_state, float8, float8, float8) RETURNS beta_convergence_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION beta_convergence_combine(beta_convergence_state, beta_convergence_state) RETURNS beta_convergence_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION beta_convergence_final(beta_convergence_state) RETURNS beta_convergence_result
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION beta_convergence_trans(beta_convergence_state, float8, float8, float8) IS 'transition function of beta_convergence';
COMMENT ON FUNCTION beta_convergence_combine(beta_convergence_state, beta_convergence_state) IS 'combine function of beta_convergence';
COMMENT ON FUNCTION beta_convergence_final(beta_convergence_state) IS 'final function of beta_convergence: (beta, speed, half_life, r_squared)';

CREATE AGGREGATE beta_convergence(initial_level float8, final_level float8, years float8) (
	SFUNC = beta_convergence_trans,
	STYPE = beta_convergence_state,
	COMBINEFUNC = beta_convergence_combine,
	FINALFUNC = beta_convergence_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE beta_convergence(float8, float8, float8) IS 'beta convergence: OLS of ln(final/initial)/years on ln(initial) across regions; (beta, speed, half_life, r_squared)';
