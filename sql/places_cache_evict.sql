-- The region cache within a memory budget (regional_dev.region_cache_size,
-- doc/places.md "Memory"): with a budget far below the 32 districts, regions
-- are evicted and read again, and every answer stays the same as with room
-- for all of them; a computation that needs regions at once keeps them
-- while it runs; other sessions' commits are seen as before.
SET search_path = public, regional_dev;
SELECT region_cache_loads() >= 0 AS library_loaded;

-- the setting: a size in kB (or with a unit)
SHOW regional_dev.region_cache_size;
SET regional_dev.region_cache_size = '64kB';
SHOW regional_dev.region_cache_size;
SET regional_dev.region_cache_size = 'lots';
RESET regional_dev.region_cache_size;
-- what one statement may use before it evicts (at least the budget)
SHOW regional_dev.region_cache_statement_size;
-- (a negative size is refused; the message's range reads "(0 .. 2147483647)"
-- up to PostgreSQL 16 and "(0 kB .. 2147483647 kB)" from 17, so the range is cut)
DO $$
BEGIN
	SET regional_dev.region_cache_statement_size = -1;
EXCEPTION WHEN invalid_parameter_value THEN
	RAISE NOTICE '% %', SQLSTATE, split_part(SQLERRM, ' (', 1);
END $$;
SHOW regional_dev.region_cache_statement_size;

-- The definition, computed here independently of the C code: the smallest
-- code among the regions whose geometry covers the point (PostGIS).
CREATE FUNCTION pg_temp.by_definition(p geometry) RETURNS adcode LANGUAGE sql STABLE
	AS $$SELECT r.code FROM regional_dev.region r WHERE ST_Covers(r.geom, p) ORDER BY r.code LIMIT 1$$;
-- A lattice over the districts' extent (points inside, near borders, at
-- sea) and a line across them.
CREATE TEMP TABLE lattice AS
SELECT i, j, ST_SetSRID(ST_Point(119.9 + i * 0.0431, 30.25 + j * 0.0397), 4326) AS geom
FROM generate_series(0, 48) AS i, generate_series(0, 44) AS j;
CREATE TEMP TABLE line AS
SELECT ST_SetSRID(ST_MakeLine(ARRAY[ST_Point(119.95, 30.3), ST_Point(121.9, 31.85), ST_Point(120.4, 31.6),
                                    ST_Point(121.5, 30.7)]), 4326) AS geom;

-- A budget of 0, and no more for a statement: only what one load asks for
-- stays, and each statement starts from nothing.  locate() builds its grid
-- in this session now, its tiles reading their regions again and again (more
-- loads than the 32 regions), and every answer is the definition's.
SET regional_dev.region_cache_size = 0;
SET regional_dev.region_cache_statement_size = 0;
SELECT region_cache_loads() AS loads_before \gset
SELECT count(*) AS points, count(pg_temp.by_definition(geom)) AS in_a_region,
       count(*) FILTER (WHERE locate(geom) IS DISTINCT FROM pg_temp.by_definition(geom)) AS disagreements
FROM lattice;
SELECT region_cache_loads() - :loads_before > (SELECT count(*) FROM region) AS regions_read_again;

-- length_by_region and boundary_crossings load the candidates of each
-- segment of the line in turn, each load evicting the one before; the
-- neighbours for a tolerance that is not stored need all 32 regions at
-- once, held through the computation (one load, beyond the budget).
CREATE TEMP TABLE tight_lengths AS SELECT l.* FROM line, length_by_region(line.geom) AS l;
CREATE TEMP TABLE tight_crossings AS
SELECT boundary_crossings(geom, 'county') AS county, boundary_crossings(geom, 'province') AS province FROM line;
SELECT region_cache_loads() AS loads_before \gset
CREATE TEMP TABLE tight_neighbors AS SELECT * FROM region_neighbors(150);
SELECT region_cache_loads() - :loads_before AS regions_read_for_neighbors;

-- With room for every region the same answers.
SET regional_dev.region_cache_size = '1GB';
SELECT count(*) AS lengths,
       count(*) FILTER (WHERE l.code IS NULL OR t.code IS NULL OR abs(l.length_m - t.length_m) > 1e-6 * t.length_m) AS different
FROM (SELECT l.* FROM line, length_by_region(line.geom) AS l) AS l FULL JOIN tight_lengths t USING (code);
SELECT boundary_crossings(geom, 'county') = t.county AS same_county_crossings,
       boundary_crossings(geom, 'province') = t.province AS same_province_crossings
