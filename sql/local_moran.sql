-- local_morans_i: LISA with conditional permutation inference; first on a 4 x 4
-- lattice with rook contiguity passed as neighbour pairs (local_morans_i_neighbors),
-- then with the weights of morans_i on the shipped regions.
SET search_path = public, regional_dev;

-- Cells 650101 .. 650116 row by row (r, c = 0..3); rook pairs (24).
CREATE TEMP TABLE cell AS
SELECT adcode(650101 + r * 4 + c) AS code, r, c FROM generate_series(0, 3) AS r, generate_series(0, 3) AS c;
CREATE TEMP TABLE rook AS
SELECT a.code AS a, b.code AS b FROM cell a JOIN cell b
	ON (a.r = b.r AND b.c = a.c + 1) OR (a.c = b.c AND b.r = a.r + 1);
SELECT count(*) AS rook_pairs FROM rook;
-- lisa(value expression per cell): local_morans_i over the lattice.
CREATE FUNCTION pg_temp.lisa(vals float8[], permutations integer DEFAULT 999, seed integer DEFAULT 0)
RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
LANGUAGE sql AS $$
	SELECT * FROM regional_dev.local_morans_i_neighbors((SELECT array_agg(code ORDER BY code) FROM cell), vals,
		(SELECT array_agg(a) FROM rook), (SELECT array_agg(b) FROM rook), permutations, seed)
$$;

