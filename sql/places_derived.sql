-- places: the tables derived from region by its triggers (src/region_index.c):
-- region_index (box, vertices, version per region) and region_neighbor (the
-- pairs of region_neighbors(200)); a change recomputes only what it touches,
-- other sessions see it once committed, and the session cache loads only the
-- geometries a query needs.
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

-- region_index matches region, box by box (PostGIS computes the boxes here).
SELECT count(*) AS regions, count(i.code) AS indexed,
       count(*) FILTER (WHERE i.lon_min = ST_XMin(r.geom) AND i.lat_min = ST_YMin(r.geom)
                          AND i.lon_max = ST_XMax(r.geom) AND i.lat_max = ST_YMax(r.geom)
                          AND i.npoints = ST_NPoints(r.geom)) AS boxes_right,
       count(DISTINCT i.version) AS versions
FROM region r LEFT JOIN region_index i ON i.code = r.code;

-- region_neighbor is what region_neighbors(200) returns, and what a
-- computation from nothing gives (region_index_rebuild), value for value.
CREATE TEMP TABLE stored AS SELECT * FROM region_neighbor;
SELECT count(*) AS stored_pairs,
       count(*) FILTER (WHERE (n.a, n.b, n.shared_border_m) IS NOT DISTINCT FROM (s.a, s.b, s.shared_border_m)) AS same_as_region_neighbors
FROM stored s FULL JOIN region_neighbors(200) n ON n.a = s.a AND n.b = s.b;
BEGIN;
CALL region_index_rebuild();
SELECT count(*) AS pairs, count(*) FILTER (WHERE s.shared_border_m = n.shared_border_m) AS same_after_rebuild
FROM stored s FULL JOIN region_neighbor n USING (a, b);
ROLLBACK;

-- A change to one region (Qingpu, 310118, grown by 0.002 degrees) rewrites
-- its index row and its pairs, nothing else: rows written by this
-- transaction carry its id in xmin.  The pairs it now has equal a
-- computation from nothing.
CREATE FUNCTION pg_temp.written_here(x xid) RETURNS boolean LANGUAGE sql
	AS $$SELECT x::text::bigint = pg_current_xact_id()::text::bigint % 4294967296$$;
BEGIN;
UPDATE region SET geom = ST_Multi(ST_Buffer(geom, 0.002)) WHERE code = '310118';
SELECT count(*) FILTER (WHERE pg_temp.written_here(xmin)) AS index_rows_written,
       count(*) FILTER (WHERE pg_temp.written_here(xmin) AND code = '310118') AS of_qingpu
FROM region_index;
SELECT count(*) FILTER (WHERE pg_temp.written_here(xmin)) AS pairs_written,
       count(*) FILTER (WHERE pg_temp.written_here(xmin) AND '310118' IN (a, b)) AS of_qingpu,
       count(*) FILTER (WHERE '310118' IN (a, b)) AS pairs_of_qingpu
FROM region_neighbor;
SELECT count(*) AS other_pairs, count(*) FILTER (WHERE s.shared_border_m = n.shared_border_m) AS unchanged
FROM stored s JOIN region_neighbor n USING (a, b) WHERE '310118' NOT IN (a, b);
SELECT count(*) AS qingpu_pairs_before, count(*) FILTER (WHERE n.shared_border_m <> s.shared_border_m) AS measured_again_differently
FROM stored s JOIN region_neighbor n USING (a, b) WHERE '310118' IN (a, b);
CREATE TEMP TABLE incremental AS SELECT * FROM region_neighbor;
CALL region_index_rebuild();
SELECT count(*) AS pairs, count(*) FILTER (WHERE i.shared_border_m = n.shared_border_m) AS same_as_from_nothing
FROM incremental i FULL JOIN region_neighbor n USING (a, b);
ROLLBACK;

-- A change of name only, or an update that changes nothing, writes nothing derived.
BEGIN;
UPDATE region SET name = name || ' (renamed)' WHERE code = '310118';
SELECT (SELECT count(*) FROM region_index WHERE pg_temp.written_here(xmin)) AS index_rows_written,
       (SELECT count(*) FROM region_neighbor WHERE pg_temp.written_here(xmin)) AS pairs_written;
