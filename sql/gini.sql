-- gini: exact weighted Gini coefficient, its state type gini_state, errors (parallel plans: sql/parallel.sql).
SET search_path = public, regional_dev;

-- Expected values computed independently with the double-sum definition
-- G = Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ), by /usr/bin/python3:
--   def gini(xs, ws=None):
--       ws = ws or [1.0]*len(xs)
--       W = sum(ws); mu = sum(w*x for x, w in zip(xs, ws))/W
--       return sum(wi*wj*abs(xi-xj) for xi, wi in zip(xs, ws) for xj, wj in zip(xs, ws))/(2*W*W*mu)
-- gini([1,2,3,4,10]) = 0.4 (also by hand: Σ_{i<j}|x_i−x_j| = 40, 2·40/(2·5²·4) = 0.4).
SELECT gini(x) AS unweighted, gini(x, 1) AS weight_one, gini(x, 7.5) AS same_weights
FROM unnest('{1,2,3,4,10}'::float8[]) AS x;
-- gini([1,2,5], [0.5,0.25,0.25]) = 0.361111111111 (by hand: μ = 2.25,
-- Σ_{i<j} w_i w_j |x_i−x_j| = 0.125 + 0.5 + 0.1875 = 0.8125, G = 0.8125/2.25).
SELECT round(gini(x, w)::numeric, 12) AS weighted
FROM (VALUES (1.0::float8, 0.5::float8), (2, 0.25), (5, 0.25)) v(x, w);

-- Per-capita GDP of nine districts (illustrative figures, as in sql/inequality.sql),
-- weighted by residents: python gini([y/p ...], [p ...]) = 0.164151576588,
-- unweighted gini([y/p ...]) = 0.134809129328.
CREATE TEMP TABLE gdp (code adcode, gdp float8, pop float8);
INSERT INTO gdp VALUES
	('310118', 149.8, 128.0), ('310117', 180.6, 191.0), ('310114', 280.0, 184.0),
	('320509', 237.7, 154.5), ('320583', 500.6, 210.0), ('320506', 160.0, 140.0),
	('330421', 85.0, 65.0), ('330482', 100.5, 70.0), ('330411', 85.9, 63.0);
SELECT round(gini(gdp / pop, pop)::numeric, 12) AS weighted, round(gini(gdp / pop)::numeric, 12) AS unweighted FROM gdp;

-- Identical values: 0, whatever the weights.  One value: 0.
SELECT gini(42.0, w) AS identical FROM generate_series(1, 10) w;
SELECT gini(x) AS identical_unweighted FROM (SELECT 0.1::float8 AS x FROM generate_series(1, 1000)) v;
SELECT gini(3, 2) AS one_value;
-- All on one: (n − 1)/n = 0.75 for {0, 0, 0, 1}.
SELECT gini(x) AS concentrated FROM unnest('{0,0,0,1}'::float8[]) AS x;

-- Integer weights are replications: gini(x, 3) = gini of each x three times.
SELECT (SELECT gini(gdp / pop, 3) FROM gdp) = (SELECT gini(gdp / pop) FROM gdp, generate_series(1, 3)) AS weights_replicate;

-- Many rows: values 1..100000 give (n − 1)/(3n) = 0.33333; values i % 1000 for
-- i in 1..100000 (0..999, 100 times each) give (m + 1)/(3m) = 0.333666666667
-- (closed forms of the uniform discrete distribution).  The second keeps only
-- 1000 distinct values in the state.
SELECT round(gini(i)::numeric, 12) AS uniform_1_100000 FROM generate_series(1, 100000) i;
SELECT round(gini(i % 1000)::numeric, 12) AS uniform_0_999 FROM generate_series(1, 100000) i;

-- Row order does not matter.
SELECT (SELECT gini(gdp / pop, pop ORDER BY gdp) FROM gdp) = (SELECT gini(gdp / pop, pop ORDER BY pop DESC) FROM gdp) AS order_independent;

-- NULL and edge rules: NULL value or weight skips the row; weight 0 ignores
-- it; no row or no positive weight gives NULL; a weighted mean ≤ 0 gives NULL.
SELECT gini(x, w) FROM (VALUES (1.0::float8, 1.0::float8), (NULL, 5), (100, NULL), (3, 1), (1000, 0)) v(x, w);
SELECT gini(x, 0) IS NULL AS all_weights_zero FROM unnest('{1,2,3}'::float8[]) AS x;
SELECT gini(x, 1) IS NULL AS no_rows FROM unnest('{}'::float8[]) AS x;
SELECT gini(x) IS NULL AS zero_mean FROM unnest('{-1,1}'::float8[]) AS x;
SELECT gini(x) IS NULL AS negative_mean FROM unnest('{-3,1}'::float8[]) AS x;
-- Negative values with a positive mean are allowed: python gini([-1, 2]) = 1.5.
SELECT gini(x) AS with_negative FROM unnest('{-1,2}'::float8[]) AS x;

-- Bad input: 22023 naming the value.
SELECT gini(x, w) FROM (VALUES (1.0::float8, 1.0::float8), (2, -0.5)) v(x, w);
SELECT gini('NaN', 1);
SELECT gini(1, 'Infinity');
SELECT gini('-Infinity');
\set VERBOSITY sqlstate
SELECT gini(1, -1);
\set VERBOSITY default

-- The state type: canonical text (values ascending, equal values merged),
-- round trip; the transition function called directly copies its input.
-- gini_final('{1:2,3:1.5}') by hand: W = 3.5, μ = 6.5/3.5,
-- Σ_i Σ_j w_i w_j |x_i − x_j| = 2·(2·1.5·2) = 12, G = 12/(2·3.5²·6.5/3.5) = 12/45.5 = 0.263736…
SELECT gini_trans(gini_trans(gini_trans(NULL, 3, 1), 1, 2), 3, 0.5) AS state;
SELECT gini_final('{1:2,3:1.5}') AS from_text;
SELECT '{ 3 : 1.5 , 1 : 2 }'::gini_state;
SELECT gini_combine('{1:2,3:1.5}', '{3:1,5:1}');
SELECT '{1:1,2:2}'::gini_state::text::gini_state::text AS round_trip;
SELECT '{}'::gini_state;
SELECT '{1:2,1:3}'::gini_state;
SELECT '{1:0}'::gini_state;
SELECT '{1:-1}'::gini_state;
SELECT '{NaN:1}'::gini_state;
SELECT '{1:2'::gini_state;
SELECT '{1 2}'::gini_state;
SELECT '{1:2} 3'::gini_state;
-- Binary: round trip, and validated like text (weight −1 in the bytes).
CREATE TEMP TABLE gini_bin (s gini_state);
INSERT INTO gini_bin VALUES ('{1:2,3:1.5}'), ('{-4.25:1e-3}');
\copy gini_bin TO 'results/gini.bin' WITH (FORMAT binary)
CREATE TEMP TABLE gini_bin2 (s gini_state);
\copy gini_bin2 FROM 'results/gini.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(s::text ORDER BY s::text) FROM gini_bin) = (SELECT array_agg(s::text ORDER BY s::text) FROM gini_bin2) AS binary_round_trip;
SELECT encode(gini_state_send('{1:2}'), 'hex');
\copy (SELECT overlay(gini_state_send('{1:2}') PLACING float8send(-1) FROM 14 FOR 8)) TO 'results/gini_bad.bin' WITH (FORMAT binary)
\copy gini_bin2 FROM 'results/gini_bad.bin' WITH (FORMAT binary)
