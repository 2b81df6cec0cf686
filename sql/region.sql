-- region: the shipped, reconciled coverage.
SET search_path = public, regional_dev;

SELECT count(*) AS regions,
       count(*) FILTER (WHERE in_demonstration_zone) AS zone_members,
       bool_and(ST_IsValid(geom)) AS all_valid,
       bool_and(GeometryType(geom) = 'MULTIPOLYGON') AS all_multipolygons,
       bool_and(ST_SRID(geom) = 4326) AS all_4326,
       bool_and(province = province(code)) AS provinces_match
FROM region;

SELECT province, count(*) FROM region GROUP BY 1 ORDER BY 1;

-- No two regions overlap by more than 1 m2.
SELECT count(*) AS overlapping_pairs
FROM region a JOIN region b ON a.code < b.code AND ST_Intersects(a.geom, b.geom)
WHERE ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1.0;

-- Zone members: geodesic areas close to the raw data's (668.36 / 1228.85 / 505.94 km2,
-- shrunk only by overlaps given to a smaller code), union about 2,403 km2.
SELECT code, name, name_zh, province,
       round((ST_Area(geom::geography) / 1e6)::numeric, 0) AS km2
FROM region WHERE in_demonstration_zone ORDER BY code;
SELECT abs(ST_Area(ST_Union(geom)::geography) / 1e6 - 2403.0) < 2.0 AS union_about_2403
FROM region WHERE in_demonstration_zone;

-- Each zone member lies within 200 m of the other two.
SELECT a.name, b.name, ST_Distance(a.geom::geography, b.geom::geography) < 200 AS within_200m
FROM region a JOIN region b ON a.code < b.code
WHERE a.in_demonstration_zone AND b.in_demonstration_zone ORDER BY a.code, b.code;

-- The table is extension configuration: user rows are dumped, shipped ones are not.
SELECT c.relname, e.extcondition[1] LIKE 'WHERE code::integer NOT IN (310101, %' AS filter_ok
FROM pg_extension e, unnest(e.extconfig) AS t(oid) JOIN pg_class c ON c.oid = t.oid
WHERE e.extname = 'regional_dev';

-- Constraints reject bad rows.
INSERT INTO region VALUES ('320509', 'dup', NULL, '320000', false, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)));
INSERT INTO region VALUES ('320510', 'x', NULL, '310000', false, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)));
INSERT INTO region VALUES ('320510', 'x', NULL, '320000', false,
	ST_Multi(ST_GeomFromText('POLYGON((0 0,1 1,1 0,0 1,0 0))', 4326)));
INSERT INTO region VALUES ('320510', 'x', NULL, '320000', false, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 3857)));

-- Rows users add (trigger region_fill): province from the code when omitted,
-- a Polygon stored as a MultiPolygon; a province given is checked, not
-- replaced; other geometry types are refused with a message saying why.
BEGIN;
INSERT INTO region (code, name, geom)
VALUES ('650102', 'synthetic test row',
	ST_GeomFromEWKT('SRID=4326;POLYGON((87.6 43.78,87.66 43.78,87.66 43.82,87.6 43.78))'))
RETURNING code, province, GeometryType(geom) AS type, ST_NumGeometries(geom) AS parts;
UPDATE region SET province = NULL,
	geom = ST_GeomFromEWKT('SRID=4326;POLYGON((87.6 43.78,87.7 43.78,87.7 43.82,87.6 43.78))')
WHERE code = '650102'
RETURNING code, province, GeometryType(geom) AS type, round(ST_XMax(geom)::numeric, 2) AS xmax;
-- the statement triggers still keep region_index in step: locate finds the row
SELECT locate(ST_SetSRID(ST_MakePoint(87.68, 43.79), 4326)) AS located;
SELECT type, srid FROM geometry_columns WHERE f_table_schema = 'regional_dev' AND f_table_name = 'region';
SAVEPOINT s;
INSERT INTO region (code, name, province, geom)
VALUES ('650103', 'x', '320000', ST_GeomFromEWKT('SRID=4326;POLYGON((88 44,88.1 44,88.1 44.1,88 44))'));
ROLLBACK TO s;
INSERT INTO region (code, name, geom)
VALUES ('650103', 'x', ST_GeomFromEWKT('SRID=4326;LINESTRING(88 44,88.1 44)'));
ROLLBACK TO s;
INSERT INTO region (code, name, geom)
VALUES ('650103', 'x', ST_GeomFromEWKT('SRID=4326;POINT(88 44)'));
ROLLBACK TO s;
INSERT INTO region (code, name, geom)
VALUES ('650103', 'x', ST_GeomFromEWKT('SRID=3857;POLYGON((88 44,88.1 44,88.1 44.1,88 44))'));
ROLLBACK TO s;
INSERT INTO region (code, name) VALUES ('650103', 'x');
ROLLBACK TO s;
-- text -> adcode: a domain over integer takes no assignment cast from text;
-- an explicit cast or integer arithmetic makes the code.
UPDATE region SET code = '6501' || '04' WHERE code = '650102';
ROLLBACK TO s;
UPDATE region SET code = ('6501' || '04')::adcode WHERE code = '650102' RETURNING code, province;
UPDATE region SET code = code + 1 WHERE code = '650104' RETURNING code, province;
UPDATE region SET code = code + 990000 WHERE code = '650105';
ROLLBACK;
SELECT count(*) AS user_rows_left FROM region WHERE code::integer BETWEEN 650000 AND 659999;
