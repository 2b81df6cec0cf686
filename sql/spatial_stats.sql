-- Spatial weights (spatial_weights) and the statistics over them: normal, edge
-- and bad input.  The values are checked against an independent reference
-- (numpy from the published formulas, libpysal, pyproj) by
-- test/suites/46_spatial_reference.sh; here the cases small enough to check by hand.
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

-- A path of four cells 650101 - 650102 - 650103 - 650104 (explicit pairs).
CREATE TEMP TABLE path AS SELECT '{650101,650102,650103,650104}'::adcode[] AS codes,
	'{650101,650102,650103}'::adcode[] AS a, '{650102,650103,650104}'::adcode[] AS b;
SELECT pair_weights(codes, a, b) FROM path;
SELECT pair_weights(codes, a, b, '{1,2,3}', 'O')::jsonb FROM path;
-- Row-standardized: the middle cells weigh each neighbour 1/2.
SELECT * FROM spatial_weights_pairs((SELECT pair_weights(codes, a, b) FROM path)) ORDER BY 1, 2;
-- Weighted, both directions; (b, a) given too keeps its own weight.
SELECT * FROM spatial_weights_pairs(pair_weights('{650101,650102}', '{650101,650102}', '{650102,650101}', '{1,3}', 'O'));
-- A weight array must be float8[] (an untyped literal would be the transform).
SELECT * FROM spatial_weights_pairs(spatial_weights_transform(pair_weights('{650101,650102,650103}', '{650101}', '{650102}', '{4}'::float8[]), 'B'));

-- Values 1, 2, 3, 4 on the path, binary weights: z = -1.5, -0.5, 0.5, 1.5,
-- S0 = 6, Σ w z_i z_j = 2 (0.75 - 0.25 + 0.75) = 2.5, Σ z² = 5, I = 4/6 * 2.5/5
-- = 1/3; EI = -1/3.  Geary: Σ w (y_i - y_j)² = 6, C = 3 * 6 / (2 * 6 * 5) = 0.3.
-- General G: Σ w y_i y_j = 2 (2 + 6 + 12) = 40, (Σy)² - Σy² = 100 - 30 = 70, G = 4/7; EG = 6/12 = 0.5.
SELECT round(i::numeric, 12) AS i, round(ei::numeric, 12) AS ei FROM morans_i('{650101,650102,650103,650104}', '{1,2,3,4}',
	(SELECT pair_weights(codes, a, b, 'B') FROM path), 0);
SELECT round(c::numeric, 12) AS c, ec FROM gearys_c('{650101,650102,650103,650104}', '{1,2,3,4}',
	(SELECT pair_weights(codes, a, b, 'B') FROM path), 0);
SELECT round(g::numeric, 12) AS g, eg, round((4 / 7.0)::numeric, 12) AS by_hand FROM getis_ord_g('{650101,650102,650103,650104}', '{1,2,3,4}',
	(SELECT pair_weights(codes, a, b, 'B') FROM path), 0);
-- Without permutations the _sim columns are NULL; with them, p_sim is a multiple of 1/(permutations + 1).
SELECT ei_sim IS NULL AS no_sim, p_sim FROM morans_i('{650101,650102,650103,650104}', '{1,2,3,4}', (SELECT pair_weights(codes, a, b) FROM path), 0);
SELECT (p_sim * 100)::numeric % 1 = 0 AS p_sim_on_grid FROM morans_i('{650101,650102,650103,650104}', '{1,2,3,4}', (SELECT pair_weights(codes, a, b) FROM path), 99, 3);
-- The same seed, the same answer.
SELECT (SELECT row(m.*)::text FROM morans_i('{650101,650102,650103,650104}', '{1,2,3,4}', (SELECT pair_weights(codes, a, b) FROM path), 99, 5) m)
     = (SELECT row(m.*)::text FROM morans_i('{650101,650102,650103,650104}', '{1,2,3,4}', (SELECT pair_weights(codes, a, b) FROM path), 99, 5) m) AS same_seed_same_answer;

