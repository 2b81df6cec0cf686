-- Report, section 60: structure, specialization and convergence (regional
-- economics toolkit).  Every number is computed by regional_dev; the data are
-- the SYNTHETIC tables of tools/demo_data/60_sectors.sql, and every heading says so.
\pset footer off
SET search_path = public, regional_dev;

\echo
\echo '5. Structure and convergence (SYNTHETIC data: sector split of tools/demo_data/60_sectors.sql, district GDP of the demo; zone totals = published GDP)'
\echo '--------------------------------------------------------------------------------------------------------------------------------------------------'
\echo
\echo '5.1 Where the growth of value added 2019-2023 came from: shift-share against a SYNTHETIC national economy (billion yuan)'
WITH region AS (
	SELECT code, sector, max(value) FILTER (WHERE year = 2019) AS e0, max(value) FILTER (WHERE year = 2023) AS e1
	FROM demo.sector_value_added GROUP BY code, sector
), nation AS (
	SELECT sector, max(value) FILTER (WHERE year = 2019) AS n0, max(value) FILTER (WHERE year = 2023) AS n1
	FROM demo.national_sector_value_added GROUP BY sector
), total AS (
	SELECT sum(n0) AS t0, sum(n1) AS t1 FROM nation
), ss AS (
	SELECT r.code, sum(r.e1 - r.e0) AS change, shift_share(r.e0, r.e1, n.n0, n.n1, t.t0, t.t1) AS s
	FROM region r JOIN nation n USING (sector) CROSS JOIN total t
	GROUP BY ROLLUP (r.code)
)
SELECT coalesce(g.name, 'zone (all three, pooled)') AS district,
       to_char(ss.change, 'FM990.0') AS change,
       to_char((ss.s).national_share, 'FM990.0') AS "national share",
       to_char((ss.s).industry_mix, 'FM990.0') AS "industry mix",
       to_char((ss.s).regional_shift, 'FM990.0') AS "regional shift"
FROM ss LEFT JOIN regional_dev.region g ON g.code = ss.code
ORDER BY ss.code NULLS LAST;
SELECT to_char(sum(value) FILTER (WHERE year = 2019), 'FM990.0') AS "zone 2019 (synthetic split)",
       to_char(sum(value) FILTER (WHERE year = 2023), 'FM990.0') AS "zone 2023 (synthetic split)",
       (SELECT to_char(value, 'FM990.0') || ' (' || source || ')' FROM demo.seed_figures
        WHERE indicator = 'gdp' AND scope = 'demonstration_zone' AND year = '2023') AS "published GDP 2023"
FROM demo.sector_value_added;
\echo 'national share: growth had every sector grown at the national rate; industry mix: the district''s mix of'
\echo 'fast- and slow-growing sectors; regional shift: its sectors outgrowing (or trailing) the same sectors nationally.'
\echo 'The three add up to the change; the zone''s parts are the sums of the districts'' parts.'

\echo
\echo '5.2 Specialization of value added in 2023 (SYNTHETIC data)'
WITH v AS (
	SELECT d.code, d.sector, d.value, n.value AS national,
	       sum(d.value) OVER (PARTITION BY d.sector) AS zone
	FROM demo.sector_value_added d
	JOIN demo.national_sector_value_added n ON n.sector = d.sector AND n.year = d.year
	WHERE d.year = 2023
)
SELECT g.name AS district,
       to_char(herfindahl(v.value), 'FM0.000') AS "Herfindahl of sectors",
       to_char(krugman_specialization(v.value, v.national), 'FM0.000') AS "Krugman vs nation",
       to_char(hoover(v.value, v.zone), 'FM0.000') AS "Hoover vs zone"
FROM v JOIN regional_dev.region g USING (code)
GROUP BY g.code, g.name ORDER BY g.code;
\echo 'Herfindahl: 1/6 = 0.167 for six equal sectors, 1 for one sector.  Krugman: 0 for the national structure, 2 for a'
\echo 'disjoint one.  Hoover: the share of value added that would have to move between sectors to match the zone.'

\echo
\echo '5.3 Sigma convergence of GDP per resident across the 32 shipped districts (SYNTHETIC: demo.district_gdp_population)'
WITH s AS (SELECT dispersion_by_year(year, gdp / population) AS sigma FROM demo.district_gdp_population)
SELECT u.year, to_char(u.value, 'FM0.0000') AS "sigma = sd of ln(GDP per resident)"
FROM s, unnest(s.sigma) AS u ORDER BY u.year;
WITH s AS (SELECT dispersion_by_year(year, gdp / population) AS sigma FROM demo.district_gdp_population)
SELECT to_char(100 * total_growth(sigma, 2019, 2023), 'FM990.0') || ' %' AS "sigma change 2019-2023",
       to_char(100 * trend_growth(sigma), 'FM990.00') || ' % a year' AS "sigma trend",
       CASE WHEN trend_growth(sigma) < 0 THEN 'converging' ELSE 'not converging' END AS reading
FROM s;

\echo
\echo '5.4 Local clusters of growth: local Moran''s I of the annual growth of GDP per resident 2019-2023 (SYNTHETIC data)'
SET client_min_messages = warning;
CREATE TEMP TABLE growth AS
SELECT code, cagr(max(gdp / population) FILTER (WHERE year = 2019), max(gdp / population) FILTER (WHERE year = 2023), 4) AS growth
FROM demo.district_gdp_population GROUP BY code;
CREATE TEMP TABLE lisa AS
SELECT l.* FROM local_morans_i((SELECT array_agg(code ORDER BY code) FROM growth),
                               (SELECT array_agg(growth ORDER BY code) FROM growth)) AS l;
SELECT r.name AS district, to_char(100 * g.growth, 'FM990.0') || ' %' AS "growth a year",
       to_char(l.ii, 'FM990.000') AS "local I", to_char(l.p_value, 'FM0.000') AS "p (999 permutations, seed 0)",
       l.quadrant
FROM lisa l JOIN growth g USING (code) JOIN regional_dev.region r USING (code)
WHERE l.p_value < 0.05 ORDER BY l.code;
SELECT coalesce(quadrant, 'no neighbour') AS quadrant, count(*) AS districts,
       string_agg(r.name, ', ' ORDER BY l.code) FILTER (WHERE l.in_zone OR quadrant IS NULL) AS "of them in the zone, or without neighbour"
FROM (SELECT lisa.*, r.in_demonstration_zone AS in_zone FROM lisa JOIN regional_dev.region r USING (code)) AS l
JOIN regional_dev.region r USING (code)
GROUP BY quadrant ORDER BY quadrant NULLS LAST;
SELECT count(*) FILTER (WHERE p_value < 0.05) AS "p below 0.05", count(ii) AS "districts tested",
       to_char(0.05 * count(ii), 'FM990.0') AS "expected below 0.05 by chance alone"
FROM lisa;
\echo 'HH: fast growth among fast-growing neighbours, LL: slow among slow (clusters); HL, LH: outliers.'
