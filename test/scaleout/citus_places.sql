-- The spatial functions over Citus distributed tables (test/suites/61_citus.sh,
-- doc/scale-out.md, "Places on Citus"), after checks.sql and citus.sql.
-- Created on the coordinator only.
--
-- Data: SYNTHETIC points and lines (pseudo-random, seeded), not observations.
-- Each query of scaleout.place_case runs over the distributed tables (the
-- spatial functions then run on the workers, reading each worker's copy of
-- regional_dev.region) and over local copies on the coordinator (the
-- single-server answer); the results must be identical, row for row.

-- Points, lines and per-region values of one test area, written into the
-- local tables; the suite copies them into the distributed ones.
--   area 'zone': the shipped districts and the synthetic regions near Lhasa;
--   area 'china': China's extent (for the national layer).
CREATE FUNCTION scaleout.place_data(area text, npoints integer, nlines integer)
RETURNS void LANGUAGE plpgsql SET search_path = regional_dev, public AS $$
DECLARE
	boxes float8[][];
BEGIN
	IF area = 'zone' THEN
		-- lon0, lat0, lon1, lat1 of each box; points split evenly between them
		boxes := ARRAY[[119.9, 30.4, 122.0, 31.9], [90.9, 29.4, 91.7, 29.9]];
	ELSE
		boxes := ARRAY[[73.5, 18.2, 134.8, 53.5]];
	END IF;
	PERFORM setseed(0.19);
	TRUNCATE scaleout.pts_local, scaleout.lines_local, scaleout.vals_local;
	INSERT INTO scaleout.pts_local
	SELECT i, ST_SetSRID(ST_MakePoint(b[1] + random() * (b[3] - b[1]), b[2] + random() * (b[4] - b[2])), 4326),
		   round(random() * 1000)::float8
	FROM generate_series(1, npoints) AS i,
		 LATERAL (SELECT ARRAY[boxes[1 + i % array_length(boxes, 1)][1], boxes[1 + i % array_length(boxes, 1)][2],
							   boxes[1 + i % array_length(boxes, 1)][3], boxes[1 + i % array_length(boxes, 1)][4]]) AS x(b);
	-- lines of two to four vertices, each step at most 0.3 degrees (zone) or 2 (china)
	INSERT INTO scaleout.lines_local
	SELECT i, ST_SetSRID(ST_MakeLine(ARRAY(
			SELECT ST_MakePoint(p.x + k * (random() - 0.5) * s, p.y + k * (random() - 0.5) * s)
			FROM generate_series(0, 1 + i % 3) AS k ORDER BY k)), 4326)
	FROM generate_series(1, nlines) AS i,
		 LATERAL (SELECT ST_X(t.p) AS x, ST_Y(t.p) AS y FROM scaleout.pts_local t WHERE t.id = i) AS p,
		 LATERAL (SELECT CASE WHEN area = 'zone' THEN 0.3 ELSE 2.0 END) AS step(s);
	INSERT INTO scaleout.vals_local
	SELECT province, code, (code::integer % 97 + province::integer % 13)::float8 FROM regional_dev.region;
END $$;
COMMENT ON FUNCTION scaleout.place_data(text, integer, integer) IS 'synthetic points, lines and region values for the Citus places checks';

CREATE TABLE scaleout.pts_local (id integer PRIMARY KEY, p geometry(Point, 4326) NOT NULL, value float8 NOT NULL);
CREATE TABLE scaleout.lines_local (id integer PRIMARY KEY, g geometry(LineString, 4326) NOT NULL);
CREATE TABLE scaleout.vals_local (province regional_dev.adcode NOT NULL, code regional_dev.adcode NOT NULL, value float8 NOT NULL);
COMMENT ON TABLE scaleout.pts_local IS 'synthetic points (local copy of public.pts)';
COMMENT ON TABLE scaleout.lines_local IS 'synthetic lines (local copy of public.lines)';
COMMENT ON TABLE scaleout.vals_local IS 'synthetic value per region (local copy of public.vals, which Citus distributes by province)';

-- %1$s points (id, p, value), %2$s lines (id, g), %3$s values (province, code, value).
CREATE TABLE scaleout.place_case (
	function text NOT NULL,
	name text PRIMARY KEY,
	query text NOT NULL
);
COMMENT ON TABLE scaleout.place_case IS 'queries of the spatial functions the Citus suite runs over distributed tables and over local copies';
INSERT INTO scaleout.place_case VALUES
	('locate', 'locate, every point', 'SELECT id, locate(p) FROM %1$s'),
	('locate', 'locate, points per region', 'SELECT locate(p), count(*) FROM %1$s GROUP BY 1'),
	('length_by_region', 'length_by_region, every line', 'SELECT t.id, l.code, l.length_m FROM %2$s t, length_by_region(t.g) AS l'),
	('boundary_crossings', 'boundary_crossings, every line (province and county)',
	 $$SELECT id, boundary_crossings(g), boundary_crossings(g, 'county') FROM %2$s$$),
	('apportion', 'apportion, 0.02-degree squares around every tenth point onto the regions (a join with the reference table)',
	 'SELECT r.code, apportion(ST_Expand(t.p, 0.01), t.value, r.geom) FROM %1$s t JOIN regional_dev.region r ON ST_Intersects(ST_Expand(t.p, 0.01), r.geom) WHERE t.id %% 10 = 0 GROUP BY r.code'),
	('morans_i', 'morans_i, per province (the distribution column: the whole aggregate on the workers)',
	 'SELECT province, (morans_i(code, value)).* FROM %3$s GROUP BY province'),
	('morans_i', 'morans_i, every region (partial on the workers, final on the coordinator)',
	 'SELECT (morans_i(code, value)).* FROM %3$s'),
	('morans_i', 'morans_i of the points per region (locate on the workers)',
	 'SELECT (morans_i(code, n)).* FROM (SELECT locate(p) AS code, count(*)::float8 AS n FROM %1$s GROUP BY 1) AS t WHERE code IS NOT NULL');

