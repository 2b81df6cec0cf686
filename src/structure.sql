-- Regional economics toolkit, structure and specialization: shift_share,
-- herfindahl, hoover, krugman_specialization (C code: src/structure.c).
-- Each aggregate's state is a summary type with text and binary I/O (the
-- aggregate contract of doc/design.md); the aggregates return plain numbers.

-- shift_share_summary: the state of shift_share.
CREATE TYPE shift_share_summary;
CREATE FUNCTION shift_share_summary_in(cstring) RETURNS shift_share_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION shift_share_summary_out(shift_share_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION shift_share_summary_recv(internal) RETURNS shift_share_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION shift_share_summary_send(shift_share_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE shift_share_summary (
	INPUT = shift_share_summary_in,
	OUTPUT = shift_share_summary_out,
	RECEIVE = shift_share_summary_recv,
	SEND = shift_share_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE shift_share_summary IS 'state of shift_share: rows, nation totals, sums of region_base, region_final and region_base x national sector growth; text form n=4;undefined=0;nation_base=…;nation_final=…;base=…;final=…;base_growth=…';
COMMENT ON FUNCTION shift_share_summary_in(cstring) IS 'text input of shift_share_summary';
COMMENT ON FUNCTION shift_share_summary_out(shift_share_summary) IS 'text output of shift_share_summary';
COMMENT ON FUNCTION shift_share_summary_recv(internal) IS 'binary input of shift_share_summary, validated like text input';
COMMENT ON FUNCTION shift_share_summary_send(shift_share_summary) IS 'binary output of shift_share_summary';

CREATE TYPE shift_share_components AS (
	national_share float8,
	industry_mix float8,
	regional_shift float8
);
COMMENT ON TYPE shift_share_components IS 'result of shift_share: the three components of a region''s change, which add up to it';
COMMENT ON COLUMN shift_share_components.national_share IS 'Σ e_base·G_n: the change had every sector grown at the national rate';
COMMENT ON COLUMN shift_share_components.industry_mix IS 'Σ e_base·(G_i − G_n): the part due to the region''s mix of fast- or slow-growing sectors';
COMMENT ON COLUMN shift_share_components.regional_shift IS 'Σ e_base·(g_ri − G_i): the part due to the region''s sectors growing faster or slower than the same sectors nationally';

CREATE FUNCTION shift_share_trans(shift_share_summary, float8, float8, float8, float8, float8, float8)
	RETURNS shift_share_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION shift_share_trans(shift_share_summary, float8, float8, float8, float8, float8, float8) IS 'transition function of shift_share';
CREATE FUNCTION shift_share_combine(shift_share_summary, shift_share_summary) RETURNS shift_share_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shift_share_combine(shift_share_summary, shift_share_summary) IS 'combine function of shift_share';
CREATE FUNCTION shift_share_final(shift_share_summary) RETURNS shift_share_components
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shift_share_final(shift_share_summary) IS 'final function of shift_share: the three components';
CREATE AGGREGATE shift_share(region_base float8, region_final float8,
		nation_sector_base float8, nation_sector_final float8,
		nation_total_base float8, nation_total_final float8) (
	SFUNC = shift_share_trans,
	STYPE = shift_share_summary,
	COMBINEFUNC = shift_share_combine,
	FINALFUNC = shift_share_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE shift_share(float8, float8, float8, float8, float8, float8) IS 'classic shift-share over the sectors of one region: (national_share, industry_mix, regional_shift), adding up to Σ(region_final − region_base); nation totals must be equal in every row';

CREATE FUNCTION shift_share_summary_to_jsonb(shift_share_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shift_share_summary_to_jsonb(shift_share_summary) IS 'shift_share_summary as jsonb: sums, change and the three components (null where undefined)';
CREATE CAST (shift_share_summary AS jsonb) WITH FUNCTION shift_share_summary_to_jsonb(shift_share_summary);

-- concentration_summary: the state of herfindahl.
CREATE TYPE concentration_summary;
CREATE FUNCTION concentration_summary_in(cstring) RETURNS concentration_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION concentration_summary_out(concentration_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION concentration_summary_recv(internal) RETURNS concentration_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION concentration_summary_send(concentration_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE concentration_summary (
	INPUT = concentration_summary_in,
	OUTPUT = concentration_summary_out,
	RECEIVE = concentration_summary_recv,
	SEND = concentration_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE concentration_summary IS 'state of herfindahl: rows, Σv and Σv²; text form n=3;sum=…;sum_squares=…';
COMMENT ON FUNCTION concentration_summary_in(cstring) IS 'text input of concentration_summary';
COMMENT ON FUNCTION concentration_summary_out(concentration_summary) IS 'text output of concentration_summary';
COMMENT ON FUNCTION concentration_summary_recv(internal) IS 'binary input of concentration_summary, validated like text input';
COMMENT ON FUNCTION concentration_summary_send(concentration_summary) IS 'binary output of concentration_summary';

CREATE FUNCTION herfindahl_trans(concentration_summary, float8) RETURNS concentration_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION herfindahl_trans(concentration_summary, float8) IS 'transition function of herfindahl';
CREATE FUNCTION herfindahl_combine(concentration_summary, concentration_summary) RETURNS concentration_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION herfindahl_combine(concentration_summary, concentration_summary) IS 'combine function of herfindahl';
CREATE FUNCTION herfindahl_final(concentration_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION herfindahl_final(concentration_summary) IS 'final function of herfindahl: Σv²/(Σv)²; NULL if Σv = 0';
CREATE AGGREGATE herfindahl(value float8) (
	SFUNC = herfindahl_trans,
	STYPE = concentration_summary,
	COMBINEFUNC = herfindahl_combine,
	FINALFUNC = herfindahl_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE herfindahl(float8) IS 'Herfindahl-Hirschman index Σ(v_i/V)² of non-negative values (1/n for equal shares, 1 for one sector); NULL if all values are 0';

CREATE FUNCTION concentration_summary_to_jsonb(concentration_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION concentration_summary_to_jsonb(concentration_summary) IS 'concentration_summary as jsonb: n, sums and the Herfindahl index';
CREATE CAST (concentration_summary AS jsonb) WITH FUNCTION concentration_summary_to_jsonb(concentration_summary);

-- dissimilarity_summary: the state of hoover and krugman_specialization.
CREATE TYPE dissimilarity_summary;
CREATE FUNCTION dissimilarity_summary_in(cstring) RETURNS dissimilarity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dissimilarity_summary_out(dissimilarity_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dissimilarity_summary_recv(internal) RETURNS dissimilarity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dissimilarity_summary_send(dissimilarity_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE dissimilarity_summary (
	INPUT = dissimilarity_summary_in,
	OUTPUT = dissimilarity_summary_out,
	RECEIVE = dissimilarity_summary_recv,
	SEND = dissimilarity_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE dissimilarity_summary IS 'state of hoover and krugman_specialization: rows and the (region_value, reference_value) pairs, at most 54000; text form n=3;pairs=a:b,a:b (sorted)';
COMMENT ON FUNCTION dissimilarity_summary_in(cstring) IS 'text input of dissimilarity_summary';
COMMENT ON FUNCTION dissimilarity_summary_out(dissimilarity_summary) IS 'text output of dissimilarity_summary, pairs sorted';
COMMENT ON FUNCTION dissimilarity_summary_recv(internal) IS 'binary input of dissimilarity_summary, validated like text input';
COMMENT ON FUNCTION dissimilarity_summary_send(dissimilarity_summary) IS 'binary output of dissimilarity_summary';

CREATE FUNCTION hoover_trans(dissimilarity_summary, float8, float8) RETURNS dissimilarity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hoover_trans(dissimilarity_summary, float8, float8) IS 'transition function of hoover';
CREATE FUNCTION hoover_combine(dissimilarity_summary, dissimilarity_summary) RETURNS dissimilarity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hoover_combine(dissimilarity_summary, dissimilarity_summary) IS 'combine function of hoover';
CREATE FUNCTION hoover_final(dissimilarity_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hoover_final(dissimilarity_summary) IS 'final function of hoover: ½Σ|a_i/A − b_i/B|; NULL if A or B is 0';
CREATE AGGREGATE hoover(region_value float8, reference_value float8) (
	SFUNC = hoover_trans,
	STYPE = dissimilarity_summary,
	COMBINEFUNC = hoover_combine,
	FINALFUNC = hoover_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE hoover(float8, float8) IS 'Hoover index ½Σ|a_i/A − b_i/B| over sectors (or regions): 0 for identical distributions, 1 for disjoint ones; NULL if either total is 0; at most 54000 nonzero rows';

CREATE FUNCTION krugman_specialization_trans(dissimilarity_summary, float8, float8) RETURNS dissimilarity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION krugman_specialization_trans(dissimilarity_summary, float8, float8) IS 'transition function of krugman_specialization';
CREATE FUNCTION krugman_specialization_combine(dissimilarity_summary, dissimilarity_summary) RETURNS dissimilarity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION krugman_specialization_combine(dissimilarity_summary, dissimilarity_summary) IS 'combine function of krugman_specialization';
CREATE FUNCTION krugman_specialization_final(dissimilarity_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION krugman_specialization_final(dissimilarity_summary) IS 'final function of krugman_specialization: Σ|a_i/A − b_i/B|; NULL if A or B is 0';
CREATE AGGREGATE krugman_specialization(region_value float8, reference_value float8) (
	SFUNC = krugman_specialization_trans,
	STYPE = dissimilarity_summary,
	COMBINEFUNC = krugman_specialization_combine,
	FINALFUNC = krugman_specialization_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE krugman_specialization(float8, float8) IS 'Krugman specialization index Σ|a_i/A − b_i/B| over sectors: 0 for the reference structure, 2 for a disjoint one; NULL if either total is 0; at most 54000 nonzero rows';

CREATE FUNCTION dissimilarity_summary_to_jsonb(dissimilarity_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dissimilarity_summary_to_jsonb(dissimilarity_summary) IS 'dissimilarity_summary as jsonb: n, number of pairs, Hoover and Krugman indices';
CREATE CAST (dissimilarity_summary AS jsonb) WITH FUNCTION dissimilarity_summary_to_jsonb(dissimilarity_summary);
