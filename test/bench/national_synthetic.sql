-- SYNTHETIC national layer for the national benchmark (test/bench/national.sh)
-- when the published county layer is not loaded (tools/load_regions.sh china):
-- 3,100 Voronoi cells of fixed-seed random points over China's extent
-- (73.5-134.8 E, 18.2-53.5 N), each densified to about 1,700 vertices
-- (5.3 million in all, 81 MB of geometry, as the published layer), with codes
-- spread over the 31 provinces.  A clean coverage: neighbours share their
-- edges exactly.  Not real boundaries.
\set ON_ERROR_STOP 1
DELETE FROM regional_dev.region;
WITH seeds AS (
	SELECT ST_GeneratePoints(ST_MakeEnvelope(73.5, 18.2, 134.8, 53.5, 4326), 3100, 7) AS pts
), cells AS (
	SELECT row_number() OVER (ORDER BY ST_X(ST_Centroid(c.geom)), ST_Y(ST_Centroid(c.geom))) - 1 AS k,
	       ST_Intersection(c.geom, ST_MakeEnvelope(73.5, 18.2, 134.8, 53.5, 4326)) AS geom
	FROM (SELECT (ST_Dump(ST_VoronoiPolygons(pts))).geom FROM seeds) AS c
), provs AS (
	SELECT '{11,12,13,14,15,21,22,23,31,32,33,34,35,36,37,41,42,43,44,45,46,50,51,52,53,54,61,62,63,64,65}'::int[] AS p
)
INSERT INTO regional_dev.region (code, name, province, geom)
SELECT (prov * 10000 + (j / 99 + 1) * 100 + j % 99 + 1)::text::regional_dev.adcode, 'synthetic ' || k,
       (prov * 10000)::text::regional_dev.adcode, ST_Multi(ST_SetSRID(ST_Segmentize(geom, 0.002), 4326))
FROM (SELECT k, geom, provs.p[1 + (k % 31)::int] AS prov, (k / 31)::int AS j FROM cells, provs) AS t;
