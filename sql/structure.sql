-- Structure and specialization aggregates: shift_share, herfindahl, hoover,
-- krugman_specialization; their state types; row order (parallel plans: sql/parallel.sql).
SET search_path = public, regional_dev;

--------------------------------------------------------------------------
-- shift_share
--------------------------------------------------------------------------

-- Published example: K. Krumme, "Shift & Share Table with Excel Explanations",
-- Geography 350, University of Washington,
-- http://faculty.washington.edu/krumme/350/ssexcel.html (hypothetical region
-- "Holukuluku", 1985-1995).  Region: industries I-IV with 500, 100, 200, 200
-- jobs in 1985 and 1000, 100, 250, 280 in 1995.  Nation: shares 10/20/40/30 %
-- in 1985 and industry growth 10/20/30/40 %, total growth 29 %; any national
-- base gives the same components, here 1000 jobs: 100, 200, 400, 300 ->
-- 110, 240, 520, 420 (total 1290).  Published: regional growth 630, national
-- growth effect 290, composition (industry mix) effect net -80
-- (-95, -9, +2, +22), differential (regional shift) effect 420
-- (+450, -20, -10, 0); 290 - 80 + 420 = 630.
CREATE TEMP TABLE holukuluku (industry text, e1985 float8, e1995 float8, n1985 float8, n1995 float8);
INSERT INTO holukuluku VALUES
	('I', 500, 1000, 100, 110), ('II', 100, 100, 200, 240),
	('III', 200, 250, 400, 520), ('IV', 200, 280, 300, 420);
SELECT (s).national_share, (s).industry_mix, (s).regional_shift,
       (s).national_share + (s).industry_mix + (s).regional_shift AS sum_of_components,
       (SELECT sum(e1995 - e1985) FROM holukuluku) AS change
FROM (SELECT shift_share(e1985, e1995, n1985, n1995, 1000, 1290) AS s FROM holukuluku) AS t;
-- Per industry (one row per group): the published columns, in sign.
SELECT industry, (s).* FROM (
	SELECT industry, shift_share(e1985, e1995, n1985, n1995, 1000, 1290) AS s
	FROM holukuluku GROUP BY industry) AS t ORDER BY industry;

