-- Disparity rows: inequality_agg by province (Theil T and L with their
-- between/within decomposition, Williamson, CV) and gini, each against the
-- same formulas in pure SQL.  Every query returns one float8[]; the
-- results are checked equal before timing.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

-- Ours: per year, the eight indices of the counties, groups = provinces.
\set ineq_ours 'SELECT array_agg(v ORDER BY year, k) FROM (SELECT year, inequality_agg(gdp, population, province::text) AS s FROM bench.panel GROUP BY year) AS t, LATERAL (VALUES (1, theil_t(s)), (2, theil_t_between(s)), (3, theil_t_within(s)), (4, theil_l(s)), (5, theil_l_between(s)), (6, theil_l_within(s)), (7, williamson(s)), (8, cv(s))) AS v(k, v)'

-- Textbook formulas, y income, p population, Y, P totals of the year, Y_g,
-- P_g totals of the province:
--   T = sum (y/Y) ln((y/Y)/(p/P)),  T_between = sum_g (Y_g/Y) ln((Y_g/Y)/(P_g/P)),
--   T_within = sum_g (Y_g/Y) T_g = sum (y/Y) ln((y/Y_g)/(p/P_g)); L likewise
--   with the roles of y and p swapped; Williamson = sqrt(sum (p/P)(x - Y/P)^2)/(Y/P);
--   CV = stddev_pop(x)/avg(x), x = y/p.
-- The group terms are written per row (sum_i (y_i/Y) f(g_i) = sum_g (Y_g/Y) f(g)).
\set ineq_window 'SELECT array_agg(v ORDER BY year, k) FROM (SELECT year, sum(y / yt * ln((y / yt) / (p / pt))) AS tt, sum(y / yt * ln((yg / yt) / (pg / pt))) AS tb, sum(y / yt * ln((y / yg) / (p / pg))) AS tw, sum(p / pt * ln((p / pt) / (y / yt))) AS tl, sum(p / pt * ln((pg / pt) / (yg / yt))) AS lb, sum(p / pt * ln((p / pg) / (y / yg))) AS lw, sqrt(sum(p / pt * power(y / p - yt / pt, 2))) / (max(yt) / max(pt)) AS wi, stddev_pop(y / p) / avg(y / p) AS cv FROM (SELECT year, gdp AS y, population AS p, sum(gdp) OVER (PARTITION BY year) AS yt, sum(population) OVER (PARTITION BY year) AS pt, sum(gdp) OVER (PARTITION BY year, province) AS yg, sum(population) OVER (PARTITION BY year, province) AS pg FROM bench.panel) AS r GROUP BY year) AS t, LATERAL (VALUES (1, tt), (2, tb), (3, tw), (4, tl), (5, lb), (6, lw), (7, wi), (8, cv)) AS v(k, v)'

-- One pass of additive sums per (year, province), then the indices from
-- them: the same algebra inequality_agg uses (T = sum y ln x / Y - ln(Y/P),
-- L = ln(Y/P) - sum p ln x / P, Williamson^2 = sum y x / P - (Y/P)^2,
-- CV^2 = sum x^2 / n - (sum x / n)^2), without compensated sums.
\set ineq_sums 'SELECT array_agg(v ORDER BY year, k) FROM (SELECT year, sum(ylnx) / sum(yg) - ln(sum(yg) / sum(pg)) AS tt, sum(yg / yt * ln((yg / yt) / (pg / pt))) AS tb, sum(yg / yt * (ylnx / yg - ln(yg / pg))) AS tw, ln(sum(yg) / sum(pg)) - sum(plnx) / sum(pg) AS tl, sum(pg / pt * ln((pg / pt) / (yg / yt))) AS lb, sum(pg / pt * (ln(yg / pg) - plnx / pg)) AS lw, sqrt(sum(yx) / sum(pg) - power(sum(yg) / sum(pg), 2)) / (sum(yg) / sum(pg)) AS wi, sqrt(sum(x2) / sum(n) - power(sum(x) / sum(n), 2)) / (sum(x) / sum(n)) AS cv FROM (SELECT *, sum(yg) OVER (PARTITION BY year) AS yt, sum(pg) OVER (PARTITION BY year) AS pt FROM (SELECT year, province, count(*)::float8 AS n, sum(gdp) AS yg, sum(population) AS pg, sum(gdp * ln(gdp / population)) AS ylnx, sum(population * ln(gdp / population)) AS plnx, sum(gdp / population) AS x, sum(power(gdp / population, 2)) AS x2, sum(gdp * gdp / population) AS yx FROM bench.panel GROUP BY year, province) AS g) AS g GROUP BY year) AS t, LATERAL (VALUES (1, tt), (2, tb), (3, tw), (4, tl), (5, lb), (6, lw), (7, wi), (8, cv)) AS v(k, v)'

