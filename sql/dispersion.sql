-- dispersion_by_year: sigma (population standard deviation of ln(value)) per
-- year as an annual_series; its state type; row order (parallel plans: sql/parallel.sql).
SET search_path = public, regional_dev;

-- Hand case: 2019 values 1, 2, 4 have logs 0, ln 2, 2 ln 2, mean ln 2,
-- deviations -ln 2, 0, ln 2, so sigma = ln 2 * sqrt(2/3) = 0.565952303007
-- (/usr/bin/python3: statistics.pstdev(map(math.log, [1, 2, 4]))).
-- 2020: identical values -> exactly 0.  2021: a single value -> 0 (the
-- population standard deviation of one value).  2022: 2.5 and 7.5, logs
-- ln 2.5 and ln 7.5, sigma = (ln 7.5 - ln 2.5) / 2 = ln(3) / 2 = 0.549306144334.
CREATE TEMP TABLE levels (region text, year int, value float8);
INSERT INTO levels VALUES
	('a', 2019, 1), ('b', 2019, 2), ('c', 2019, 4),
	('a', 2020, 3), ('b', 2020, 3), ('c', 2020, 3),
	('a', 2021, 5),
	('a', 2022, 2.5), ('b', 2022, 7.5);
SELECT year, round(value::numeric, 12) AS sigma
FROM unnest((SELECT dispersion_by_year(year, value) FROM levels)) ORDER BY year;
SELECT value_at(dispersion_by_year(year, value), 2020) = 0 AS identical_is_exactly_zero,
       value_at(dispersion_by_year(year, value), 2021) = 0 AS single_is_zero
FROM levels;
-- Scale does not matter (logs shift by ln 1000): the same sigma to rounding.
SELECT year, round(value::numeric, 12) AS sigma
FROM unnest((SELECT dispersion_by_year(year, value * 1000) FROM levels)) ORDER BY year;
-- Many identical values still give exactly 0.
SELECT dispersion_by_year(2000, 0.1) FROM generate_series(1, 1000);

-- Sigma convergence read off with the growth accessors.  Three regions whose
-- log spread shrinks: 2019 100, 200, 400; 2021 100, 100*2^0.75, 100*2^1.5;
-- 2023 100, 100*sqrt(2), 200.  Sigma = ln 2 * sqrt(2/3) * (1, 0.75, 0.5) =
-- 0.565952303007, 0.424464227255, 0.282976151503; total_growth 2019-2023 = -0.5;
-- trend_growth: ln sigma = c + {0, ln 0.75, ln 0.5} at 2019, 2021, 2023, slope
-- b = 2 * ln 0.5 / 8 (the ln 0.75 point has zero leverage), exp(b) - 1 =
-- 0.5^(1/4) - 1 = -0.159103584746 (python3: 0.5 ** 0.25 - 1).
CREATE TEMP TABLE converging (region text, year int, value float8);
INSERT INTO converging VALUES
	('a', 2019, 100), ('b', 2019, 200), ('c', 2019, 400),
	('a', 2021, 100), ('b', 2021, 100 * 2 ^ 0.75), ('c', 2021, 100 * 2 ^ 1.5),
	('a', 2023, 100), ('b', 2023, 100 * sqrt(2)), ('c', 2023, 200);
SELECT year, round(value::numeric, 12) AS sigma
FROM unnest((SELECT dispersion_by_year(year, value) FROM converging)) ORDER BY year;
SELECT round(total_growth(s, 2019, 2023)::numeric, 12) AS total_growth,
       round(trend_growth(s)::numeric, 12) AS trend_growth
FROM (SELECT dispersion_by_year(year, value) AS s FROM converging) AS t;
-- One series per group (e.g. per province) with GROUP BY: regions a and b
-- (100 and 200, ..., 100 and 100*sqrt(2)) have sigma ln(2)/2 * (1, 0.75, 0.5) =
-- 0.34657359028, 0.25993019271, 0.17328679514; region c alone has 0.
SELECT g AS group_c, (SELECT array_agg(round(u.value::numeric, 11) ORDER BY u.year) FROM unnest(s) AS u) AS sigma
FROM (SELECT region = 'c' AS g, dispersion_by_year(year, value) AS s FROM converging GROUP BY 1) AS t ORDER BY 1;

-- NULL year or value: row skipped; no row used -> NULL.
SELECT dispersion_by_year(year, value)
FROM (VALUES (2019, 1.0), (2019, NULL), (NULL, 5.0), (2019, 4.0)) AS t(year, value);
SELECT dispersion_by_year(year, value) IS NULL AS no_row FROM levels WHERE false;

-- Bad input: logs need positive values; years 1..9999; finite values.
SELECT dispersion_by_year(year, value) FROM (VALUES (2019, 1.0), (2019, 0.0)) AS t(year, value);
SELECT dispersion_by_year(year, value) FROM (VALUES (2019, 1.0), (2020, -3.0)) AS t(year, value);
SELECT dispersion_by_year(year, value) FROM (VALUES (2019, 'NaN'::float8)) AS t(year, value);
SELECT dispersion_by_year(year, value) FROM (VALUES (2019, '-Infinity'::float8)) AS t(year, value);
SELECT dispersion_by_year(year, value) FROM (VALUES (0, 1.0)) AS t(year, value);
SELECT dispersion_by_year(year, value) FROM (VALUES (10000, 1.0)) AS t(year, value);

