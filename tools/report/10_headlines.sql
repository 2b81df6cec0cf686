-- Report, section 10: the press release's headline figures, recomputed by
-- regional_dev from the demo data, each next to the published figure.
-- District series are SYNTHETIC (demo.district_series); published figures come
-- from demo.seed_figures (data/seed_figures.csv, with sources).
\pset footer off
SET search_path = public, regional_dev;

\echo
\echo '2. Consistency check: the published headline figures recomputed from the demo data'
\echo '-----------------------------------------------------------------------------------'
\echo 'The district series are SYNTHETIC: they were built from these same published zone totals, so'
\echo 'reproducing them (a difference of 0.00) checks that the demo data and regional_dev''s sums,'
\echo 'growth rates and ratios are consistent; it is not an independent confirmation of the figures.'
WITH zone AS (
	SELECT indicator, rollup(s) AS s
	FROM (SELECT code, indicator, series_agg(year, value) AS s
	      FROM demo.district_series GROUP BY code, indicator) AS per_district
	GROUP BY indicator
), rd AS (
	SELECT ratio(ratio_agg(r.value, g.value)) AS intensity
	FROM demo.district_series r
	JOIN demo.district_series g ON g.code = r.code AND g.year = r.year AND g.indicator = 'gdp'
	WHERE r.indicator = 'rd_spending' AND r.year = 2023
), water AS (
	SELECT max(share) FILTER (WHERE year = 2024) - max(share) FILTER (WHERE year = 2019) AS change
	FROM demo.water_quality
), published AS (
	SELECT indicator, scope, year, value FROM demo.seed_figures
), rows AS (
	SELECT 1 AS n, 'GDP 2023, billion yuan' AS figure,
	       value_at(s, 2023) AS computed,
	       (SELECT value FROM published WHERE indicator = 'gdp' AND scope = 'demonstration_zone' AND year = '2023') AS published, 1 AS scale
	FROM zone WHERE indicator = 'gdp'
	UNION ALL
	SELECT 2, 'GDP average annual growth 2019-2023, %', cagr(s, 2019, 2023),
	       (SELECT value FROM published WHERE indicator = 'gdp_avg_annual_growth'), 100
	FROM zone WHERE indicator = 'gdp'
	UNION ALL
	SELECT 3, 'Industrial output 2023, billion yuan', value_at(s, 2023),
	       (SELECT value FROM published WHERE indicator = 'industrial_output_above_designated_size'), 1
	FROM zone WHERE indicator = 'industrial_output'
	UNION ALL
	SELECT 4, 'Industrial output average annual growth 2019-2023, %', cagr(s, 2019, 2023),
	       (SELECT value FROM published WHERE indicator = 'industrial_output_avg_annual_growth'), 100
	FROM zone WHERE indicator = 'industrial_output'
	UNION ALL
	SELECT 5, 'R&D intensity 2023 (R&D / GDP), %', intensity,
	       (SELECT value FROM published WHERE indicator = 'rd_intensity' AND scope = 'demonstration_zone'), 100
	FROM rd
	UNION ALL
	SELECT 6, 'Surface water Class III or better, change 2019-2024, points', change,
	       (SELECT max(value) FILTER (WHERE year = '2024') - max(value) FILTER (WHERE year = '2019')
	                         FROM published WHERE indicator = 'surface_water_class_iii_or_better_share'), 100
	FROM water
)
SELECT figure,
       to_char(computed * scale, 'FM999990.00') AS "regional_dev",
       to_char(published * scale, 'FM999990.00') AS "published",
       to_char(round(((computed - published) * scale)::numeric, 2) + 0, 'FM999990.00') AS "difference"
FROM rows ORDER BY n;

\echo
\echo '2.1 R&D intensity 2023 of the zone (above) against published comparisons (%)'
SELECT CASE s.scope WHEN 'china' THEN 'China' WHEN 'yangtze_river_delta' THEN 'Yangtze River Delta (Shanghai, Jiangsu, Zhejiang, Anhui)'
                    WHEN 'shanghai' THEN 'Shanghai' WHEN 'jiangsu' THEN 'Jiangsu' WHEN 'zhejiang' THEN 'Zhejiang'
                    ELSE s.scope END AS "R&D intensity of", to_char(s.value * 100, 'FM990.00') AS "%",
       to_char((z.intensity - s.value) * 100, 'FMS990.00') AS "zone minus it, points"
FROM demo.seed_figures s,
     (SELECT ratio(ratio_agg(r.value, g.value)) AS intensity
      FROM demo.district_series r
      JOIN demo.district_series g ON g.code = r.code AND g.year = r.year AND g.indicator = 'gdp'
      WHERE r.indicator = 'rd_spending' AND r.year = 2023) AS z
WHERE s.indicator = 'rd_intensity' AND s.scope IN ('china', 'yangtze_river_delta', 'shanghai', 'jiangsu', 'zhejiang')
ORDER BY s.value DESC;

\echo
\echo '2.2 District growth 2019-2023 (SYNTHETIC district split): the zone rate is not the mean of the districts'
SELECT r.name AS district, to_char(100 * cagr(series_agg(d.year, d.value), 2019, 2023), 'FM990.00') AS "GDP growth %/yr",
       to_char(100 * trend_growth(series_agg(d.year, d.value)), 'FM990.00') AS "trend %/yr",
       to_char(value_at(series_agg(d.year, d.value), 2023), 'FM9990.0') AS "GDP 2023"
FROM demo.district_series d JOIN region r ON r.code = d.code
WHERE d.indicator = 'gdp' GROUP BY r.code, r.name ORDER BY r.code;
