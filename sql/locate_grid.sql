-- locate() through its grid (src/locate_grid.c): most points are answered
-- from a cell of the grid instead of GEOS.  Every answer must equal the
-- definition, the smallest code among the regions whose geometry covers the
-- point (PostGIS ST_Covers, computed here independently of the C code), so
-- each query below counts disagreements, expected 0.
SET search_path = public, regional_dev;

CREATE FUNCTION pg_temp.by_definition(p geometry) RETURNS adcode LANGUAGE sql STABLE
	AS $$SELECT r.code FROM regional_dev.region r WHERE ST_Covers(r.geom, p) ORDER BY r.code LIMIT 1$$;

-- A lattice over the extent of the 32 districts (steps unrelated to any grid
-- or coordinate quantum): points deep inside, near borders, in slivers, at sea.
-- 122 x 111 = 13,542 points; how many lie in a region is PostGIS's count.
CREATE TEMP TABLE lattice AS
SELECT ST_SetSRID(ST_Point(119.9 + i * 0.0173, 30.25 + j * 0.0161), 4326) AS geom
FROM generate_series(0, 121) AS i, generate_series(0, 110) AS j;
SELECT locate_grid_hits() AS hits_before \gset
SELECT count(*) AS points, count(pg_temp.by_definition(geom)) AS in_a_region,
       count(*) FILTER (WHERE locate(geom) IS DISTINCT FROM pg_temp.by_definition(geom)) AS disagreements
FROM lattice;
-- The grid was used: of the 13,542 calls above, those answered from a cell
-- (locate_grid_hits() counts them; the others took the exact test near a
-- border).  A locate() that never used its grid would pass the comparison
-- above but show 0 here.
SELECT locate_grid_hits() - :hits_before AS answered_from_the_grid,
       locate_grid_hits() - :hits_before BETWEEN 10000 AND 13542 AS most_of_them;

-- Points within a few metres of the borders, both sides: midpoints of the
-- boundary segments of the three zone members, moved 1e-7 and 1e-5 degrees
-- (1 cm and 1 m) in each direction.
CREATE TEMP TABLE near_border AS
SELECT ST_SetSRID(ST_Point(ST_X(m) + dx, ST_Y(m) + dy), 4326) AS geom
FROM (SELECT ST_LineInterpolatePoint(ST_MakeLine(ST_PointN(ring, k), ST_PointN(ring, k + 1)), 0.5) AS m
      FROM (SELECT ST_ExteriorRing((ST_Dump(geom)).geom) AS ring FROM region WHERE in_demonstration_zone) AS rings,
           generate_series(1, 400) AS k
      WHERE k < ST_NPoints(ring)) AS mids,
     (VALUES (1e-7, 0), (-1e-7, 0), (0, 1e-7), (0, -1e-7), (1e-5, 1e-5), (-1e-5, -1e-5)) AS d(dx, dy);
SELECT count(*) > 2000 AS many_points,
       count(*) FILTER (WHERE locate(geom) IS DISTINCT FROM pg_temp.by_definition(geom)) AS disagreements
FROM near_border;

-- Regions added in a transaction that is rolled back: two squares over
-- Qingpu, overlapping it and each other (codes below and above Qingpu's
-- 310118, so the smallest-code rule decides), and a thin triangle at sea with
-- a long diagonal edge; the grid is rebuilt with them.  By hand: lattice
-- points in the lower square [121.0, 121.2] x [31.05, 31.2] have i = 64..75
-- (12 values) and j = 50..59 (10), 120 points; the lattice ends at x = 121.99,
-- west of the triangle, so its points there are the 999 x 3 = 2,997 put
-- inside it (s = -1, to the upper left of the diagonal).
BEGIN;
INSERT INTO region (code, name, province, geom) VALUES
	('310100', 'synthetic square below', '310000', ST_Multi(ST_MakeEnvelope(121.0, 31.05, 121.2, 31.2, 4326))),
	('310199', 'synthetic square above', '310000', ST_Multi(ST_MakeEnvelope(121.1, 31.1, 121.3, 31.3, 4326))),
	('320599', 'synthetic triangle', '320000', ST_Multi(ST_GeomFromText('POLYGON((122.2 30.3, 124.9 33.9, 122.2 33.9, 122.2 30.3))', 4326)));
SELECT count(*) AS points, count(*) FILTER (WHERE pg_temp.by_definition(geom) = '310100') AS in_lower_square,
       count(*) FILTER (WHERE pg_temp.by_definition(geom) = '320599') AS in_triangle,
       count(*) FILTER (WHERE locate(geom) IS DISTINCT FROM pg_temp.by_definition(geom)) AS disagreements
FROM (SELECT geom FROM lattice
      UNION ALL
      -- both sides of the triangle's diagonal, 1e-9 to 1e-3 degrees off it
      SELECT ST_SetSRID(ST_Point(122.2 + 2.7 * t + s * e, 30.3 + 3.6 * t - s * e), 4326)
      FROM generate_series(1, 999) AS k, LATERAL (SELECT k / 1000.0 AS t) AS tt,
           (VALUES (1), (-1)) AS sides(s), unnest('{1e-9,1e-6,1e-3}'::float8[]) AS e) AS p;
ROLLBACK;