-- Every place_case: the result over the distributed tables equals the one
-- over the local copies (same rows, same text), and the query ran.
CREATE FUNCTION scaleout.citus_places(dist text[], local text[], stage text)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql SET search_path = regional_dev, public AS $$
DECLARE
	c scaleout.place_case;
	q text;
	md_d text;
	md_l text;
	n_d bigint;
	n_l bigint;
	nonnull bigint;
BEGIN
	FOR c IN SELECT * FROM scaleout.place_case ORDER BY function, name LOOP
		aggregate := c.function;
		check_name := stage || ': ' || c.name || ', distributed = single server';
		q := 'SELECT md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')), count(*),'
			 ' count(*) FILTER (WHERE t::text !~ ''(,\)|,,|\(,)'') FROM (%s) AS t';
		EXECUTE format(q, format(c.query, dist[1], dist[2], dist[3])) INTO md_d, n_d, nonnull;
		EXECUTE format(q, format(c.query, local[1], local[2], local[3])) INTO md_l, n_l;
		ok := md_d = md_l AND n_d > 0;
		detail := format('%s rows (%s without a NULL) over the distributed tables, %s over the local copies; %s',
						 n_d, nonnull, n_l, CASE WHEN md_d = md_l THEN 'identical' ELSE 'DIFFERENT' END);
		RETURN NEXT;
	END LOOP;

	-- where locate runs: in the shard queries, on the workers
	aggregate := 'locate';
	check_name := stage || ': points per region: locate runs in the shard queries on the workers, not on the coordinator';
	SELECT count(*) FILTER (WHERE l ~ '^\s*Query: SELECT regional_dev\.locate\(p\)'),
		   count(*) FILTER (WHERE l ~ '^\s*Node: host=\S+ port=\d+'),
		   count(*) FILTER (WHERE l !~ '^\s*Query: ' AND l ~ '\mlocate\(' AND l !~ 'Output: \(?locate\(p\)|Group Key: locate\(')
	INTO n_d, n_l, nonnull
	FROM scaleout.plan(format('SELECT locate(p), count(*) FROM %s GROUP BY 1', dist[1])) AS l;
	ok := n_d > 0 AND n_l > 0 AND nonnull = 0;
	detail := format('%s shard queries shown calling regional_dev.locate(p), on %s worker node(s); %s coordinator nodes calling it',
					 n_d, n_l, nonnull);
	RETURN NEXT;
END $$;
COMMENT ON FUNCTION scaleout.citus_places(text[], text[], text) IS 'the spatial functions over distributed tables give the single-server answers; locate runs on the workers';

-- The coordinator's regions and derived tables against every node's: one
-- digest per node of region (every column), region_index (all but version,
-- a sequence's number) and region_neighbor.
CREATE FUNCTION scaleout.region_digest_query() RETURNS text LANGUAGE sql IMMUTABLE AS $q$
	SELECT $$SELECT md5((SELECT string_agg(format('%s|%s|%s|%s|%s|%s', code, name, name_zh, province, in_demonstration_zone, md5(public.ST_AsEWKB(geom))), ',' ORDER BY code::text) FROM regional_dev.region)
	|| (SELECT string_agg(format('%s|%s|%s|%s|%s|%s', code, lon_min, lat_min, lon_max, lat_max, npoints), ',' ORDER BY code::text) FROM regional_dev.region_index)
	|| (SELECT coalesce(string_agg(format('%s|%s|%s', a, b, shared_border_m), ',' ORDER BY a::text, b::text), '') FROM regional_dev.region_neighbor))
	|| ' ' || (SELECT count(*) FROM regional_dev.region) || ' ' || (SELECT count(*) FROM regional_dev.region_neighbor)$$
$q$;
COMMENT ON FUNCTION scaleout.region_digest_query() IS 'query: digest of region, region_index (but version) and region_neighbor, and their counts';

CREATE FUNCTION scaleout.citus_region_copies(stage text)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql AS $$
DECLARE
	nodes integer;
	failed integer;
	digests integer;
	one text;
BEGIN
	SELECT count(*), count(*) FILTER (WHERE NOT success), count(DISTINCT result), min(result)
	INTO nodes, failed, digests, one
	FROM run_command_on_all_nodes(scaleout.region_digest_query());
	aggregate := 'region';
	check_name := stage || ': region, region_index and region_neighbor are the same on every node';
	ok := nodes = 3 AND failed = 0 AND digests = 1;
	detail := format('%s nodes, %s failed, %s distinct digests; regions and neighbour pairs: %s',
					 nodes, failed, digests, split_part(one, ' ', 2) || ', ' || split_part(one, ' ', 3));
	RETURN NEXT;
END $$;
COMMENT ON FUNCTION scaleout.citus_region_copies(text) IS 'the regions and the derived tables are the same on the coordinator and every worker';
