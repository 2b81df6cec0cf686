-- The custom types of regional_dev as every driver test sees them (pgJDBC,
-- psqlODBC, psycopg text and binary): one bi_type row per type, optional bi_check
-- rows for more.  A type of the extension without a row fails the driver suites.
-- Format and rules: doc/bi.md, "Adding a type to the driver tests".
--
-- In SQL: every ? is a bound parameter; give each parameter that is not text an
-- explicit CAST(? AS type) (drivers bind strings as varchar).  The role's
-- search_path is public, regional_dev, so operators need no OPERATOR(); qualify
-- functions anyway.  Expected values are written as the server prints them
-- (jsonb canonical); floats are compared with a relative tolerance of 1e-12.

INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
-- adcode: Qingpu.  Blanks around the sample are accepted and dropped on output;
-- the cast to integer is the code itself; Qingpu (Shanghai, 31) and Wujiang
-- (Jiangsu, 32) differ in the first two digits, so the boundary is a province's
-- (GB/T 2260 and doc/manual.md).
('adcode', ' 310118 ', '310118', 'integer', '310118',
 'regional_dev.boundary_level(CAST(? AS regional_dev.adcode), CAST(? AS regional_dev.adcode))',
 '{v,text:320509}', 'province');

-- More for adcode, and table region (the shipped rows; data/README.md and
-- /work/shared/data/README.md list them: 16 Shanghai districts, Qingpu =
-- 青浦区, the zone is Qingpu, Wujiang, Jiashan).  The points are the towns of
-- Zhujiajiao (121.05 E, 31.11 N, in Qingpu) and Weitang (120.92 E, 30.84 N, the
-- seat of Jiashan), read off a map.
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('adcode', 'SELECT regional_dev.province(CAST(? AS regional_dev.adcode))', '{v}', '310000'),
('adcode', 'SELECT regional_dev.adcode_level(CAST(? AS regional_dev.adcode))', '{v}', 'county'),
('adcode', 'SELECT CAST(? AS regional_dev.adcode) <@ CAST(? AS regional_dev.adcode)', '{v,text:310000}', 'true'),
('adcode', 'SELECT regional_dev.adcode(?)', '{int:330421}', '330421'),
('adcode', 'SELECT name FROM regional_dev.region WHERE code = CAST(? AS regional_dev.adcode)', '{v}', 'Qingpu'),
('adcode', 'SELECT name_zh FROM regional_dev.region WHERE code = CAST(? AS regional_dev.adcode)', '{v}', '青浦区'),
('adcode', 'SELECT count(*) FROM regional_dev.region WHERE province = regional_dev.province(CAST(? AS regional_dev.adcode))',
 '{v}', '16'),
('adcode', 'SELECT code FROM regional_dev.region WHERE name = ?', '{text:Jiashan}', '330421'),
('adcode', 'SELECT code FROM regional_dev.region WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))',
 '{float:121.05,float:31.11}', '310118'),
('adcode', 'SELECT code FROM regional_dev.region WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))',
 '{float:120.92,float:30.84}', '330421'),
('adcode', 'SELECT string_agg(name, '','' ORDER BY code) FROM regional_dev.region WHERE in_demonstration_zone', '{}',
 'Qingpu,Wujiang,Jiashan'),
('adcode', 'SELECT regional_dev.boundary_level(CAST(? AS regional_dev.adcode), CAST(? AS regional_dev.adcode))',
 '{v,v}', 'none'),
('adcode', 'SELECT CAST(NULLIF(?, ?) AS regional_dev.adcode)', '{text:310118,text:310118}', NULL);
