-- Growth benchmarks (issue: growth and intensity).  Sizes come from psql
-- variables rows (single-table rows) and groups x years (panel).
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;


-- SYNTHETIC: 3M rows over 40 years, deterministic values.
CREATE TABLE bench.single AS
SELECT 1990 + (g % 40) AS year, (((g * 2654435761::bigint) % 100000) / 100.0)::float8 AS value
FROM generate_series(1, :rows) AS g;
-- SYNTHETIC: a county panel, groups x years, every value positive.
CREATE TABLE bench.panel AS
SELECT c AS code, y AS year, (100 + ((c * 7919 + y * 104729) % 1000) / 10.0)::float8 AS value
FROM generate_series(1, :groups) AS c, generate_series(1990, 1989 + :years) AS y;
VACUUM ANALYZE bench.single;
VACUUM ANALYZE bench.panel;

SELECT bench.compare('series_agg over the single table',
	'SELECT num_years(series_agg(year, value)) FROM bench.single',
	'sum(value)', 'SELECT sum(value) FROM bench.single',
	:reps, 1.5, '<= 1.5x');

SELECT bench.compare('per-group CAGR, series_agg + cagr',
	'SELECT sum(c) FROM (SELECT cagr(series_agg(year, value)) AS c FROM bench.panel GROUP BY code) AS t',
	'pure SQL, first and last year by window functions',
	$q$SELECT sum(power(last_v / first_v, 1.0 / (last_y - first_y)) - 1) FROM (
	     SELECT DISTINCT code,
	            first_value(year) OVER w AS first_y, first_value(value) OVER w AS first_v,
	            last_value(year) OVER w AS last_y, last_value(value) OVER w AS last_v
	     FROM bench.panel
	     WINDOW w AS (PARTITION BY code ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS t
$q$,
	:reps, 0.5, '>= 2x faster');

SELECT bench.compare('per-group CAGR, series_agg + cagr(s, from, to)',
	format('SELECT sum(c) FROM (SELECT cagr(series_agg(year, value), 1990, %s) AS c FROM bench.panel GROUP BY code) AS t', 1989 + :years),
	'SQL with the years hard-coded',
	format($q$SELECT sum(c) FROM (SELECT power(max(value) FILTER (WHERE year = %s) / max(value) FILTER (WHERE year = 1990), 1.0 / %s) - 1 AS c
	          FROM bench.panel GROUP BY code) AS t$q$, 1989 + :years, :years - 1),
	:reps, 1.0, 'no slower');

SELECT bench.compare('ratio_agg over the single table',
	'SELECT ratio(ratio_agg(value, year)) FROM bench.single',
	'sum(n) / sum(d)', 'SELECT sum(value) / sum(year) FROM bench.single',
	:reps, NULL, NULL);
