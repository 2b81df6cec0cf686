-- Toolkit benchmarks (issue: regional economics toolkit).  Sizes from the psql
-- variables rows (sector rows) and groups (regions); no target is asserted,
-- the ratios against plain SQL are recorded in doc/benchmarks.md.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;

-- SYNTHETIC: regions x sectors with base and final values and the nation's
-- sector values; values positive and deterministic.
CREATE TABLE bench.sectors AS
SELECT (g % :groups)::int AS region, (g / :groups)::int AS sector,
       (1 + (g * 7919) % 1000)::float8 AS e0, (1 + (g * 104729) % 1200)::float8 AS e1,
       (1000 + ((g / :groups) * 6151) % 5000)::float8 AS n0, (1100 + ((g / :groups) * 3571) % 5600)::float8 AS n1
FROM generate_series(0::bigint, :rows - 1) AS g;
VACUUM ANALYZE bench.sectors;
CREATE TABLE bench.nation AS SELECT sum(n0) AS t0, sum(n1) AS t1 FROM (SELECT DISTINCT sector, n0, n1 FROM bench.sectors) AS s;

SELECT bench.compare('per-region shift_share',
	'SELECT sum((s).regional_shift) FROM (SELECT shift_share(e0, e1, n0, n1, 1e6, 1.1e6) AS s FROM bench.sectors GROUP BY region) AS t',
	'the three sums in SQL',
	$q$SELECT sum(rs) FROM (SELECT sum(e1 - e0) - sum(e0 * (n1 - n0) / n0) AS rs FROM bench.sectors GROUP BY region) AS t$q$,
	:reps);

SELECT bench.compare('per-region herfindahl',
	'SELECT sum(h) FROM (SELECT herfindahl(e1) AS h FROM bench.sectors GROUP BY region) AS t',
	'sum(v*v)/sum(v)^2', 'SELECT sum(h) FROM (SELECT sum(e1 * e1) / (sum(e1) * sum(e1)) AS h FROM bench.sectors GROUP BY region) AS t',
	:reps);

SELECT bench.compare('per-region hoover',
	'SELECT sum(h) FROM (SELECT hoover(e0, e1) AS h FROM bench.sectors GROUP BY region) AS t',
	'window totals, then half the sum of abs(a/A - b/B)',
	$q$SELECT sum(h) FROM (SELECT 0.5 * sum(abs(e0 / a - e1 / b)) AS h FROM (
	     SELECT region, e0, e1, sum(e0) OVER w AS a, sum(e1) OVER w AS b
	     FROM bench.sectors WINDOW w AS (PARTITION BY region)) AS x GROUP BY region) AS t$q$,
	:reps);

SELECT bench.compare('dispersion_by_year',
	'SELECT num_years(dispersion_by_year(sector % 40 + 1990, e1)) FROM bench.sectors',
	'stddev_pop(ln(value)) GROUP BY year',
	'SELECT count(*) FROM (SELECT stddev_pop(ln(e1)) FROM bench.sectors GROUP BY sector % 40 + 1990) AS t',
	:reps);
