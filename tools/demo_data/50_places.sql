-- Demo dataset, part 50: SYNTHETIC places in the demonstration zone (schema demo).
-- The counts are the published ones (demo.seed_figures, press release
-- 2024-12-25): medical institutions and pharmacies with cross-provincial
-- settlement, inter-provincial bus routes, dead-end roads opened.  The
-- LOCATIONS are synthetic: points drawn uniformly over the three districts
-- with ST_GeneratePoints and fixed seeds (the same on every run), lines drawn
-- between such points.  Every table says so in its comment.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;

CREATE FUNCTION pg_temp.published(indicator_name text) RETURNS integer LANGUAGE sql AS $$
	SELECT value::integer FROM demo.seed_figures
	WHERE indicator = indicator_name AND scope = 'demonstration_zone'$$;

-- Points: uniform over the union of Qingpu, Wujiang and Jiashan (so about in
-- proportion to their areas), numbered in the order ST_GeneratePoints gives.
CREATE TABLE demo.medical_institutions (
	id integer PRIMARY KEY,
	name text NOT NULL,
	geom geometry(Point, 4326) NOT NULL
);
COMMENT ON TABLE demo.medical_institutions IS 'SYNTHETIC locations of the medical institutions with cross-provincial settlement in the demonstration zone: the count is published (seed_figures), the points are random (ST_GeneratePoints, seed 531)';
INSERT INTO demo.medical_institutions
SELECT d.path[1], pg_catalog.format('synthetic medical institution %s', d.path[1]), d.geom
FROM (SELECT ST_Union(geom) AS zone FROM region WHERE in_demonstration_zone) AS z,
     ST_Dump(ST_GeneratePoints(z.zone, pg_temp.published('medical_institutions_cross_provincial_settlement'), 531)) AS d;

CREATE TABLE demo.pharmacies (
	id integer PRIMARY KEY,
	name text NOT NULL,
	geom geometry(Point, 4326) NOT NULL
);
COMMENT ON TABLE demo.pharmacies IS 'SYNTHETIC locations of the pharmacies with cross-provincial settlement in the demonstration zone: the count is published (seed_figures), the points are random (ST_GeneratePoints, seed 926)';
INSERT INTO demo.pharmacies
SELECT d.path[1], pg_catalog.format('synthetic pharmacy %s', d.path[1]), d.geom
FROM (SELECT ST_Union(geom) AS zone FROM region WHERE in_demonstration_zone) AS z,
     ST_Dump(ST_GeneratePoints(z.zone, pg_temp.published('pharmacies_cross_provincial_settlement'), 926)) AS d;

-- The ordered pairs of zone members in different provinces, cycled through
-- for the lines below: (Qingpu, Wujiang), (Qingpu, Jiashan), (Wujiang, Qingpu), ...
CREATE TEMP TABLE zone_pairs AS
SELECT row_number() OVER (ORDER BY a.code, b.code) - 1 AS k, a.code AS a, b.code AS b, a.geom AS ga, b.geom AS gb
FROM region a JOIN region b ON a.in_demonstration_zone AND b.in_demonstration_zone
     AND province(a.code) <> province(b.code);

-- Bus routes: from a point of one district, through a point of it within
-- about 3 km of the other district and a point of the other within 3 km of
-- the first, to a point of the other district.
CREATE TABLE demo.bus_routes (
	id integer PRIMARY KEY,
	name text NOT NULL,
	from_district adcode NOT NULL,
	to_district adcode NOT NULL,
	geom geometry(LineString, 4326) NOT NULL
);
COMMENT ON TABLE demo.bus_routes IS 'SYNTHETIC inter-provincial bus routes of the demonstration zone: the number of routes is published (seed_figures), the paths are random lines between the districts (ST_GeneratePoints, seeds 8000 to 8300 + route)';
INSERT INTO demo.bus_routes
SELECT r, pg_catalog.format('synthetic route %s', r), p.a, p.b,
       ST_MakeLine(ARRAY[ST_GeometryN(ST_GeneratePoints(p.ga, 1, 8000 + r), 1),
                         ST_GeometryN(ST_GeneratePoints(ST_Intersection(p.ga, ST_Buffer(p.gb, 0.03)), 1, 8100 + r), 1),
                         ST_GeometryN(ST_GeneratePoints(ST_Intersection(p.gb, ST_Buffer(p.ga, 0.03)), 1, 8200 + r), 1),
                         ST_GeometryN(ST_GeneratePoints(p.gb, 1, 8300 + r), 1)])
FROM generate_series(1, pg_temp.published('inter_provincial_bus_routes')) AS r
JOIN zone_pairs p ON p.k = (r - 1) % (SELECT count(*) FROM zone_pairs);

-- Roads across a provincial border: from a point of one district within
-- about 1.5 km of the other district to a point of the other within 1.5 km
-- of the first (short connections, as the "dead-end roads" opened).
CREATE TABLE demo.roads (
	id integer PRIMARY KEY,
	name text NOT NULL,
	from_district adcode NOT NULL,
	to_district adcode NOT NULL,
	geom geometry(LineString, 4326) NOT NULL
);
COMMENT ON TABLE demo.roads IS 'SYNTHETIC cross-border roads of the demonstration zone (the "dead-end roads" opened): the number is published (seed_figures), the roads are random short lines across district borders (ST_GeneratePoints, seeds 9000 + road)';
INSERT INTO demo.roads
SELECT r, pg_catalog.format('synthetic road %s', r), p.a, p.b,
       ST_MakeLine(ST_GeometryN(ST_GeneratePoints(ST_Intersection(p.ga, ST_Buffer(p.gb, 0.015)), 1, 9000 + r), 1),
                   ST_GeometryN(ST_GeneratePoints(ST_Intersection(p.gb, ST_Buffer(p.ga, 0.015)), 1, 9100 + r), 1))
FROM generate_series(1, pg_temp.published('inter_provincial_dead_end_roads_opened')) AS r
JOIN zone_pairs p ON p.k = (r - 1) % (SELECT count(*) FROM zone_pairs);

COMMENT ON COLUMN demo.medical_institutions.geom IS 'synthetic location';
COMMENT ON COLUMN demo.pharmacies.geom IS 'synthetic location';
COMMENT ON COLUMN demo.bus_routes.geom IS 'synthetic path';
COMMENT ON COLUMN demo.roads.geom IS 'synthetic path';
