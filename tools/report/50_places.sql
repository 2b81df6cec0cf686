-- Report, section 50: places (tools/demo.sh runs tools/report/*.sql in name
-- order, each in its own psql).  Every number comes from regional_dev's
-- spatial functions; rows built on synthetic demo data say so.
\pset footer off
SET search_path = public, regional_dev;
SET client_min_messages = warning;

\echo
\echo '4. Places: borders, facilities and connections across the three provinces'
\echo '--------------------------------------------------------------------------'
\echo
\echo '4.1 Shared borders between the three districts (region_neighbors, 200 m tolerance: the provinces were digitized separately)'
SELECT ra.name || ' - ' || rb.name AS districts,
       n.boundary_level AS boundary,
       to_char(n.shared_border_m / 1000, 'FM990.0') AS "shared border km",
       to_char((SELECT s.shared_border_m FROM region_neighbors(1) s WHERE s.a = n.a AND s.b = n.b) / 1000,
               'FM990.0') AS "km within 1 m"
FROM region_neighbors() n
JOIN region ra ON ra.code = n.a JOIN region rb ON rb.code = n.b
WHERE ra.in_demonstration_zone AND rb.in_demonstration_zone
ORDER BY n.a, n.b;
SELECT r.name AS district, count(*) AS "neighbouring districts",
       count(*) FILTER (WHERE n.boundary_level = 'province') AS "across a provincial border"
FROM region r JOIN region_neighbors() n ON r.code IN (n.a, n.b)
WHERE r.in_demonstration_zone GROUP BY r.code, r.name ORDER BY r.code;

\echo
\echo '4.2 Facilities with cross-provincial medical-insurance settlement, located per district (locate); SYNTHETIC locations, published counts'
SELECT coalesce(r.name, '(outside every district)') AS district,
       count(*) FILTER (WHERE f.kind = 'medical institution') AS "medical institutions",
       count(*) FILTER (WHERE f.kind = 'pharmacy') AS pharmacies,
       to_char(count(*) / (ST_Area(r.geom::geography) / 1e6) * 100, 'FM990.0') AS "facilities per 100 km2"
FROM (SELECT 'medical institution' AS kind, locate(geom) AS code FROM demo.medical_institutions
      UNION ALL
      SELECT 'pharmacy', locate(geom) FROM demo.pharmacies) AS f
LEFT JOIN region r USING (code)
GROUP BY r.code, r.name, r.geom ORDER BY r.code;

\echo
\echo '4.3 Inter-provincial bus routes (SYNTHETIC paths; the number of routes is published): length per district and boundaries crossed'
SELECT b.name AS route,
       to_char(ST_Length(b.geom::geography) / 1000, 'FM990.0') AS "length km",
       (SELECT string_agg(r.name || ' ' || CASE WHEN l.length_m < 50 THEN '(' || round(l.length_m) || ' m)'
                                              ELSE to_char(l.length_m / 1000, 'FM990.0') END, ', ' ORDER BY l.code)
        FROM length_by_region(b.geom) l JOIN region r USING (code)) AS "km per district (pieces under 50 m in metres)",
       boundary_crossings(b.geom) AS "provincial crossings",
       boundary_crossings(b.geom, 'county') AS "district crossings"
FROM demo.bus_routes b ORDER BY b.id;

\echo
\echo '4.4 Cross-border roads opened (SYNTHETIC paths; the number is published)'
SELECT string_agg(DISTINCT rf.name || ' - ' || rt.name, ', ') AS "between",
       count(*) AS roads,
       sum(boundary_crossings(d.geom)) AS "provincial crossings",
       to_char(sum(ST_Length(d.geom::geography)) / 1000, 'FM990.0') AS "total km"
FROM demo.roads d
JOIN region rf ON rf.code = least(d.from_district, d.to_district)
JOIN region rt ON rt.code = greatest(d.from_district, d.to_district)
GROUP BY least(d.from_district, d.to_district), greatest(d.from_district, d.to_district)
ORDER BY 1;

\echo
\echo '4.5 Spatial autocorrelation of SYNTHETIC facility density across the 32 districts (morans_i of the facilities above per 100 km2, zero outside the zone)'
SELECT to_char(m.i, 'FM0.000') AS "Moran's I", to_char(m.expected, 'FM0.000') AS expected,
       to_char(m.z, 'FM990.00') AS z, to_char(m.p_value, 'FM0.0000') AS "p (two-sided)"
FROM (SELECT (morans_i(r.code, coalesce(f.n, 0) / (ST_Area(r.geom::geography) / 1e6) * 100)).*
      FROM region r
      LEFT JOIN (SELECT locate(geom) AS code, count(*) AS n
                 FROM (SELECT geom FROM demo.medical_institutions UNION ALL SELECT geom FROM demo.pharmacies) AS g
                 GROUP BY 1) AS f USING (code)) AS m;
