-- The lists the reliability tests are driven by (doc/reliability.md, "Adding a
-- type or a function").  One line per type or function: a new type or function
-- is covered by adding its line here, nothing else.  Lines for work that is not
-- merged yet stay commented out (TODO) until it is.
--
-- Loaded by psql (-f or \i) into a test database: test/suites/20_fuzz.sh,
-- 30_roundtrip.sh, 40_limits.sh, 42_sqlsmith.sh and sql/security.sql.  Write
-- SQL here fully qualified (regional_dev.f(...), pg_catalog.count(...),
-- OPERATOR(pg_catalog.=)): sql/security.sql runs it under a hostile
-- search_path, where only regional_dev's own unqualified names may be caught.

DROP SCHEMA IF EXISTS reliability CASCADE;
CREATE SCHEMA reliability;
COMMENT ON SCHEMA reliability IS 'test lists of doc/reliability.md (test/reliability/registry.sql); not part of the extension';

-- 1. Types.  Every base type of the extension must be here (20_fuzz.sh fails
--    otherwise).  seeds: valid text values (mutation seeds; also stored and
--    dumped by 30_roundtrip.sh).  text_sqlstates / recv_sqlstates: every
--    SQLSTATE its text input / binary receive is documented to raise; 08P01
--    (value too short) and 22P03 (bytes left over), raised by the server for
--    any receive, are allowed for all types and not repeated.  tokens: pieces
--    of the type's text syntax for the fuzzer to splice in (numbers, signs,
--    nan/inf, braces and the like are spliced in for every type).
CREATE TABLE reliability.types (
	type_name text PRIMARY KEY,
	seeds text[] NOT NULL,
	text_sqlstates text[] NOT NULL,
	recv_sqlstates text[] NOT NULL,
	tokens text[] NOT NULL DEFAULT '{}'
);
INSERT INTO reliability.types VALUES ('regional_dev.adcode', '{310118,320509,330421,310000,320500,110000,820000,710000," 330400 "}', '{22P02,22003}', '{22P02,22003}', '{11,46,65,71,82,00,99}');
INSERT INTO reliability.types VALUES ('regional_dev.annual_series', '{"{2019:375.1,2023:472.5}","{1:0,9999:-1.5e300}","{2020:0.1}","{2020:0.30000000000000004-2.7755575615628914e-17}"}', '{22P02,22003}', '{22P02,22003}', '{"{","}",":",",",0:,10000:,-1:,9999:}');
INSERT INTO reliability.types VALUES ('regional_dev.ratio_summary', '{"(3.5,50)","(0,0)","(-1.5e300,2)","(0.30000000000000004-2.7755575615628914e-17,0.7999999999999999+2.7755575615628914e-17)"}', '{22P02,22003}', '{22003}', '{"(",")",","}');
INSERT INTO reliability.types VALUES ('regional_dev.inequality_summary', $${"{\"a\":{n:2,p:15,y:150,ylnx:345.3877639491069,plnx:34.53877639491069,x:20,x2:200,yx:1500},\"b\":{n:1,p:20,y:300,ylnx:812.415060330663,plnx:54.1610040220442,x:15,x2:225,yx:4500}}","{null:{n:2,p:30,y:400,ylnx:1042.6735696300675,plnx:77.18685495198466,x:25,x2:325,yx:5500}}","{null:{n:2,p:2,y:0.30000000000000004-2.7755575615628914e-17,ylnx:-0.5521460917862246,plnx:-3.9120230054281455-2.220446049250313e-16,x:0.30000000000000004-2.7755575615628914e-17,x2:0.05000000000000001,yx:0.05000000000000001}}"}$$, '{22P02,22003,22021,54000}', '{22P02,22021,54000}', '{"{","}",":",",",null,n:,p:,y:}');
INSERT INTO reliability.types VALUES ('regional_dev.flow_summary', '{"{310118>320509:5,320509>330421:2.5}"}', '{22P02,22003}', '{22P02}', '{"{","}",">",":",","}');
INSERT INTO reliability.types VALUES ('regional_dev.gini_state', '{"{1:2,3:4}"}', '{22P02,22003}', '{22P02}', '{"{","}",":",","}');
INSERT INTO reliability.types VALUES ('regional_dev.beta_convergence_state', '{"{n:2,years:20,sx:1.0986122886681098,sy:0.0980829253011726,sxx:0.603474480406291,syy:0.0008220097694658274,sxy:-0.022272447519688654}"}', '{22P02,22003}', '{22P02}', '{"{","}",":",",",n:,years:}');
INSERT INTO reliability.types VALUES ('regional_dev.morans_i_state', '{"{310118:1,320509:2}"}', '{22P02,22003}', '{22P02}', '{"{","}",":",","}');
INSERT INTO reliability.types VALUES ('regional_dev.spatial_weights', '{"R{310118:[320509:1,330421:0.5],320509:[310118:1],330421:[]}","B{}","O{650101:[650102:2.5],650102:[650101:1e-300]}"}', '{22P02,22003}', '{22P02}', '{"{","}","[","]",":",",",R,B,O,310118,650101}');
INSERT INTO reliability.types VALUES ('regional_dev.apportion_state', '{"{rows:1,repaired:0,partials:[2]}"}', '{22P02,22003}', '{22P02}', '{"{","}",":",",","[","]",rows:,partials:}');
INSERT INTO reliability.types VALUES ('regional_dev.shift_share_summary', '{"n=2;undefined=0;nation_base=4000;nation_final=4700;base=150;final=165;base_growth=20"}', '{22P02,22003}', '{22P02,22003}', '{n=,undefined=,nation_base=,nation_final=,base=,final=,base_growth=,;}');
INSERT INTO reliability.types VALUES ('regional_dev.concentration_summary', '{"n=3;sum=4;sum_squares=6","n=2;sum=1.3e+155-5.954262829429612e+138;sum_squares=3.6930636500287497e+289-1.5551407584442793e+273;scale=34"}', '{22P02,22003}', '{22P02,22003}', '{n=,sum=,sum_squares=,scale=,;}');
INSERT INTO reliability.types VALUES ('regional_dev.dissimilarity_summary', '{"n=3;pairs=3:4,1:2"}', '{22P02,22003,54000}', '{22P02,22003,54000}', '{n=,pairs=,:,",",;}');
INSERT INTO reliability.types VALUES ('regional_dev.dispersion_summary', '{"2019:n=2,min=0,max=2,sum=2,sum_squares=4"}', '{22P02,22003}', '{22P02,22003}', '{n=,min=,max=,sum=,sum_squares=,:,",",;}');
INSERT INTO reliability.types VALUES ('regional_dev.svg_layer', '{"\\x0100000000010340000000000000000000000178000000510103000020e6100000010000000400000000000000000000000000000000000000000000000000f03f0000000000000000000000000000f03f000000000000f03f00000000000000000000000000000000"}', '{22P02}', '{22P02}', '{"\\x",00,ff,01}');

