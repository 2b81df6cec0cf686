-- Step 2 of tools/load_regions.sh: turn the matched polygons (COPY text written
-- by china.js, file :'polygons') into a clean coverage around the rows already in
-- regional_dev.region, with the rule of tools/reconcile_regions.sql:
--  1. each polygon made valid (ST_MakeValid, polygonal part, MultiPolygon);
--  2. overlaps go to the row already in the table, then to the smaller adcode:
--     a new region loses the union of every such region whose interior meets
--     its interior (GiST join; touching neighbours are left alone);
--  3. parts under 1 m2 that the differences leave behind are dropped; slivers
--     (gaps) are kept.
-- Leaves the result in temp table layer (code, name_zh, raw_m2, geom); save.sql
-- writes it and its figures to the cache, insert.sql inserts it.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE TEMP TABLE src (file text, idx int, name_src text, code text, code_name text,
	how text, source_id text, geojson text);
-- (\copy takes no variables: build the command first)
\set copy_src '\\copy src FROM ' :'polygons'
:copy_src

-- Codes already in the table keep their row (the 32 shipped districts, names,
-- zone flags and all); several polygons with one code are merged.
CREATE TEMP TABLE raw AS
WITH v AS (
	SELECT s.code, s.code_name,
	       ST_SetSRID(ST_GeomFromGeoJSON(s.geojson), 4326) AS g
	FROM src s
	WHERE s.code IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM regional_dev.region r WHERE r.code::text = s.code)
), checked AS (
	SELECT code, code_name, g, ST_IsValid(g) AS ok FROM v
), valid AS (
	-- ST_MakeValid returns a valid input unchanged; testing first is cheaper.
	SELECT code, code_name, ok,
	       ST_Multi(ST_CollectionExtract(CASE WHEN ok THEN g ELSE ST_MakeValid(g) END, 3)) AS g
	FROM checked
)
SELECT code, min(code_name) AS name_zh, count(*) AS polygons, count(*) FILTER (WHERE NOT ok) AS made_valid,
       CASE WHEN count(*) = 1 THEN (array_agg(g))[1] ELSE ST_Multi(ST_Union(g)) END AS g
FROM valid GROUP BY code;
CREATE INDEX ON raw USING gist (g);
ANALYZE raw;

CREATE TEMP TABLE prior AS
SELECT true AS kept, code::text AS code, geom AS g FROM regional_dev.region
UNION ALL
SELECT false, code, g FROM raw;
CREATE INDEX ON prior USING gist (g);
ANALYZE prior;

CREATE TEMP TABLE cut AS
SELECT a.code, ST_Union(b.g) AS g, count(*) AS n
FROM raw a JOIN prior b
  ON a.g && b.g AND (b.kept OR b.code < a.code)
 AND ST_Intersects(a.g, b.g) AND ST_Relate(a.g, b.g, 'T********')
GROUP BY a.code;

CREATE TEMP TABLE layer AS
SELECT r.code, r.name_zh, ST_Area(r.g::geography) AS raw_m2,
       ST_Multi(ST_CollectionExtract(COALESCE(ST_Difference(r.g, c.g), r.g), 3)) AS geom
FROM raw r LEFT JOIN cut c USING (code);

-- (A part of 1e-9 square degree or more is over 6 m2 up to latitude 60 degrees:
-- only smaller ones need their geodesic area.)
UPDATE layer SET geom = (SELECT ST_Multi(ST_Collect(d.geom ORDER BY d.path))
                         FROM ST_Dump(geom) AS d
                         WHERE ST_Area(d.geom) >= 1e-9 OR ST_Area(d.geom::geography) >= 1.0)
WHERE EXISTS (SELECT 1 FROM ST_Dump(geom) AS d
              WHERE ST_Area(d.geom) < 1e-9 AND ST_Area(d.geom::geography) < 1.0);
-- Nothing left (an empty source polygon, or all of it overlapped): not loaded, reported.
UPDATE layer SET geom = NULL WHERE ST_IsEmpty(geom);
