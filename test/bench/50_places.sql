-- Spatial rows (run where locate() exists): locate, apportion and
-- region_neighbors on the 32 shipped districts against PostGIS formulations.
-- Variables: points (number of points), cell (grid cell size in degrees for
-- apportion), reps, smoke (true on the smoke run).
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

-- SYNTHETIC: points spread uniformly over the union of the districts
-- (PostGIS ST_GeneratePoints with a fixed seed, so the same points every run
-- of one PostGIS/GEOS version), the first :points of them.
CREATE TABLE bench.points AS
SELECT (d).path[1] AS id, (d).geom
FROM (SELECT ST_Dump(ST_GeneratePoints(ST_Union(geom), :points + 100, 42)) AS d FROM regional_dev.region) AS g
ORDER BY 1 LIMIT :points;
ALTER TABLE bench.points ADD PRIMARY KEY (id);
CREATE INDEX ON bench.points USING gist (geom);
COMMENT ON TABLE bench.points IS 'SYNTHETIC points spread over the shipped districts (ST_GeneratePoints, seed 42)';

-- The districts cut into pieces of at most 64 vertices, the usual PostGIS
-- advice for point-in-polygon joins.
CREATE TABLE bench.region_sub AS
SELECT code, ST_Subdivide(geom, 64) AS geom FROM regional_dev.region;
CREATE INDEX ON bench.region_sub USING gist (geom);
COMMENT ON TABLE bench.region_sub IS 'The shipped districts cut by ST_Subdivide(geom, 64)';

-- SYNTHETIC: a grid of square cells of :cell degrees over the districts'
-- extent, each with a population (hash of its position), to be apportioned
-- to the districts.
CREATE TABLE bench.grid AS
SELECT i, j, ST_MakeEnvelope(x0 + i * :cell, y0 + j * :cell, x0 + (i + 1) * :cell, y0 + (j + 1) * :cell, 4326) AS geom,
       round(100 + 10000 * bench.u(i * 1000 + j, 31)) AS population
FROM (SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
      FROM (SELECT ST_Extent(geom)::geometry AS e FROM regional_dev.region) AS x) AS b,
     LATERAL generate_series(0, ceil((x1 - x0) / :cell)::int - 1) AS i,
     LATERAL generate_series(0, ceil((y1 - y0) / :cell)::int - 1) AS j
WHERE EXISTS (SELECT FROM regional_dev.region r
              WHERE ST_Intersects(r.geom, ST_MakeEnvelope(x0 + i * :cell, y0 + j * :cell, x0 + (i + 1) * :cell, y0 + (j + 1) * :cell, 4326)));
CREATE INDEX ON bench.grid USING gist (geom);
COMMENT ON TABLE bench.grid IS 'SYNTHETIC population grid over the shipped districts';
VACUUM ANALYZE bench.points;
VACUUM ANALYZE bench.region_sub;
VACUUM ANALYZE bench.grid;

-- Points per district.  locate() reads the regions into a backend cache on
-- its first call (the warm-up run pays for it); a point on a shared border
-- would count once with locate (smallest code) and twice in a join, but
-- random points never land there, and the check below would show it.
\set locate_ours 'SELECT array_agg(n ORDER BY code) FROM (SELECT locate(geom) AS code, count(*)::float8 AS n FROM bench.points GROUP BY 1) AS t WHERE code IS NOT NULL'
SELECT bench.compare('places', 'locate over the points, counts per district', :'locate_ours',
	'PostGIS ST_Covers join, whole districts (GiST)',
	'SELECT array_agg(n ORDER BY code) FROM (SELECT r.code, count(*)::float8 AS n FROM bench.points p JOIN regional_dev.region r ON ST_Covers(r.geom, p.geom) GROUP BY r.code) AS t',
	least(:reps, 3));
SELECT bench.compare('places', 'locate over the points, counts per district', :'locate_ours',
	'PostGIS ST_Covers join, ST_Subdivide(geom, 64) pieces (GiST)',
	'SELECT array_agg(n ORDER BY code) FROM (SELECT r.code, count(*)::float8 AS n FROM bench.points p JOIN bench.region_sub r ON ST_Covers(r.geom, p.geom) GROUP BY r.code) AS t',
	:reps, 0.125, '>= 8x faster');