-- Checkerboard: values (r + c) % 2, mean 0.5, sd 0.5, so z = +-1; every rook
-- neighbour has the other colour, lag = -z, and I_i = (n - 1) z lag / Σz² =
-- 15 * (-1) / 16 = -0.9375 everywhere: high cells HL, low cells LH.  The
-- observed I_i is the smallest any draw can give, so (PySAL's folded count)
-- p = 1/(999 + 1) = 0.001 for every cell and every seed.
SELECT c.r, c.c, l.ii, l.quadrant, l.p_value, l.z < 0 AS z_negative
FROM pg_temp.lisa((SELECT array_agg(((r + c) % 2)::float8 ORDER BY code) FROM cell)) AS l
JOIN cell c USING (code) ORDER BY l.code;
SELECT count(DISTINCT p_value) AS distinct_p, min(p_value) AS p
FROM generate_series(1, 5) AS s, pg_temp.lisa((SELECT array_agg(((r + c) % 2)::float8 ORDER BY code) FROM cell), 999, s);

-- Two blocks: columns 0-1 high (1), columns 2-3 low (0); z = +-1.
-- Column 0 and 3 cells: all neighbours alike, lag = z, I_i = 15/16 = 0.9375.
-- Column 1 and 2 cells inside (rows 1, 2): 3 alike of 4, lag = z/2, I_i = 0.46875;
-- on rows 0 and 3: 2 alike of 3, lag = z/3, I_i = 0.3125.  Quadrants HH left, LL right.
SELECT c.r, c.c, l.ii, l.quadrant
FROM pg_temp.lisa((SELECT array_agg((c < 2)::int::float8 ORDER BY code) FROM cell)) AS l
JOIN cell c USING (code) ORDER BY c.r, c.c;

-- Values 1..16 row by row (a gradient).  Exact conditional-permutation
-- probabilities P(permuted I_i >= I_i), enumerating every neighbour draw
-- (/usr/bin/python3: itertools.combinations of the 15 other cells, c_i at a
-- time): cell 650101 (2 neighbours) 4/105 = 0.0380952, cell 650102 (3) 4/455 =
-- 0.0087912, cell 650103 (3) 17/455 = 0.0373626.  Five seeds of 99999
-- permutations each average to within sampling error (standard error about
-- 0.00027, 0.00013, 0.00027) of these.
SELECT l.code, round(avg(l.p_value)::numeric, 4) AS mean_p,
       abs(avg(l.p_value) - CASE l.code WHEN '650101' THEN 4 / 105.0 WHEN '650102' THEN 4 / 455.0 ELSE 17 / 455.0 END) < 0.001 AS matches_exact
FROM generate_series(1, 5) AS s,
     pg_temp.lisa((SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell), 99999, s) AS l
WHERE l.code IN ('650101', '650102', '650103') GROUP BY l.code ORDER BY l.code;
-- I_i by hand for cell 650101: mean 8.5, sd sqrt(21.25); neighbours 2 and 5,
-- lag = ((2 - 8.5) + (5 - 8.5)) / 2 / sd = -5 / sd, z = -7.5 / sd, I = 15 * z * lag / 16
-- = 15 * 37.5 / 21.25 / 16 = 1.65441176470588.
SELECT round(ii::numeric, 12) AS ii, quadrant FROM pg_temp.lisa((SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell))
WHERE code = '650101';
-- Reproducible for a seed; another seed draws other permutations.
SELECT (SELECT array_agg(p_value ORDER BY code) FROM pg_temp.lisa((SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell), 999, 42))
     = (SELECT array_agg(p_value ORDER BY code) FROM pg_temp.lisa((SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell), 999, 42)) AS same_seed_same_p,
       (SELECT array_agg(p_value ORDER BY code) FROM pg_temp.lisa((SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell), 999, 42))
     <> (SELECT array_agg(p_value ORDER BY code) FROM pg_temp.lisa((SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell), 999, 43)) AS other_seed_other_p;
-- The default is 999 permutations with seed 0.
SELECT (SELECT array_agg(p_value ORDER BY code) FROM pg_temp.lisa((SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell)))
     = (SELECT array_agg(p_value ORDER BY code) FROM local_morans_i_neighbors((SELECT array_agg(code ORDER BY code) FROM cell),
            (SELECT array_agg((r * 4 + c + 1)::float8 ORDER BY code) FROM cell), (SELECT array_agg(a) FROM rook), (SELECT array_agg(b) FROM rook), 999, 0)) AS defaults;

-- Rows come in the order of codes; pairs naming other codes or a code twice are ignored.
SELECT * FROM local_morans_i_neighbors('{650103,650101,650102}', '{3,1,2}',
	'{650101,650102,650102,650101,650199}', '{650102,650103,650102,650102,650101}', 99, 1);
-- One value exactly at the mean: I_i = 0 in every draw, p = 1, z NULL.
SELECT code, ii, z, p_value, quadrant FROM local_morans_i_neighbors('{650101,650102,650103}', '{1,2,3}',
	'{650101,650102}', '{650102,650103}', 99, 1) WHERE code = '650102';
-- A region bordering all the others (650102 here, value 1 of 3, 1, 2): every draw
-- has its actual neighbours, so nothing is tested: p = 1, z NULL.  Its
-- neighbour 650101 (one neighbour, drawn from two) has the smallest I_i any
-- draw can give, half the draws tie with it, and (as in PySAL, ties count as
-- "at least as large", then the count is folded) p = 1/(99 + 1).
SELECT * FROM local_morans_i_neighbors('{650101,650102,650103}', '{3,1,2}', '{650101,650102}', '{650102,650103}', 99, 1);
-- Regions without a neighbour: NULL statistics and a NOTICE; they still count in n.
SELECT * FROM local_morans_i_neighbors('{650101,650102,650103,650104}', '{1,2,3,10}', '{650101}', '{650102}', 99, 1);
-- All values equal: no variance, nothing defined.
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{5,5}', '{650101}', '{650102}');
-- Empty input: no rows.
SELECT count(*) FROM local_morans_i_neighbors('{}', '{}', '{}', '{}');

-- Bad input.
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{1,2,3}', '{650101}', '{650102}');
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{1,2}', '{650101}', '{650102}', 0);
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{1,2}', '{650101}', '{650102}', -5);
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{1,NULL}', '{650101}', '{650102}');
SELECT * FROM local_morans_i_neighbors('{650101,NULL}', '{1,2}', '{650101}', '{650102}');
SELECT * FROM local_morans_i_neighbors('{650101,650101}', '{1,2}', '{650101}', '{650102}');
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{1,NaN}', '{650101}', '{650102}');
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{1,2}', '{650101}', '{650102,650103}');
SELECT * FROM local_morans_i_neighbors('{{650101,650102}}', '{{1,2}}', '{650101}', '{650102}');
SELECT * FROM local_morans_i_neighbors('{650101,650102}', '{1,2}', '{650101}', '{650102}', NULL) AS strict_null;

-- The API form: weights of morans_i, region_neighbors(200) among the codes of
-- the shipped regions.  The three zone districts border each other (shared
-- borders of about 6.9, 17.4 and 22.3 km), so each borders all the others and
-- every draw is its actual neighbourhood: p = 1, z NULL.  Values 1, 2, 3:
-- z = -1.2247, 0, 1.2247 (sd sqrt(2/3)), Σz² = 3; Qingpu's lag is (0 + 1.2247)/2,
-- I = 2 * (-1.2247) * 0.6124 / 3 = -0.5; Wujiang's z is 0, I = 0; Jiashan -0.5.
SELECT * FROM local_morans_i('{310118,320509,330421}'::adcode[], '{1,2,3}');
-- With the same values, global and local agree: morans_i's I equals
-- n / (S0 (n - 1)) * Σ I_i (S0 = regions with neighbours; PySAL's identity).
-- Values: the longitude of a point inside each of the 32 shipped districts
-- (an east-west gradient: strong positive autocorrelation).
CREATE TEMP TABLE lon AS SELECT code, ST_X(ST_PointOnSurface(geom)) AS x FROM region;
SELECT abs((SELECT (morans_i(code, x)).i FROM lon)
           - 32.0 / (31 * 31) * (SELECT sum(ii) FROM local_morans_i((SELECT array_agg(code ORDER BY code) FROM lon),
                                                               (SELECT array_agg(x ORDER BY code) FROM lon)))) < 1e-12 AS global_equals_sum_of_local;
-- The regions, their quadrants, and how many are significant at 5 % (seed 0):
-- Chongming (310151, an island at 200 m) has no neighbour: NULLs and a NOTICE.
SELECT quadrant, count(*) AS regions, count(*) FILTER (WHERE p_value < 0.05) AS p_below_5_percent
FROM local_morans_i((SELECT array_agg(code ORDER BY code) FROM lon), (SELECT array_agg(x ORDER BY code) FROM lon))
GROUP BY quadrant ORDER BY quadrant;
-- Reproducible: the same seed gives the same p-values; the pairs form with the
-- pairs of region_neighbors(200) gives the same result as the API form.
SELECT (SELECT array_agg(p_value ORDER BY code) FROM local_morans_i((SELECT array_agg(code ORDER BY code) FROM lon), (SELECT array_agg(x ORDER BY code) FROM lon), 999, 7))
     = (SELECT array_agg(p_value ORDER BY code) FROM local_morans_i((SELECT array_agg(code ORDER BY code) FROM lon), (SELECT array_agg(x ORDER BY code) FROM lon), 999, 7)) AS same_seed,
       (SELECT array_agg(row(ii, z, p_value, quadrant)::text ORDER BY code) FROM local_morans_i((SELECT array_agg(code ORDER BY code) FROM lon), (SELECT array_agg(x ORDER BY code) FROM lon), 999, 7))
     = (SELECT array_agg(row(ii, z, p_value, quadrant)::text ORDER BY code)
        FROM local_morans_i_neighbors((SELECT array_agg(code ORDER BY code) FROM lon), (SELECT array_agg(x ORDER BY code) FROM lon),
                            (SELECT array_agg(a) FROM region_neighbors(200)), (SELECT array_agg(b) FROM region_neighbors(200)), 999, 7)) AS api_equals_pairs;
-- A code without a boundary in regional_dev.region is an error (as in morans_i).
SELECT * FROM local_morans_i('{310118,320509,610101}'::adcode[], '{1,2,3}');
-- Bad input in the API form: mismatched lengths, permutations < 1.  (Two
-- untyped literals need a cast since the aggregate local_morans_i(code, value)
-- exists: both forms would accept them.)
SELECT * FROM local_morans_i('{310118,320509}'::adcode[], '{1,2,3}');
SELECT * FROM local_morans_i('{310118,320509}', '{1,2}', 0);
