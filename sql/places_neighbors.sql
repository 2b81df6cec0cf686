-- places: region_neighbors(tolerance_m).
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

SELECT count(*) AS pairs, count(*) FILTER (WHERE a < b) AS ordered,
       count(*) FILTER (WHERE boundary_level = boundary_level(a, b)) AS levels_right
FROM region_neighbors();
SELECT boundary_level, count(*) FROM region_neighbors() GROUP BY 1 ORDER BY 1;

-- The pairs are those whose geodesic distance (PostGIS, geography) is under
-- 200 m; in the shipped coverage no pair lies between 1 m and 1 km apart, so
-- the comparison does not hang on the tolerance.
CREATE TEMP TABLE postgis_pairs AS
SELECT a.code AS a, b.code AS b, ST_Distance(a.geom::geography, b.geom::geography) AS d
FROM region a JOIN region b ON a.code < b.code AND ST_DWithin(a.geom, b.geom, 0.012);
SELECT count(*) FILTER (WHERE p.d < 200) AS postgis_within_200m,
       count(*) FILTER (WHERE p.d < 200 AND n.a IS NOT NULL) AS found_by_region_neighbors,
       count(*) FILTER (WHERE p.d >= 200 AND n.a IS NOT NULL) AS found_but_farther,
       count(*) FILTER (WHERE p.d BETWEEN 1 AND 1000) AS between_1m_and_1km
FROM postgis_pairs p FULL JOIN region_neighbors() n USING (a, b);

-- The three zone members are mutual neighbours across provincial borders.
-- Independent check of the lengths: the same definition computed by PostGIS
-- with geography buffers, (|∂a ∩ buffer(∂b, 200 m)| + |∂b ∩ buffer(∂a, 200 m)|) / 2,
-- agrees within 0.5%.  The exactly shared linework (last column) is shorter:
-- where the provinces were digitized separately the borders run side by side
-- (the project's data notes give 6.9, 17.4 and 22.3 km of exactly shared linework in
-- the raw data), and a tolerance is needed to see the whole border.
SELECT n.a, n.b, n.boundary_level, round((n.shared_border_m / 1000)::numeric, 1) AS shared_km,
       abs(n.shared_border_m / ((ST_Length(ST_Intersection(ST_Boundary(ra.geom), ST_Buffer(ST_Boundary(rb.geom)::geography, 200)::geometry)::geography)
            + ST_Length(ST_Intersection(ST_Boundary(rb.geom), ST_Buffer(ST_Boundary(ra.geom)::geography, 200)::geometry)::geography)) / 2) - 1) < 0.005 AS postgis_agrees,
       round((ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(ra.geom), ST_Boundary(rb.geom)), 2)::geography) / 1000)::numeric, 1) AS exactly_shared_km
FROM region_neighbors() n JOIN region ra ON ra.code = n.a JOIN region rb ON rb.code = n.b
WHERE ra.in_demonstration_zone AND rb.in_demonstration_zone ORDER BY n.a, n.b;

-- A smaller tolerance sees less of the separately digitized borders.
SELECT t AS tolerance_m, n.a, n.b, round((n.shared_border_m / 1000)::numeric, 1) AS shared_km
FROM unnest('{1,50,200,1000}'::float8[]) AS t, region_neighbors(t) n
WHERE (n.a, n.b) IN (('310118', '320509'), ('310118', '330421'), ('320509', '330421'))
ORDER BY n.a, n.b, t;

-- Robust to slivers and overlaps (synthetic squares at the equator, added in
-- a transaction that is rolled back): A = [0, 0.1] x [0, 0.1] degrees,
-- B = [0.1004, 0.2] x [0, 0.1] (a 0.0004-degree sliver, 44.5 m: they do not
-- touch), C = [0.0996, 0.2] x [0, 0.1] (overlapping A by 44.5 m).
-- Expected, by hand from the definition: A's east edge (the meridian arc
-- from 0 to 0.1 degrees, 11057.43 m) plus, on A's north and south edges, the
-- stretch within 200 m of the other square's corner, 200 - 44.53 m each for
-- the sliver and 200 + 44.53 m for the overlap; the same from the other side:
--   sliver 11057.43 + 2 (200 - 44.53) = 11368.37 m,
--   overlap 11057.43 + 2 (200 + 44.53) = 11546.48 m,
-- from this /usr/bin/python3 script (independent of the C code):
--   import math; a = 6378137.0; f = 1 / 298.257223563; e2 = f * (2 - f)
--   M = lambda p: a * (1 - e2) / (1 - e2 * math.sin(p) ** 2) ** 1.5
--   n = 1000; h = math.radians(0.1) / n            # Simpson's rule
--   arc = sum((1 if i in (0, n) else 4 if i % 2 else 2) * M(i * h) for i in range(n + 1)) * h / 3
--   gap = 0.0004 * a * math.pi / 180               # 1 degree of the equator is a pi / 180 m
--   print(arc, arc + 2 * (200 - gap), arc + 2 * (200 + gap))
--   -> 11057.427694902282 11368.372102267664 11546.483287536901
BEGIN;
INSERT INTO region (code, name, province, geom) VALUES
	('320598', 'synthetic square A', '320000', ST_Multi(ST_MakeEnvelope(0, 0, 0.1, 0.1, 4326))),
	('330498', 'synthetic square B', '330000', ST_Multi(ST_MakeEnvelope(0.1004, 0, 0.2, 0.1, 4326)));