-- Areal interpolation of the grid's population to the districts; one value
-- per district (0 where nothing falls).
\set apportion_ours 'SELECT array_agg(coalesce(v, 0) ORDER BY code) FROM regional_dev.region LEFT JOIN (SELECT r.code, apportion(g.geom, g.population, r.geom) AS v FROM bench.grid g JOIN regional_dev.region r ON g.geom && r.geom GROUP BY r.code) AS t USING (code)'
SELECT bench.compare('places', 'apportion of a population grid to the districts', :'apportion_ours',
	'PostGIS: sum(value * ST_Area(ST_Intersection) / ST_Area(source))',
	'SELECT array_agg(coalesce(v, 0) ORDER BY code) FROM regional_dev.region LEFT JOIN (SELECT r.code, sum(g.population * ST_Area(ST_Intersection(g.geom, r.geom)) / ST_Area(g.geom)) AS v FROM bench.grid g JOIN regional_dev.region r ON ST_Intersects(g.geom, r.geom) GROUP BY r.code) AS t USING (code)',
	:reps);
SELECT bench.compare('places', 'apportion of a population grid to the districts', :'apportion_ours',
	'PostGIS, the same with ST_CoveredBy for whole cells',
	'SELECT array_agg(coalesce(v, 0) ORDER BY code) FROM regional_dev.region LEFT JOIN (SELECT r.code, sum(CASE WHEN ST_CoveredBy(g.geom, r.geom) THEN g.population ELSE g.population * ST_Area(ST_Intersection(g.geom, r.geom)) / ST_Area(g.geom) END) AS v FROM bench.grid g JOIN regional_dev.region r ON ST_Intersects(g.geom, r.geom) GROUP BY r.code) AS t USING (code)',
	:reps);

-- Neighbouring districts and their shared border within 200 m, the
-- definition of region_neighbors() written with PostGIS geography buffers:
-- (|boundary a within 200 m of boundary b| + |b within 200 m of a|) / 2.
-- Lengths agree within 0.5 % (region_neighbors measures in a local plane;
-- see doc/places.md).  The pairs for 200 m are stored (table
-- regional_dev.region_neighbor) and region_neighbors(200) only reads them, so
-- ours asks for 200 m plus a micrometre, which is computed in the session.
-- It is timed cold: the region cache, which keeps the result, is invalidated
-- before each run (an UPDATE that changes nothing fires the table's
-- invalidation trigger), so each run computes every pair again.
-- The smoke run checks the three zone members only (the PostGIS side takes
-- seconds per pair of districts).
\if :smoke
\set nb_ours ' WHERE a IN (''310118'', ''320509'', ''330421'') AND b IN (''310118'', ''320509'', ''330421'')'
\set nb_base ' AND a.in_demonstration_zone AND b.in_demonstration_zone'
\else
\set nb_ours ''
\set nb_base ''
\endif
SELECT bench.compare('places', 'region_neighbors(200 m + 1 µm), computed, cold cache',
	'SELECT array_agg(shared_border_m ORDER BY a, b) FROM region_neighbors(200.000001)' || :'nb_ours',
	'PostGIS: ST_DWithin(geography) pairs, lengths of boundaries within ST_Buffer(geography)',
	$q$SELECT array_agg(shared ORDER BY a, b) FROM (
	     SELECT a.code AS a, b.code AS b,
	            (ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Buffer(ST_Boundary(b.geom)::geography, 200)::geometry)::geography)
	             + ST_Length(ST_Intersection(ST_Boundary(b.geom), ST_Buffer(ST_Boundary(a.geom)::geography, 200)::geometry)::geography)) / 2 AS shared
	     FROM regional_dev.region a JOIN regional_dev.region b
	       ON a.code < b.code AND a.geom && ST_Expand(b.geom, 0.01) AND ST_DWithin(a.geom::geography, b.geom::geography, 200)$q$
	|| :'nb_base' || ') AS t',
	least(:reps, 3), NULL, NULL, 0.005, NULL, 'UPDATE regional_dev.region SET name = name WHERE false');
