-- places: apportion(source_geom, source_value, target_geom) and apportion_state.
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

-- By hand (planar areas in degrees, as ST_Area(geometry)): a 2 x 2 source
-- worth 100 and a target covering its right half: 100 x 2/4 = 50; a second
-- source 2 x 2 worth 60 half covered adds 30: 80.
SELECT apportion(s, v, 'SRID=4326;POLYGON((1 0,3 0,3 2,1 2,1 0))') AS half,
       apportion(s, v, 'SRID=4326;POLYGON((1 0,3 0,3 2,1 2,1 0))') FILTER (WHERE v = 100) AS first_only
FROM (VALUES ('SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))'::geometry, 100.0::float8),
             ('SRID=4326;POLYGON((2 0,4 0,4 2,2 2,2 0))'::geometry, 60.0)) AS t(s, v);

-- Invalid input is made valid first (ST_MakeValid's rule), with one NOTICE
-- per call.  The bow-tie (0 0, 2 2, 2 0, 0 2) becomes two triangles of area 1
-- each; the target [0,1] x [0,2] holds the left one: 100 x 1/2 = 50; as a
-- target the same bow-tie takes 2/4 of a 2 x 2 source worth 100: 50; a
-- target far away takes 0: 50 + 50 + 0 = 100.  Three invalid geometries, one
-- NOTICE.
SELECT apportion(s, 100, t) AS bow_ties
FROM (VALUES ('SRID=4326;POLYGON((0 0,2 2,2 0,0 2,0 0))'::geometry, 'SRID=4326;POLYGON((0 0,1 0,1 2,0 2,0 0))'::geometry),
             ('SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))', 'SRID=4326;POLYGON((0 0,2 2,2 0,0 2,0 0))'),
             ('SRID=4326;POLYGON((0 0,2 2,2 0,0 2,0 0))', 'SRID=4326;POLYGON((5 5,6 5,6 6,5 6,5 5))')) AS x(s, t);

-- NULL arguments skip the row; no row used gives NULL.
SELECT apportion(s, v, t) AS skip_nulls
FROM (VALUES ('SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))'::geometry, 100.0::float8, 'SRID=4326;POLYGON((0 0,1 0,1 2,0 2,0 0))'::geometry),
             (NULL, 5, 'SRID=4326;POLYGON((0 0,1 0,1 2,0 2,0 0))'),
             ('SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))', NULL, 'SRID=4326;POLYGON((0 0,1 0,1 2,0 2,0 0))'),
             ('SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))', 7, NULL)) AS x(s, v, t);
SELECT apportion(s, v, s) AS all_null FROM (VALUES (NULL::geometry, 1.0::float8)) AS x(s, v);
SELECT apportion(geom, 1, geom) AS no_rows FROM region WHERE false;

-- The sum is exact, so row order never changes it: 1e16 + 1 - 1e16 + 1 is 2
-- in any order (a float8 running sum gives 1 or 0 or 2 depending on order).
SELECT apportion(s, v, s ORDER BY i) AS forward, apportion(s, v, s ORDER BY i DESC) AS backward,
       sum(v ORDER BY i) AS float8_sum_forward
FROM (VALUES (1, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))'::geometry, 1e16::float8),
             (2, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))', 1),
             (3, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))', -1e16),
             (4, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))', 1)) AS x(i, s, v);

-- Totals are conserved when the targets partition the sources: the 32
-- districts (synthetic values: code modulo 997) apportioned to a 0.1-degree
-- grid; the grid cells' values add up to the districts' total, and each cell
-- equals the SQL formulation sum(v * ST_Area(ST_Intersection(s, t)) / ST_Area(s)).
CREATE TEMP TABLE grid AS
SELECT row_number() OVER (ORDER BY g.i, g.j) AS cell, g.geom
FROM ST_SquareGrid(0.1, (SELECT ST_SetSRID(ST_Extent(geom), 4326) FROM region)) AS g;
CREATE TEMP TABLE cell_values AS
SELECT g.cell, apportion(r.geom, (r.code::integer % 997)::float8, g.geom) AS value,
       sum((r.code::integer % 997) * ST_Area(ST_Intersection(r.geom, g.geom)) / ST_Area(r.geom)) AS sql_value
