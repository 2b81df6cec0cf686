-- Data for test/suites/30_roundtrip.sh (doc/reliability.md): columns of every
-- type listed in reliability.types, adcode in keys, domains, generated columns,
-- arrays, indexes, a foreign key to regional_dev.region and a view, and user
-- rows added to regional_dev.region.  All test data, labelled synthetic.
-- Run after test/reliability/registry.sql in a database with regional_dev.

CREATE SCHEMA keep;
COMMENT ON SCHEMA keep IS 'synthetic test data of test/suites/30_roundtrip.sh';

-- User rows in region (outside the shipped coverage): a square, a polygon
-- with a hole plus a second part, a member of the zone; names with CJK.
INSERT INTO regional_dev.region (code, name, name_zh, province, in_demonstration_zone, geom) VALUES
	('650102', 'Tianshan (synthetic test row)', '天山区（测试）', '650000', false,
	 public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((87.6 43.78,87.66 43.78,87.66 43.82,87.6 43.82,87.6 43.78)))')),
	('110101', 'Dongcheng (synthetic test row)', NULL, '110000', false,
	 public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((116.38 39.9,116.44 39.9,116.44 39.96,116.38 39.96,116.38 39.9),(116.4 39.92,116.42 39.92,116.42 39.94,116.4 39.94,116.4 39.92)),((116.5 39.9,116.52 39.9,116.51 39.91,116.5 39.9)))')),
	('460201', 'Sanya zone member (synthetic test row)', '三亚', '460000', true,
	 public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((109.5 18.2,109.500001 18.2,109.5 18.200001,109.5 18.2)))'));

-- Every listed type: its seeds, a NULL, and an array of all its seeds.
DO $$
DECLARE
	r record;
	t text;
BEGIN
	FOR r IN SELECT type_name, seeds FROM reliability.types WHERE to_regtype(type_name) IS NOT NULL LOOP
		t := format('keep.t_%s', (SELECT typname FROM pg_type WHERE oid = to_regtype(r.type_name)));
		EXECUTE format('CREATE TABLE %s (id integer PRIMARY KEY, v %s, va %s[])', t, r.type_name, r.type_name);
		EXECUTE format('INSERT INTO %s SELECT n, s::%s, NULL FROM unnest($1) WITH ORDINALITY AS u(s, n)', t, r.type_name)
			USING r.seeds;
		EXECUTE format('INSERT INTO %s VALUES (0, NULL, $1::%s[]), (-1, NULL, ''{}'')', t, r.type_name) USING r.seeds;
		EXECUTE format('COMMENT ON TABLE %s IS %L', t, 'synthetic test values of ' || r.type_name);
	END LOOP;
END
$$;

-- adcode in a key, a domain with a check, a generated column, a foreign key
-- to user and shipped region rows, an array, a hash index and a view.
CREATE DOMAIN keep.zone_code AS regional_dev.adcode
	CHECK (regional_dev.province(VALUE) OPERATOR(pg_catalog.=) ANY ('{310000,320000,330000}'::regional_dev.adcode[]));
CREATE TABLE keep.places (
	code regional_dev.adcode PRIMARY KEY,
	zone keep.zone_code,
	province regional_dev.adcode GENERATED ALWAYS AS (regional_dev.province(code)) STORED,
	region regional_dev.adcode REFERENCES regional_dev.region (code),
	nearby regional_dev.adcode[],
	note text
);
COMMENT ON TABLE keep.places IS 'synthetic test rows of test/suites/30_roundtrip.sh';
CREATE INDEX places_zone_hash ON keep.places USING hash (zone);
INSERT INTO keep.places (code, zone, region, nearby, note) VALUES
	('310118', '310118', '310118', '{320509,330421}', 'Qingpu'),
	('320509', '320509', '320509', '{310118}', 'Wujiang'),
	('330421', '330421', '330421', NULL, E'Jiashan, tab\there, quote '' and backslash \\'),
	('650102', NULL, '650102', '{}', '天山区 user region'),
	('110101', NULL, '110101', '{110000,820000,710000}', NULL);
CREATE VIEW keep.cross_boundary AS
	SELECT a.code, b.code AS other, regional_dev.boundary_level(a.code, b.code) AS boundary
	FROM keep.places a JOIN keep.places b ON a.code OPERATOR(pg_catalog.<) b.code;
COMMENT ON VIEW keep.cross_boundary IS 'synthetic test view of test/suites/30_roundtrip.sh';
