-- annual_series: I/O, aggregates, accessors, casts (parallel plans: sql/parallel.sql).
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

-- Text input and output: years sorted, blanks allowed, shortest exact digits.
SELECT '{2023:472.5,2019:375.1}'::annual_series;
SELECT ' { 2019 : 375.1 , 2023 : 472.5 } '::annual_series;
SELECT '{}'::annual_series AS empty, '{1:-0.5,9999:1e300}'::annual_series AS extremes;
SELECT '{2019:0.1}'::annual_series + '{2019:0.2}'::annual_series AS exact_digits;
SELECT '{2019:1e2,2020:+2.5e-3,2021:-7}'::annual_series;
-- Round trip through text is exact.
SELECT s::text::annual_series::text = s::text AS text_round_trip
FROM (VALUES ('{2019:0.30000000000000004,2020:1.7976931348623157e308,2021:5e-324}'::annual_series)) AS t(s);

-- Bad text: the exact errors.
SELECT '2019:1'::annual_series;
SELECT '{2019:1'::annual_series;
SELECT '{2019:1,}'::annual_series;
SELECT '{2019 1}'::annual_series;
SELECT '{2019:}'::annual_series;
SELECT '{x:1}'::annual_series;
SELECT '{2019:1} x'::annual_series;
SELECT '{2019:1;2020:2}'::annual_series;
SELECT '{2019:1,2019:2}'::annual_series;
SELECT '{0:1}'::annual_series;
SELECT '{10000:1}'::annual_series;
SELECT '{-5:1}'::annual_series;
SELECT '{99999999999999999999:1}'::annual_series;
SELECT '{2019:NaN}'::annual_series;
SELECT '{2019:inf}'::annual_series;
SELECT '{2019:-Infinity}'::annual_series;
SELECT '{2019:1e999}'::annual_series;
SELECT ''::annual_series;

