-- choropleth_svg and its state type svg_layer: standalone SVG maps.
SET search_path = public, regional_dev;
CREATE TEMP TABLE ns AS SELECT ARRAY[ARRAY['s', 'http://www.w3.org/2000/svg']] AS ns;

-- One square, 120..121 E x 30..31 N, printed in full: the format of every map.
-- Expected coordinates, by hand (and /usr/bin/python3):
--   lat0 = 30.5, kx = cos(30.5 deg) = 0.861629; the extent is 0.861629 x 1;
--   scale = min(680 / 0.861629, 616 / 1) = 616; the map is 530.76 px wide,
--   centred in x 20..700: x from 20 + (680 - 530.76) / 2 = 94.62 to 625.38;
--   y from 64 (31 N) to 64 + 616 = 680 (30 N).
--   python3 -c "import math;k=math.cos(math.radians(30.5));w=k*616;print(20+(680-w)/2,20+(680-w)/2+w)"
--   -> 94.61987... 625.38012...
-- The ring is written without its closing point (Z closes it).  The label sits
-- in the middle of the widest run of the scan line at mid height: x = (94.62 +
-- 625.38) / 2 = 360, y = (64 + 680) / 2 = 372, raised by 5 to leave room for
-- the value line, baseline 0.35 x 12 lower: 371.2; the value line 12 px lower.
\pset format unaligned
\pset tuples_only on
SELECT choropleth_svg(ST_MakeEnvelope(120, 30, 121, 31, 4326), 42.5, 'Square');
\pset format aligned
\pset tuples_only off

-- Test features: ten squares in a row, values 1..10.
CREATE TEMP TABLE sq AS
SELECT i, ST_MakeEnvelope(120 + i * 0.1, 31.0, 120.09 + i * 0.1, 31.09, 4326) AS geom,
       i::float8 AS v, 'f' || lpad(i::text, 2, '0') AS label
FROM generate_series(1, 10) AS i;

-- Well-formed XML (xmlparse raises an error otherwise), SVG root with viewBox and title.
SELECT xml_is_well_formed_document(s) AS well_formed,
       (xpath('/s:svg/@viewBox', xmlparse(document s), ns))[1]::text AS viewbox,
       (xpath('/s:svg/@version', xmlparse(document s), ns))[1]::text AS version,
       (xpath('/s:svg/s:title/text()', xmlparse(document s), ns))[1]::text AS title,
       octet_length(s) = length(s) AS pure_ascii
FROM (SELECT choropleth_svg(geom, v, label) AS s FROM sq) m, ns;

-- Quantile classes by rank: n = 10, k = 5, class i ends at the value of rank
-- ceil(i * 10 / 5) = 2i, so {1,2} {3,4} {5,6} {7,8} {9,10}; colours YlGnBu-5.
SELECT c.cls, count(*) AS features, min(c.fill) AS fill
FROM (SELECT choropleth_svg(geom, v, label) AS s FROM sq) m, ns,
     LATERAL (SELECT (xpath('/*/@class', p))[1]::text AS cls, (xpath('/*/@fill', p))[1]::text AS fill
              FROM unnest(xpath('//s:g[@id="features"]/s:path', xmlparse(document m.s), ns)) AS p) c
GROUP BY 1 ORDER BY 1;
SELECT unnest(xpath('//s:g[@id="legend"]/s:text/text()', xmlparse(document s), ns))::text AS legend
FROM (SELECT choropleth_svg(geom, v, label) AS s FROM sq) m, ns;

