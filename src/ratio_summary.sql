-- Type ratio_summary: intensity ratios as a ratio of sums
-- (C code: src/ratio_summary.c).

CREATE TYPE ratio_summary;

CREATE FUNCTION ratio_summary_in(cstring) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ratio_summary_out(ratio_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ratio_summary_recv(internal) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ratio_summary_send(ratio_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE ratio_summary (
	INPUT = ratio_summary_in,
	OUTPUT = ratio_summary_out,
	RECEIVE = ratio_summary_recv,
	SEND = ratio_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);
COMMENT ON TYPE ratio_summary IS 'sums of a numerator and a denominator, text form (19.845,472.5); the summary of ratio_agg and rollup';
COMMENT ON FUNCTION ratio_summary_in(cstring) IS 'text input of ratio_summary';
COMMENT ON FUNCTION ratio_summary_out(ratio_summary) IS 'text output of ratio_summary';
COMMENT ON FUNCTION ratio_summary_recv(internal) IS 'binary input of ratio_summary, validated like text input';
COMMENT ON FUNCTION ratio_summary_send(ratio_summary) IS 'binary output of ratio_summary';

CREATE FUNCTION ratio_agg_trans(ratio_summary, float8, float8) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ratio_agg_trans(ratio_summary, float8, float8) IS 'transition function of ratio_agg';
CREATE FUNCTION ratio_summary_combine(ratio_summary, ratio_summary) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ratio_summary_combine(ratio_summary, ratio_summary) IS 'transition function of rollup(ratio_summary) and combine function of ratio_agg';

CREATE AGGREGATE ratio_agg(numerator float8, denominator float8) (
	SFUNC = ratio_agg_trans,
	STYPE = ratio_summary,
	COMBINEFUNC = ratio_summary_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE ratio_agg(float8, float8) IS 'sums of numerator and denominator (a row counts only if both are non-NULL)';
CREATE AGGREGATE rollup(ratio_summary) (
	SFUNC = ratio_summary_combine,
	STYPE = ratio_summary,
	COMBINEFUNC = ratio_summary_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(ratio_summary) IS 'merge of ratio summaries (districts to a zone)';

CREATE FUNCTION ratio(ratio_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ratio(ratio_summary) IS 'Σnumerator / Σdenominator (a ratio of sums); NULL if Σdenominator = 0';
CREATE FUNCTION numerator(ratio_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION numerator(ratio_summary) IS 'Σnumerator';
CREATE FUNCTION denominator(ratio_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION denominator(ratio_summary) IS 'Σdenominator';

CREATE FUNCTION ratio_summary_to_jsonb(ratio_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ratio_summary_to_jsonb(ratio_summary) IS 'ratio_summary as jsonb {"numerator": …, "denominator": …, "ratio": …}';
CREATE CAST (ratio_summary AS jsonb) WITH FUNCTION ratio_summary_to_jsonb(ratio_summary);

-- Scalars.
CREATE FUNCTION rd_intensity(rd_expenditure float8, gdp float8) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rd_intensity(float8, float8) IS 'R&D expenditure / GDP; NULL if gdp <= 0';
CREATE FUNCTION location_quotient(region_sector float8, region_total float8,
		reference_sector float8, reference_total float8) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION location_quotient(float8, float8, float8, float8) IS '(region_sector/region_total) / (reference_sector/reference_total); NULL if a divisor is 0';
