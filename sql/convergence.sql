-- beta_convergence: OLS of annual log growth on the log initial level, its
-- state type, NULL rules, errors (parallel plans: sql/parallel.sql).
SET search_path = public, regional_dev;

-- A converging panel built exactly on the textbook model: over T = 10 years,
-- g_i = ln(final_i/initial_i)/T = 0.25 − 0.02·ln(initial_i), so beta = −0.02,
-- r_squared = 1, speed = −ln(1 + beta·T)/T = −ln(0.8)/10 = 0.022314355131 and
-- half_life = ln 2/speed = 31.062837195054 years (by hand / python math.log).
CREATE TEMP TABLE panel AS
SELECT initial, initial * exp(10 * (0.25 - 0.02 * ln(initial))) AS final
FROM unnest('{20000,35000,50000,80000,120000,200000}'::float8[]) AS initial;
SELECT round(beta::numeric, 12) AS beta, round(speed::numeric, 12) AS speed,
       round(half_life::numeric, 9) AS half_life, round(r_squared::numeric, 12) AS r_squared
FROM (SELECT (beta_convergence(initial, final, 10)).* FROM panel) x;

-- A noisy panel over 5 years; expected values by /usr/bin/python3 (centred OLS):
--   from math import log
--   def ols(rows):  # (initial, final, years)
--       xs = [log(i) for i, f, t in rows]; gs = [log(f / i) / t for i, f, t in rows]
--       n = len(rows); mx = sum(xs) / n; mg = sum(gs) / n
--       sxx = sum((x - mx) ** 2 for x in xs); sgg = sum((g - mg) ** 2 for g in gs)
--       sxg = sum((x - mx) * (g - mg) for x, g in zip(xs, gs))
--       b = sxg / sxx; T = sum(t for i, f, t in rows) / n
--       sp = -log(1 + b * T) / T if b < 0 and 1 + b * T > 0 else None
--       return b, sp, (log(2) / sp if sp else None), sxg * sxg / (sxx * sgg)
--   ols([(18500,31200,5),(26400,39800,5),(41000,57300,5),(52300,66900,5),
--        (77800,98100,5),(104000,122500,5),(151000,170900,5)])
-- -> beta -0.037017864800, speed 0.040935354350, half_life 16.932727017303, r_squared 0.962115535354
CREATE TEMP TABLE noisy (code adcode, initial float8, final float8);
INSERT INTO noisy VALUES ('330421', 18500, 31200), ('330482', 26400, 39800), ('310118', 41000, 57300),
	('320509', 52300, 66900), ('310117', 77800, 98100), ('320583', 104000, 122500), ('310115', 151000, 170900);
SELECT round(beta::numeric, 12) AS beta, round(speed::numeric, 12) AS speed,
       round(half_life::numeric, 9) AS half_life, round(r_squared::numeric, 12) AS r_squared
FROM (SELECT (beta_convergence(initial, final, 5)).* FROM noisy) x;
-- The same slope and r² as PostgreSQL's own regr_slope / regr_r2.
SELECT abs(b.beta - r.slope) < 1e-15 AS same_slope, abs(b.r_squared - r.r2) < 1e-14 AS same_r2
FROM (SELECT (beta_convergence(initial, final, 5)).* FROM noisy) b,
     (SELECT regr_slope(ln(final / initial) / 5, ln(initial)) AS slope,
             regr_r2(ln(final / initial) / 5, ln(initial)) AS r2 FROM noisy) r;
-- Row order does not matter (to rounding).
SELECT abs((beta_convergence(initial, final, 5 ORDER BY initial)).beta
         - (beta_convergence(initial, final, 5 ORDER BY final DESC)).beta) < 1e-15 AS order_independent
FROM noisy;

-- Periods of different length: growth is annualized per row and the speed
-- uses the mean period T.  g = 0.4 − 0.03·ln(initial) exactly, years 4 and 6
-- (T = 5): beta = −0.03, speed = −ln(1 − 0.15)/5 = 0.032503785900,
-- half_life = 21.325121408994 (python math.log).
SELECT round(beta::numeric, 12) AS beta, round(speed::numeric, 12) AS speed, round(half_life::numeric, 9) AS half_life
FROM (SELECT (beta_convergence(initial, initial * exp(years * (0.4 - 0.03 * ln(initial))), years)).*
      FROM unnest('{20000,40000,60000,90000}'::float8[]) AS initial,
           unnest('{4,6}'::float8[]) AS years) x;

-- No convergence: beta ≥ 0 (poorer regions grow slower): speed and half-life NULL.
SELECT beta > 0 AS diverging, speed IS NULL AS no_speed, half_life IS NULL AS no_half_life, round(r_squared::numeric, 12) AS r_squared
FROM (SELECT (beta_convergence(initial, initial * exp(10 * (0.01 * ln(initial) - 0.05)), 10)).*
      FROM unnest('{20000,50000,200000}'::float8[]) AS initial) x;
-- Overshooting: beta = −0.15 over 10 years gives 1 + beta·T = −0.5 ≤ 0: no speed.
SELECT round(beta::numeric, 12) AS beta, speed IS NULL AS no_speed, half_life IS NULL AS no_half_life
FROM (SELECT (beta_convergence(initial, initial * exp(10 * (1.5 - 0.15 * ln(initial))), 10)).*
      FROM unnest('{20000,50000,200000}'::float8[]) AS initial) x;

