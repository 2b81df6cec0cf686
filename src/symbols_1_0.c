/*
 * symbols_1_0.c
 *		C symbols of version 1.0 that version 1.1 renamed (the naming rule of
 *		doc/design.md, "Names": renamed support functions, and C symbols made
 *		equal to their SQL names).  The frozen 1.0 install
 *		script (upgrade/regional_dev--1.0.sql) binds these names, and it runs
 *		against the current library (CREATE EXTENSION regional_dev VERSION
 *		'1.0', then ALTER EXTENSION regional_dev UPDATE), so each stays as a
 *		thin alias of the function under its new name.  Nothing else calls
 *		them; the 1.0 -> 1.1 upgrade script rebinds every renamed function to
 *		its new symbol.  Add a line here for every C function a later version
 *		renames; never remove one while an older install script ships.
 */
#include "regional_dev.h"

#define SYMBOL_1_0(old, new) \
	extern Datum new(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(old); \
	Datum old(PG_FUNCTION_ARGS) { return new(fcinfo); }

/* renamed SQL functions */
SYMBOL_1_0(morans_i_transfn, morans_i_trans)
SYMBOL_1_0(series_agg_transfn, series_agg_trans)
SYMBOL_1_0(ratio_agg_transfn, ratio_agg_trans)
SYMBOL_1_0(choropleth_svg_trans, svg_layer_trans)
SYMBOL_1_0(annual_series_rollup_trans, annual_series_combine)
SYMBOL_1_0(ratio_summary_rollup_trans, ratio_summary_combine)
SYMBOL_1_0(inequality_summary_merge, inequality_summary_combine)
SYMBOL_1_0(gini_state_merge, gini_combine)
SYMBOL_1_0(beta_convergence_state_merge, beta_convergence_combine)
SYMBOL_1_0(flow_summary_merge, flow_summary_combine)
SYMBOL_1_0(annual_series_trim, annual_series_final)
SYMBOL_1_0(svg_layer_compact, svg_layer_final)

/* C symbols only: the SQL names stay */
SYMBOL_1_0(apportion_state_jsonb, apportion_state_to_jsonb)
SYMBOL_1_0(morans_i_state_jsonb, morans_i_state_to_jsonb)
SYMBOL_1_0(shift_share_summary_jsonb, shift_share_summary_to_jsonb)
SYMBOL_1_0(concentration_summary_jsonb, concentration_summary_to_jsonb)
SYMBOL_1_0(dissimilarity_summary_jsonb, dissimilarity_summary_to_jsonb)
SYMBOL_1_0(dispersion_summary_jsonb, dispersion_summary_to_jsonb)