-- Local G_i, binary weights: cell 650102 has neighbours 1 and 3, Σ_{j≠i} y_j =
-- 8, G = 4/8 = 0.5, E = 2/3; G_i* adds itself: (1 + 2 + 3)/10 = 0.6, E = 3/4.
SELECT code, round(g::numeric, 12) AS g, round(eg::numeric, 12) AS eg, label
FROM local_getis_ord_g('{650101,650102,650103,650104}', '{1,2,3,4}', (SELECT pair_weights(codes, a, b, 'B') FROM path), false, 99) ORDER BY code;
SELECT code, round(g::numeric, 12) AS g, round(eg::numeric, 12) AS eg, label
FROM local_getis_ord_g('{650101,650102,650103,650104}', '{1,2,3,4}', (SELECT pair_weights(codes, a, b, 'B') FROM path), true, 99) ORDER BY code;
-- Local Moran over weights: the same rows as local_morans_i_neighbors on the same pairs.
SELECT (SELECT array_agg(row(l.*)::text ORDER BY code) FROM local_morans_i('{650101,650102,650103,650104}'::adcode[], '{1,2,3,4}', (SELECT pair_weights(codes, a, b) FROM path), 99, 1) l)
     = (SELECT array_agg(row(l.*)::text ORDER BY code) FROM local_morans_i_neighbors('{650101,650102,650103,650104}', '{1,2,3,4}', '{650101,650102,650103}', '{650102,650103,650104}', 99, 1) l)
	AS same_as_pairs;
-- A subset of the regions of the weights: row-standardized among those given
-- (650104 left out: 650103 has one neighbour left, weight 1).
SELECT * FROM local_morans_i('{650101,650102,650103}'::adcode[], '{1,2,4}', (SELECT pair_weights(codes, a, b) FROM path), 9) ORDER BY code;

-- The shipped districts: contiguity (Chongming, an island, in a NOTICE), rook-like, k nearest, distance band.
SELECT spatial_weights_islands(contiguity_weights(array_agg(code))) FROM region;
SELECT count(*) AS queen_pairs FROM spatial_weights_pairs((SELECT contiguity_weights(array_agg(code)) FROM region));
SELECT count(*) AS rook_pairs FROM spatial_weights_pairs((SELECT contiguity_weights(array_agg(code), 200, 2000) FROM region));
SELECT count(*) AS knn_pairs, count(DISTINCT code_a) AS regions, min(weight) = 0.25 AS quarter
FROM spatial_weights_pairs((SELECT knn_weights(array_agg(code), 4) FROM region));
SELECT spatial_weights_islands(distance_band_weights(array_agg(code), 15000)) FROM region;
-- Ties in k nearest: 650102 and 650103 lie as far east as west of 650101; the
-- lower code wins.  Given points need not be regions of regional_dev.region.
SELECT code_a, code_b FROM spatial_weights_pairs(knn_weights('{650103,650101,650102}', '{86.9,87,87.1}', '{43,43,43}', 1)) ORDER BY 1;
SELECT code_a, code_b, round(weight::numeric, 6) AS weight
FROM spatial_weights_pairs(distance_band_weights('{650101,650102,650103}', '{87,87.1,86.9}', '{43,43,43}', 8200, 'R')) ORDER BY 1, 2;
SELECT round(GeodesicLength::numeric, 1) AS metres_apart FROM (SELECT ST_Length(ST_MakeLine(ST_MakePoint(87, 43), ST_MakePoint(87.1, 43))::geography) AS GeodesicLength) g;
-- Centroids are kept per session and region version: after a region moves,
-- knn_weights on the centroids still equals knn_weights on ST_Centroid's points.
CREATE FUNCTION pg_temp.knn_same() RETURNS boolean LANGUAGE sql AS $$
	SELECT knn_weights(array_agg(code ORDER BY code), 3)::text
	     = knn_weights(array_agg(code ORDER BY code), array_agg(ST_X(ST_Centroid(geom)) ORDER BY code),
	                   array_agg(ST_Y(ST_Centroid(geom)) ORDER BY code), 3)::text
	FROM regional_dev.region $$;
SELECT pg_temp.knn_same() AS before_move;
BEGIN;
UPDATE region SET geom = ST_Translate(geom, 0.3, 0.05) WHERE code = '310118';
SELECT pg_temp.knn_same() AS after_move,
	   (SELECT array_agg(code_b ORDER BY code_b) FROM spatial_weights_pairs((SELECT knn_weights(array_agg(code), 3) FROM region)) WHERE code_a = '310118') AS qingpu_nearest;