SELECT bench.compare('disparities', 'inequality_agg by province, per year (panel)',
	:'ineq_ours', 'pure SQL, textbook formulas with window functions', :'ineq_window', :reps);
SELECT bench.compare('disparities', 'inequality_agg by province, per year (panel)',
	:'ineq_ours', 'pure SQL, one pass of sums per province (same algebra)', :'ineq_sums', :reps);

-- The same over the single big table (one summary, 31 groups).
SELECT bench.compare('disparities', 'inequality_agg by province over the single table',
	'SELECT ARRAY[theil_t(s), theil_t_between(s), theil_t_within(s), theil_l(s), theil_l_between(s), theil_l_within(s), williamson(s), cv(s)] FROM (SELECT inequality_agg(value, weight, prov) AS s FROM bench.single) AS t',
	'pure SQL, one pass of sums per province (same algebra)',
	'SELECT ARRAY[sum(ylnx) / sum(yg) - ln(sum(yg) / sum(pg)), sum(yg / yt * ln((yg / yt) / (pg / pt))), sum(yg / yt * (ylnx / yg - ln(yg / pg))), ln(sum(yg) / sum(pg)) - sum(plnx) / sum(pg), sum(pg / pt * ln((pg / pt) / (yg / yt))), sum(pg / pt * (ln(yg / pg) - plnx / pg)), sqrt(sum(yx) / sum(pg) - power(sum(yg) / sum(pg), 2)) / (sum(yg) / sum(pg)), sqrt(sum(x2) / sum(n) - power(sum(x) / sum(n), 2)) / (sum(x) / sum(n))] FROM (SELECT *, sum(yg) OVER () AS yt, sum(pg) OVER () AS pt FROM (SELECT prov, count(*)::float8 AS n, sum(value) AS yg, sum(weight) AS pg, sum(value * ln(value / weight)) AS ylnx, sum(weight * ln(value / weight)) AS plnx, sum(value / weight) AS x, sum(power(value / weight, 2)) AS x2, sum(value * value / weight) AS yx FROM bench.single GROUP BY prov) AS g) AS g',
	:reps, NULL, NULL, 1e-8);

-- Weighted Gini, G = sum_i w_i x_i (W_below(i) - W_above(i)) / (W sum_i w_i x_i)
-- over the distinct values x_i (weights of equal values summed; a plain sum
-- of weights below needs ties merged first): per year, GDP per head weighted
-- by population across the counties.
SELECT bench.compare('disparities', 'gini(x, w) per year (panel)',
	'SELECT array_agg(g ORDER BY year) FROM (SELECT year, gini(gdp / population, population) AS g FROM bench.panel GROUP BY year) AS t',
	'pure SQL, window functions over the sorted values',
	'SELECT array_agg(g ORDER BY year) FROM (SELECT year, sum(w * x * (below - (wt - below - w))) / (max(wt) * sum(w * x)) AS g FROM (SELECT year, x, w, sum(w) OVER (PARTITION BY year ORDER BY x) - w AS below, sum(w) OVER (PARTITION BY year) AS wt FROM (SELECT year, gdp / population AS x, sum(population) AS w FROM bench.panel GROUP BY year, gdp / population) AS v) AS c GROUP BY year) AS t',
	:reps);

SELECT bench.compare('disparities', 'gini(x, w) over the single table',
	'SELECT ARRAY[gini(value, weight)] FROM bench.single',
	'pure SQL, window functions over the sorted values',
	'SELECT ARRAY[sum(w * x * (below - (wt - below - w))) / (max(wt) * sum(w * x))] FROM (SELECT x, w, sum(w) OVER (ORDER BY x) - w AS below, sum(w) OVER () AS wt FROM (SELECT value AS x, sum(weight) AS w FROM bench.single GROUP BY value) AS v) AS c',
	:reps);