-- Fewer classes with few distinct values (k = min(5, distinct values)):
-- {1,2,3,4,5,100}: ranks ceil(6i/5) = 2,3,4,5,6 -> {1,2} {3} {4} {5} {100};
-- {1,1,1,2}: k = 2, ranks 2 and 4 -> bounds 1 and 2 -> {1,1,1} {2};
-- {7,7,7}: one class; three values: k = 3 with YlGnBu-3 colours.
SELECT t.name, unnest(xpath('//s:g[@id="legend"]/s:text/text()', xmlparse(document t.s), ns))::text AS legend
FROM (SELECT 'six' AS name, choropleth_svg(geom, (ARRAY[1, 2, 3, 4, 5, 100])[i], label) AS s FROM sq WHERE i <= 6
      UNION ALL
      SELECT 'ties', choropleth_svg(geom, (ARRAY[1, 1, 1, 2])[i], label) FROM sq WHERE i <= 4
      UNION ALL
      SELECT 'same', choropleth_svg(geom, 7, label) FROM sq WHERE i <= 3) t, ns
ORDER BY t.name;
SELECT (xpath('//s:g[@id="legend"]/s:rect/@fill', xmlparse(document s), ns))::text[] AS three_colours
FROM (SELECT choropleth_svg(geom, v, label) AS s FROM sq WHERE i <= 3) m, ns;

-- NULL values are drawn grey as "no data"; NULL geometries are skipped; NULL
-- labels draw no label; no row, or only NULL geometries, give NULL.
-- Values 1 2 4 5 7 8 10 (3, 6, 9 are NULL): n = 7, ranks ceil(7i/5) = 2,3,5,6,7
-- -> bounds 2, 4, 7, 8, 10 -> {1,2} {4} {5,7} {8} {10}, and 3 without data.
SELECT c.cls, count(*) AS features, min(c.fill) AS fill
FROM (SELECT choropleth_svg(geom, CASE WHEN i % 3 = 0 THEN NULL ELSE v END, label) AS s FROM sq) m, ns,
     LATERAL (SELECT (xpath('/*/@class', p))[1]::text AS cls, (xpath('/*/@fill', p))[1]::text AS fill
              FROM unnest(xpath('//s:g[@id="features"]/s:path', xmlparse(document m.s), ns)) AS p) c
GROUP BY 1 ORDER BY 1;
SELECT unnest(xpath('//s:g[@id="legend"]/s:text/text()', xmlparse(document s), ns))::text AS legend
FROM (SELECT choropleth_svg(geom, CASE WHEN i % 3 = 0 THEN NULL ELSE v END, label) AS s FROM sq) m, ns;
SELECT unnest(xpath('//s:g[@id="legend"]/s:text/text()', xmlparse(document s), ns))::text AS all_null_legend
FROM (SELECT choropleth_svg(geom, NULL, label) AS s FROM sq WHERE i <= 2) m, ns;
SELECT array_length(xpath('//s:g[@id="features"]/s:path', xmlparse(document s), ns), 1) AS paths,
       (xpath('//s:g[@id="features"]/s:path/s:title/text()', xmlparse(document s), ns))::text[] AS tooltips
FROM (SELECT choropleth_svg(CASE WHEN i > 3 THEN NULL ELSE geom END, v, CASE WHEN i = 2 THEN NULL ELSE label END) AS s FROM sq) m, ns;
SELECT choropleth_svg(geom, v, label) IS NULL AS no_rows FROM sq WHERE false;
SELECT choropleth_svg(NULL::geometry, v, label) IS NULL AS null_geometries FROM sq;

-- Labels are XML-escaped; characters outside ASCII become character references,
-- control characters U+FFFD, so the document is ASCII whatever the encoding.
SELECT substring(s from '<path[^>]*><title>[^<]*</title>') AS tooltip,
       xml_is_well_formed_document(s) AS well_formed, octet_length(s) = length(s) AS pure_ascii
FROM (SELECT choropleth_svg(geom, v, lab) AS s
      FROM sq, unnest(ARRAY['<&>"''', E'Qingpu \u9752\u6d66', E'tab\there\u0001']) WITH ORDINALITY AS l(lab, n)
      WHERE i = n GROUP BY n) m
ORDER BY 1;
SELECT (xpath('//s:path/s:title/text()', xmlparse(document s), ns))[1]::text AS decoded_by_xml,
       (xpath('/s:svg/s:title/text()', xmlparse(document s), ns))[1]::text AS title