ROLLBACK;
SELECT pg_temp.knn_same() AS after_rollback,
	   (SELECT array_agg(code_b ORDER BY code_b) FROM spatial_weights_pairs((SELECT knn_weights(array_agg(code), 3) FROM region)) WHERE code_a = '310118') AS qingpu_nearest;
-- Statistics per province with one national matrix: each province's regions among themselves.
SELECT province, round(m.i::numeric, 6) AS i, round(m.p_norm::numeric, 6) AS p_norm
FROM (SELECT province, array_agg(code ORDER BY code) AS codes, array_agg(ascii(name)::float8 ORDER BY code) AS vals
	  FROM region WHERE code <> '310151' GROUP BY province) p,
	 morans_i(p.codes, p.vals, (SELECT contiguity_weights(array_agg(code)) FROM region WHERE code <> '310151'), 0) m
ORDER BY province;

-- The aggregate local_morans_i(code, value), per province: arrays of rows.
SELECT province, count(*) AS regions, count(*) FILTER (WHERE (r).quadrant IS NOT NULL) AS with_quadrant
FROM (SELECT province, unnest(local_morans_i(code, ascii(name)::float8)) AS r FROM region WHERE code <> '310151' GROUP BY province) s
GROUP BY province ORDER BY province;
SELECT local_morans_i(code, value) FROM (VALUES ('310118'::adcode, NULL::float8)) v(code, value);
-- The aggregate local_getis_ord_g(code, value): G_i* over binary contiguity, the rows of the array form.
SELECT (SELECT array_agg(row(r.*)::text ORDER BY r.code) FROM (SELECT unnest(local_getis_ord_g(code, ascii(name)::float8)) AS r FROM region) s, LATERAL (SELECT (s.r).*) r)
     = (SELECT array_agg(row(g.*)::text ORDER BY g.code) FROM (SELECT array_agg(code ORDER BY code) AS c, array_agg(ascii(name)::float8 ORDER BY code) AS v FROM region) d,
	    local_getis_ord_g(d.c, d.v, contiguity_weights(d.c, transform => 'B'), true, 999, 0) g) AS same_as_array_form;
SELECT province, count(*) FILTER (WHERE (r).label = 'hot' AND (r).p_sim <= 0.05) AS hot, count(*) FILTER (WHERE (r).label = 'cold' AND (r).p_sim <= 0.05) AS cold
FROM (SELECT province, unnest(local_getis_ord_g(code, ascii(name)::float8)) AS r FROM region GROUP BY province) s GROUP BY province ORDER BY province;
SELECT local_getis_ord_g(code, value) FROM (VALUES ('310118'::adcode, 1::float8), ('310118', 2)) v(code, value);
SELECT local_getis_ord_g(code, value) FROM (VALUES ('650101'::adcode, 1::float8)) v(code, value);

-- Edge cases.  Constant values: no statistic, moments that need no values remain.
SELECT i, ei, round(vi_norm::numeric, 12) AS vi_norm, vi_rand, z_norm, p_sim FROM morans_i('{650101,650102,650103,650104}', '{5,5,5,5}', (SELECT pair_weights(codes, a, b) FROM path));
SELECT c, ec, vc_rand FROM gearys_c('{650101,650102,650103,650104}', '{5,5,5,5}', (SELECT pair_weights(codes, a, b) FROM path));
SELECT code, g, z, p_sim, label FROM local_getis_ord_g('{650101,650102,650103,650104}', '{5,5,5,5}', (SELECT pair_weights(codes, a, b, 'B') FROM path)) ORDER BY code;
-- n < 3: two regions (EI = -1, no randomization variance), one region, none.
SELECT i, ei, vi_norm, vi_rand FROM morans_i('{650101,650102}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'), 0);
SELECT c, ec, vc_norm, vc_rand FROM gearys_c('{650101,650102}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'), 0);
SELECT g, eg, vg FROM getis_ord_g('{650101,650102}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}', 'B'), 0);
SELECT i, ei FROM morans_i('{650101}', '{1}', pair_weights('{650101}', '{}', '{}'));
SELECT * FROM morans_i('{}', '{}', pair_weights('{}', '{}', '{}'));
SELECT * FROM local_getis_ord_g('{650101}', '{1}', pair_weights('{650101}', '{}', '{}'));
-- Islands: NULL local statistics (and a NOTICE); zero rows in the global ones.
SELECT code, ii, quadrant FROM local_morans_i('{650101,650102,650103}'::adcode[], '{1,2,4}', pair_weights('{650101,650102,650103}', '{650101}', '{650102}')) ORDER BY code;
-- G_i* of regions without neighbours: defined (each is its own neighbour), nothing to permute: p_sim 1.
SELECT code, g, p_sim FROM local_getis_ord_g('{650101,650102}', '{1,3}', pair_weights('{650101,650102}', '{}', '{}', 'B'), true, 99) ORDER BY code;
-- Ties: every draw of 650102's neighbours has the same sum (all other values 1): p = 1.
SELECT code, p_sim, z_sim FROM local_getis_ord_g('{650101,650102,650103,650104}', '{1,7,1,1}', (SELECT pair_weights(codes, a, b, 'B') FROM path), false, 99)
WHERE code = '650102';
-- fdr_cutoff: Benjamini-Hochberg (esda.fdr); NULLs left out; none significant gives alpha / m.
SELECT fdr_cutoff('{0.001,0.008,0.039,0.041,0.042,0.06,0.074,0.205,0.212,0.216}') AS cutoff,
	   fdr_cutoff('{0.5,NULL,0.9}', 0.1) AS none_significant, fdr_cutoff('{NULL}') AS no_p;