FROM grid g JOIN region r ON r.geom && g.geom GROUP BY g.cell;
SELECT count(*) AS cells, round(sum(value)::numeric, 6) AS apportioned_total,
       (SELECT sum(code::integer % 997) FROM region) AS district_total,
       abs(sum(value) / (SELECT sum(code::integer % 997) FROM region) - 1) < 1e-12 AS conserved,
       count(*) FILTER (WHERE abs(value - sql_value) <= 1e-9 * abs(sql_value) + 1e-12) AS cells_equal_to_sql
FROM cell_values;

-- The other way: synthetic residents on the grid (1,000 per cell)
-- apportioned to the three zone members, as the SQL formulation gives.
SELECT r.code, r.name, round(apportion(g.geom, 1000, r.geom)) AS residents,
       round(sum(1000 * ST_Area(ST_Intersection(g.geom, r.geom)) / ST_Area(g.geom))) AS sql_formulation
FROM region r JOIN grid g ON g.geom && r.geom
WHERE r.in_demonstration_zone GROUP BY r.code, r.name ORDER BY r.code;

-- The state type: text and binary input/output round-trip, jsonb cast.
SELECT apportion_state_out(apportion_trans(NULL, 'SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))', 1e16,
                                             'SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))')) AS one_row;
SELECT s::text, s::text::apportion_state::text = s::text AS text_round_trip, s::jsonb
FROM (VALUES ('{rows:3,repaired:1,partials:[1e-20,1.5]}'::apportion_state),
             ('{rows:0,repaired:0,partials:[]}'),
             (' {rows:2, repaired:0, partials:[ -2.5 ]} '),
             -- regional_dev 1.0 kept longer exact expansions: still read as written
             ('{rows:2,repaired:0,partials:[1e-40,1e-20,1]}')) AS t(s);
CREATE TEMP TABLE state_in (s apportion_state);
CREATE TEMP TABLE state_out (s apportion_state);
INSERT INTO state_in VALUES ('{rows:3,repaired:1,partials:[1e-20,1.5]}'), ('{rows:0,repaired:0,partials:[]}');
\copy state_in TO 'results/apportion_state.bin' WITH (FORMAT binary)
\copy state_out FROM 'results/apportion_state.bin' WITH (FORMAT binary)
SELECT s::text FROM state_out;
\set VERBOSITY default
SELECT '{rows:3,repaired:1}'::apportion_state;
SELECT '{rows:-3,repaired:1,partials:[]}'::apportion_state;
SELECT '{rows:3,repaired:1,partials:[NaN]}'::apportion_state;
SELECT '{rows:3,repaired:1,partials:[1,]}'::apportion_state;
SELECT '{rows:3,repaired:1,partials:[1]} x'::apportion_state;
SELECT '{rows:x,repaired:1,partials:[1]}'::apportion_state;

-- Bad input.
SELECT apportion('SRID=4326;POINT(0 0)', 1, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=4326;POLYGON((0 0,1 0,1 1,0 0))', 1, 'SRID=4326;LINESTRING(0 0,1 1)');
SELECT apportion('SRID=4326;GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)))', 1, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=4326;POLYGON Z ((0 0 1,1 0 1,1 1 1,0 0 1))', 1, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=3857;POLYGON((0 0,1 0,1 1,0 0))', 1, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=4326;POLYGON((0 0,1 0,1 1,0 0))', 1, 'POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=4326;POLYGON EMPTY', 1, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=4326;POLYGON((0 0,1 0,1 1,0 0))', 'NaN', 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=4326;POLYGON((0 0,1 0,1 1,0 0))', '-Infinity', 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion('SRID=4326;POLYGON((0 0,1 1,2 2,0 0))', 1, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))');
SELECT apportion(geom, 1e308, geom) FROM region WHERE code IN ('310118', '320509');
