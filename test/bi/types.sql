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

-- annual_series (growth): Qingpu's GDP-like pair of years.  The sample has the
-- years out of order and a blank, which output normalizes.  Expected numbers,
-- with /usr/bin/python3:
--   cagr 2019-2023: (472.5/375.1)**(1/4)-1 = 0.059409070974626; with two years the
--   log-linear trend is the same rate: math.exp((log(472.5)-log(375.1))/4)-1 = 0.059409070974626;
--   sum of the values 375.1+472.5 = 847.6; 375.1+1 = 376.1.
-- growth_index of {2019:200,2023:250} on 2019: 100 and 250/200*100 = 125 by hand;
-- yoy 2023 needs 2022, missing: NULL (API.md).
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('annual_series', '{2023:472.5, 2019:375.1}', '{2019:375.1,2023:472.5}', 'jsonb', '{"2019": 375.1, "2023": 472.5}',
 'regional_dev.cagr(CAST(? AS regional_dev.annual_series), ?, ?)', '{v,int:2019,int:2023}', '0.059409070974626');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('annual_series', 'SELECT regional_dev.cagr(CAST(? AS regional_dev.annual_series))', '{v}', '0.059409070974626'),
('annual_series', 'SELECT regional_dev.trend_growth(CAST(? AS regional_dev.annual_series))', '{v}', '0.059409070974626'),
('annual_series', 'SELECT regional_dev.value_at(CAST(? AS regional_dev.annual_series), ?)', '{v,int:2023}', '472.5'),
('annual_series', 'SELECT regional_dev.yoy(CAST(? AS regional_dev.annual_series), ?)', '{v,int:2023}', NULL),
('annual_series', 'SELECT regional_dev.first_year(CAST(? AS regional_dev.annual_series))', '{v}', '2019'),
('annual_series', 'SELECT regional_dev.num_years(CAST(? AS regional_dev.annual_series))', '{v}', '2'),
('annual_series', 'SELECT count(*) FROM regional_dev.unnest(CAST(? AS regional_dev.annual_series))', '{v}', '2'),
('annual_series', 'SELECT sum(value) FROM regional_dev.unnest(CAST(? AS regional_dev.annual_series))', '{v}', '847.6'),
('annual_series', 'SELECT regional_dev.growth_index(CAST(? AS regional_dev.annual_series), ?)',
 ARRAY['text:{2019:200,2023:250}', 'int:2019'], '{2019:100,2023:125}'),
('annual_series', 'SELECT CAST(? AS regional_dev.annual_series) + CAST(? AS regional_dev.annual_series)',
 ARRAY['v', 'text:{2019:1}'], '{2019:376.1,2023:472.5}'),
('annual_series', 'SELECT CAST(CAST(? AS jsonb) AS regional_dev.annual_series)',
 ARRAY['text:{"2019": 375.1, "2023": 472.5}'], '{2019:375.1,2023:472.5}'),
('annual_series', 'SELECT regional_dev.series_agg(y, x) FROM (VALUES (CAST(? AS integer), CAST(? AS float8)), (2023, 472.5)) AS t(y, x)',
 '{int:2019,float:375.1}', '{2019:375.1,2023:472.5}');

-- ratio_summary (intensity): R&D expenditure 19.845 over GDP 472.5.  Blanks in the
-- sample are dropped on output.  Expected numbers, with /usr/bin/python3:
-- 19.845/472.5 = 0.041999999999999996 (the jsonb shows the double exactly; 0.042
-- by hand).  ratio_agg of (19.5, 472.5) and (0.5, 27.5): (20, 500) by hand.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('ratio_summary', ' ( 19.845 , 472.5 ) ', '(19.845,472.5)', 'jsonb',
 '{"ratio": 0.041999999999999996, "numerator": 19.845, "denominator": 472.5}',
 'regional_dev.ratio(CAST(? AS regional_dev.ratio_summary))', '{v}', '0.042');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('ratio_summary', 'SELECT regional_dev.numerator(CAST(? AS regional_dev.ratio_summary))', '{v}', '19.845'),
('ratio_summary', 'SELECT regional_dev.denominator(CAST(? AS regional_dev.ratio_summary))', '{v}', '472.5'),
('ratio_summary', 'SELECT regional_dev.ratio_agg(n, d) FROM (VALUES (CAST(? AS float8), CAST(? AS float8)), (0.5, 27.5)) AS t(n, d)',
 '{float:19.5,float:472.5}', '(20,500)'),
('ratio_summary', 'SELECT regional_dev.rd_intensity(?, ?)', '{float:19.845,float:472.5}', '0.042');

