-- places: length_by_region(line) and boundary_crossings(line, level).
-- Expected values are checked against PostGIS computations on the same lines:
-- ST_Length(ST_Intersection(line, region)::geography) for lengths, and for
-- crossings the pieces ST_Intersection(line, region) ordered along the line
-- with ST_LineLocatePoint (valid for straight two-point lines, which cannot
-- pass the same place twice).
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

-- From a point of Qingpu to a point of Jiashan (ST_PointOnSurface of each):
-- one provincial boundary crossed (an odd number: the line starts in
-- Shanghai and ends in Zhejiang); the lengths add up to the whole line.
CREATE TEMP TABLE qj AS
SELECT ST_MakeLine(ST_PointOnSurface(q.geom), ST_PointOnSurface(j.geom)) AS g
FROM region q, region j WHERE q.code = '310118' AND j.code = '330421';
SELECT boundary_crossings(g) AS province, boundary_crossings(g, 'prefecture') AS prefecture,
       boundary_crossings(g, 'county') AS county,
       boundary_crossings(g) % 2 = 1 AS odd
FROM qj;
SELECT l.code, round(l.length_m) AS length_m,
       round(ST_Length(ST_Intersection(qj.g, r.geom)::geography)) AS postgis_m,
       abs(l.length_m / ST_Length(ST_Intersection(qj.g, r.geom)::geography) - 1) < 1e-6 AS within_1e_6
FROM qj, length_by_region(qj.g) AS l JOIN region r USING (code) ORDER BY l.code;
SELECT round(sum(l.length_m)) AS sum_of_pieces, round(ST_Length(g::geography)) AS whole_line
FROM qj, length_by_region(g) AS l GROUP BY g;

-- A short line across the wavy Qingpu/Jiashan border: it crosses three
-- times (Qingpu, Jiashan, Qingpu, Jiashan), still an odd number.
SELECT boundary_crossings(ST_SetSRID(ST_MakeLine(ST_Point(120.965, 31.04), ST_Point(120.94, 31.005)), 4326)) AS crossings,
       (SELECT array_agg(code ORDER BY code) FROM length_by_region(
            ST_SetSRID(ST_MakeLine(ST_Point(120.965, 31.04), ST_Point(120.94, 31.005)), 4326))) AS regions;

-- 300 random straight lines over the zone (fixed seed): crossings at each
-- level equal the PostGIS count, and every region's length is within 1e-6
-- of ST_Length(geography) of the same pieces (the API asks for 0.1%).
SELECT setseed(0.5);
CREATE TEMP TABLE lines AS
SELECT i, ST_SetSRID(ST_MakeLine(ST_Point(120.6 + random() * 0.7, 30.7 + random() * 0.6),
                                 ST_Point(120.6 + random() * 0.7, 30.7 + random() * 0.6)), 4326) AS g
FROM generate_series(1, 300) AS i;
CREATE TEMP TABLE pieces AS
SELECT l.i, r.code, ST_Length(p.geom::geography) AS length_m,
       least(ST_LineLocatePoint(l.g, ST_StartPoint(p.geom)), ST_LineLocatePoint(l.g, ST_EndPoint(p.geom))) AS t
FROM lines l JOIN region r ON ST_Intersects(l.g, r.geom),
     LATERAL ST_Dump(ST_CollectionExtract(ST_Intersection(l.g, r.geom), 2)) AS p;
CREATE TEMP TABLE postgis_crossings AS
SELECT i, count(*) FILTER (WHERE prev <> code AND boundary_level(prev, code) = 'province') AS province,
          count(*) FILTER (WHERE prev <> code AND boundary_level(prev, code) IN ('province', 'prefecture')) AS prefecture,
          count(*) FILTER (WHERE prev <> code) AS county
FROM (SELECT i, code, lag(code) OVER (PARTITION BY i ORDER BY t) AS prev FROM pieces) AS s
GROUP BY i;
SELECT count(*) AS lines,
       count(*) FILTER (WHERE boundary_crossings(g) = coalesce(c.province, 0)
                          AND boundary_crossings(g, 'prefecture') = coalesce(c.prefecture, 0)
                          AND boundary_crossings(g, 'county') = coalesce(c.county, 0)) AS crossings_agree,
       sum(boundary_crossings(g)) AS province_crossings,
       sum(boundary_crossings(g, 'county')) AS county_crossings
FROM lines LEFT JOIN postgis_crossings c USING (i);
CREATE TEMP TABLE ours AS
SELECT lines.i, l.code, l.length_m FROM lines, length_by_region(lines.g) AS l;
CREATE TEMP TABLE theirs AS
SELECT i, code, sum(length_m) AS length_m FROM pieces GROUP BY i, code HAVING sum(length_m) > 0;
SELECT count(*) AS line_region_pairs, count(o.i) AS in_length_by_region, count(t.i) AS in_postgis,
       count(*) FILTER (WHERE abs(o.length_m / t.length_m - 1) < 1e-6) AS lengths_within_1e_6
