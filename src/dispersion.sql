-- Regional economics toolkit, dispersion: dispersion_by_year(year, value) ->
-- annual_series of sigma, the standard deviation of ln(value) per year
-- (C code: src/dispersion.c).  Its state, dispersion_summary, is a real SQL
-- type (the aggregate contract of doc/design.md).

CREATE TYPE dispersion_summary;
CREATE FUNCTION dispersion_summary_in(cstring) RETURNS dispersion_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dispersion_summary_out(dispersion_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dispersion_summary_recv(internal) RETURNS dispersion_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dispersion_summary_send(dispersion_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE dispersion_summary (
	INPUT = dispersion_summary_in,
	OUTPUT = dispersion_summary_out,
	RECEIVE = dispersion_summary_recv,
	SEND = dispersion_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE dispersion_summary IS 'state of dispersion_by_year: per year the count, min and max of ln(value) and the sums of ln(value) and its square; text form 2019:n=3,min=…,max=…,sum=…,sum_squares=…;2020:…';
COMMENT ON FUNCTION dispersion_summary_in(cstring) IS 'text input of dispersion_summary';
COMMENT ON FUNCTION dispersion_summary_out(dispersion_summary) IS 'text output of dispersion_summary, years ascending';
COMMENT ON FUNCTION dispersion_summary_recv(internal) IS 'binary input of dispersion_summary, validated like text input';
COMMENT ON FUNCTION dispersion_summary_send(dispersion_summary) IS 'binary output of dispersion_summary';

CREATE FUNCTION dispersion_by_year_trans(dispersion_summary, integer, float8) RETURNS dispersion_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dispersion_by_year_trans(dispersion_summary, integer, float8) IS 'transition function of dispersion_by_year';
CREATE FUNCTION dispersion_by_year_combine(dispersion_summary, dispersion_summary) RETURNS dispersion_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dispersion_by_year_combine(dispersion_summary, dispersion_summary) IS 'combine function of dispersion_by_year';
CREATE FUNCTION dispersion_by_year_final(dispersion_summary) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dispersion_by_year_final(dispersion_summary) IS 'final function of dispersion_by_year: the series of sigma per year';
CREATE AGGREGATE dispersion_by_year(year integer, value float8) (
	SFUNC = dispersion_by_year_trans,
	STYPE = dispersion_summary,
	COMBINEFUNC = dispersion_by_year_combine,
	FINALFUNC = dispersion_by_year_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE dispersion_by_year(integer, float8) IS 'sigma convergence: annual_series of the population standard deviation of ln(value) per year (a falling series means convergence); values <= 0 are an error';

CREATE FUNCTION dispersion_summary_to_jsonb(dispersion_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dispersion_summary_to_jsonb(dispersion_summary) IS 'dispersion_summary as jsonb: {"2019": {"n": 3, "sigma": …}, …}';
CREATE CAST (dispersion_summary AS jsonb) WITH FUNCTION dispersion_summary_to_jsonb(dispersion_summary);