FROM (SELECT choropleth_svg(geom, v, '<&>', '<script>alert(1)</script> & co', false) AS s FROM sq WHERE i = 1) m, ns;

-- Labels that do not fit inside their feature are left out (the tooltip keeps
-- them), unless the feature is outlined.  Each square is about 62 px wide
-- (0.09 deg x cos(31.045 deg) x scale 801.8, the scale set by the row's width
-- 0.99 deg x cos(31.045 deg) = 0.848 in 680 px); "f01" is about 3 x 0.6 x 12 =
-- 22 px wide, the long label about 35 x 0.6 x 12 = 252 px.  Drawn texts (the
-- halo copies, which carry a stroke): every label and value but feature 3's.
SELECT (xpath('//s:g[@id="labels"]/s:text[@stroke]/text()', xmlparse(document s), ns))::text[] AS drawn
FROM (SELECT choropleth_svg(geom, v, CASE WHEN i IN (3, 4) THEN 'a label far too long for its square' ELSE label END,
                            NULL, i = 4) AS s FROM sq) m, ns;

-- Title: the smallest non-NULL one wins, whatever the row order; outlined
-- features get a second, red outline and always a label.
SELECT (xpath('/s:svg/s:title/text()', xmlparse(document s), ns))[1]::text AS title,
       array_length(xpath('//s:g[@id="outlined"]/s:path', xmlparse(document s), ns), 1) AS outlined
FROM (SELECT choropleth_svg(geom, v, label, CASE WHEN i > 2 THEN 'title ' || (11 - i) END, i IN (2, 5) ORDER BY i) AS s FROM sq) m, ns;
-- A title replacing a longer or shorter one in the state (the features move in
-- place) keeps the features.
SELECT a.l::text = b.l::text AS shorter_title, c.l::text = d.l::text AS longer_title
FROM (SELECT svg_layer_agg(geom, v, label, CASE WHEN i = 1 THEN 'zz a long first title' ELSE 'a' END, false ORDER BY i) AS l FROM sq) a,
     (SELECT svg_layer_agg(geom, v, label, 'a', false ORDER BY i) AS l FROM sq) b,
     (SELECT svg_layer_agg(geom, v, label, CASE WHEN i = 1 THEN 'b' ELSE 'a longer title' END, false ORDER BY i) AS l FROM sq) c,
     (SELECT svg_layer_agg(geom, v, label, 'a longer title', false ORDER BY i) AS l FROM sq) d;
SELECT a.s = b.s AS title_order_independent
FROM (SELECT choropleth_svg(geom, v, label, 'title ' || i, false ORDER BY i) AS s FROM sq) a,
     (SELECT choropleth_svg(geom, v, label, 'title ' || i, false ORDER BY i DESC) AS s FROM sq) b;

-- Order independence on the shipped districts: features are sorted in the final function.
SELECT a.s = b.s AS same_map, length(a.s) > 100000 AS big, xml_is_well_formed_document(a.s) AS well_formed
FROM (SELECT choropleth_svg(geom, code::integer % 97, name ORDER BY code) AS s FROM region) a,
     (SELECT choropleth_svg(geom, code::integer % 97, name ORDER BY name DESC) AS s FROM region) b;

