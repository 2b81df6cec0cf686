-- places: locate(point) and the cache of region geometries behind it.
-- Every expected value below is checked against PostGIS on the same rows
-- (ST_Covers, the region table itself), never typed in from the C code.
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

-- Each region's ST_PointOnSurface is located in that region.
SELECT count(*) AS regions, count(*) FILTER (WHERE locate(ST_PointOnSurface(geom)) = code) AS located_home
FROM region;
SELECT code, name, locate(ST_PointOnSurface(geom)) AS located FROM region
WHERE in_demonstration_zone ORDER BY code;

-- 5,000 random points over the extent of the table (fixed seed): locate()
-- agrees with PostGIS everywhere: the smallest code among the regions that
-- ST_Covers the point, NULL where none does.
SELECT setseed(0.2024);
CREATE TEMP TABLE random_points AS
SELECT i, ST_SetSRID(ST_Point(119.92 + random() * 2.10, 30.26 + random() * 1.78), 4326) AS p
FROM generate_series(1, 5000) AS i;
CREATE TEMP TABLE located AS
SELECT i, locate(p) AS code,
       (SELECT r.code FROM region r WHERE ST_Covers(r.geom, p) ORDER BY r.code LIMIT 1) AS covers_code
FROM random_points;
SELECT count(*) AS points,
       count(code) AS inside_some_region,
       count(*) FILTER (WHERE code IS NOT DISTINCT FROM covers_code) AS agree_with_st_covers
FROM located;

-- Points on borders: every vertex of the three zone members' boundaries.  A
-- vertex shared by two regions goes to the smaller code, as the minimum of
-- the ST_Covers codes; the count of shared vertices shows the rule is used.
CREATE TEMP TABLE border_points AS
SELECT DISTINCT (ST_DumpPoints(geom)).geom AS p FROM region WHERE in_demonstration_zone;
SELECT count(*) AS vertices,
       count(*) FILTER (WHERE (SELECT count(*) FROM region r WHERE ST_Covers(r.geom, p)) > 1) AS shared_by_two_or_more,
       count(*) FILTER (WHERE locate(p) IS NOT DISTINCT FROM
                        (SELECT r.code FROM region r WHERE ST_Covers(r.geom, p) ORDER BY r.code LIMIT 1)) AS agree_with_st_covers
FROM border_points;
-- Vertices where two or three regions meet: the smallest code wins.
SELECT ST_AsText(p) AS vertex,
       (SELECT array_agg(code ORDER BY code) FROM region WHERE ST_Covers(geom, p)) AS covered_by,
       locate(p) AS located
FROM border_points
WHERE (SELECT count(*) FROM region r WHERE ST_Covers(r.geom, p)) > 1
ORDER BY (SELECT count(*) FROM region r WHERE ST_Covers(r.geom, p)) DESC, ST_X(p), ST_Y(p) LIMIT 4;

-- Outside every region: the East China Sea, and a sliver between Qingpu and
-- Jiashan that neither province's boundary covers (they were digitized apart).
SELECT locate(ST_SetSRID(ST_Point(123.0, 30.5), 4326)) AS sea,
       locate(ST_SetSRID(ST_Point(120.99856228298611, 30.98681640625), 4326)) AS sliver,
       (SELECT count(*) FROM region
        WHERE ST_Covers(geom, ST_SetSRID(ST_Point(120.99856228298611, 30.98681640625), 4326))) AS regions_covering_sliver,
       (SELECT array_agg(code ORDER BY code) FROM region
        WHERE ST_DWithin(geom::geography, ST_SetSRID(ST_Point(120.99856228298611, 30.98681640625), 4326)::geography, 300)) AS within_300m;

-- locate() is C on the geometry itself: the plan calls it with no ST_AsEWKB (src/locate.c reads the serialized point).
EXPLAIN (VERBOSE, COSTS OFF) SELECT locate(p) FROM random_points;

-- NULL in, NULL out; big-endian EWKB (as ST_AsEWKB(geom, 'XDR') gives) is read too.
SELECT locate(NULL) AS null_point,
       locate_ewkb(ST_AsEWKB(ST_SetSRID(ST_Point(121.1, 31.15), 4326), 'XDR')) AS big_endian;

-- Bad input: 22023 with a hint, naming the function and the argument.
\set VERBOSITY default
SELECT locate(ST_SetSRID(ST_Point(121.1, 31.15), 3857));
SELECT locate(ST_Point(121.1, 31.15));
SELECT locate('SRID=4326;POINT EMPTY'::geometry);
SELECT locate('SRID=4326;POINT Z (121.1 31.15 4)'::geometry);
SELECT locate('SRID=4326;POINT M (121.1 31.15 4)'::geometry);
SELECT locate('SRID=4326;MULTIPOINT((121.1 31.15))'::geometry);
SELECT locate('SRID=4326;LINESTRING(121.1 31.15,121.2 31.2)'::geometry);
SELECT locate('SRID=4326;POLYGON((0 0,1 1,1 0,0 1,0 0))'::geometry);
SELECT locate('SRID=4326;GEOMETRYCOLLECTION(POINT(121.1 31.15))'::geometry);
SELECT locate(ST_SetSRID(ST_Point('Infinity', 31.15), 4326));
SELECT locate_ewkb('\x01'::bytea);
SELECT locate_ewkb('\x0701000000'::bytea);
SELECT locate_ewkb('\x0101000020e6100000000000'::bytea);

-- A hostile search_path cannot hijack the PostGIS or regional_dev calls inside.
CREATE SCHEMA hostile;
CREATE FUNCTION hostile.st_asewkb(geometry) RETURNS bytea
	LANGUAGE sql AS $$SELECT NULL::bytea$$;