-- Binary send/receive round trip (binary COPY), and binary input validated like text.
CREATE TEMP TABLE bin (s annual_series);
INSERT INTO bin VALUES ('{2019:375.1,2023:472.5}'), ('{}'), ('{1:-1.5,9999:0.1}');
\copy bin TO 'results/annual_series.bin' WITH (FORMAT binary)
CREATE TEMP TABLE bin2 (s annual_series);
\copy bin2 FROM 'results/annual_series.bin' WITH (FORMAT binary)
SELECT s FROM bin2;
SELECT encode(annual_series_send('{2019:1}'), 'hex');
-- Hand-made binary values (a bytea column's binary form is the raw bytes):
-- version 3 (unknown; 1 is regional_dev 1.0's, still read), a duplicate year,
-- a year out of range, NaN, a truncated message.
CREATE TEMP TABLE rawbin (b bytea);
INSERT INTO rawbin VALUES ('\x0300000001000007e33ff0000000000000');
\copy rawbin TO 'results/annual_series_v2.bin' WITH (FORMAT binary)
\copy bin2 FROM 'results/annual_series_v2.bin' WITH (FORMAT binary)
TRUNCATE rawbin;
INSERT INTO rawbin VALUES ('\x0100000002000007e33ff0000000000000000007e33ff0000000000000');
\copy rawbin TO 'results/annual_series_dup.bin' WITH (FORMAT binary)
\copy bin2 FROM 'results/annual_series_dup.bin' WITH (FORMAT binary)
TRUNCATE rawbin;
INSERT INTO rawbin VALUES ('\x0100000001000027103ff0000000000000');
\copy rawbin TO 'results/annual_series_year.bin' WITH (FORMAT binary)
\copy bin2 FROM 'results/annual_series_year.bin' WITH (FORMAT binary)
TRUNCATE rawbin;
INSERT INTO rawbin VALUES ('\x0100000001000007e37ff8000000000000');
\copy rawbin TO 'results/annual_series_nan.bin' WITH (FORMAT binary)
\copy bin2 FROM 'results/annual_series_nan.bin' WITH (FORMAT binary)
TRUNCATE rawbin;
INSERT INTO rawbin VALUES ('\x0100000005000007e33ff0000000000000');
\copy rawbin TO 'results/annual_series_short.bin' WITH (FORMAT binary)
\copy bin2 FROM 'results/annual_series_short.bin' WITH (FORMAT binary)

-- Accessors on 100 * 1.1^(year - 2019), 2022 missing: every rate is 10%
-- (146.41 / 100 = 1.1^4 exactly in decimal; computed by hand).
CREATE TEMP TABLE s AS SELECT '{2019:100,2020:110,2021:121,2023:146.41}'::annual_series AS s;
SELECT round(cagr(s)::numeric, 12) AS cagr,
       round(cagr(s, 2019, 2021)::numeric, 12) AS cagr_2019_2021,
       round(total_growth(s, 2019, 2023)::numeric, 12) AS total_growth,
       round(yoy(s, 2020)::numeric, 12) AS yoy_2020,
       yoy(s, 2022) AS yoy_2022_missing,
       yoy(s, 2024) AS yoy_2024_missing,
       round(trend_growth(s)::numeric, 12) AS trend,
       value_at(s, 2021) AS v2021, value_at(s, 2022) AS v2022,
       first_year(s), last_year(s), num_years(s)
FROM s;
SELECT growth_index(s, 2020) AS index_2020, growth_index(s, 2022) AS index_missing_base FROM s;
SELECT * FROM unnest((SELECT s FROM s));
SELECT year, value FROM s, unnest(s) ORDER BY year DESC LIMIT 2;

-- trend_growth: least squares on logs of a noisy series.  Expected value by hand:
-- x = -1, 0, 1 (years centred on 2020); ln y = ln 100, ln 120, ln 121:
-- b = (ln 121 - ln 100) / 2, so exp(b) - 1 = sqrt(1.21) - 1 = 0.1.
SELECT round(trend_growth('{2019:100,2020:120,2021:121}')::numeric, 12) AS trend;

-- NULL rules: undefined growth is NULL, not an error.
SELECT cagr('{2019:5}') AS one_year,
       cagr('{}') AS empty,
       cagr('{2019:0,2023:5}') AS zero_base,
       cagr('{2019:-1,2023:5}') AS negative_base,
       cagr('{2019:5,2023:0}') AS to_zero,
       cagr('{2019:5,2023:-1}') AS negative_end,
       cagr('{2019:1,2020:5}', 2019, 2022) AS missing_year,
       total_growth('{2019:0,2020:5}', 2019, 2020) AS total_from_zero,
       yoy('{2019:0,2020:5}', 2020) AS yoy_from_zero,
       yoy('{1:5}', 1) AS yoy_year_one,
       trend_growth('{2019:1,2020:0}') AS trend_with_zero,
       trend_growth('{2019:1}') AS trend_one_year,
       first_year('{}') AS first_of_empty, num_years('{}') AS years_of_empty;
SELECT growth_index('{2019:0,2020:5}', 2019) AS index_zero_base;

-- Bad arguments.
SELECT cagr('{2019:1,2020:5}', 2020, 2019);
SELECT cagr('{2019:1,2020:5}', 2020, 2020);
SELECT total_growth('{2019:1,2020:5}', 2020, 2019);

-- Scalar cagr: (121/100)^(1/2) - 1 = 0.1 exactly in decimal.
SELECT round(cagr(100, 121, 2)::numeric, 12) AS scalar_cagr,
       cagr(0, 121, 2) AS zero_start, cagr(100, 0, 2) AS to_zero, cagr(100, -1, 2) AS negative_end;
SELECT cagr(100, 121, 0);
SELECT cagr(100, 121, -1);
SELECT cagr('NaN'::float8, 121, 2);
SELECT cagr(100, 121, 'Infinity');
SELECT cagr(NULL::float8, 121, 2) IS NULL AS strict;

-- series_agg: values of a year are summed, NULL rows skipped, no row -> NULL.
SELECT series_agg(y, v) FROM (VALUES (2020, 1.5), (2019, 2.0), (2020, 2.5), (NULL, 9.0), (2021, NULL)) AS t(y, v);
SELECT series_agg(y, v) IS NULL AS no_rows FROM (VALUES (1, 1.0)) AS t(y, v) WHERE false;
SELECT series_agg(y, v) IS NULL AS only_nulls FROM (VALUES (NULL::int, 1.0), (2019, NULL)) AS t(y, v);
SELECT series_agg(y, v) FROM (VALUES (0, 1.0)) AS t(y, v);
SELECT series_agg(y, v) FROM (VALUES (2019, 'Infinity'::float8)) AS t(y, v);
SELECT series_agg(y, v) FROM (VALUES (2019, 1e308), (2019, 1e308)) AS t(y, v);
-- Many years arriving in a scrambled order: the series comes out sorted and complete.
CREATE TEMP TABLE scrambled AS
SELECT series_agg(y, y) AS s FROM (SELECT y FROM generate_series(1, 3000) AS y ORDER BY (y * 7919) % 3001) AS z;
SELECT num_years(s), first_year(s), last_year(s), value_at(s, 1500) AS v1500,
       (SELECT bool_and(year = value) FROM unnest(s)) AS values_match_years,
       s::text = (SELECT series_agg(y, y)::text FROM generate_series(1, 3000) AS y) AS equals_sorted_input
FROM scrambled;
-- Stored results keep no growing room: 16 header bytes + 24 per year.
SELECT (SELECT pg_column_size(series_agg(2019, 1.0)) FROM (VALUES (1)) AS t) AS bytes_one_year,
       (SELECT pg_column_size(rollup(x)) FROM (VALUES ('{1:1}'::annual_series), ('{2:2}'), ('{3:3}')) AS t(x)) AS bytes_rollup_3;

-- Order independence: sums are compensated, so 1e16 + 1 - 1e16 is 1 in any order.
SELECT series_agg(2019, v ORDER BY v) AS ascending, series_agg(2019, v ORDER BY v DESC) AS descending,
       series_agg(2019, v ORDER BY abs(v)) AS by_size
FROM (VALUES (1e16), (1.0), (-1e16)) AS t(v);

-- rollup and +: year-wise sums; the zone series from district series.
SELECT rollup(s) FROM (VALUES ('{2019:1,2020:2}'::annual_series), ('{2020:10,2021:20}'), (NULL)) AS t(s);
SELECT rollup(s) IS NULL AS no_rows FROM (VALUES ('{2019:1}'::annual_series)) AS t(s) WHERE false;
SELECT '{2019:1,2020:2}'::annual_series + '{2020:10,2021:20}' AS plus,
       '{}'::annual_series + '{2019:1}' AS plus_empty;
SELECT '{2019:1e308}'::annual_series + '{2019:1e308}';

-- The press release's headline figures from district rows.  District split is
-- SYNTHETIC (shares chosen by hand); the zone totals are the press release's:
-- GDP 472.5 bn yuan in 2023 with 5.94% a year since 2019, so 2019 = 472.5 / 1.0594^4;
-- industrial output 872.9 bn with 8.19%; R&D 4.2% of GDP in 2023 (19.845 bn).
CREATE TEMP TABLE district (code adcode, indicator text, year int, value float8);
INSERT INTO district
SELECT code, 'gdp', 2019, 472.5 / 1.0594 ^ 4 * share19 FROM (VALUES ('310118'::adcode, 0.30), ('320509', 0.52), ('330421', 0.18)) AS d(code, share19)
UNION ALL SELECT code, 'gdp', 2023, v FROM (VALUES ('310118'::adcode, 150.0), ('320509', 237.728), ('330421', 84.772)) AS d(code, v)
UNION ALL SELECT code, 'industry', 2019, 872.9 / 1.0819 ^ 4 * share19 FROM (VALUES ('310118'::adcode, 0.25), ('320509', 0.55), ('330421', 0.20)) AS d(code, share19)
UNION ALL SELECT code, 'industry', 2023, v FROM (VALUES ('310118'::adcode, 230.0), ('320509', 470.0), ('330421', 172.9)) AS d(code, v)
UNION ALL SELECT code, 'rd', 2023, v FROM (VALUES ('310118'::adcode, 6.9), ('320509', 9.3), ('330421', 3.645)) AS d(code, v);
WITH per_district AS (
	SELECT code, indicator, series_agg(year, value) AS s FROM district GROUP BY code, indicator
)
SELECT indicator, round(value_at(rollup(s), 2023)::numeric, 3) AS zone_2023,
       round(cagr(rollup(s))::numeric, 4) AS zone_cagr
FROM per_district WHERE indicator <> 'rd' GROUP BY indicator ORDER BY indicator;
-- R&D intensity: a ratio of sums over districts (4.2%), against the published
-- national 2.65% and YRD 3.34% (seed_figures.csv).
SELECT round(ratio(ratio_agg(r.value, g.value))::numeric, 4) AS zone_rd_intensity,
       round(ratio(ratio_agg(r.value, g.value))::numeric, 4) > 0.0265 AS above_national,
       round(ratio(ratio_agg(r.value, g.value))::numeric, 4) > 0.0334 AS above_yrd
FROM district r JOIN district g ON g.code = r.code AND g.year = r.year AND g.indicator = 'gdp'
WHERE r.indicator = 'rd';
-- Per-district CAGR next to the zone's: the zone is not the mean of the districts.
SELECT code, round(cagr(series_agg(year, value))::numeric, 4) AS gdp_cagr
FROM district WHERE indicator = 'gdp' GROUP BY code ORDER BY code;

-- jsonb casts.
SELECT '{2019:375.1,2023:472.5}'::annual_series::jsonb;
SELECT '{"2023": 472.5, "2019": 375.1}'::jsonb::annual_series;
SELECT '{}'::jsonb::annual_series;
SELECT s::jsonb::annual_series::text = s::text AS jsonb_round_trip FROM s;
SELECT '[1, 2]'::jsonb::annual_series;
SELECT '5'::jsonb::annual_series;
SELECT '{"x": 1}'::jsonb::annual_series;
SELECT '{"2019": "1"}'::jsonb::annual_series;
SELECT '{"2019": null}'::jsonb::annual_series;
SELECT '{"0": 1}'::jsonb::annual_series;
SELECT '{"2019": 1, "02019": 2}'::jsonb::annual_series;
SELECT '{"2019": 1e400}'::jsonb::annual_series;

-- rollup() of one-row summaries equals series_agg over the rows.  (Parallel
-- plans of every aggregate: sql/parallel.sql.)
CREATE TABLE panel (code int, year int, value float8);
INSERT INTO panel
SELECT c, y, ((c * 31 + y * 17) % 1000) / 4.0
FROM generate_series(1, 200) AS c, generate_series(1990, 2029) AS y;
SELECT rollup(series_agg_one)::text = (SELECT series_agg(year, value)::text FROM panel)
	   AS rollup_of_singletons_equals_series_agg
FROM (SELECT series_agg(year, value) OVER (PARTITION BY code, year) AS series_agg_one FROM panel) AS t;
DROP TABLE panel;