-- Too few regions, or equal initial levels: every field NULL; no row: NULL.
SELECT (beta_convergence(100, 150, 5)).*;
SELECT (beta_convergence(100, f, 5)).* FROM unnest('{150,170}'::float8[]) AS f;
SELECT beta_convergence(i, f, y) IS NULL AS no_rows FROM (VALUES (NULL::float8, 1::float8, 1::float8), (1, NULL, 1), (1, 1, NULL)) v(i, f, y);
-- NULL rows are skipped.
SELECT (SELECT beta_convergence(initial, final, 5) FROM noisy)::text
     = (SELECT beta_convergence(initial, final, 5) FROM (SELECT initial, final FROM noisy UNION ALL SELECT NULL, 1) n)::text AS nulls_skipped;

-- Bad input: 22023 naming the value.
SELECT beta_convergence(i, 2, 5) FROM unnest('{1,0}'::float8[]) AS i;
SELECT beta_convergence(1, -2, 5);
SELECT beta_convergence(1, 2, 0);
SELECT beta_convergence('NaN', 2, 5);
SELECT beta_convergence(1, 'Infinity', 5);
\set VERBOSITY sqlstate
SELECT beta_convergence(1, 2, -1);
\set VERBOSITY default

-- The state type: text round trip, bad text, binary round trip and validation.
-- By hand for rows (100, 200, 10), (400, 500, 10): sx = ln 100 + ln 400 = 10.5966…,
-- sy = ln(2)/10 + ln(1.25)/10 = 0.0916…, sxx = (ln 4)²/2 = 0.9609…,
-- syy = ((ln 2 − ln 1.25)/10)²/2 = 0.0011045…, sxy = −ln 4·(ln 1.6/10)/2 = −0.032578….
SELECT beta_convergence_trans(beta_convergence_trans(NULL, 100, 200, 10), 400, 500, 10) AS state;
SELECT s::text::beta_convergence_state::text = s::text AS text_round_trip
FROM (SELECT beta_convergence_trans(beta_convergence_trans(NULL, 100, 200, 10), 400, 500, 10) AS s) x;
-- beta = sxy/sxx = −0.5, r² = sxy²/(sxx·syy) = 1, T = 10: 1 + beta·T < 0, no speed.
SELECT beta_convergence_final('{n:2,years:20,sx:1,sy:1,sxx:2,syy:0.5,sxy:-1}');
SELECT '{n:0,years:1,sx:0,sy:0,sxx:0,syy:0,sxy:0}'::beta_convergence_state;
SELECT '{n:1,years:0,sx:0,sy:0,sxx:0,syy:0,sxy:0}'::beta_convergence_state;
SELECT '{n:2,years:1,sx:0,sy:0,sxx:-1,syy:0,sxy:0}'::beta_convergence_state;
SELECT '{n:1,years:1,sx:0,sy:0,sxx:1,syy:0,sxy:0}'::beta_convergence_state;
SELECT '{n:2,years:1,sx:0,sy:0,sxx:1,syy:Infinity,sxy:0}'::beta_convergence_state;
SELECT '{n:2,years:1,sx:0,sy:0,sxx:1,syy:1}'::beta_convergence_state;
SELECT '{n:2,years:1,sx:0,sy:0,sxx:1,syy:1,xy:0}'::beta_convergence_state;
CREATE TEMP TABLE beta_bin (s beta_convergence_state);
INSERT INTO beta_bin SELECT beta_convergence_trans(beta_convergence_trans(NULL, 100, 200, 10), 400, 500, 10);
\copy beta_bin TO 'results/convergence.bin' WITH (FORMAT binary)
CREATE TEMP TABLE beta_bin2 (s beta_convergence_state);
\copy beta_bin2 FROM 'results/convergence.bin' WITH (FORMAT binary)
SELECT (SELECT s::text FROM beta_bin) = (SELECT s::text FROM beta_bin2) AS binary_round_trip;
SELECT encode(beta_convergence_state_send('{n:1,years:1,sx:0,sy:0,sxx:0,syy:0,sxy:0}'), 'hex');
-- regional_dev 1.0's binary form (version 1: one float8 per sum) still reads.
\copy (SELECT decode('01' || '0000000000000002' || '4024000000000000' || '3ff0000000000000' || repeat('0000000000000000', 4), 'hex')) TO 'results/convergence_v1.bin' WITH (FORMAT binary)
TRUNCATE beta_bin2;
\copy beta_bin2 FROM 'results/convergence_v1.bin' WITH (FORMAT binary)
SELECT s FROM beta_bin2;
-- n = 0 in the bytes.
\copy (SELECT overlay(beta_convergence_state_send('{n:1,years:1,sx:0,sy:0,sxx:0,syy:0,sxy:0}') PLACING int8send(0) FROM 2 FOR 8)) TO 'results/convergence_bad.bin' WITH (FORMAT binary)
\copy beta_bin2 FROM 'results/convergence_bad.bin' WITH (FORMAT binary)
