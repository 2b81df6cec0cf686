-- Pictures of local statistics: the LISA cluster map and the hot-spot map,
-- in the style of choropleth_svg, drawn from the boundaries of region
-- (C code: src/svg_lisa.c; manual: doc/spatial-stats.md).

CREATE FUNCTION lisa_cluster_svg(codes adcode[], quadrants text[], p_values float8[], alpha float8 DEFAULT 0.05,
		title text DEFAULT 'LISA cluster map') RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lisa_cluster_svg(adcode[], text[], float8[], float8, text) IS 'LISA cluster map as a standalone SVG: regions HH, LL, LH, HL where p_value <= alpha (GeoDa''s colours), not significant, or without neighbours (NULL quadrant or p); legend with the significance level';

CREATE FUNCTION hot_spot_svg(codes adcode[], z float8[], p_values float8[], alpha float8 DEFAULT 0.05,
		title text DEFAULT 'Hot spots') RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hot_spot_svg(adcode[], float8[], float8[], float8, text) IS 'hot-spot map as a standalone SVG: hot (z > 0) and cold (z < 0) regions where p_value <= alpha, not significant, or without neighbours (NULL z or p); legend with the significance level';