-- Hand case.  Sector A: region 100 -> 120, nation 1000 -> 1100 (G_A = 0.10);
-- sector B: region 50 -> 45, nation 3000 -> 3600 (G_B = 0.20); nation total
-- 4000 -> 4700 (G_n = 0.175).
--   NS = 150 * 0.175 = 26.25
--   IM = 100 * (0.10 - 0.175) + 50 * (0.20 - 0.175) = -7.5 + 1.25 = -6.25
--   RS = 100 * (0.20 - 0.10) + 50 * (-0.10 - 0.20) = 10 - 15 = -5
--   NS + IM + RS = 15 = (120 + 45) - (100 + 50).
CREATE TEMP TABLE hand (sector text, e0 float8, e1 float8, n0 float8, n1 float8);
INSERT INTO hand VALUES ('A', 100, 120, 1000, 1100), ('B', 50, 45, 3000, 3600);
SELECT (shift_share(e0, e1, n0, n1, 4000, 4700)).* FROM hand;
-- A sector new to the region (base 0): nothing to weight a growth rate with, so
-- its whole 10 is regional shift, even though the nation had none of it either
-- (national sector base 0): NS 26.25, IM -6.25, RS -5 + 10 = 5; sum 25 = 175 - 150.
SELECT (shift_share(e0, e1, n0, n1, 4000, 4700)).*
FROM (SELECT * FROM hand UNION ALL SELECT 'C', 0, 10, 0, 50) AS t;
-- A sector the region has but the nation had none of at the base: its national
-- growth rate is undefined, so are industry mix and regional shift (NULL);
-- the national share 155 * 0.175 = 27.125 is still defined.
SELECT (shift_share(e0, e1, n0, n1, 4000, 4700)).*
FROM (SELECT * FROM hand UNION ALL SELECT 'C', 5, 10, 0, 50) AS t;
-- The same with a negative national sector base.
SELECT (shift_share(e0, e1, n0, n1, 4000, 4700)).*
FROM (SELECT * FROM hand UNION ALL SELECT 'C', 5, 10, -1, 50) AS t;
-- A national total base <= 0: G_n undefined, so national share and industry
-- mix are NULL; the regional shift (-5) does not involve G_n.
SELECT (shift_share(e0, e1, n0, n1, 0, 4700)).* FROM hand;
SELECT (shift_share(e0, e1, n0, n1, -4000, 4700)).* FROM hand;
-- Negative regional values (e.g. a sector's net value added) are accepted; the
-- parts still add up: sector D -10 -> 5 in a nation growing 0.10 in D:
-- NS = 140 * 0.175 = 24.5, IM = -6.25 + (-10) * (0.10 - 0.175) = -5.5,
-- RS = -5 + (15 - (-10) * 0.10) = 11; sum 30 = 170 - 140.
SELECT (shift_share(e0, e1, n0, n1, 4000, 4700)).*
FROM (SELECT * FROM hand UNION ALL SELECT 'D', -10, 5, 200, 220) AS t;

-- Components of decimal data add up to the change (to rounding), and regions
-- add up: the components of two regions pooled are the sums of each region's.
CREATE TEMP TABLE two_regions (region text, sector int, e0 float8, e1 float8, n0 float8, n1 float8);
INSERT INTO two_regions
SELECT r, s, 10.3 * s + (r = 'north')::int * 7.1, 11.7 * s + (r = 'north')::int * 2.9 + (s % 3) * 1.9,
       1000.1 * s, 1090.7 * s + 33.3 * (s % 4)
FROM unnest(ARRAY['north', 'south']) AS r, generate_series(1, 12) AS s;
SELECT region, abs((s).national_share + (s).industry_mix + (s).regional_shift - change) < 1e-9 AS adds_up
FROM (SELECT region, shift_share(e0, e1, n0, n1, 99000.5, 108123.25) AS s, sum(e1 - e0) AS change
      FROM two_regions GROUP BY region) AS t ORDER BY region;
SELECT abs(sum((s).national_share) - (p).national_share) < 1e-9 AS ns_additive,
       abs(sum((s).industry_mix) - (p).industry_mix) < 1e-9 AS im_additive,
       abs(sum((s).regional_shift) - (p).regional_shift) < 1e-9 AS rs_additive
FROM (SELECT region, shift_share(e0, e1, n0, n1, 99000.5, 108123.25) AS s FROM two_regions GROUP BY region) AS t,
     (SELECT shift_share(e0, e1, n0, n1, 99000.5, 108123.25) AS p FROM two_regions) AS q
GROUP BY p;

-- NULL arguments skip the row; no row used -> NULL.
SELECT (shift_share(e0, e1, n0, n1, 4000, 4700)).*
FROM (SELECT * FROM hand UNION ALL SELECT 'X', NULL, 1, 1, 1) AS t;
SELECT shift_share(e0, e1, n0, n1, NULL, 4700) IS NULL AS no_row_used FROM hand;
SELECT shift_share(e0, e1, n0, n1, 4000, 4700) IS NULL AS no_row FROM hand WHERE false;

-- Bad input: nation totals that differ between rows, non-finite values.
SELECT shift_share(e0, e1, n0, n1, 4000 + (sector = 'B')::int, 4700) FROM hand;
SELECT shift_share(e0, e1, n0, n1, 4000, 4700 + (sector = 'B')::int * 0.5) FROM hand;
SELECT shift_share(e0, 'NaN', n0, n1, 4000, 4700) FROM hand;
SELECT shift_share(e0, e1, n0, n1, 4000, 'Infinity') FROM hand;
SELECT shift_share(e0, e1, '-Infinity', n1, 4000, 4700) FROM hand;

--------------------------------------------------------------------------
-- herfindahl
--------------------------------------------------------------------------
-- (1, 1, 2): shares 1/4, 1/4, 1/2 -> 1/16 + 1/16 + 1/4 = 0.375.
-- Four equal values: 4 * (1/4)^2 = 0.25.  One value: 1.  Zeros add nothing.
SELECT herfindahl(v) FROM (VALUES (1), (1), (2)) AS t(v);
SELECT herfindahl(v) FROM (VALUES (7.5), (7.5), (7.5), (7.5)) AS t(v);
SELECT herfindahl(v) FROM (VALUES (42), (0), (0)) AS t(v);
-- (50, 30, 20): 0.25 + 0.09 + 0.04 = 0.38.
SELECT round(herfindahl(v)::numeric, 15) FROM (VALUES (50), (30), (20)) AS t(v);
-- All zero: shares undefined -> NULL; NULLs skipped; no row -> NULL.
SELECT herfindahl(v) IS NULL AS all_zero FROM (VALUES (0), (0)) AS t(v);
SELECT herfindahl(v) FROM (VALUES (1), (NULL), (1)) AS t(v);
SELECT herfindahl(v) IS NULL AS no_row FROM (VALUES (1)) AS t(v) WHERE false;
-- Bad input.
SELECT herfindahl(v) FROM (VALUES (1), (-2)) AS t(v);
SELECT herfindahl(v) FROM (VALUES (1), ('NaN'::float8)) AS t(v);

--------------------------------------------------------------------------
-- hoover, krugman_specialization
--------------------------------------------------------------------------
-- Identical distributions: 0; proportional ones (reference = 2 x region): 0.
SELECT hoover(a, b), krugman_specialization(a, b) FROM (VALUES (5, 5), (3, 3), (2, 2)) AS t(a, b);
SELECT hoover(a, b), krugman_specialization(a, b) FROM (VALUES (5, 10), (3, 6), (2, 4)) AS t(a, b);
-- Disjoint distributions: Hoover 1, Krugman 2.
SELECT hoover(a, b), krugman_specialization(a, b) FROM (VALUES (5, 0), (3, 0), (0, 4), (0, 1)) AS t(a, b);
-- Hand case: shares (0.5, 0.3, 0.2) against (0.2, 0.3, 0.5):
-- |0.3| + 0 + |-0.3| = 0.6 -> Krugman 0.6, Hoover 0.3.
SELECT round(hoover(a, b)::numeric, 15) AS hoover, round(krugman_specialization(a, b)::numeric, 15) AS krugman
FROM (VALUES (50, 20), (30, 30), (20, 50)) AS t(a, b);
-- Hand case with totals that are not round: a = (1, 2, 3), A = 6; b = (3, 3, 0), B = 6:
-- |1/6 - 3/6| + |2/6 - 3/6| + |3/6 - 0| = 2/6 + 1/6 + 3/6 = 1 -> Hoover 0.5.
SELECT round(hoover(a, b)::numeric, 15) AS hoover, round(krugman_specialization(a, b)::numeric, 15) AS krugman
FROM (VALUES (1, 3), (2, 3), (3, 0)) AS t(a, b);
-- A total of 0: shares undefined -> NULL; rows 0:0 count but change nothing.
SELECT hoover(a, b) IS NULL AS h_null, krugman_specialization(a, b) IS NULL AS k_null
FROM (VALUES (0, 1), (0, 2)) AS t(a, b);
SELECT hoover(a, b) FROM (VALUES (1, 0), (0, 1), (0, 0), (NULL, 5), (5, NULL)) AS t(a, b);
SELECT hoover(a, b) IS NULL AS no_row FROM (VALUES (1, 1)) AS t(a, b) WHERE false;
-- Bad input.
SELECT hoover(a, b) FROM (VALUES (1, 1), (-1, 2)) AS t(a, b);
SELECT krugman_specialization(a, b) FROM (VALUES (1, 1), (1, -2)) AS t(a, b);
SELECT hoover(a, b) FROM (VALUES (1, 'Infinity'::float8)) AS t(a, b);
-- The state holds at most 54000 pairs: 54000 rows work, 54001 do not
-- (rows 0:0 are not stored, so they do not count against the limit).
SELECT hoover(g, 1) > 0 AS fits FROM generate_series(1, 54000) AS g;
SELECT hoover(g, 1) FROM generate_series(1, 54001) AS g;
SELECT krugman_specialization(g, g) FROM (SELECT g FROM generate_series(1, 54000) AS g UNION ALL SELECT 0 FROM generate_series(1, 100)) AS t(g);

--------------------------------------------------------------------------
-- State types: text and binary round trips, validation, jsonb
--------------------------------------------------------------------------
-- Aggregates without final function expose the states.
CREATE AGGREGATE pg_temp.ss_state(float8, float8, float8, float8, float8, float8) (
	SFUNC = shift_share_trans, STYPE = shift_share_summary, COMBINEFUNC = shift_share_combine);
CREATE AGGREGATE pg_temp.cs_state(float8) (
	SFUNC = herfindahl_trans, STYPE = concentration_summary, COMBINEFUNC = herfindahl_combine);
CREATE AGGREGATE pg_temp.ds_state(float8, float8) (
	SFUNC = hoover_trans, STYPE = dissimilarity_summary, COMBINEFUNC = hoover_combine);
SELECT shift_share_trans(shift_share_trans(NULL, 100, 120, 1000, 1100, 4000, 4700), 50, 45, 3000, 3600, 4000, 4700) AS s;
SELECT 'n=2;undefined=0;nation_base=4000;nation_final=4700;base=150;final=165;base_growth=20'::shift_share_summary::jsonb;
SELECT (shift_share_final('n=2;undefined=0;nation_base=4000;nation_final=4700;base=150;final=165;base_growth=20')).*;
SELECT herfindahl_trans(herfindahl_trans(NULL, 0.1), 0.2) AS s;
SELECT 'n=3;sum=4;sum_squares=6'::concentration_summary::jsonb;
SELECT hoover_trans(hoover_trans(hoover_trans(NULL, 3, 4), 0, 0), 1, 2) AS s;
SELECT 'n=3;pairs=3:4,1:2'::dissimilarity_summary AS sorted_on_output,
       'n=3;pairs=3:4,1:2'::dissimilarity_summary::jsonb;
SELECT 'n=1;pairs='::dissimilarity_summary, 'n=1;pairs='::dissimilarity_summary::jsonb;
-- Text round trips, including double-double low words.
SELECT region, ss, ss::text::shift_share_summary::text = ss::text AS ss_round_trip,
       cs, cs::text::concentration_summary::text = cs::text AS cs_round_trip,
       ds::text::dissimilarity_summary::text = ds::text AS ds_round_trip
FROM (SELECT region, pg_temp.ss_state(e0, e1, n0, n1, 99000.5, 108123.25) AS ss, pg_temp.cs_state(e1) AS cs,
             pg_temp.ds_state(e0, e1) AS ds FROM two_regions GROUP BY region) AS t ORDER BY region;
SELECT ' n=3;sum=0.6000000000000001-5.551115123125783e-17;sum_squares=0.14 '::concentration_summary;
-- A transition function called directly leaves its argument alone.
WITH s AS MATERIALIZED (SELECT hoover_trans(NULL, 1, 2) AS s)
SELECT hoover_trans(s, 3, 4) AS grown, s AS unchanged FROM s;
WITH s AS MATERIALIZED (SELECT herfindahl_trans(NULL, 1) AS s)
SELECT herfindahl_trans(s, 3) AS added, s AS unchanged FROM s;

-- Bad text: every field is checked, in order, and the sums must be normalized.
SELECT ''::shift_share_summary;
SELECT 'n=0;undefined=0;nation_base=1;nation_final=1;base=1;final=1;base_growth=1'::shift_share_summary;
SELECT 'n=1;undefined=2;nation_base=1;nation_final=1;base=1;final=1;base_growth=1'::shift_share_summary;
SELECT 'n=1;undefined=0;nation_base=1;nation_final=1;base=1;final=1'::shift_share_summary;
SELECT 'n=1;undefined=0;nation_base=NaN;nation_final=1;base=1;final=1;base_growth=1'::shift_share_summary;
SELECT 'n=1;undefined=0;nation_base=1e999;nation_final=1;base=1;final=1;base_growth=1'::shift_share_summary;
SELECT 'n=1;undefined=0;nation_base=1;nation_final=1;base=1+0.5;final=1;base_growth=1'::shift_share_summary;
SELECT 'n=1;undefined=0;nation_base=1;nation_final=1;base=1;final=1;base_growth=1;x=1'::shift_share_summary;
SELECT 'n=1;sum=-1;sum_squares=1'::concentration_summary;
SELECT 'n=1;sum=0x10;sum_squares=1'::concentration_summary;
SELECT 'n=1;pairs=0:0'::dissimilarity_summary;
SELECT 'n=1;pairs=1:2,3:4'::dissimilarity_summary;
SELECT 'n=2;pairs=1:-2'::dissimilarity_summary;
SELECT 'n=2;pairs=1:'::dissimilarity_summary;
SELECT 'n=2;pairs=1:2,'::dissimilarity_summary;

-- Binary round trips (COPY BINARY uses send and receive).
CREATE TEMP TABLE states (ss shift_share_summary, cs concentration_summary, ds dissimilarity_summary);
INSERT INTO states
SELECT pg_temp.ss_state(e0, e1, n0, n1, 99000.5, 108123.25), pg_temp.cs_state(e1), pg_temp.ds_state(e0, e1)
FROM two_regions GROUP BY region;
CREATE TEMP TABLE states_in (LIKE states);
\copy states TO 'results/structure_states.bin' WITH (FORMAT binary)
\copy states_in FROM 'results/structure_states.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(ss::text || cs::text || ds::text ORDER BY 1) FROM states)
     = (SELECT array_agg(ss::text || cs::text || ds::text ORDER BY 1) FROM states_in) AS binary_round_trip;
-- Binary input is validated like text: hand-made messages (a bytea's binary
-- form is its raw bytes).  Version 2; an unknown flag; a pair count above the
-- limit; a pair 0:0; a concentration_summary with n = 0.
CREATE TEMP TABLE raw (b bytea);
CREATE TEMP TABLE ds_in (ds dissimilarity_summary);
CREATE TEMP TABLE cs_in (cs concentration_summary);
INSERT INTO raw VALUES ('\x02000000000000000001' || '\x00000000'::bytea);
\copy raw TO 'results/structure_bad.bin' WITH (FORMAT binary)
\copy ds_in FROM 'results/structure_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x01010000000000000001' || '\x00000000'::bytea);
\copy raw TO 'results/structure_bad.bin' WITH (FORMAT binary)
\copy ds_in FROM 'results/structure_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x01000000000000000001' || '\x0000D2F1'::bytea);
\copy raw TO 'results/structure_bad.bin' WITH (FORMAT binary)
\copy ds_in FROM 'results/structure_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x01000000000000000001' || '\x00000001'::bytea || float8send(0) || float8send(0));
\copy raw TO 'results/structure_bad.bin' WITH (FORMAT binary)
\copy ds_in FROM 'results/structure_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x01000000000000000000' || float8send(1) || float8send(0) || float8send(1) || float8send(0));
\copy raw TO 'results/structure_bad.bin' WITH (FORMAT binary)
\copy cs_in FROM 'results/structure_bad.bin' WITH (FORMAT binary)