-- shift_share_summary (toolkit): the state of shift_share for the hand case of
-- sql/structure.sql: sector A 100 -> 120 (nation 1000 -> 1100), sector B 50 -> 45
-- (nation 3000 -> 3600), nation 4000 -> 4700.  By hand: national share
-- 150 * 700/4000 = 26.25, industry mix 100 * (0.10 - 0.175) + 50 * (0.20 - 0.175)
-- = -6.25, regional shift 100 * 0.10 + 50 * (-0.30) = -5; base_growth =
-- 100 * 0.10 + 50 * 0.20 = 20.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('shift_share_summary', 'n=2;undefined=0;nation_base=4000;nation_final=4700;base=150;final=165;base_growth=20',
 'n=2;undefined=0;nation_base=4000;nation_final=4700;base=150;final=165;base_growth=20', 'jsonb',
 '{"n": 2, "base": 150, "final": 165, "change": 15, "undefined": 0, "nation_base": 4000, "industry_mix": -6.25, "nation_final": 4700, "national_share": 26.25, "regional_shift": -5}',
 '(regional_dev.shift_share_final(CAST(? AS regional_dev.shift_share_summary))).industry_mix', '{v}', '-6.25');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('shift_share_summary', 'SELECT (regional_dev.shift_share(e0, e1, n0, n1, 4000, 4700)).regional_shift
  FROM (VALUES (CAST(? AS float8), CAST(? AS float8), 1000.0, 1100.0), (50, 45, 3000, 3600)) AS t(e0, e1, n0, n1)',
 '{float:100,float:120}', '-5');

-- concentration_summary (toolkit): values 1, 1, 2 (n 3, sum 4, sum of squares 6);
-- Herfindahl 6/16 = 0.375 by hand.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('concentration_summary', 'n=3;sum=4;sum_squares=6', 'n=3;sum=4;sum_squares=6', 'jsonb',
 '{"n": 3, "sum": 4, "herfindahl": 0.375, "sum_squares": 6}',
 'regional_dev.herfindahl_final(CAST(? AS regional_dev.concentration_summary))', '{v}', '0.375');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('concentration_summary', 'SELECT regional_dev.herfindahl(v) FROM (VALUES (CAST(? AS float8)), (1), (2)) AS t(v)',
 '{float:1}', '0.375');

-- dissimilarity_summary (toolkit): pairs (3, 4) and (1, 2), printed sorted.  By
-- hand: A = 4, B = 6, |1/4 - 2/6| + |3/4 - 4/6| = 1/12 + 1/12 = 1/6, so Krugman
-- 1/6 and Hoover 1/12 = 0.08333333333333334 (the double nearest).  Shares
-- (0.5, 0.3, 0.2) against (0.2, 0.3, 0.5): Hoover (0.3 + 0 + 0.3)/2 = 0.3.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('dissimilarity_summary', 'n=3;pairs=3:4,1:2', 'n=3;pairs=1:2,3:4', 'jsonb',
 '{"n": 3, "pairs": 2, "hoover": 0.08333333333333334, "krugman_specialization": 0.16666666666666669}',
 'regional_dev.hoover_final(CAST(? AS regional_dev.dissimilarity_summary))', '{v}', '0.08333333333333334');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('dissimilarity_summary', 'SELECT regional_dev.hoover(a, b) FROM (VALUES (CAST(? AS float8), CAST(? AS float8)), (30, 30), (20, 50)) AS t(a, b)',
 '{float:50,float:20}', '0.3');

-- dispersion_summary (toolkit): one year, logs 0 and 2 (n 2, sum 2, sum of
-- squares 4): sigma = 1 by hand.  Values 1, 2, 4: logs 0, ln 2, 2 ln 2, sigma =
-- ln 2 * sqrt(2/3) = 0.5659523030068885 (python3: statistics.pstdev of the logs).
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('dispersion_summary', '2019:n=2,min=0,max=2,sum=2,sum_squares=4', '2019:n=2,min=0,max=2,sum=2,sum_squares=4', 'jsonb',
 '{"2019": {"n": 2, "sigma": 1}}',
 'regional_dev.dispersion_by_year_final(CAST(? AS regional_dev.dispersion_summary))', '{v}', '{2019:1}');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('dispersion_summary', 'SELECT regional_dev.value_at(regional_dev.dispersion_by_year(y, v), 2019)
  FROM (VALUES (CAST(? AS integer), CAST(? AS float8)), (2019, 2), (2019, 4)) AS t(y, v)',
 '{int:2019,float:1}', '0.5659523030068885');