SELECT a, b, boundary_level, round(shared_border_m::numeric, 1) AS shared_border_m,
       (SELECT ST_Intersects(x.geom, y.geom) FROM region x, region y WHERE x.code = a AND y.code = b) AS touching
FROM region_neighbors() WHERE a = '320598';
UPDATE region SET geom = ST_Multi(ST_MakeEnvelope(0.0996, 0, 0.2, 0.1, 4326)) WHERE code = '330498';
SELECT a, b, boundary_level, round(shared_border_m::numeric, 1) AS shared_border_m,
       (SELECT ST_Overlaps(x.geom, y.geom) FROM region x, region y WHERE x.code = a AND y.code = b) AS overlapping
FROM region_neighbors() WHERE a = '320598';
ROLLBACK;
SELECT count(*) AS pairs_after_rollback FROM region_neighbors();

-- Bad input.
\set VERBOSITY default
SELECT * FROM region_neighbors(0);
SELECT * FROM region_neighbors(-5);
SELECT * FROM region_neighbors('NaN');
SELECT * FROM region_neighbors('Infinity');
SELECT * FROM region_neighbors(20000);
SELECT count(*) AS null_tolerance FROM region_neighbors(NULL);

-- The former computation, buffers of whole boundaries (until version 1.0),
-- written here with PostGIS: both boundaries in the pair's local plane
-- (x = N cos(lat0) dlon, y = M dlat at the centre of the boxes' overlap),
-- the part of each within ST_Buffer(other, t, q) (q segments a quarter
-- circle; the former code used 8), back to longitude/latitude, lengths on
-- the spheroid.  region_neighbors now measures segment by segment against
-- exact circles.  At 200 m (the stored pairs, used by morans_i) every pair
-- of the 32 districts is the same and within 0.1 % of the former length.
-- At 1000 m the polygonal caps of the former buffers (8 segments) cut up to
-- about 5 m from each end of a border, and 4 pairs differ by a little more
-- than 0.1 %; with 64 segments a quarter circle the buffers approach circles
-- and every pair agrees within 0.1 % again (within a metre).
CREATE FUNCTION pg_temp.buffered(ga geometry, gb geometry, t float8, q integer) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT (ST_Length(ST_SetSRID(ST_Affine(ST_Intersection(pa, ST_Buffer(pb, t, q)), 1 / kx, 0, 0, 1 / ky, lon0, lat0), 4326)::geography)
	        + ST_Length(ST_SetSRID(ST_Affine(ST_Intersection(pb, ST_Buffer(pa, t, q)), 1 / kx, 0, 0, 1 / ky, lon0, lat0), 4326)::geography)) / 2
	FROM (SELECT lon0, lat0, kx, ky,
	             ST_Affine(ST_Boundary(ga), kx, 0, 0, ky, -lon0 * kx, -lat0 * ky) AS pa,
	             ST_Affine(ST_Boundary(gb), kx, 0, 0, ky, -lon0 * kx, -lat0 * ky) AS pb
	      FROM (SELECT lon0, lat0,
	                   6378137.0 / w * cos(radians(lat0)) * pi() / 180 AS kx,
	                   6378137.0 * (1 - e2) / (w * w * w) * pi() / 180 AS ky
	            FROM (SELECT lon0, lat0, e2, sqrt(1 - e2 * sin(radians(lat0)) ^ 2) AS w
	                  FROM (SELECT (greatest(ST_XMin(ga), ST_XMin(gb)) + least(ST_XMax(ga), ST_XMax(gb))) / 2 AS lon0,
	                               (greatest(ST_YMin(ga), ST_YMin(gb)) + least(ST_YMax(ga), ST_YMax(gb))) / 2 AS lat0,
	                               (1 / 298.257223563) * (2 - 1 / 298.257223563) AS e2) AS c) AS w) AS k) AS p
$$;
CREATE TEMP TABLE former AS
SELECT t, q, a.code AS a, b.code AS b, pg_temp.buffered(a.geom, b.geom, t, q) AS shared
FROM (VALUES (200, 8), (1000, 8), (1000, 64)) AS v(t, q), region a JOIN region b
  ON a.code < b.code AND ST_DWithin(a.geom, b.geom, 0.02);
SELECT f.t AS tolerance_m, f.q AS quarter_circle_segments, count(*) FILTER (WHERE f.shared > 0) AS buffered_pairs,
       count(n.a) AS pairs_now, count(*) FILTER (WHERE f.shared > 0 AND n.a IS NOT NULL) AS in_both,
       count(*) FILTER (WHERE abs(n.shared_border_m / f.shared - 1) > 0.001) AS off_by_more_than_0_1_percent,
       round(max(abs(n.shared_border_m - f.shared))::numeric) AS largest_difference_m
FROM former f LEFT JOIN LATERAL (SELECT * FROM region_neighbors(f.t)) AS n ON n.a = f.a AND n.b = f.b
GROUP BY f.t, f.q ORDER BY f.t, f.q;