-- Bad input: not a polygon, not 2D, wrong SRID, non-finite values, long labels.
SELECT choropleth_svg(ST_SetSRID(ST_MakePoint(121, 31), 4326), 1, 'point');
SELECT choropleth_svg(ST_GeomFromText('LINESTRING(121 31, 122 31)', 4326), 1, 'line');
SELECT choropleth_svg(ST_GeomFromText('GEOMETRYCOLLECTION(POLYGON((0 0, 1 0, 1 1, 0 0)))', 4326), 1, 'collection');
SELECT choropleth_svg(ST_GeomFromText('POLYGON Z((0 0 1, 1 0 1, 1 1 1, 0 0 1))', 4326), 1, '3d');
SELECT choropleth_svg(ST_Transform(geom, 3857), v, label) FROM sq;
SELECT choropleth_svg(ST_MakeEnvelope(0, 0, 1, 1), 1, 'no srid');
SELECT choropleth_svg(ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(130, 40), ST_MakePoint('NaN', 40), ST_MakePoint(130.1, 40.1), ST_MakePoint(130, 40)])), 4326), 1, 'nan');
SELECT choropleth_svg(geom, 'Infinity', label) FROM sq;
SELECT choropleth_svg(geom, 'NaN', label) FROM sq;
SELECT choropleth_svg(geom, v, repeat('x', 1001)) FROM sq;
SELECT choropleth_svg(geom, v, label, repeat('x', 1001), false) FROM sq;
-- Messages name the aggregate that was called.
SELECT svg_layer_agg(ST_SetSRID(ST_MakePoint(121, 31), 4326), 1, 'point');
-- At most 100000 features in a map (54000, program limit exceeded).
SELECT svg_layer_agg(ST_MakeEnvelope(120, 31, 121, 32, 4326), 1, NULL) FROM generate_series(1, 100001);
-- The SQLSTATEs: 22023 for every bad argument, 54000 for the size limit, 22P02 for bad svg_layer text.
CREATE FUNCTION pg_temp.sqlstate(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
SELECT pg_temp.sqlstate(q) AS sqlstate, q
FROM unnest(ARRAY[
	$$SELECT regional_dev.choropleth_svg('SRID=4326;POINT(1 2)'::geometry, 1, 'x')$$,
	$$SELECT regional_dev.choropleth_svg('SRID=4326;POLYGON M((0 0 1, 1 0 1, 1 1 1, 0 0 1))'::geometry, 1, 'x')$$,
	$$SELECT regional_dev.choropleth_svg('SRID=4490;POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry, 1, 'x')$$,
	$$SELECT regional_dev.choropleth_svg('SRID=4326;POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry, '-Infinity', 'x')$$,
	$$SELECT regional_dev.choropleth_svg('SRID=4326;POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry, 1, 'x')$$,
	$$SELECT regional_dev.svg_layer_agg('SRID=4326;POLYGON((0 0, 1 0, 1 1, 0 0))'::geometry, 1, NULL) FROM generate_series(1, 100001)$$,
	$$SELECT '\x0200'::regional_dev.svg_layer$$]) AS q;

-- Holes and multipolygons: a square with a hole is one path with two rings
-- (fill-rule evenodd); an empty polygon draws nothing but counts as a feature.
SELECT (xpath('//s:g[@id="features"]/s:path/@d', xmlparse(document s), ns))::text[] AS paths
FROM (SELECT choropleth_svg(g, v, l) AS s
      FROM (VALUES (ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 3, 3 3, 3 1, 1 1))', 4326), 1.0, 'a'),
                   (ST_GeomFromText('MULTIPOLYGON(((5 0, 6 0, 6 1, 5 0)), ((5 3, 6 3, 6 4, 5 3)))', 4326), 2.0, 'b'),
                   (ST_GeomFromText('POLYGON EMPTY', 4326), 3.0, 'c')) AS t(g, v, l)) m, ns;

-- svg_layer: the state type.  Text form: \x and the hex digits of the portable
-- format (version 1, flags, feature count, then per feature flags, value,
-- label and EWKB; integers and floats big-endian).  Hand decoding of the text
-- below: 01 version, 01 has title, 00000001 one feature, 00000001 title length 1,
-- 54 'T', 03 flags (value, label), 4004000000000000 = 2.5, 00000001 label length,
-- 61 'a', 00000051 EWKB length 81: 01 little-endian, 03000020 Polygon with SRID,
-- e6100000 = 4326, 01000000 one ring, 04000000 of 4 points (0 0, 1 0, 0 1, 0 0),
-- each two little-endian float8 (000000000000f03f = 1).  Same bytes as the
-- python3 struct.pack construction used for the bad inputs further down.
SELECT svg_layer_agg(ST_GeomFromText('POLYGON((0 0, 1 0, 0 1, 0 0))', 4326), 2.5, 'a', 'T', false) AS layer;
-- svg_layer_agg and rollup return the layer in canonical form (features in
-- drawing order), so its value does not depend on the order of the rows.
SELECT a.l::text = b.l::text AS layer_order_independent
FROM (SELECT svg_layer_agg(geom, v, label ORDER BY i) AS l FROM sq) a,
     (SELECT svg_layer_agg(geom, v, label ORDER BY i DESC) AS l FROM sq) b;
-- jsonb: a GeoJSON FeatureCollection (RFC 7946) with the title; values and labels
-- may be null; an empty polygon has no coordinates.
SELECT jsonb_pretty(svg_layer_agg(g, v, l, 'T', o)::jsonb) AS geojson
FROM (VALUES (ST_GeomFromText('POLYGON((0 0, 1 0, 0 1, 0 0))', 4326), 2.5, 'a', false),
             (ST_GeomFromText('MULTIPOLYGON(((5 5, 6 5, 5 6, 5 5), (5.1 5.1, 5.2 5.1, 5.1 5.2, 5.1 5.1)))', 4326), NULL, NULL, true),
             (ST_GeomFromText('POLYGON EMPTY', 4326), 1e-7, E'\u00e9"', NULL)) AS t(g, v, l, o);
SELECT (svg_layer_agg(geom, ST_Area(geom::geography) / 1e6, name)::jsonb -> 'features' -> 0 -> 'properties') AS first_district,
       jsonb_array_length(svg_layer_agg(geom, ST_Area(geom::geography) / 1e6, name)::jsonb -> 'features') AS features
FROM region;
-- Round trips: text and binary.
CREATE TEMP TABLE layers AS
SELECT i % 3 AS grp, svg_layer_agg(geom, CASE WHEN i = 4 THEN NULL ELSE v END, CASE WHEN i = 5 THEN NULL ELSE label END,
                                   'layer ' || (i % 3), i = 7) AS l
FROM sq GROUP BY 1;
SELECT grp, l::text::svg_layer::text = l::text AS text_round_trip FROM layers ORDER BY grp;
CREATE TEMP TABLE layers_in (grp integer, l svg_layer);
\copy layers TO 'results/svg_layer.bin' WITH (FORMAT binary)
\copy layers_in FROM 'results/svg_layer.bin' WITH (FORMAT binary)
SELECT a.grp, a.l::text = b.l::text AS binary_round_trip,
       choropleth_svg_final(a.l) = choropleth_svg_final(b.l) AS same_map
FROM layers a JOIN layers_in b USING (grp) ORDER BY a.grp;
-- rollup of the per-group layers draws the same map as one aggregate over all rows
-- (the title is the smallest of the three).
SELECT choropleth_svg_final(rollup(l)) =
       (SELECT choropleth_svg(geom, CASE WHEN i = 4 THEN NULL ELSE v END, CASE WHEN i = 5 THEN NULL ELSE label END,
                              'layer ' || (i % 3), i = 7) FROM sq) AS rollup_equals_aggregate
FROM layers;
-- The transition function called outside an aggregate leaves its input alone.
WITH a AS (SELECT svg_layer_trans(NULL, geom, v, label) AS l FROM sq WHERE i = 1)
SELECT l::text = (SELECT svg_layer_agg(geom, v, label)::text FROM sq WHERE i = 1) AS first,
       svg_layer_trans(l, (SELECT geom FROM sq WHERE i = 2), 2, 'f02')::text
         = (SELECT svg_layer_agg(geom, v, label ORDER BY i)::text FROM sq WHERE i <= 2) AS second,
       l::text = (SELECT svg_layer_agg(geom, v, label)::text FROM sq WHERE i = 1) AS input_unchanged
FROM a;

-- Bad svg_layer input: text and binary share one check.
SELECT ''::svg_layer;
SELECT 'abc'::svg_layer;
SELECT '\x'::svg_layer;
SELECT '\x0'::svg_layer;
SELECT '\x0g'::svg_layer;
SELECT '\x020000000000'::svg_layer;
SELECT '\x010200000000'::svg_layer;
SELECT '\x010000000001'::svg_layer;
SELECT '\x01000000000000'::svg_layer;
-- Hand-built layers (made with /usr/bin/python3 struct.pack, one feature each,
-- EWKB little-endian): a point; a polygon with SRID 3857; truncated EWKB; a
-- MultiPolygon whose member is a point; a ring count of 2^32-1; a NaN
-- coordinate; a value flag with an infinite value; a label that is not UTF-8;
-- unknown feature flags; a byte after the geometry.
SELECT '\x01000000000100000000000000000000000000000000190101000020e6100000000000000000f03f0000000000000040'::svg_layer;
SELECT '\x01000000000100000000000000000000000000000000410103000020110f0000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f'::svg_layer;
SELECT '\x01000000000100000000000000000000000000000000090103000020e6100000'::svg_layer;
SELECT '\x01000000000100000000000000000000000000000000220106000020e6100000010000000101000000000000000000f03f0000000000000040'::svg_layer;
SELECT '\x010000000001000000000000000000000000000000000d0103000020e6100000ffffffff'::svg_layer;
SELECT '\x01000000000100000000000000000000000000000000410103000020e6100000010000000300000000000000000000000000000000000000000000000000f87f00000000000000000000000000000000000000000000f03f'::svg_layer;
SELECT '\x010000000001017ff000000000000000000000000000410103000020e6100000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f'::svg_layer;
SELECT '\x01000000000102000000000000000000000001ff000000410103000020e6100000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f'::svg_layer;
SELECT '\x01000000000110000000000000000000000000000000410103000020e6100000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f'::svg_layer;
SELECT '\x0100000000010340040000000000000000000161000000420103000020e6100000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f00'::svg_layer;
-- ISO WKB dimension codes (1003 POLYGON Z, 2003 POLYGON M, 3003 POLYGON ZM, here
-- with PostGIS's SRID flag) are told apart: M is not read as Z.
SELECT '\x010000000001000000000000000000000000000000004101eb030020e6100000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f'::svg_layer;
SELECT '\x010000000001000000000000000000000000000000004101d3070020e6100000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f'::svg_layer;
SELECT '\x010000000001000000000000000000000000000000004101bb0b0020e6100000010000000300000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f'::svg_layer;
-- Big-endian (XDR) EWKB is read too: a triangle with value 5.
SELECT choropleth_svg_final('\x01000000000101401400000000000000000000000000410020000003000010e60000000100000003000000000000000000000000000000003ff0000000000000000000000000000000000000000000003ff0000000000000'::svg_layer) ~ '<path class="c1" fill="#41b6c4" d="M[0-9.,L ]+Z"><title>5</title>' AS xdr_read;
-- Binary input runs the same check.
\copy (SELECT '\x020000000000'::bytea) TO 'results/svg_layer_bad.bin' WITH (FORMAT binary)
CREATE TEMP TABLE bad_in (l svg_layer);
\copy bad_in FROM 'results/svg_layer_bad.bin' WITH (FORMAT binary)

-- choropleth_svg draws what svg_layer_agg collects.  (Parallel plans of every
-- aggregate: sql/parallel.sql.)
CREATE TABLE svg_par AS
SELECT i, ST_MakeEnvelope(120 + (i % 60) * 0.01, 31 + (i / 60) * 0.01, 120.009 + (i % 60) * 0.01, 31.009 + (i / 60) * 0.01, 4326) AS geom,
       CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 7919 % 1000)::float8 END AS v, 'p' || i AS label
FROM generate_series(0, 2999) AS i;
SELECT md5(choropleth_svg_final(svg_layer_agg(geom, v, label))) = md5(choropleth_svg(geom, v, label)) AS final_of_layer_equals_map,
       count(*) AS rows FROM svg_par;
DROP TABLE svg_par;

-- sparkline_svg(annual_series [, title]): a small line chart, 360 x 130.
-- Printed in full for {2019:1,2020:3,2021:2}; coordinates by hand: the plot
-- spans x 64..296 and y 92 (smallest value) .. 34 (largest), so
-- x = 64 + 232 (year - 2019) / 2 -> 64, 180, 296 and
-- y = 92 - 58 (v - 1) / 2 -> 92, 34, 63; the first value is written left of
-- its point (x 56, y 92 + 4), the last right of it (x 304, y 63 + 4), the
-- years under the plot (y 108); largest (3 in 2020) and smallest (1 in 2019)
-- are marked red and blue and named in the legend.
\pset format unaligned
\pset tuples_only on
SELECT sparkline_svg('{2019:1,2020:3,2021:2}');
\pset format aligned
\pset tuples_only off
-- Missing years: solid line between consecutive years, a dashed one across the gap
-- (x = 64 + 232 (year - 2015) / 3: 64, 141.3, 296; y = 92 - 58 (v - 3) / 2: 92, 34, 63).
SELECT (xpath('//s:path[@id="line"]/@d', xmlparse(document s), ns))[1]::text AS line,
       (xpath('//s:path[@id="gaps"]/@d', xmlparse(document s), ns))[1]::text AS gaps
FROM (SELECT sparkline_svg('{2015:3,2016:5,2018:4}') AS s) m, ns;
-- One year, equal values, negative values, an empty series: well-formed, sensible.
SELECT name, xml_is_well_formed_document(s) AS well_formed,
       (xpath('//s:path[@id="line"]/@d', xmlparse(document s), ns))[1]::text AS line,
       array_to_string((xpath('//s:g[@id="legend"]/s:text/text()', xmlparse(document s), ns))::text[], ' | ') AS legend
FROM (VALUES ('one year', sparkline_svg('{2020:5}')),
             ('equal', sparkline_svg('{2019:2,2020:2}')),
             ('negative', sparkline_svg('{2019:-1.5,2020:0,2021:-0.25}')),
             ('empty', sparkline_svg('{}'))) AS t(name, s), ns;
SELECT (xpath('/s:svg/s:text/text()', xmlparse(document sparkline_svg('{}')), ns))::text[] AS empty_texts FROM ns;
-- The title is escaped; NULL in, NULL out (STRICT); long titles are refused.
SELECT (xpath('/s:svg/s:title/text()', xmlparse(document s), ns))[1]::text AS title, octet_length(s) = length(s) AS pure_ascii
FROM (SELECT sparkline_svg('{2019:375.1,2023:472.5}', E'GDP <&> \u9752\u6d66') AS s) m, ns;
SELECT sparkline_svg(NULL) IS NULL AS null_series, sparkline_svg('{2019:1}', NULL) IS NULL AS null_title;
SELECT sparkline_svg('{2019:1}', repeat('x', 1001));
-- From an aggregate: the zone total of three district series.
SELECT (xpath('//s:g[@id="points"]/s:g/s:title/text()', xmlparse(document sparkline_svg(series_agg(y, v))), ns))::text[] AS points
FROM (VALUES (2019, 118.6), (2019, 193.5), (2019, 63.0), (2023, 150.772), (2023, 237.728), (2023, 84.0)) AS t(y, v), ns
GROUP BY ns.ns;
-- Two-line labels (1.1): second_label is drawn under label, in normal weight
-- (the first line is bold); a label that holds line breaks is drawn the same
-- way; the tooltip and GeoJSON keep the whole label.
SELECT (xpath('//s:g[@id="labels"]/s:text[not(@stroke)]/text()', xmlparse(document s), ns))::text[] AS lines,
       (xpath('//s:g[@id="labels"]/s:text[not(@stroke)]/@y', xmlparse(document s), ns))::text[] AS y,
       (xpath('//s:g[@id="labels"]/s:text[not(@stroke)]/@font-weight', xmlparse(document s), ns))::text[] AS bold,
       (xpath('//s:g[@id="features"]/s:path/s:title/text()', xmlparse(document s), ns))[1]::text AS tooltip
FROM (SELECT choropleth_svg(ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326), 42.5, 'Square',
                            'two lines', false, E'\u9752\u6d66') AS s) m, ns;
SELECT (xpath('//s:g[@id="labels"]/s:text[not(@stroke)]/text()', xmlparse(document s), ns))::text[] AS lines
FROM (SELECT choropleth_svg(ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326), 42.5, E'Square\nSecond') AS s) m, ns;
-- At most three lines: further line breaks stay in the third line (as blanks).
SELECT (xpath('//s:g[@id="labels"]/s:text[not(@stroke)]/text()', xmlparse(document s), ns))::text[] AS lines
FROM (SELECT choropleth_svg(ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326), NULL, E'a\nb\nc\nd') AS s) m, ns;
-- A NULL label with a second label: the second label alone; a NULL second
-- label: the map of the five-argument form.
SELECT (xpath('//s:g[@id="labels"]/s:text[not(@stroke)]/text()', xmlparse(document s), ns))::text[] AS lines
FROM (SELECT choropleth_svg(ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326), 1, NULL, NULL, false, 'only') AS s) m, ns;
SELECT choropleth_svg(g, 1, 'Square', 't', true, NULL) = choropleth_svg(g, 1, 'Square', 't', true) AS same_as_five_arguments
FROM (SELECT ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326) AS g) m;
-- The stored layer keeps the two lines as one label with a line break.
SELECT svg_layer_agg(ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326), 1, 'A', NULL, false, 'B')::jsonb
       -> 'features' -> 0 -> 'properties' AS properties;
