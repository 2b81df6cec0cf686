-- Cross-boundary flows: type flow_summary, aggregate flow_agg and its
-- accessors (C code: src/flow.c; manual: doc/flows.md).

CREATE TYPE flow_summary;

CREATE FUNCTION flow_summary_in(cstring) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION flow_summary_out(flow_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION flow_summary_recv(internal) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION flow_summary_send(flow_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE flow_summary (
	INPUT = flow_summary_in,
	OUTPUT = flow_summary_out,
	RECEIVE = flow_summary_recv,
	SEND = flow_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE flow_summary IS 'amounts per origin-destination pair of adcodes; result and state of flow_agg';
COMMENT ON FUNCTION flow_summary_in(cstring) IS 'text input of flow_summary: {origin>destination:amount,…}, e.g. {310118>320509:1200}';
COMMENT ON FUNCTION flow_summary_out(flow_summary) IS 'text output of flow_summary, pairs sorted by origin and destination';
COMMENT ON FUNCTION flow_summary_recv(internal) IS 'binary input of flow_summary, validated like text input';
COMMENT ON FUNCTION flow_summary_send(flow_summary) IS 'binary output of flow_summary';

CREATE FUNCTION flow_agg_trans(flow_summary, adcode, adcode, float8) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION flow_summary_combine(flow_summary, flow_summary) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION flow_summary_final(flow_summary) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION flow_agg_trans(flow_summary, adcode, adcode, float8) IS 'transition function of flow_agg';
COMMENT ON FUNCTION flow_summary_combine(flow_summary, flow_summary) IS 'merge of two flow summaries: combine function of flow_agg, transition function of rollup';
COMMENT ON FUNCTION flow_summary_final(flow_summary) IS 'final function of flow_agg and rollup: the canonical sorted summary';

CREATE AGGREGATE flow_agg(origin adcode, destination adcode, amount float8) (
	SFUNC = flow_agg_trans,
	STYPE = flow_summary,
	COMBINEFUNC = flow_summary_combine,
	FINALFUNC = flow_summary_final,
	PARALLEL = SAFE
);
CREATE AGGREGATE rollup(flow_summary) (
	SFUNC = flow_summary_combine,
	STYPE = flow_summary,
	COMBINEFUNC = flow_summary_combine,
	FINALFUNC = flow_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE flow_agg(adcode, adcode, float8) IS 'amounts summed per origin-destination pair (amounts ≥ 0; rows with a NULL are skipped)';
COMMENT ON AGGREGATE rollup(flow_summary) IS 'merge of flow summaries: pair-wise sum';

CREATE FUNCTION flow_total(flow_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cross_boundary_total(flow_summary, level text) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cross_boundary_share(flow_summary, level text) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION flows(flow_summary, level text) RETURNS TABLE (origin adcode, destination adcode, amount float8)
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION net_inflow(flow_summary, region adcode) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION flow_total(flow_summary) IS 'sum of all amounts';
COMMENT ON FUNCTION cross_boundary_total(flow_summary, text) IS 'sum of amounts whose boundary_level(origin, destination) is level or higher (county < prefecture < province)';
COMMENT ON FUNCTION cross_boundary_share(flow_summary, text) IS 'cross_boundary_total / flow_total; NULL when flow_total is 0';
COMMENT ON FUNCTION flows(flow_summary, text) IS 'the origin-destination matrix with both codes raised to level (county, prefecture or province), sorted';
COMMENT ON FUNCTION net_inflow(flow_summary, adcode) IS 'inflow − outflow of region (codes it contains count as it), flows inside the region excluded';

CREATE FUNCTION jsonb(flow_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'flow_summary_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb(flow_summary) IS 'flow_summary as jsonb: flow_total, cross_boundary_total per level, and the pairs';
CREATE CAST (flow_summary AS jsonb) WITH FUNCTION jsonb(flow_summary);
