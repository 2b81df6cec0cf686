-- How a session's region cache reads regional_dev.region (doc/places.md,
-- "The region cache"): directly from the tables when the role may read them
-- whole, else through SQL, which applies row-level security and privileges.
-- Either way locate() answers as ST_Covers over the rows the role may see.
SET client_min_messages = warning;
DROP ROLE IF EXISTS rd_cache_reader;
CREATE ROLE rd_cache_reader;
RESET client_min_messages;
-- (the extension grants SELECT on region and region_index to PUBLIC)
GRANT USAGE ON SCHEMA regional_dev TO rd_cache_reader;
-- one point inside each of two regions, the smallest and the largest code
CREATE TABLE public.cache_read_points AS
(SELECT code, public.ST_PointOnSurface(geom) AS pt FROM regional_dev.region ORDER BY code LIMIT 1)
UNION ALL
(SELECT code, public.ST_PointOnSurface(geom) AS pt FROM regional_dev.region ORDER BY code DESC LIMIT 1);
GRANT SELECT ON public.cache_read_points TO rd_cache_reader;
SELECT count(*) FROM public.cache_read_points;

-- whole tables: read directly; both regions found
SET ROLE rd_cache_reader;
SELECT count(*) AS found FROM public.cache_read_points WHERE regional_dev.locate(pt)::int4 = code::int4;
RESET ROLE;

-- row-level security hiding the smallest code from the role: read through SQL
ALTER TABLE regional_dev.region ENABLE ROW LEVEL SECURITY;
CREATE POLICY cache_read_hide ON regional_dev.region FOR SELECT TO rd_cache_reader
	USING (code::int4 <> (SELECT min(code::int4) FROM public.cache_read_points));
SET ROLE rd_cache_reader;
SELECT p.code::int4 = (SELECT min(code::int4) FROM public.cache_read_points) AS hidden, regional_dev.locate(pt) IS NULL AS located_nowhere,
	regional_dev.locate(pt)::int4 = p.code::int4 AS found
FROM public.cache_read_points p ORDER BY p.code;
RESET ROLE;
-- the superuser is not subject to the policy: direct read, both found
SELECT count(*) AS found FROM public.cache_read_points WHERE regional_dev.locate(pt)::int4 = code::int4;
-- the policy gone: the role sees both again (the change reached the cache)
DROP POLICY cache_read_hide ON regional_dev.region;
ALTER TABLE regional_dev.region DISABLE ROW LEVEL SECURITY;
SET ROLE rd_cache_reader;
SELECT count(*) AS found FROM public.cache_read_points WHERE regional_dev.locate(pt)::int4 = code::int4;
RESET ROLE;

-- without SELECT on region the role gets SQL's error, not the regions
REVOKE SELECT ON regional_dev.region FROM PUBLIC;
SET ROLE rd_cache_reader;
SELECT regional_dev.locate(pt) FROM public.cache_read_points LIMIT 1;
RESET ROLE;
GRANT SELECT ON regional_dev.region TO PUBLIC;
-- nor without SELECT on region_index
REVOKE SELECT ON regional_dev.region_index FROM PUBLIC;
SET ROLE rd_cache_reader;
SELECT regional_dev.locate(pt) FROM public.cache_read_points LIMIT 1;
RESET ROLE;
GRANT SELECT ON regional_dev.region_index TO PUBLIC;
SET ROLE rd_cache_reader;
SELECT count(*) AS found FROM public.cache_read_points WHERE regional_dev.locate(pt)::int4 = code::int4;
RESET ROLE;

DROP TABLE public.cache_read_points;
REVOKE ALL ON SCHEMA regional_dev FROM rd_cache_reader;
DROP ROLE rd_cache_reader;