-- Text form (sorted by code; the binary form round-trips in the driver
-- suites, test/bi/types.sql).
SELECT 'B{650102:[650101:2.5],650101:[]}'::spatial_weights;
SELECT 'R{}'::spatial_weights;
SELECT (w::text)::spatial_weights::text = w::text AS text_round_trip
FROM (SELECT pair_weights('{650101,650102,650103}', '{650101,650102}', '{650102,650103}', '{0.1,2}'::float8[], 'O') AS w) s;

-- Bad input: exact errors.
SELECT pair_weights('{650101,650102}', '{650101}', '{650102,650101}');
SELECT pair_weights('{650101,650102}', '{650101}', '{650102}', '{1,2}'::float8[]);
SELECT pair_weights('{650101,650102}', '{650101}', '{650109}');
SELECT pair_weights('{650101,650102}', '{650101}', '{650101}');
SELECT pair_weights('{650101,650102}', '{650101,650101}', '{650102,650102}');
SELECT pair_weights('{650101,650102}', '{650101}', '{650102}', '{-1}'::float8[]);
SELECT pair_weights('{650101,650102}', '{650101}', '{650102}', '{NaN}'::float8[]);
SELECT pair_weights('{650101,650102}', '{650101}', '{650102}', 'X');
SELECT pair_weights('{650101,650101}', '{}', '{}');
SELECT pair_weights('{650101,NULL}', '{}', '{}');
SELECT knn_weights(array_agg(code), -1) FROM region;
SELECT knn_weights(array_agg(code), 32) FROM region;
SELECT knn_weights('{650101,650102}', '{87.6}', '{43.8,43.9}', 1);
SELECT knn_weights('{650101,650102}', '{87.6,187.6}', '{43.8,43.9}', 1);
SELECT knn_weights('{310118,650101}', 1);
SELECT distance_band_weights(array_agg(code), -5) FROM region;
SELECT distance_band_weights(array_agg(code), 0) FROM region;
SELECT contiguity_weights(array_agg(code), -1) FROM region;
SELECT contiguity_weights(array_agg(code), 200, -1) FROM region;
SELECT contiguity_weights('{310118,650101}');
SELECT morans_i('{650101,650102}', '{1,2,3}', pair_weights('{650101,650102}', '{650101}', '{650102}'));
SELECT morans_i('{650101,650105}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'));
SELECT morans_i('{650101,650101}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'));
SELECT morans_i('{650101,650102}', '{1,NaN}', pair_weights('{650101,650102}', '{650101}', '{650102}'));
SELECT morans_i('{650101,650102}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'), -1);
SELECT gearys_c('{650101,650102}', '{1}', pair_weights('{650101,650102}', '{650101}', '{650102}'));
SELECT getis_ord_g('{650101,650109}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'));
SELECT * FROM local_getis_ord_g('{650101,650102}', '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'), false, -1);
SELECT * FROM local_morans_i('{650101,650102}'::adcode[], '{1,2}', pair_weights('{650101,650102}', '{650101}', '{650102}'), 0);
SELECT fdr_cutoff('{0.5}', 0);
SELECT fdr_cutoff('{1.5}');
SELECT 'Q{}'::spatial_weights;
SELECT 'R{650101:[650102:1]}'::spatial_weights;
SELECT 'R{650101:[650101:1]}'::spatial_weights;
SELECT 'R{650101:[650102:1,650102:2],650102:[]}'::spatial_weights;
SELECT 'R{650101:[650102:-1],650102:[]}'::spatial_weights;
SELECT 'R{650101:[],650101:[]}'::spatial_weights;
SELECT 'R{999999:[]}'::spatial_weights;
SELECT local_morans_i(code, value) FROM (VALUES ('310118'::adcode, 1::float8), ('310118', 2)) v(code, value);