-- 2. Probes: calls whose results must not change under a hostile search_path
--    nor for a non-superuser (sql/security.sql).  expr is a SQL expression,
--    evaluated as SELECT (expr)::pg_catalog.text; write it fully qualified.
--    Every SQL- or PL/pgSQL-language function of the extension must be named
--    in some probe (sql/security.sql lists the ones that are not).
CREATE TABLE reliability.probes (
	name text PRIMARY KEY,
	expr text NOT NULL
);
INSERT INTO reliability.probes VALUES ('adcode input', $$'310118'::regional_dev.adcode$$);
INSERT INTO reliability.probes VALUES ('adcode(integer)', $$regional_dev.adcode(330421)$$);
INSERT INTO reliability.probes VALUES ('adcode to integer', $$'320509'::regional_dev.adcode::pg_catalog.int4$$);
INSERT INTO reliability.probes VALUES ('adcode_level', $$regional_dev.adcode_level('320500')$$);
INSERT INTO reliability.probes VALUES ('province', $$regional_dev.province('310118')$$);
INSERT INTO reliability.probes VALUES ('prefecture', $$regional_dev.prefecture('320509')$$);
INSERT INTO reliability.probes VALUES ('boundary_level', $$regional_dev.boundary_level('310118', '320509')$$);
INSERT INTO reliability.probes VALUES ('adcode @>', $$'310000'::regional_dev.adcode OPERATOR(regional_dev.@>) '310118'::regional_dev.adcode$$);
INSERT INTO reliability.probes VALUES ('adcode <@', $$'310118'::regional_dev.adcode OPERATOR(regional_dev.<@) '310000'::regional_dev.adcode$$);
INSERT INTO reliability.probes VALUES ('adcode =', $$'310118'::regional_dev.adcode OPERATOR(pg_catalog.=) '310118'::regional_dev.adcode$$);
INSERT INTO reliability.probes VALUES ('adcode <', $$'310118'::regional_dev.adcode OPERATOR(pg_catalog.<) '320509'::regional_dev.adcode$$);
INSERT INTO reliability.probes VALUES ('adcode_check', $$regional_dev.adcode_check(310118)$$);
INSERT INTO reliability.probes VALUES ('adcode LIKE', $$'310118'::regional_dev.adcode OPERATOR(regional_dev.~~) '3101%'$$);
INSERT INTO reliability.probes VALUES ('adcode NOT LIKE', $$'310118'::regional_dev.adcode OPERATOR(regional_dev.!~~) '3101%'$$);
INSERT INTO reliability.probes VALUES ('adcode_like', $$regional_dev.adcode_like('310118', '31%18')$$);
INSERT INTO reliability.probes VALUES ('adcode_not_like', $$regional_dev.adcode_not_like('310118', '32%')$$);
INSERT INTO reliability.probes VALUES ('region rows', $$(SELECT pg_catalog.count(*) FROM regional_dev.region)$$);
INSERT INTO reliability.probes VALUES ('region zone', $$(SELECT pg_catalog.string_agg(pg_catalog.concat(code, ':', name), ',' ORDER BY code) FROM regional_dev.region WHERE in_demonstration_zone)$$);
INSERT INTO reliability.probes VALUES ('region geometry', $$(SELECT pg_catalog.md5(pg_catalog.string_agg(public.st_asewkb(geom)::pg_catalog.text, ',' ORDER BY code)) FROM regional_dev.region)$$);
INSERT INTO reliability.probes VALUES ('locate', $$regional_dev.locate(public.st_setsrid(public.st_makepoint(121.1, 31.15), 4326))$$);
INSERT INTO reliability.probes VALUES ('length_by_region', $$(SELECT pg_catalog.string_agg(pg_catalog.concat(code, ':', pg_catalog.round(length_m::pg_catalog.numeric, 3)), ',' ORDER BY code) FROM regional_dev.length_by_region(public.st_geomfromewkt('SRID=4326;LINESTRING(120.9 31.1,121.3 31.0)')))$$);
INSERT INTO reliability.probes VALUES ('boundary_crossings', $$regional_dev.boundary_crossings(public.st_geomfromewkt('SRID=4326;LINESTRING(120.8 31.0,121.0 31.0,121.2 30.9)'), 'county')$$);
INSERT INTO reliability.probes VALUES ('apportion', $$(SELECT regional_dev.apportion(r.geom, 1.0, public.st_geomfromewkt('SRID=4326;POLYGON((120.8 30.9,121.2 30.9,121.2 31.2,120.8 31.2,120.8 30.9))')) FROM regional_dev.region r WHERE r.in_demonstration_zone)$$);
INSERT INTO reliability.probes VALUES ('series_agg', $$(SELECT regional_dev.series_agg(y, v)::pg_catalog.text FROM (VALUES (2019, 1.5), (2020, 2.5)) AS t(y, v))$$);
INSERT INTO reliability.probes VALUES ('ratio_agg', $$(SELECT regional_dev.ratio(regional_dev.ratio_agg(n, d)) FROM (VALUES (1.0, 4.0), (1.0, 4.0)) AS t(n, d))$$);
INSERT INTO reliability.probes VALUES ('flow_agg', $$(SELECT regional_dev.cross_boundary_share(regional_dev.flow_agg(o::regional_dev.adcode, d::regional_dev.adcode, a), 'province') FROM (VALUES ('310118', '320509', 3.0), ('320509', '320583', 1.0)) AS t(o, d, a))$$);
INSERT INTO reliability.probes VALUES ('region_neighbors', $$(SELECT pg_catalog.count(*) FROM regional_dev.region_neighbors(200) WHERE boundary_level OPERATOR(pg_catalog.=) 'province')$$);
-- (Chongming 310151, an island, is left out: it would only add a NOTICE.)
INSERT INTO reliability.probes VALUES ('morans_i', $$(SELECT pg_catalog.round((regional_dev.morans_i(code, pg_catalog.ascii(name)::float8)).i::pg_catalog.numeric, 10) FROM regional_dev.region WHERE code OPERATOR(pg_catalog.<>) '310151')$$);
INSERT INTO reliability.probes VALUES ('local_morans_i', $$(SELECT pg_catalog.count(*) FROM regional_dev.local_morans_i((SELECT pg_catalog.array_agg(code ORDER BY code) FROM regional_dev.region WHERE code OPERATOR(pg_catalog.<>) '310151'), (SELECT pg_catalog.array_agg(pg_catalog.ascii(name)::float8 ORDER BY code) FROM regional_dev.region WHERE code OPERATOR(pg_catalog.<>) '310151'), 99, 1))$$);
INSERT INTO reliability.probes VALUES ('contiguity_weights', $$(SELECT pg_catalog.md5(regional_dev.contiguity_weights(pg_catalog.array_agg(code), 200, 1000)::pg_catalog.text) FROM regional_dev.region WHERE code OPERATOR(pg_catalog.<>) '310151')$$);
INSERT INTO reliability.probes VALUES ('morans_i over weights', $$(SELECT pg_catalog.round(m.i::pg_catalog.numeric, 10) FROM (SELECT pg_catalog.array_agg(code ORDER BY code) AS c, pg_catalog.array_agg(pg_catalog.ascii(name)::float8 ORDER BY code) AS v FROM regional_dev.region) d, regional_dev.morans_i(d.c, d.v, regional_dev.knn_weights(d.c, 4), 9) AS m)$$);
INSERT INTO reliability.probes VALUES ('local_getis_ord_g', $$(SELECT pg_catalog.string_agg(g.label, ',' ORDER BY g.code) FROM (SELECT pg_catalog.array_agg(code ORDER BY code) AS c, pg_catalog.array_agg(pg_catalog.ascii(name)::float8 ORDER BY code) AS v FROM regional_dev.region) d, regional_dev.local_getis_ord_g(d.c, d.v, regional_dev.knn_weights(d.c, 5, 'B'), true, 9) AS g)$$);
INSERT INTO reliability.probes VALUES ('choropleth_svg', $$(SELECT pg_catalog.md5(regional_dev.choropleth_svg(geom, pg_catalog.ascii(name)::float8, name)) FROM regional_dev.region)$$);
INSERT INTO reliability.probes VALUES ('cagr', $$regional_dev.cagr('{2019:375.1,2023:472.5}'::regional_dev.annual_series)$$);