-- Too long: each argument, and the two together.
SELECT choropleth_svg(ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326), 1, 'A', NULL, false, repeat('x', 1001));
SELECT choropleth_svg(ST_GeomFromText('POLYGON((121 30,122 30,122 31,121 31,121 30))', 4326), 1, repeat('x', 600), NULL, false, repeat('y', 400));
-- The scale bar (under the legend): the longest of 1, 2, 5 x 10^k km within
-- 200 px at the map's middle latitude.  The 1-degree square at 30.5 N is
-- 616 px tall (MAP_H), 111.19 km: 5.54 px a km, so 20 km (110.8 px; 50 km
-- would be 277 px).  A 10-degree square (61.6 px per 111.19 km: 0.554 px a
-- km) gets 200 km (110.8 px); a 0.01-degree one (554 px a km) 0.2 km (110.8 px).
SELECT side, (xpath('//s:g[@id="scalebar"]/s:text/text()', xmlparse(document s), ns))::text[] AS scalebar,
       (xpath('//s:g[@id="scalebar"]/s:path/@d', xmlparse(document s), ns))[1]::text AS bar
FROM (SELECT side, choropleth_svg(ST_MakeEnvelope(121, 30, 121 + side, 30 + side, 4326), 1, NULL) AS s
      FROM (VALUES (1.0), (10.0), (0.01)) AS v(side) GROUP BY side) m, ns
ORDER BY side;
-- No scale bar where the features have no extent (all on one point, or
-- empty); a flat polygon has a width, and one.
SELECT g AS geom, (xpath('count(//s:g[@id="scalebar"])', xmlparse(document m), ns))[1]::text AS scalebars
FROM (SELECT g, choropleth_svg(ST_GeomFromText(g, 4326), 1, 'x') AS m
      FROM (VALUES ('POLYGON((121 30,121 30,121 30,121 30))'), ('POLYGON EMPTY'),
                   ('POLYGON((121 30,122 30,121 30,121 30))')) AS v(g) GROUP BY g) AS t, ns
ORDER BY g;
