-- Report, section 40: cross-boundary flows and disparities, computed by
-- regional_dev from the SYNTHETIC demo tables of tools/demo_data/40_flows.sql.
\pset footer off
SET search_path = public, regional_dev;

\echo
\echo '3. Cross-boundary flows and disparities (SYNTHETIC data: published totals, invented split between districts)'
\echo '-----------------------------------------------------------------------------------------------------------'
\echo
\echo '3.1 Cross-boundary flows of the demonstration zone (SYNTHETIC split)'
WITH f AS (
	SELECT 1 AS k, 'medical insurance settlements 2024 (visits)' AS flow, flow_agg(origin, destination, amount) AS s FROM demo.medical_settlement
	UNION ALL SELECT 2, 'inter-provincial bus passengers (8 routes)', flow_agg(origin, destination, amount) FROM demo.bus_passengers
	UNION ALL SELECT 3, 'cross-regional loans (yuan)', flow_agg(origin, destination, amount) FROM demo.loans
	UNION ALL SELECT 4, 'administrative cases', flow_agg(origin, destination, amount) FROM demo.admin_cases)
SELECT flow,
       to_char(flow_total(s), 'FM999,999,999,990') AS total,
       to_char(100 * cross_boundary_share(s, 'province'), 'FM990.0') || '%' AS "across provinces",
       to_char(100 * cross_boundary_share(s, 'prefecture'), 'FM990.0') || '%' AS "across prefectures",
       to_char(100 * cross_boundary_share(s, 'county'), 'FM990.0') || '%' AS "across districts"
FROM f ORDER BY k;

\echo
\echo '3.2 Net inflow of the three zone districts (inflow - outflow; SYNTHETIC data)'
WITH f AS (
	SELECT (SELECT flow_agg(origin, destination, amount) FROM demo.medical_settlement) AS medical,
	       (SELECT flow_agg(origin, destination, amount) FROM demo.bus_passengers) AS bus,
	       (SELECT flow_agg(origin, destination, amount) FROM demo.loans) AS loans,
	       (SELECT flow_agg(origin, destination, amount) FROM demo.admin_cases) AS cases)
SELECT r.name AS district, r.code::text AS code,
       to_char(net_inflow(medical, r.code), 'FMS999,999,990') AS "medical visits",
       to_char(net_inflow(bus, r.code), 'FMS999,999,990') AS "bus passengers",
       to_char(net_inflow(loans, r.code) / 1e6, 'FMS999,990.0') AS "loans, million yuan",
       to_char(net_inflow(cases, r.code), 'FMS999,999,990') AS "admin cases"
FROM f, region r WHERE r.in_demonstration_zone ORDER BY r.code;

\echo
\echo '3.3 Disparities of GDP per resident across the 32 districts, by province (SYNTHETIC data: demo.district_gdp_population)'
WITH s AS (
	SELECT year, inequality_agg(gdp, population, province(code)::text) AS s,
	       gini(gdp / population, population) AS gini
	FROM demo.district_gdp_population GROUP BY year)
SELECT year,
       to_char(theil_t(s), 'FM0.0000') AS "Theil T",
       to_char(theil_t_between(s), 'FM0.0000') AS "between provinces",
       to_char(theil_t_within(s), 'FM0.0000') AS "within provinces",
       to_char(100 * theil_t_between(s) / theil_t(s), 'FM990.0') || '%' AS "between share",
       to_char(theil_l(s), 'FM0.0000') AS "Theil L",
       to_char(theil_l_between(s), 'FM0.0000') AS "L between",
       to_char(williamson(s), 'FM0.000') AS "Williamson",
       to_char(cv(s), 'FM0.000') AS "CV",
       to_char(gini, 'FM0.000') AS "Gini (weighted)"
FROM s ORDER BY year;

\echo
\echo '3.4 Theil T within each province, 2023 (SYNTHETIC data)'
SELECT CASE g->>'group' WHEN '310000' THEN 'Shanghai (16 districts)' WHEN '320000' THEN 'Suzhou, Jiangsu (9)'
                         WHEN '330000' THEN 'Jiaxing, Zhejiang (7)' ELSE g->>'group' END AS province,
       to_char((g->>'mean')::float8 * 1e9, 'FM999,990') AS "GDP per resident, yuan",
       to_char((g->>'theil_t')::float8, 'FM0.0000') AS "Theil T",
       to_char((g->>'theil_l')::float8, 'FM0.0000') AS "Theil L"
FROM (SELECT inequality_agg(gdp, population, province(code)::text)::jsonb AS j
      FROM demo.district_gdp_population WHERE year = 2023) x,
     jsonb_array_elements(j->'groups') AS g;

\echo
\echo '3.5 Beta convergence of GDP per resident, 2019-2023, 32 districts (SYNTHETIC data)'
SELECT to_char(beta, 'FMS0.0000') AS beta,
       coalesce(to_char(100 * speed, 'FM990.00') || '% a year', 'no convergence') AS speed,
       coalesce(to_char(half_life, 'FM9990.0') || ' years', '-') AS "half-life",
       to_char(r_squared, 'FM0.000') AS "R2"
FROM (SELECT (beta_convergence(a.gdp / a.population, b.gdp / b.population, b.year - a.year)).*
      FROM demo.district_gdp_population a
      JOIN demo.district_gdp_population b ON b.code = a.code AND a.year = 2019 AND b.year = 2023) x;