FROM ours o FULL JOIN theirs t USING (i, code);

-- Levels: Qingpu -> Songjiang (same province), Wujiang -> Kunshan (same
-- prefecture, Suzhou), Wujiang -> Xiuzhou (Jiangsu -> Zhejiang).
SELECT a.code AS from_code, b.code AS to_code, boundary_level(a.code, b.code),
       boundary_crossings(ST_MakeLine(ST_PointOnSurface(a.geom), ST_PointOnSurface(b.geom))) AS province,
       boundary_crossings(ST_MakeLine(ST_PointOnSurface(a.geom), ST_PointOnSurface(b.geom)), 'prefecture') AS prefecture,
       boundary_crossings(ST_MakeLine(ST_PointOnSurface(a.geom), ST_PointOnSurface(b.geom)), 'county') AS county,
       (SELECT array_agg(code ORDER BY code) FROM length_by_region(
            ST_MakeLine(ST_PointOnSurface(a.geom), ST_PointOnSurface(b.geom)))) AS passes
FROM region a, region b
WHERE (a.code, b.code) IN (('310118', '310117'), ('320509', '320583'), ('320509', '330411'))
ORDER BY 1, 2;

-- A line along a shared border lies in both regions: it counts once, for the
-- smaller code (as locate() does for a point), with its whole length.
CREATE TEMP TABLE border AS
SELECT (ST_Dump(ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2)))).geom AS g
FROM region a, region b WHERE a.code = '310117' AND b.code = '310118';
SELECT l.code, abs(l.length_m / ST_Length(b.g::geography) - 1) < 1e-6 AS whole_length,
       boundary_crossings(b.g, 'county') AS crossings
FROM (SELECT g FROM border ORDER BY ST_Length(g) DESC LIMIT 1) AS b, length_by_region(b.g) AS l;

-- Multilinestrings: each part is walked on its own (no crossing between parts).
SELECT boundary_crossings(ST_Collect(ST_MakeLine(ST_PointOnSurface(q.geom), ST_PointOnSurface(j.geom)),
                                     ST_MakeLine(ST_PointOnSurface(j.geom), ST_PointOnSurface(w.geom)))) AS two_parts,
       (SELECT count(*) FROM length_by_region(ST_Collect(ST_MakeLine(ST_PointOnSurface(q.geom), ST_PointOnSurface(j.geom)),
                                     ST_MakeLine(ST_PointOnSurface(j.geom), ST_PointOnSurface(w.geom))))) AS regions
FROM region q, region j, region w WHERE q.code = '310118' AND j.code = '330421' AND w.code = '320509';

-- Outside every region; inside one; a repeated vertex; NULLs.
SELECT boundary_crossings('SRID=4326;LINESTRING(123 30,123.5 30.5)') AS at_sea,
       (SELECT count(*) FROM length_by_region('SRID=4326;LINESTRING(123 30,123.5 30.5)')) AS at_sea_regions,
       boundary_crossings('SRID=4326;LINESTRING(121.1 31.15,121.1 31.15,121.11 31.16)') AS inside_qingpu,
       boundary_crossings(NULL) AS null_line,
       boundary_crossings('SRID=4326;LINESTRING(121.1 31.15,121.11 31.16)', NULL) AS null_level,
       (SELECT count(*) FROM length_by_region(NULL)) AS null_rows;

-- Bad input.
\set VERBOSITY default
SELECT boundary_crossings('SRID=4326;LINESTRING(121.1 31.15,121.2 31.2)', 'city');
SELECT boundary_crossings('SRID=4326;LINESTRING(121.1 31.15,121.2 31.2)', 'none');
SELECT boundary_crossings('SRID=3857;LINESTRING(121.1 31.15,121.2 31.2)');
SELECT boundary_crossings('LINESTRING(121.1 31.15,121.2 31.2)');
SELECT boundary_crossings('SRID=4326;LINESTRING Z (121.1 31.15 1,121.2 31.2 1)');
SELECT boundary_crossings('SRID=4326;LINESTRING EMPTY');
SELECT boundary_crossings('SRID=4326;POINT(121.1 31.15)');
SELECT boundary_crossings('SRID=4326;GEOMETRYCOLLECTION(LINESTRING(121.1 31.15,121.2 31.2))');
SELECT boundary_crossings('SRID=4326;CIRCULARSTRING(121.1 31.15,121.2 31.2,121.3 31.15)');
SELECT * FROM length_by_region('SRID=4326;POLYGON((121 31,121.1 31,121.1 31.1,121 31))');
SELECT * FROM length_by_region(ST_SetSRID(ST_MakeLine(ST_Point(121.1, 31.15), ST_Point('NaN', 31.2)), 4326));
SELECT * FROM length_by_region('SRID=4326;MULTILINESTRING EMPTY');