CREATE FUNCTION hostile.locate_ewkb(bytea) RETURNS adcode
	LANGUAGE sql AS $$SELECT '110000'::regional_dev.adcode$$;
SET search_path = hostile, public, regional_dev;
SELECT regional_dev.locate(ST_SetSRID(ST_Point(121.1, 31.15), 4326)) AS not_hijacked;
SET search_path = public, regional_dev;
DROP SCHEMA hostile CASCADE;

-- The cache: built once per session, kept while region does not change, and
-- rebuilt after INSERT, UPDATE, DELETE and TRUNCATE (also inside a
-- transaction, and again after ROLLBACK).  A synthetic region far from the
-- others (320599, a square in the Yellow Sea) makes the changes visible.
CREATE TEMP TABLE builds (step serial, what text, n bigint);
CREATE FUNCTION pg_temp.builds(what text) RETURNS void LANGUAGE sql
	AS $$INSERT INTO builds (what, n) SELECT what, regional_dev.region_cache_builds()$$;
SELECT pg_temp.builds('start');
SELECT locate(ST_SetSRID(ST_Point(123.5, 33.5), 4326)) AS before_insert;
SELECT pg_temp.builds('no change');
INSERT INTO region (code, name, province, geom)
VALUES ('320599', 'synthetic test square', '320000',
        ST_Multi(ST_MakeEnvelope(123.0, 33.0, 124.0, 34.0, 4326)));
SELECT locate(ST_SetSRID(ST_Point(123.5, 33.5), 4326)) AS after_insert;
SELECT locate(ST_SetSRID(ST_Point(123.5, 33.5), 4326)) AS again;
SELECT pg_temp.builds('insert');
UPDATE region SET geom = ST_Multi(ST_MakeEnvelope(124.0, 33.0, 125.0, 34.0, 4326)) WHERE code = '320599';
SELECT locate(ST_SetSRID(ST_Point(123.5, 33.5), 4326)) AS old_place_after_update,
       locate(ST_SetSRID(ST_Point(124.5, 33.5), 4326)) AS new_place_after_update;
SELECT pg_temp.builds('update');
DELETE FROM region WHERE code = '320599';
SELECT locate(ST_SetSRID(ST_Point(124.5, 33.5), 4326)) AS after_delete;
SELECT pg_temp.builds('delete');
BEGIN;
INSERT INTO region (code, name, province, geom)
VALUES ('320599', 'synthetic test square', '320000',
        ST_Multi(ST_MakeEnvelope(123.0, 33.0, 124.0, 34.0, 4326)));
SELECT locate(ST_SetSRID(ST_Point(123.5, 33.5), 4326)) AS in_transaction;
ROLLBACK;
SELECT locate(ST_SetSRID(ST_Point(123.5, 33.5), 4326)) AS after_rollback;
SELECT pg_temp.builds('rollback');
BEGIN;
TRUNCATE region;
SELECT locate(ST_SetSRID(ST_Point(121.1, 31.15), 4326)) AS after_truncate;
ROLLBACK;
SELECT locate(ST_SetSRID(ST_Point(121.1, 31.15), 4326)) AS after_truncate_rolled_back;
SELECT pg_temp.builds('truncate, rollback');
-- Builds since the start: none without a change, one per change seen (the
-- insert in a transaction and its rollback are two).
SELECT what, n - first_value(n) OVER (ORDER BY step) AS builds_since_start FROM builds ORDER BY step;

-- Across sessions: a second session (dblink) sees every committed change at
-- its next statement, also inside an open transaction, and never an
-- uncommitted one.
CREATE EXTENSION dblink;
SELECT dblink_connect('other', pg_catalog.format('dbname=%s port=%s host=%s',
       current_database(), current_setting('port'),
       split_part(current_setting('unix_socket_directories'), ',', 1)));
CREATE FUNCTION other_locate(x float8, y float8) RETURNS text LANGUAGE sql AS $$
	SELECT coalesce(code, 'NULL') FROM dblink('other', pg_catalog.format(
		'SELECT regional_dev.locate(public.ST_SetSRID(public.ST_Point(%s, %s), 4326))::text', x, y))
		AS t(code text)$$;
SELECT other_locate(123.5, 33.5) AS other_before;
INSERT INTO region (code, name, province, geom)
VALUES ('320599', 'synthetic test square', '320000',
        ST_Multi(ST_MakeEnvelope(123.0, 33.0, 124.0, 34.0, 4326)));
SELECT other_locate(123.5, 33.5) AS other_after_insert;
UPDATE region SET geom = ST_Multi(ST_MakeEnvelope(124.0, 33.0, 125.0, 34.0, 4326)) WHERE code = '320599';
SELECT other_locate(123.5, 33.5) AS other_old_place, other_locate(124.5, 33.5) AS other_new_place;
BEGIN;
DELETE FROM region WHERE code = '320599';
SELECT other_locate(124.5, 33.5) AS other_before_commit;
COMMIT;
SELECT other_locate(124.5, 33.5) AS other_after_delete;
-- The other session inside an open transaction (read committed).
SELECT dblink_exec('other', 'BEGIN');
SELECT other_locate(123.5, 33.5) AS other_in_transaction_before;
INSERT INTO region (code, name, province, geom)
VALUES ('320599', 'synthetic test square', '320000',
        ST_Multi(ST_MakeEnvelope(123.0, 33.0, 124.0, 34.0, 4326)));
SELECT other_locate(123.5, 33.5) AS other_in_transaction_after;
SELECT dblink_exec('other', 'COMMIT');
DELETE FROM region WHERE code = '320599';
SELECT other_locate(123.5, 33.5) AS other_after_cleanup;
SELECT dblink_disconnect('other');
DROP FUNCTION other_locate(float8, float8);
DROP EXTENSION dblink;
SELECT count(*) AS regions_left FROM region;
