-- Spatial weights stated once, used by every spatial statistic (C code:
-- src/spatial_weights.c; design: doc/design.md, "Spatial weights"; manual:
-- doc/spatial-stats.md).  Comes after src/places.sql: contiguity and
-- centroids come from the region cache of places.

CREATE TYPE spatial_weights;
CREATE FUNCTION spatial_weights_in(cstring) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_out(spatial_weights) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_recv(internal) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_send(spatial_weights) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spatial_weights (
	INPUT = spatial_weights_in,
	OUTPUT = spatial_weights_out,
	RECEIVE = spatial_weights_recv,
	SEND = spatial_weights_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE spatial_weights IS 'a spatial weights matrix: regions, each with its neighbours and their weights as given, and a transform (B binary, R row-standardized, O as given) applied among the regions a statistic is given';
COMMENT ON FUNCTION spatial_weights_in(cstring) IS 'text input of spatial_weights: R{110101:[110102:1],110102:[110101:1]}';
COMMENT ON FUNCTION spatial_weights_out(spatial_weights) IS 'text output of spatial_weights';
COMMENT ON FUNCTION spatial_weights_recv(internal) IS 'binary input of spatial_weights, validated like text input';
COMMENT ON FUNCTION spatial_weights_send(spatial_weights) IS 'binary output of spatial_weights';

CREATE FUNCTION contiguity_weights(codes adcode[], tolerance_m float8 DEFAULT 200, min_border_m float8 DEFAULT 0,
		transform text DEFAULT 'R') RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION contiguity_weights(adcode[], float8, float8, text) IS 'contiguity among codes: the pairs of region_neighbors(tolerance_m) sharing at least min_border_m metres of border (0: queen-like, more: rook-like); NOTICE names the regions without neighbours';

CREATE FUNCTION pair_weights(codes adcode[], code_a adcode[], code_b adcode[], transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pair_weights(adcode[], adcode[], adcode[], text) IS 'weights from explicit neighbour pairs (code_a[k], code_b[k]) among codes, weight 1 in both directions';
CREATE FUNCTION pair_weights(codes adcode[], code_a adcode[], code_b adcode[], weight float8[], transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pair_weights(adcode[], adcode[], adcode[], float8[], text) IS 'weights from explicit pairs with their weights, both directions unless the reverse pair is given with its own weight';

CREATE FUNCTION knn_weights(codes adcode[], k integer, transform text DEFAULT 'R') RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION knn_weights(adcode[], integer, text) IS 'each region''s k nearest others by geodesic distance (WGS84) between the centroids of the regions in regional_dev.region; ties to the lower code';
CREATE FUNCTION knn_weights(codes adcode[], lon float8[], lat float8[], k integer, transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION knn_weights(adcode[], float8[], float8[], integer, text) IS 'each region''s k nearest others by geodesic distance (WGS84) between the points (lon, lat) given; ties to the lower code';

CREATE FUNCTION distance_band_weights(codes adcode[], threshold_m float8, transform text DEFAULT 'B')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distance_band_weights(adcode[], float8, text) IS 'every pair of regions whose centroids are at most threshold_m geodesic metres (WGS84) apart; NOTICE names the regions without neighbours';
CREATE FUNCTION distance_band_weights(codes adcode[], lon float8[], lat float8[], threshold_m float8, transform text DEFAULT 'B')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distance_band_weights(adcode[], float8[], float8[], float8, text) IS 'every pair of the points (lon, lat) given at most threshold_m geodesic metres (WGS84) apart';

CREATE FUNCTION spatial_weights_pairs(weights spatial_weights)
	RETURNS TABLE(code_a adcode, code_b adcode, weight float8)
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION spatial_weights_pairs(spatial_weights) IS 'the weights as rows (code_a, code_b, w_ab), transformed';
CREATE FUNCTION spatial_weights_islands(weights spatial_weights) RETURNS adcode[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spatial_weights_islands(spatial_weights) IS 'the regions without neighbours, ascending';
CREATE FUNCTION spatial_weights_transform(weights spatial_weights, transform text) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spatial_weights_transform(spatial_weights, text) IS 'the same weights with another transform: B binary, R row-standardized, O as given';

CREATE FUNCTION jsonb(spatial_weights) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'spatial_weights_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb(spatial_weights) IS 'spatial_weights as jsonb: {"transform": "R", "neighbors": {"310118": {"320509": 1}, ...}}, weights as given';
CREATE CAST (spatial_weights AS jsonb) WITH FUNCTION jsonb(spatial_weights);
