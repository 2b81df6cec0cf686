-- Disparities: type inequality_summary, aggregate inequality_agg and its
-- accessors (C code: src/inequality.c; manual: doc/disparities.md).

CREATE TYPE inequality_summary;

CREATE FUNCTION inequality_summary_in(cstring) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION inequality_summary_out(inequality_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION inequality_summary_recv(internal) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION inequality_summary_send(inequality_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE inequality_summary (
	INPUT = inequality_summary_in,
	OUTPUT = inequality_summary_out,
	RECEIVE = inequality_summary_recv,
	SEND = inequality_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE inequality_summary IS 'summary of incomes and populations by group, from which Theil T and L (with between/within parts), Williamson and CV follow exactly; result and state of inequality_agg';
COMMENT ON FUNCTION inequality_summary_in(cstring) IS 'text input of inequality_summary: {"label":{n:…,p:…,y:…,ylnx:…,plnx:…,x:…,x2:…,yx:…},…}, null for the NULL group';
COMMENT ON FUNCTION inequality_summary_out(inequality_summary) IS 'text output of inequality_summary, groups in byte order of their labels';
COMMENT ON FUNCTION inequality_summary_recv(internal) IS 'binary input of inequality_summary, validated like text input';
COMMENT ON FUNCTION inequality_summary_send(inequality_summary) IS 'binary output of inequality_summary';

-- Aggregate support (the aggregate contract of doc/design.md).
CREATE FUNCTION inequality_agg_trans(inequality_summary, float8, float8) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION inequality_agg_trans(inequality_summary, float8, float8, text) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION inequality_summary_combine(inequality_summary, inequality_summary) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION inequality_summary_final(inequality_summary) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION inequality_agg_trans(inequality_summary, float8, float8) IS 'transition function of inequality_agg(income, population)';
COMMENT ON FUNCTION inequality_agg_trans(inequality_summary, float8, float8, text) IS 'transition function of inequality_agg(income, population, grp)';
COMMENT ON FUNCTION inequality_summary_combine(inequality_summary, inequality_summary) IS 'merge of two inequality summaries: combine function of inequality_agg, transition function of rollup';
COMMENT ON FUNCTION inequality_summary_final(inequality_summary) IS 'final function of inequality_agg and rollup: the canonical compact summary';

CREATE AGGREGATE inequality_agg(income float8, population float8) (
	SFUNC = inequality_agg_trans,
	STYPE = inequality_summary,
	COMBINEFUNC = inequality_summary_combine,
	FINALFUNC = inequality_summary_final,
	PARALLEL = SAFE
);
CREATE AGGREGATE inequality_agg(income float8, population float8, grp text) (
	SFUNC = inequality_agg_trans,
	STYPE = inequality_summary,
	COMBINEFUNC = inequality_summary_combine,
	FINALFUNC = inequality_summary_final,
	PARALLEL = SAFE
);
CREATE AGGREGATE rollup(inequality_summary) (
	SFUNC = inequality_summary_combine,
	STYPE = inequality_summary,
	COMBINEFUNC = inequality_summary_combine,
	FINALFUNC = inequality_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE inequality_agg(float8, float8) IS 'summary of regions'' income and population (both > 0, else error 22023) for Theil, Williamson and CV';
COMMENT ON AGGREGATE inequality_agg(float8, float8, text) IS 'summary of regions'' income and population by group (e.g. province) for the between/within decomposition of Theil T and L';
COMMENT ON AGGREGATE rollup(inequality_summary) IS 'merge of inequality summaries: the summary of all their rows';

-- Accessors.
CREATE FUNCTION theil_t(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION theil_l(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION theil_t_between(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION theil_t_within(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION theil_l_between(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION theil_l_within(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION williamson(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cv(inequality_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION theil_t(inequality_summary) IS 'Theil T (GE(1)): Σ (y_i/Y) ln((y_i/Y)/(p_i/P))';
COMMENT ON FUNCTION theil_l(inequality_summary) IS 'Theil L (GE(0), mean log deviation): Σ (p_i/P) ln((p_i/P)/(y_i/Y))';
COMMENT ON FUNCTION theil_t_between(inequality_summary) IS 'between-group part of Theil T: Σ_g (Y_g/Y) ln((Y_g/Y)/(P_g/P))';
COMMENT ON FUNCTION theil_t_within(inequality_summary) IS 'within-group part of Theil T: Σ_g (Y_g/Y) T_g';
COMMENT ON FUNCTION theil_l_between(inequality_summary) IS 'between-group part of Theil L: Σ_g (P_g/P) ln((P_g/P)/(Y_g/Y))';
COMMENT ON FUNCTION theil_l_within(inequality_summary) IS 'within-group part of Theil L: Σ_g (P_g/P) L_g';
COMMENT ON FUNCTION williamson(inequality_summary) IS 'Williamson index: population-weighted coefficient of variation of per-capita income, sqrt(Σ (p_i/P)(x_i − x̄)²)/x̄';
COMMENT ON FUNCTION cv(inequality_summary) IS 'unweighted coefficient of variation of per-capita income x_i (population standard deviation / mean)';

CREATE FUNCTION jsonb(inequality_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'inequality_summary_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb(inequality_summary) IS 'inequality_summary as jsonb: all indices, and per group n, population, income, mean and its own Theil T and L';
CREATE CAST (inequality_summary AS jsonb) WITH FUNCTION jsonb(inequality_summary);
