-- regional_dev 1.0 -> 1.1: what ALTER EXTENSION regional_dev UPDATE runs on an
-- existing installation.  Every change made to src/*.sql for 1.1 goes here too,
-- written for a database that has 1.0 (CREATE for new objects, ALTER or
-- DROP + CREATE for changed ones, never CREATE OR REPLACE on a changed
-- signature); test/suites/56_upgrade.sh compares the result with a fresh install.
\echo Use "ALTER EXTENSION regional_dev UPDATE TO '1.1'" to load this file. \quit

-- The naming rule for support functions (doc/design.md, "Names"): renamed
-- transition, combine and final functions.  ALTER FUNCTION ... RENAME keeps
-- each function's OID, so the aggregates, comments and privileges follow; the
-- C functions are then bound to the C symbol of their new name (CREATE OR
-- REPLACE with the same definition).  The library keeps the 1.0 symbols as
-- aliases (src/symbols_1_0.c) for the frozen 1.0 install script.
ALTER FUNCTION morans_i_transfn(morans_i_state, adcode, float8) RENAME TO morans_i_trans;
CREATE OR REPLACE FUNCTION morans_i_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION apportion_transfn(apportion_state, geometry, float8, geometry) RENAME TO apportion_trans;
ALTER FUNCTION series_agg_transfn(annual_series, integer, float8) RENAME TO series_agg_trans;
CREATE OR REPLACE FUNCTION series_agg_trans(annual_series, integer, float8) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION ratio_agg_transfn(ratio_summary, float8, float8) RENAME TO ratio_agg_trans;
CREATE OR REPLACE FUNCTION ratio_agg_trans(ratio_summary, float8, float8) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION choropleth_svg_trans(svg_layer, geometry, float8, text) RENAME TO svg_layer_trans;
CREATE OR REPLACE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION choropleth_svg_trans(svg_layer, geometry, float8, text, text, boolean) RENAME TO svg_layer_trans;
CREATE OR REPLACE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION annual_series_rollup_trans(annual_series, annual_series) RENAME TO annual_series_combine;
CREATE OR REPLACE FUNCTION annual_series_combine(annual_series, annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION ratio_summary_rollup_trans(ratio_summary, ratio_summary) RENAME TO ratio_summary_combine;
CREATE OR REPLACE FUNCTION ratio_summary_combine(ratio_summary, ratio_summary) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION inequality_summary_merge(inequality_summary, inequality_summary) RENAME TO inequality_summary_combine;
CREATE OR REPLACE FUNCTION inequality_summary_combine(inequality_summary, inequality_summary) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION gini_state_merge(gini_state, gini_state) RENAME TO gini_combine;
CREATE OR REPLACE FUNCTION gini_combine(gini_state, gini_state) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION beta_convergence_state_merge(beta_convergence_state, beta_convergence_state) RENAME TO beta_convergence_combine;
CREATE OR REPLACE FUNCTION beta_convergence_combine(beta_convergence_state, beta_convergence_state) RETURNS beta_convergence_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION flow_summary_merge(flow_summary, flow_summary) RENAME TO flow_summary_combine;
CREATE OR REPLACE FUNCTION flow_summary_combine(flow_summary, flow_summary) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION annual_series_trim(annual_series) RENAME TO annual_series_final;
CREATE OR REPLACE FUNCTION annual_series_final(annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION svg_layer_compact(svg_layer) RENAME TO svg_layer_final;
CREATE OR REPLACE FUNCTION svg_layer_final(svg_layer) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- C symbols equal SQL names (doc/design.md, "Names"): the jsonb functions of
-- the state types are bound to <type>_to_jsonb (the SQL name, or for a
-- function named jsonb, the cast exception).
CREATE OR REPLACE FUNCTION jsonb(apportion_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'apportion_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION jsonb(morans_i_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'morans_i_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION shift_share_summary_to_jsonb(shift_share_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION concentration_summary_to_jsonb(concentration_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dissimilarity_summary_to_jsonb(dissimilarity_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dispersion_summary_to_jsonb(dispersion_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