-- State type dispersion_summary: text and binary round trips, validation, jsonb.
CREATE AGGREGATE pg_temp.disp_state(integer, float8) (
	SFUNC = dispersion_by_year_trans, STYPE = dispersion_summary, COMBINEFUNC = dispersion_by_year_combine);
SELECT pg_temp.disp_state(year, value) AS s FROM levels WHERE year IN (2020, 2022);
SELECT s::text::dispersion_summary::text = s::text AS text_round_trip, s::jsonb
FROM (SELECT pg_temp.disp_state(year, value) AS s FROM levels) AS t;
SELECT dispersion_by_year_final('2019:n=2,min=0,max=2,sum=2,sum_squares=4');
-- Combining states: years of both, sums of shared years.
SELECT dispersion_by_year_combine(
	(SELECT pg_temp.disp_state(year, value) FROM levels WHERE region = 'a'),
	(SELECT pg_temp.disp_state(year, value) FROM levels WHERE region <> 'a'))::text
  = (SELECT pg_temp.disp_state(year, value) FROM levels)::text AS combine_equals_one_pass;
-- Called directly, the transition function leaves its argument alone.
WITH s AS MATERIALIZED (SELECT dispersion_by_year_trans(NULL, 2019, 1) AS s)
SELECT dispersion_by_year_trans(s, 2018, 2) AS grown, dispersion_by_year_trans(s, 2019, 1) AS added, s AS unchanged FROM s;
-- Bad text.
SELECT ''::dispersion_summary;
SELECT '2019:n=0,min=0,max=0,sum=0,sum_squares=0'::dispersion_summary;
SELECT '2019:n=1,min=1,max=0,sum=0,sum_squares=0'::dispersion_summary;
SELECT '2020:n=1,min=0,max=0,sum=0,sum_squares=0;2019:n=1,min=0,max=0,sum=0,sum_squares=0'::dispersion_summary;
SELECT '0:n=1,min=0,max=0,sum=0,sum_squares=0'::dispersion_summary;
SELECT '2019:n=1,min=0,max=0,sum=0,sum_squares=-1'::dispersion_summary;
SELECT '2019:n=1,min=0,max=0,sum=0'::dispersion_summary;
SELECT '2019:n=1,min=0,max=0,sum=0,sum_squares=0;'::dispersion_summary;
-- Binary round trip (COPY BINARY) and validated binary input.
CREATE TEMP TABLE states (s dispersion_summary);
INSERT INTO states SELECT pg_temp.disp_state(year, value) FROM levels GROUP BY region;
CREATE TEMP TABLE states_in (LIKE states);
\copy states TO 'results/dispersion_states.bin' WITH (FORMAT binary)
\copy states_in FROM 'results/dispersion_states.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(s::text ORDER BY 1) FROM states) = (SELECT array_agg(s::text ORDER BY 1) FROM states_in) AS binary_round_trip;
CREATE TEMP TABLE raw (b bytea);
INSERT INTO raw VALUES ('\x0200' || '\x00000001'::bytea);
\copy raw TO 'results/dispersion_bad.bin' WITH (FORMAT binary)
\copy states_in FROM 'results/dispersion_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x0100' || '\x00000002'::bytea || '\x000007e3'::bytea || int8send(1) || float8send(0) || float8send(0)
	|| float8send(0) || float8send(0) || float8send(0) || float8send(0));
\copy raw TO 'results/dispersion_bad.bin' WITH (FORMAT binary)
\copy states_in FROM 'results/dispersion_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x0100' || '\x00000001'::bytea || '\x000007e3'::bytea || int8send(1) || float8send(1) || float8send(0)
	|| float8send(0) || float8send(0) || float8send(0) || float8send(0));
\copy raw TO 'results/dispersion_bad.bin' WITH (FORMAT binary)
\copy states_in FROM 'results/dispersion_bad.bin' WITH (FORMAT binary)

-- The result does not depend on row order.  (Parallel plans of every
-- aggregate: sql/parallel.sql.)
CREATE TABLE panel (code int, year int, value float8);
INSERT INTO panel
SELECT c, y, 1 + ((c * 31 + y * 17) % 1000) / 4.0
FROM generate_series(1, 200) AS c, generate_series(1990, 2029) AS y;
SELECT count(DISTINCT s) AS distinct_results FROM (
	SELECT dispersion_by_year(year, value ORDER BY code, year)::text AS s FROM panel
	UNION ALL SELECT dispersion_by_year(year, value ORDER BY code DESC, year DESC)::text FROM panel
	UNION ALL SELECT dispersion_by_year(year, value ORDER BY (code * 7919 + year * 104729) % 8000)::text FROM panel) AS t;
-- Independent check of one year (python3 statistics.pstdev of the logs gives
-- the same to 12 digits; here PostgreSQL's own stddev_pop of ln(value)).
SELECT abs(value_at((SELECT dispersion_by_year(year, value) FROM panel), 2000)
           - (SELECT stddev_pop(ln(value)) FROM panel WHERE year = 2000)) < 1e-12 AS matches_stddev_pop;
DROP TABLE panel;
