-- ratio_summary: I/O, ratio_agg, rollup, accessors, jsonb; rd_intensity, location_quotient.
SET search_path = public, regional_dev;

SELECT '(19.845,472.5)'::ratio_summary, ' ( 1e2 , -2.5 ) '::ratio_summary, '(0,0)'::ratio_summary;
SELECT r::text::ratio_summary::text = r::text AS text_round_trip
FROM (VALUES ('(0.30000000000000004,1.7976931348623157e308)'::ratio_summary)) AS t(r);
SELECT '19.845,472.5'::ratio_summary;
SELECT '(19.845)'::ratio_summary;
SELECT '(19.845,472.5'::ratio_summary;
SELECT '(19.845,472.5) x'::ratio_summary;
SELECT '(a,1)'::ratio_summary;
SELECT '(NaN,1)'::ratio_summary;
SELECT '(1,Infinity)'::ratio_summary;
SELECT '(1e999,1)'::ratio_summary;

-- Binary round trip and validation (hand-made bytes: version 3, unknown; NaN numerator in 1.0's version 1).
CREATE TEMP TABLE bin (r ratio_summary);
INSERT INTO bin VALUES ('(19.845,472.5)'), ('(0,0)');
\copy bin TO 'results/ratio_summary.bin' WITH (FORMAT binary)
CREATE TEMP TABLE bin2 (r ratio_summary);
\copy bin2 FROM 'results/ratio_summary.bin' WITH (FORMAT binary)
SELECT r FROM bin2;
SELECT encode(ratio_summary_send('(1,2)'), 'hex');
CREATE TEMP TABLE rawbin (b bytea);
INSERT INTO rawbin VALUES ('\x033ff00000000000004000000000000000');
\copy rawbin TO 'results/ratio_summary_v2.bin' WITH (FORMAT binary)
\copy bin2 FROM 'results/ratio_summary_v2.bin' WITH (FORMAT binary)
TRUNCATE rawbin;
INSERT INTO rawbin VALUES ('\x017ff80000000000004000000000000000');
\copy rawbin TO 'results/ratio_summary_nan.bin' WITH (FORMAT binary)
\copy bin2 FROM 'results/ratio_summary_nan.bin' WITH (FORMAT binary)

-- ratio_agg: a ratio of sums, not an average of ratios.  By hand: rows (1, 10)
-- and (1, 90) give 2 / 100 = 0.02 (the mean of the ratios would be 0.0556);
-- rows with a NULL are skipped.
SELECT ratio_agg(n, d), ratio(ratio_agg(n, d)), numerator(ratio_agg(n, d)), denominator(ratio_agg(n, d))
FROM (VALUES (1.0, 10.0), (1.0, 90.0), (NULL, 5.0), (7.0, NULL)) AS t(n, d);
SELECT ratio_agg(n, d) IS NULL AS no_rows FROM (VALUES (1.0, 1.0)) AS t(n, d) WHERE false;
SELECT ratio_agg(n, d) IS NULL AS only_nulls FROM (VALUES (NULL::float8, 1.0), (1.0, NULL)) AS t(n, d);
SELECT ratio(ratio_agg(n, d)) IS NULL AS zero_denominator, numerator(ratio_agg(n, d))
FROM (VALUES (1.0, 1.0), (2.0, -1.0)) AS t(n, d);
SELECT ratio_agg(n, d) FROM (VALUES (1.0, 'NaN'::float8)) AS t(n, d);
SELECT ratio_agg(n, d) FROM (VALUES (1e308, 1.0), (1e308, 1.0)) AS t(n, d);
-- Compensated sums: the same result in any row order.
SELECT ratio_agg(n, 1 ORDER BY n) AS ascending, ratio_agg(n, 1 ORDER BY n DESC) AS descending
FROM (VALUES (1e16), (1.0), (-1e16)) AS t(n);

-- rollup: province summaries to the zone.
SELECT rollup(r), ratio(rollup(r))
FROM (VALUES ('(6.9,150)'::ratio_summary), ('(9.3,237.728)'), ('(3.645,84.772)'), (NULL)) AS t(r);
SELECT rollup(r) IS NULL AS no_rows FROM (VALUES ('(1,1)'::ratio_summary)) AS t(r) WHERE false;

-- jsonb for BI tools.
SELECT '(19.845,472.5)'::ratio_summary::jsonb;
SELECT '(1,0)'::ratio_summary::jsonb;

-- Scalars.  rd_intensity(19.845, 472.5) = 0.042 (the press release's 4.2%).
SELECT rd_intensity(19.845, 472.5), rd_intensity(1, 0) AS zero_gdp, rd_intensity(1, -5) AS negative_gdp;
SELECT rd_intensity('NaN', 1);
-- location_quotient: (30/100) / (20/400) = 6 by hand.
SELECT location_quotient(30, 100, 20, 400), location_quotient(30, 0, 20, 400) AS zero_region_total,
       location_quotient(30, 100, 0, 400) AS zero_reference_sector;
SELECT location_quotient(30, 100, 20, 'Infinity');

-- rollup() of per-group summaries equals ratio_agg over all rows.  (Parallel
-- plans of every aggregate: sql/parallel.sql.)
CREATE TABLE ratio_panel AS
SELECT g % 3 AS p, (g % 97) / 8.0 AS n, (g % 89) + 1.0 AS d FROM generate_series(1, 20000) AS g;
SELECT rollup(r)::text = (SELECT ratio_agg(n, d)::text FROM ratio_panel) AS rollup_of_groups_equals_all
FROM (SELECT p, ratio_agg(n, d) AS r FROM ratio_panel GROUP BY p) AS q;
DROP TABLE ratio_panel;