-- 3. Spatial functions, called with every geometry of list 4 (40_limits.sh):
--    call is SQL with %1$s where the geometry goes; sqlstates the errors it may
--    raise.  A result is fine, an undocumented error, a crash or a call running
--    past the statement timeout is not.
CREATE TABLE reliability.spatial_calls (
	name text PRIMARY KEY,
	call text NOT NULL,
	sqlstates text[] NOT NULL DEFAULT '{22023,22P02}'
);
INSERT INTO reliability.spatial_calls VALUES ('locate', 'regional_dev.locate(%1$s)');
INSERT INTO reliability.spatial_calls VALUES ('length_by_region', '(SELECT pg_catalog.count(*) FROM regional_dev.length_by_region(%1$s))');
INSERT INTO reliability.spatial_calls VALUES ('boundary_crossings', 'regional_dev.boundary_crossings(%1$s)');
INSERT INTO reliability.spatial_calls VALUES ('apportion', '(SELECT regional_dev.apportion(%1$s, 1.0, r.geom) FROM regional_dev.region r)');
INSERT INTO reliability.spatial_calls VALUES ('choropleth_svg', 'regional_dev.choropleth_svg(%1$s, 1.0, ''x'')');

-- 4. Bad geometries (40_limits.sh, and sql/bad_geometry.sql for the region
--    table).  region is what inserting it as a user row of regional_dev.region
--    gives: 'ok' or the SQLSTATE of the constraint that rejects it.
CREATE TABLE reliability.bad_geometries (
	name text PRIMARY KEY,
	expr text NOT NULL,
	region text NOT NULL
);
INSERT INTO reliability.bad_geometries VALUES ('valid multipolygon', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((130 40,130.1 40,130.1 40.1,130 40)))')$$, 'ok');
INSERT INTO reliability.bad_geometries VALUES ('null', $$NULL::public.geometry$$, '23502');
INSERT INTO reliability.bad_geometries VALUES ('empty multipolygon', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON EMPTY')$$, '23514');
INSERT INTO reliability.bad_geometries VALUES ('empty point', $$public.st_geomfromewkt('SRID=4326;POINT EMPTY')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('empty collection', $$public.st_geomfromewkt('SRID=4326;GEOMETRYCOLLECTION EMPTY')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('point', $$public.st_geomfromewkt('SRID=4326;POINT(121.1 31.1)')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('line', $$public.st_geomfromewkt('SRID=4326;LINESTRING(120.9 31.1,121.3 31.0)')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('polygon, not multi', $$public.st_geomfromewkt('SRID=4326;POLYGON((130 40,130.1 40,130.1 40.1,130 40))')$$, 'ok');
INSERT INTO reliability.bad_geometries VALUES ('collection', $$public.st_geomfromewkt('SRID=4326;GEOMETRYCOLLECTION(POINT(130 40),POLYGON((130 40,130.1 40,130.1 40.1,130 40)))')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('3D (Z)', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON Z(((130 40 1,130.1 40 1,130.1 40.1 1,130 40 1)))')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('measured (M)', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON M(((130 40 1,130.1 40 1,130.1 40.1 1,130 40 1)))')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('4D (ZM)', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON ZM(((130 40 1 2,130.1 40 1 2,130.1 40.1 1 2,130 40 1 2)))')$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('no SRID (PostGIS gives it the column''s)', $$public.st_geomfromewkt('MULTIPOLYGON(((130 40,130.1 40,130.1 40.1,130 40)))')$$, 'ok');
INSERT INTO reliability.bad_geometries VALUES ('SRID 3857', $$public.st_transform(public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((130 40,130.1 40,130.1 40.1,130 40)))'), 3857)$$, '22023');
INSERT INTO reliability.bad_geometries VALUES ('bow-tie', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((130 40,130.1 40.1,130.1 40,130 40.1,130 40)))')$$, '23514');
INSERT INTO reliability.bad_geometries VALUES ('overlapping parts', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((130 40,130.2 40,130.2 40.2,130 40)),((130.1 40,130.3 40,130.3 40.2,130.1 40)))')$$, '23514');
INSERT INTO reliability.bad_geometries VALUES ('zero area', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((130 40,130.1 40,130.2 40,130 40)))')$$, '23514');
INSERT INTO reliability.bad_geometries VALUES ('NaN coordinate', $$public.st_setsrid(public.st_multi(public.st_makepolygon(public.st_makeline(ARRAY[public.st_makepoint(130, 40), public.st_makepoint('NaN', 40), public.st_makepoint(130.1, 40.1), public.st_makepoint(130, 40)]))), 4326)$$, '23514');
INSERT INTO reliability.bad_geometries VALUES ('infinite coordinate', $$public.st_setsrid(public.st_multi(public.st_makepolygon(public.st_makeline(ARRAY[public.st_makepoint(130, 40), public.st_makepoint('Infinity', 40), public.st_makepoint(130.1, 40.1), public.st_makepoint(130, 40)]))), 4326)$$, '23514');
INSERT INTO reliability.bad_geometries VALUES ('outside lon/lat range', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((500 100,500.1 100,500.1 100.1,500 100)))')$$, 'ok');
INSERT INTO reliability.bad_geometries VALUES ('huge coordinates', $$public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((-1e300 -1e300,1e300 -1e300,1e300 1e300,-1e300 -1e300)))')$$, 'ok');
INSERT INTO reliability.bad_geometries VALUES ('10,000 parts', $$(SELECT public.st_collect(public.st_makeenvelope(130 + i * 0.001, 40, 130.0005 + i * 0.001, 40.0005, 4326)) FROM pg_catalog.generate_series(0, 9999) AS i)$$, 'ok');
INSERT INTO reliability.bad_geometries VALUES ('1 million vertices', $$public.st_multi(public.st_buffer(public.st_geomfromewkt('SRID=4326;POINT(130 40)'), 0.1, 250000))$$, 'ok');

-- 5. Long calls that must stop promptly on pg_cancel_backend (40_limits.sh):
--    one statement running at least a few seconds inside regional_dev's code
--    (not a loop over many rows: the executor checks for interrupts between rows).
CREATE TABLE reliability.long_calls (
	name text PRIMARY KEY,
	sql text NOT NULL
);
INSERT INTO reliability.long_calls VALUES ('length_by_region, 1M vertices', $$SELECT pg_catalog.count(*) FROM regional_dev.length_by_region(public.st_segmentize(public.st_geomfromewkt('SRID=4326;LINESTRING(120.8 30.8,121.5 31.4)'), 0.000001))$$);
-- apportion and region_neighbors: see doc/reliability.md (long calls).

-- 6. Documented size limits, each enforced with SQLSTATE 54000 before memory
--    runs out (40_limits.sh): sql exceeds the limit by a little.
CREATE TABLE reliability.limits (
	name text PRIMARY KEY,
	sql text NOT NULL,
	sqlstate text NOT NULL DEFAULT '54000'
);
INSERT INTO reliability.limits VALUES ('inequality_summary groups (10,000)', $$SELECT regional_dev.inequality_agg(1.0, 1.0, g::pg_catalog.text) FROM pg_catalog.generate_series(1, 10001) AS g$$);
INSERT INTO reliability.limits VALUES ('hoover pairs (54,000)', $$SELECT regional_dev.hoover(g, 1) FROM pg_catalog.generate_series(1, 54001) AS g$$);
INSERT INTO reliability.limits VALUES ('choropleth_svg features (100,000)', $$SELECT pg_catalog.length(regional_dev.choropleth_svg(public.st_geomfromewkt('SRID=4326;POLYGON((121 31,121.001 31,121.001 31.001,121 31))'), g, NULL)) FROM pg_catalog.generate_series(1, 100001) AS g$$);
-- Not run here, too slow for CI (enforced in the same way, see doc/reliability.md):
-- flow_summary pairs (10,000,000), gini_state values (4,194,304).
-- annual_series needs no size limit: years 1..9999, each at most once.