FROM line, tight_crossings t;
SELECT count(*) AS pairs FROM region_neighbors(120);
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE t.a IS NULL OR n.a IS NULL OR abs(n.shared_border_m - t.shared_border_m) > 1e-6) AS different
FROM region_neighbors(150) AS n FULL JOIN tight_neighbors t USING (a, b);
-- with that room, asking again reads no region
SELECT region_cache_loads() AS loads_before \gset
SELECT count(*) AS lengths FROM line, length_by_region(line.geom);
SELECT region_cache_loads() - :loads_before AS loads_with_room;

-- 64 kB (a few regions kept between loads), after changes that drop the
-- grid (a region added, located, removed; the grid keeps region indexes and
-- is dropped when the codes change): the lattice again.
SET regional_dev.region_cache_size = '64kB';
SET regional_dev.region_cache_statement_size = '64kB';
INSERT INTO region (code, name, province, geom)
VALUES ('310198', 'synthetic square at sea', '310000', ST_Multi(ST_MakeEnvelope(122.5, 31.0, 122.6, 31.1, 4326)));
SELECT locate(ST_SetSRID(ST_Point(122.55, 31.05), 4326)) AS in_the_square;
DELETE FROM region WHERE code = '310198';
SELECT region_cache_loads() AS loads_before \gset
SELECT count(*) FILTER (WHERE locate(geom) IS DISTINCT FROM pg_temp.by_definition(geom)) AS disagreements
FROM lattice;
SELECT region_cache_loads() - :loads_before > (SELECT count(*) FROM region) AS regions_read_again;

-- A budget of 0 with room for a statement (1GB): within the statement the
-- cache grows, so the lattice's tiles, built again (the grid dropped as
-- above), read each region at most once, with the same answers; the next
-- statement starts within the budget, its line reading its regions again.
SET regional_dev.region_cache_size = 0;
SET regional_dev.region_cache_statement_size = '1GB';
INSERT INTO region (code, name, province, geom)
VALUES ('310198', 'synthetic square at sea', '310000', ST_Multi(ST_MakeEnvelope(122.5, 31.0, 122.6, 31.1, 4326)));
SELECT locate(ST_SetSRID(ST_Point(122.55, 31.05), 4326)) AS in_the_square;
DELETE FROM region WHERE code = '310198';
SELECT region_cache_loads() AS loads_before \gset
SELECT count(*) FILTER (WHERE locate(geom) IS DISTINCT FROM pg_temp.by_definition(geom)) AS disagreements
FROM lattice;
SELECT region_cache_loads() - :loads_before AS loads,
       region_cache_loads() - :loads_before <= (SELECT count(*) FROM region) AS each_region_read_at_most_once;
SELECT region_cache_loads() AS loads_before \gset
SELECT count(*) AS lengths FROM line, length_by_region(line.geom);
SELECT region_cache_loads() - :loads_before > 0 AS read_again_next_statement;
RESET regional_dev.region_cache_statement_size;

-- Another session (dblink) with a budget of 0 sees a region committed here
-- at its next statement, and its removal, never an uncommitted one: a
-- synthetic square at sea, east of the districts.
CREATE EXTENSION dblink;
SELECT dblink_connect('evict', pg_catalog.format('dbname=%s port=%s host=%s',
       current_database(), current_setting('port'),
       split_part(current_setting('unix_socket_directories'), ',', 1)));
SELECT dblink_exec('evict', 'SET regional_dev.region_cache_size = 0');
CREATE FUNCTION pg_temp.other_locates() RETURNS text LANGUAGE sql AS $$
	SELECT coalesce(r, 'nothing') FROM dblink('evict',
		$q$SELECT regional_dev.locate(public.ST_SetSRID(public.ST_Point(122.55, 31.05), 4326))::text$q$) AS t(r text)$$;
SELECT pg_temp.other_locates() AS before;
BEGIN;
INSERT INTO region (code, name, province, geom)
VALUES ('310198', 'synthetic square at sea', '310000', ST_Multi(ST_MakeEnvelope(122.5, 31.0, 122.6, 31.1, 4326)));
SELECT locate(ST_SetSRID(ST_Point(122.55, 31.05), 4326)) AS here_uncommitted, pg_temp.other_locates() AS other_uncommitted;
COMMIT;
SELECT pg_temp.other_locates() AS other_after_commit;
DELETE FROM region WHERE code = '310198';
SELECT pg_temp.other_locates() AS other_after_delete;
SELECT dblink_disconnect('evict');
DROP EXTENSION dblink;
RESET regional_dev.region_cache_size;