-- Maps.  The LISA cluster map of local_morans_i on the districts (values:
-- the first letter's code of each English name, synthetic) and the hot-spot
-- map of G_i*: well-formed standalone SVG, pure ASCII, one path per region,
-- the legend's classes with their counts and the significance level.
CREATE TEMP TABLE lisa AS SELECT * FROM local_morans_i((SELECT array_agg(code ORDER BY code) FROM region),
	(SELECT array_agg(ascii(name)::float8 ORDER BY code) FROM region), 999, 1);
SELECT quadrant, count(*) FILTER (WHERE p_value <= 0.2) AS significant, count(*) FROM lisa GROUP BY quadrant ORDER BY quadrant;
CREATE TEMP TABLE map AS SELECT lisa_cluster_svg(array_agg(code), array_agg(quadrant), array_agg(p_value), 0.2, 'Clusters & names') AS s FROM lisa;
SELECT xml_is_well_formed_document(s) AS well_formed, octet_length(s) = length(s) AS pure_ascii,
	   (SELECT count(*) FROM regexp_matches(s, '<path class', 'g')) AS paths,
	   (regexp_match(s, '<title>([^<]*)</title>'))[1] AS title
FROM map;
SELECT m[1] AS legend FROM map, regexp_matches(s, '<text x="7[0-9]*" y="[0-9]*"[^>]*>([^<]*)</text>', 'g') AS m;
CREATE TEMP TABLE hot AS SELECT * FROM local_getis_ord_g((SELECT array_agg(code ORDER BY code) FROM region),
	(SELECT array_agg(ascii(name)::float8 ORDER BY code) FROM region),
	(SELECT contiguity_weights(array_agg(code), transform => 'B') FROM region), true, 999, 1);
SELECT m[1] AS legend
FROM (SELECT hot_spot_svg(array_agg(code), array_agg(z), array_agg(p_sim), 0.1) AS s FROM hot) h,
	 regexp_matches(h.s, '<text x="7[0-9]*" y="[0-9]*"[^>]*>([^<]*)</text>', 'g') AS m;
SELECT count(*) FILTER (WHERE p_sim <= 0.1 AND z > 0) AS hot, count(*) FILTER (WHERE p_sim <= 0.1 AND z < 0) AS cold FROM hot;
-- FDR as the significance level: fdr_cutoff(p_values) as alpha.
SELECT m[1] AS legend_title
FROM (SELECT lisa_cluster_svg(array_agg(code), array_agg(quadrant), array_agg(p_value), fdr_cutoff(array_agg(p_value))) AS s FROM lisa) l,
	 regexp_matches(l.s, '<text x="724" y="92"[^>]*>([^<]*)</text>') AS m;
-- Bad input.
SELECT lisa_cluster_svg('{310118,320509}', '{HH}', '{0.01,0.02}');
SELECT lisa_cluster_svg('{310118}', '{XX}', '{0.01}');
SELECT lisa_cluster_svg('{310118}', '{HH}', '{0.01}', 0);
SELECT lisa_cluster_svg('{310118}', '{HH}', '{2}');
SELECT lisa_cluster_svg('{650101}', '{HH}', '{0.01}');
SELECT hot_spot_svg('{310118}', '{1,2}', '{0.01}');
SELECT hot_spot_svg('{310118}', '{1}', '{0.01}', 1.5);
