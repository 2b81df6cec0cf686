-- Type annual_series: yearly series, growth aggregates and accessors
-- (C code: src/annual_series.c).

CREATE TYPE annual_series;

CREATE FUNCTION annual_series_in(cstring) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION annual_series_out(annual_series) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION annual_series_recv(internal) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION annual_series_send(annual_series) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE annual_series (
	INPUT = annual_series_in,
	OUTPUT = annual_series_out,
	RECEIVE = annual_series_recv,
	SEND = annual_series_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE annual_series IS 'yearly series (year -> value), text form {2019:375.1,2023:472.5}; the summary of series_agg and rollup';
COMMENT ON FUNCTION annual_series_in(cstring) IS 'text input of annual_series';
COMMENT ON FUNCTION annual_series_out(annual_series) IS 'text output of annual_series, years ascending';
COMMENT ON FUNCTION annual_series_recv(internal) IS 'binary input of annual_series, validated like text input';
COMMENT ON FUNCTION annual_series_send(annual_series) IS 'binary output of annual_series';

-- Aggregates: series_agg builds a series from rows, rollup sums series year-wise.
CREATE FUNCTION series_agg_trans(annual_series, integer, float8) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION series_agg_trans(annual_series, integer, float8) IS 'transition function of series_agg';
CREATE FUNCTION annual_series_combine(annual_series, annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION annual_series_combine(annual_series, annual_series) IS 'transition function of rollup(annual_series) and combine function of series_agg';

CREATE FUNCTION annual_series_final(annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION annual_series_final(annual_series) IS 'final function of series_agg and rollup: drops the room the aggregate state kept for growing';

CREATE AGGREGATE series_agg(year integer, value float8) (
	SFUNC = series_agg_trans,
	STYPE = annual_series,
	FINALFUNC = annual_series_final,
	COMBINEFUNC = annual_series_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE series_agg(integer, float8) IS 'yearly series of the rows; values of the same year are summed';
CREATE AGGREGATE rollup(annual_series) (
	SFUNC = annual_series_combine,
	STYPE = annual_series,
	FINALFUNC = annual_series_final,
	COMBINEFUNC = annual_series_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(annual_series) IS 'year-wise sum of series (district series to a zone series)';

CREATE FUNCTION annual_series_plus(annual_series, annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION annual_series_plus(annual_series, annual_series) IS 'year-wise sum of two series';
CREATE OPERATOR + (LEFTARG = annual_series, RIGHTARG = annual_series,
	PROCEDURE = annual_series_plus, COMMUTATOR = +);
COMMENT ON OPERATOR +(annual_series, annual_series) IS 'year-wise sum of two series';

-- Accessors.
CREATE FUNCTION cagr(annual_series) RETURNS float8
	AS 'MODULE_PATHNAME', 'cagr' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cagr(annual_series) IS 'compound annual growth rate from the first to the last year; NULL with fewer than two years, a first value <= 0 or a last value < 0';
CREATE FUNCTION cagr(annual_series, from_year integer, to_year integer) RETURNS float8
	AS 'MODULE_PATHNAME', 'cagr_years' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cagr(annual_series, integer, integer) IS 'compound annual growth rate between two years; NULL if either is missing; error if from_year >= to_year';
CREATE FUNCTION cagr(start_value float8, end_value float8, years float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'cagr_values' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cagr(float8, float8, float8) IS 'compound annual growth rate (end_value/start_value)^(1/years) - 1; error if years <= 0';
CREATE FUNCTION total_growth(annual_series, from_year integer, to_year integer) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION total_growth(annual_series, integer, integer) IS 'growth between two years, v_to/v_from - 1; NULL if either is missing or v_from <= 0';
CREATE FUNCTION yoy(annual_series, year integer) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION yoy(annual_series, integer) IS 'year-on-year growth v_year/v_(year-1) - 1; NULL if either is missing or the prior value <= 0';
CREATE FUNCTION trend_growth(annual_series) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION trend_growth(annual_series) IS 'log-linear trend growth exp(b) - 1, b the least-squares slope of ln(value) on year; NULL with fewer than two years or a value <= 0';
CREATE FUNCTION value_at(annual_series, year integer) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION value_at(annual_series, integer) IS 'value of a year; NULL if missing';
CREATE FUNCTION first_year(annual_series) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_year(annual_series) IS 'first year of the series; NULL if empty';
CREATE FUNCTION last_year(annual_series) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION last_year(annual_series) IS 'last year of the series; NULL if empty';
CREATE FUNCTION num_years(annual_series) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION num_years(annual_series) IS 'number of years in the series';
CREATE FUNCTION growth_index(annual_series, base_year integer) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION growth_index(annual_series, integer) IS 'index value / value(base_year) * 100; NULL if the base year is missing or its value <= 0';
CREATE FUNCTION unnest(annual_series, OUT year integer, OUT value float8) RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'annual_series_unnest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION unnest(annual_series) IS 'one (year, value) row per year, ascending';

-- jsonb casts for BI tools: {"2019": 375.1, ...}.
CREATE FUNCTION annual_series_to_jsonb(annual_series) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION annual_series_to_jsonb(annual_series) IS 'annual_series as a jsonb object {"2019": 375.1, ...}';
CREATE FUNCTION jsonb_to_annual_series(jsonb) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb_to_annual_series(jsonb) IS 'jsonb object of year keys and number values to annual_series';
CREATE CAST (annual_series AS jsonb) WITH FUNCTION annual_series_to_jsonb(annual_series);
CREATE CAST (jsonb AS annual_series) WITH FUNCTION jsonb_to_annual_series(jsonb);
