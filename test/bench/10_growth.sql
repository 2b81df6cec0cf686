-- Growth and intensity rows: series_agg, per-group CAGR, ratio_agg.  Every
-- query returns one float8[]; bench.compare checks that ours and the
-- baseline return the same numbers before it times them.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

-- The issue's speed floor: a plain sum over the same rows (per-row cost of
-- the aggregate).  Checked: the series' values add up to that sum.
SELECT bench.compare('growth', 'series_agg over the single table',
	'SELECT ARRAY[(SELECT sum(u.value) FROM unnest(s) AS u)] FROM (SELECT series_agg(year, value) AS s FROM bench.single) AS t',
	'sum(value)', 'SELECT ARRAY[sum(value)] FROM bench.single',
	:reps, 1.5, '<= 1.5x');

-- The same result in pure SQL: one sum per year.
SELECT bench.compare('growth', 'series_agg over the single table, every year',
	'SELECT array_agg(u.value ORDER BY u.year) FROM (SELECT series_agg(year, value) AS s FROM bench.single) AS t, unnest(s) AS u',
	'GROUP BY year, sum(value)', 'SELECT array_agg(v ORDER BY year) FROM (SELECT year, sum(value) AS v FROM bench.single GROUP BY year) AS t',
	:reps);

SELECT bench.compare('growth', 'per-group CAGR, series_agg + cagr(s)',
	'SELECT array_agg(c ORDER BY code) FROM (SELECT code, cagr(series_agg(year, gdp)) AS c FROM bench.panel GROUP BY code) AS t',
	'pure SQL, first and last year by window functions',
	$q$SELECT array_agg(power(last_v / first_v, 1.0 / (last_y - first_y)) - 1 ORDER BY code) FROM (
	     SELECT DISTINCT code,
	            first_value(year) OVER w AS first_y, first_value(gdp) OVER w AS first_v,
	            last_value(year) OVER w AS last_y, last_value(gdp) OVER w AS last_v
	     FROM bench.panel
	     WINDOW w AS (PARTITION BY code ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS t$q$,
	:reps, 0.5, '>= 2x faster');

SELECT bench.compare('growth', 'per-group CAGR, series_agg + cagr(s, from, to)',
	format('SELECT array_agg(c ORDER BY code) FROM (SELECT code, cagr(series_agg(year, gdp), 1990, %s) AS c FROM bench.panel GROUP BY code) AS t', 1989 + :years),
	'pure SQL, the years hard-coded',
	format($q$SELECT array_agg(c ORDER BY code) FROM (
	          SELECT code, power(max(gdp) FILTER (WHERE year = %s) / max(gdp) FILTER (WHERE year = 1990), 1.0 / %s) - 1 AS c
	          FROM bench.panel GROUP BY code) AS t$q$, 1989 + :years, :years - 1),
	:reps, 1.0, 'no slower');

-- R&D intensity (R&D / GDP) by province and year: a ratio of sums.
SELECT bench.compare('growth', 'ratio_agg by province and year (panel)',
	'SELECT array_agg(r ORDER BY province, year) FROM (SELECT province, year, ratio(ratio_agg(rd, gdp)) AS r FROM bench.panel GROUP BY province, year) AS t',
	'sum(rd) / sum(gdp)',
	'SELECT array_agg(r ORDER BY province, year) FROM (SELECT province, year, sum(rd) / sum(gdp) AS r FROM bench.panel GROUP BY province, year) AS t',
	:reps);

SELECT bench.compare('growth', 'ratio_agg over the single table',
	'SELECT ARRAY[ratio(ratio_agg(value, weight))] FROM bench.single',
	'sum(n) / sum(d)', 'SELECT ARRAY[sum(value) / sum(weight)] FROM bench.single',
	:reps);