--------------------------------------------------------------------------
-- The result does not depend on row order.  (Parallel plans of every
-- aggregate: sql/parallel.sql.)
--------------------------------------------------------------------------
CREATE TABLE sectors (region int, sector int, e0 float8, e1 float8, n0 float8, n1 float8);
INSERT INTO sectors
SELECT r, s, ((r * 37 + s * 11) % 997) / 7.0, ((r * 41 + s * 13) % 991) / 6.0 + 0.1,
       1000 + (s * 7919) % 5003, 1100 + (s * 6151) % 5407
FROM generate_series(1, 4) AS r, generate_series(1, 5000) AS s;
-- Row order: ascending, descending and scrambled orders give the same digits.
SELECT count(DISTINCT (ss, h, hv, k)) AS distinct_results FROM (
	SELECT shift_share(e0, e1, n0, n1, 123456, 134567 ORDER BY sector)::text AS ss, herfindahl(e1 ORDER BY sector) AS h,
	       hoover(e0, e1 ORDER BY sector) AS hv, krugman_specialization(e0, n0 ORDER BY sector) AS k FROM sectors
	UNION ALL
	SELECT shift_share(e0, e1, n0, n1, 123456, 134567 ORDER BY sector DESC)::text, herfindahl(e1 ORDER BY sector DESC),
	       hoover(e0, e1 ORDER BY sector DESC), krugman_specialization(e0, n0 ORDER BY sector DESC) FROM sectors
	UNION ALL
	SELECT shift_share(e0, e1, n0, n1, 123456, 134567 ORDER BY (sector * 7919) % 5000)::text, herfindahl(e1 ORDER BY (sector * 7919) % 5000),
	       hoover(e0, e1 ORDER BY (sector * 7919) % 5000), krugman_specialization(e0, n0 ORDER BY (sector * 7919) % 5000) FROM sectors
) AS t;
DROP TABLE sectors;