ROLLBACK;

-- The session's cache: after a change to one region it loads that region's
-- geometry again, not the others' (region_cache_loads counts geometries
-- read and parsed).  Points in Qingpu (310118) and Jiashan (330421), each
-- located twice first (the second call in a grid tile builds the tile).
SELECT locate(ST_SetSRID(ST_Point(121.1, 31.15), 4326)) AS qingpu,
       locate(ST_SetSRID(ST_Point(120.93, 30.85), 4326)) AS jiashan
FROM generate_series(1, 2);
SELECT region_cache_loads() AS loads_before \gset
SELECT locate(ST_SetSRID(ST_Point(121.1, 31.15), 4326)) AS qingpu,
       locate(ST_SetSRID(ST_Point(120.93, 30.85), 4326)) AS jiashan,
       region_cache_loads() - :loads_before AS loads_without_change;
BEGIN;
UPDATE region SET geom = ST_Multi(ST_Buffer(geom, 0.001)) WHERE code = '310118';
SELECT region_cache_loads() AS loads_before \gset
SELECT locate(ST_SetSRID(ST_Point(121.1, 31.15), 4326)) AS qingpu,
       locate(ST_SetSRID(ST_Point(120.93, 30.85), 4326)) AS jiashan;
SELECT region_cache_loads() - :loads_before AS loads_after_changing_qingpu;
ROLLBACK;

-- Another session (dblink) sees a region added here, and its pairs, only
-- after the commit: a synthetic square astride Qingpu's western edge.
CREATE EXTENSION dblink;
SELECT dblink_connect('other', pg_catalog.format('dbname=%s port=%s host=%s',
       current_database(), current_setting('port'),
       split_part(current_setting('unix_socket_directories'), ',', 1)));
CREATE FUNCTION pg_temp.other(q text) RETURNS text LANGUAGE sql AS $$
	SELECT r FROM dblink('other', q) AS t(r text)$$;
CREATE FUNCTION pg_temp.other_sees(OUT pairs text, OUT stored_pairs text, OUT regions text) LANGUAGE sql AS $f$
	SELECT pg_temp.other($q$SELECT count(*)::text FROM regional_dev.region_neighbors() WHERE a::text = '310199' OR b::text = '310199'$q$),
	       pg_temp.other($q$SELECT count(*)::text FROM regional_dev.region_neighbor WHERE a::text = '310199' OR b::text = '310199'$q$),
	       pg_temp.other($q$SELECT count(*)::text FROM regional_dev.region$q$)$f$;
SELECT * FROM pg_temp.other_sees();
BEGIN;
INSERT INTO region (code, name, province, geom)
VALUES ('310199', 'synthetic square', '310000', ST_Multi(ST_MakeEnvelope(120.85, 31.05, 120.95, 31.15, 4326)));
SELECT count(*) AS pairs_here_before_commit FROM region_neighbors() WHERE '310199' IN (a, b);
SELECT * FROM pg_temp.other_sees();
COMMIT;
SELECT * FROM pg_temp.other_sees();
DELETE FROM region WHERE code = '310199';
SELECT * FROM pg_temp.other_sees();
SELECT dblink_disconnect('other');
DROP EXTENSION dblink;
SELECT count(*) AS regions, (SELECT count(*) FROM region_index) AS indexed,
       (SELECT count(*) FROM region_neighbor) AS pairs FROM region;

-- TRUNCATE empties both (rolled back); the trigger refuses other tables.
BEGIN;
TRUNCATE region;
SELECT (SELECT count(*) FROM region_index) AS indexed, (SELECT count(*) FROM region_neighbor) AS pairs;
ROLLBACK;
CREATE TEMP TABLE not_region (code adcode, geom geometry);
CREATE TRIGGER t AFTER INSERT ON not_region REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
INSERT INTO not_region VALUES ('310118', NULL);
SELECT region_index_update();
