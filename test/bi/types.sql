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
-- adcode: Qingpu.  A domain over integer: drivers receive an int4 (compared as
-- an integer), text and binary.  Blanks around the sample are accepted and dropped on output;
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

-- inequality_summary (disparities): two regions without groups, income 10 and
-- 30, population 2 and 3.  Expected numbers, with /usr/bin/python3
-- (Y = 40, P = 5, x = y/p = 5 and 10, mean 8):
--   theil_t = .25*log(.25/.4) + .75*log(.75/.6) = 0.04985675617422344
--   theil_l = .4*log(.4/.25) + .6*log(.6/.75) = 0.054115320909768366
--   williamson = sqrt(.4*(5-8)**2 + .6*(10-8)**2)/8 = 0.30618621784789724
--   cv = sqrt(((5-7.5)**2 + (10-7.5)**2)/2)/7.5 = 0.3333333333333333
--   state sums: ylnx = 10*log(5) + 30*log(10) = 85.17193191416239,
--   plnx = 2*log(5) + 3*log(10) = 10.126631103850338, x2 = 25 + 100, yx = 50 + 300.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('inequality_summary',
 '{null:{n:2,p:5,y:40,ylnx:85.17193191416239,plnx:10.126631103850338,x:15,x2:125,yx:350}}',
 '{null:{n:2,p:5,y:40,ylnx:85.17193191416239,plnx:10.126631103850338,x:15,x2:125,yx:350}}',
 'jsonb',
 '{"n": 2, "cv": 0.3333333333333333, "mean": 8, "groups": [{"n": 2, "mean": 8, "group": null, "income": 40, "theil_l": 0.054115320909768005, "theil_t": 0.049856756174223804, "population": 5}], "income": 40, "theil_l": 0.054115320909768005, "theil_t": 0.049856756174223804, "population": 5, "williamson": 0.30618621784789724, "theil_l_within": 0.054115320909768005, "theil_t_within": 0.049856756174223804, "theil_l_between": 0, "theil_t_between": 0}',
 'regional_dev.theil_t(CAST(? AS regional_dev.inequality_summary))', '{v}', '0.04985675617422344');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('inequality_summary', 'SELECT regional_dev.theil_l(CAST(? AS regional_dev.inequality_summary))', '{v}', '0.054115320909768366'),
('inequality_summary', 'SELECT regional_dev.williamson(CAST(? AS regional_dev.inequality_summary))', '{v}', '0.30618621784789724'),
('inequality_summary', 'SELECT regional_dev.cv(CAST(? AS regional_dev.inequality_summary))', '{v}', '0.3333333333333333'),
('inequality_summary', 'SELECT regional_dev.theil_t(regional_dev.inequality_agg(y, p)) FROM (VALUES (CAST(? AS float8), CAST(? AS float8)), (30, 3)) AS t(y, p)',
 '{float:10,float:2}', '0.04985675617422344');

-- gini_state (gini's state): values 1 and 3, weight 1 each.  By hand, the
-- weighted mean absolute difference form: sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean)
-- = (2 * 2) / (2 * 4 * 2) = 0.25.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('gini_state', '{3:1,1:1}', '{1:1,3:1}', 'text', '{1:1,3:1}',
 'regional_dev.gini_final(CAST(? AS regional_dev.gini_state))', '{v}', '0.25');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('gini_state', 'SELECT regional_dev.gini(v, w) FROM (VALUES (CAST(? AS float8), CAST(? AS float8)), (3, 1)) AS t(v, w)',
 '{float:1,float:1}', '0.25');

-- beta_convergence_state: regions growing from 100 to 200 and from 200 to 300
-- over 10 years.  Expected beta, with /usr/bin/python3: growth g = log(2)/10 and
-- log(1.5)/10 on x = log(100) and log(200):
-- (g2 - g1)/(x2 - x1) = -0.04150374992788443.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('beta_convergence_state',
 '{n:2,years:20,sx:9.903487552536127,sy:0.10986122886681092,sxx:0.24022650695910078,syy:0.0004138048740507558,sxy:-0.00997030087087966}',
 '{n:2,years:20,sx:9.903487552536127,sy:0.10986122886681092,sxx:0.24022650695910078,syy:0.0004138048740507558,sxy:-0.00997030087087966}',
 'text',
 '{n:2,years:20,sx:9.903487552536127,sy:0.10986122886681092,sxx:0.24022650695910078,syy:0.0004138048740507558,sxy:-0.00997030087087966}',
 '(regional_dev.beta_convergence_final(CAST(? AS regional_dev.beta_convergence_state))).beta', '{v}', '-0.04150374992788443');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('beta_convergence_state', 'SELECT (regional_dev.beta_convergence(a, b, 10)).beta FROM (VALUES (CAST(? AS float8), CAST(? AS float8)), (200, 300)) AS t(a, b)',
 '{float:100,float:200}', '-0.04150374992788443');

-- flow_summary (cross-boundary flows): Qingpu -> Wujiang 5 (a provincial
-- border), Wujiang -> Kunshan 3 (a county border in Suzhou), Wujiang -> Jiashan
-- 2 (provincial).  By hand: total 10; across provinces 5 + 2 = 7; across
-- prefectures or higher 7; across counties or higher 10; share 0.7.  Output sorts
-- the pairs by origin, then destination.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('flow_summary', '{310118>320509:5,320509>330421:2,320509>320583:3}', '{310118>320509:5,320509>320583:3,320509>330421:2}',
 'jsonb',
 '{"pairs": [{"amount": 5, "origin": "310118", "destination": "320509"}, {"amount": 3, "origin": "320509", "destination": "320583"}, {"amount": 2, "origin": "320509", "destination": "330421"}], "flow_total": 10, "cross_boundary_total": {"county": 10, "province": 7, "prefecture": 7}}',
 'regional_dev.cross_boundary_share(CAST(? AS regional_dev.flow_summary), ?)', '{v,text:province}', '0.7');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('flow_summary', 'SELECT regional_dev.flow_total(CAST(? AS regional_dev.flow_summary))', '{v}', '10'),
('flow_summary', 'SELECT regional_dev.cross_boundary_total(CAST(? AS regional_dev.flow_summary), ?)', '{v,text:county}', '10'),
('flow_summary', 'SELECT regional_dev.net_inflow(CAST(? AS regional_dev.flow_summary), CAST(? AS regional_dev.adcode))', '{v,text:320509}', '0'),
('flow_summary', 'SELECT regional_dev.net_inflow(CAST(? AS regional_dev.flow_summary), CAST(? AS regional_dev.adcode))', '{v,text:330000}', '2');

-- svg_layer (maps): one triangle (0 0, 1 0, 0 1), label 'a', value 2.5, map title
-- 'T' -- the layer decoded by hand in sql/svg.sql (version 01, flags 01 = has a
-- title, one feature, title 'T', feature flags 03 = value and label, 2.5 =
-- 0x4004000000000000, label 'a', 81 bytes of EWKB).  Its jsonb is the GeoJSON
-- FeatureCollection of that triangle (doc/maps.md); the map it draws has the
-- title element <title>T</title> and one feature.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('svg_layer',
 '\x01010000000100000001540340040000000000000000000161000000510103000020e6100000010000000400000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f00000000000000000000000000000000',
 '\x01010000000100000001540340040000000000000000000161000000510103000020e6100000010000000400000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f00000000000000000000000000000000',
 'jsonb',
 '{"type": "FeatureCollection", "title": "T", "features": [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]}, "properties": {"label": "a", "value": 2.5, "outlined": false}}]}',
 'strpos(regional_dev.choropleth_svg_final(CAST(? AS regional_dev.svg_layer)), ?) > 0', '{v,text:<title>T</title>}', 'true');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('svg_layer', 'SELECT regional_dev.choropleth_svg_final(CAST(? AS regional_dev.svg_layer)) LIKE ''%<path class="c1" fill="#41b6c4" d="M%"><title>a: 2.5</title></path>%''',
 '{v}', 'true'),
('svg_layer', 'SELECT jsonb_array_length(CAST(regional_dev.rollup(l) AS jsonb) -> ''features'') FROM (VALUES (CAST(? AS regional_dev.svg_layer)), (CAST(? AS regional_dev.svg_layer))) AS t(l)',
 '{v,v}', '2');

-- apportion_state (apportion's state: an exact sum as float8 partials): two
-- rows used, none repaired, partials 0.25 and 2; by hand the value is
-- 0.25 + 2 = 2.25.  The aggregate: a 2 x 2 square worth 100 and a target
-- covering its right half (x from 1 to 3): 100 x 2/4 = 50 by hand.
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('apportion_state', ' {rows:2, repaired:0, partials:[0.25, 2]} ', '{rows:2,repaired:0,partials:[0.25,2]}',
 'jsonb', '{"rows": 2, "value": 2.25, "repaired": 0}',
 'regional_dev.apportion_final(CAST(? AS regional_dev.apportion_state))', '{v}', '2.25');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('apportion_state', 'SELECT regional_dev.apportion(ST_GeomFromText(?, 4326), CAST(? AS float8), ST_MakeEnvelope(1, 0, 3, 2, 4326))',
 ARRAY['text:POLYGON((0 0,2 0,2 2,0 2,0 0))', 'float:100'], '50');

-- morans_i_state (morans_i's state: one value per region, sorted by code):
-- Qingpu 1, Wujiang 2, Jiashan 3.  The three are mutual neighbours
-- (region_neighbors), so by hand (doc/places.md, sql/places_morans.sql):
-- w = 1/2 everywhere, each spatial lag is -z_i/2, I = -0.5 = EI = -1/(3-1).
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('morans_i_state', '{330421:3, 310118:1,320509:2}', '{310118:1,320509:2,330421:3}',
 'jsonb', '{"310118": 1, "320509": 2, "330421": 3}',
 '(regional_dev.morans_i_final(CAST(? AS regional_dev.morans_i_state))).i', '{v}', '-0.5');
INSERT INTO bi_check (type_name, sql, params, expected) VALUES
('morans_i_state', 'SELECT (regional_dev.morans_i_final(CAST(? AS regional_dev.morans_i_state))).expected', '{v}', '-0.5'),
('morans_i_state', 'SELECT (regional_dev.morans_i(c, v)).i FROM (VALUES (CAST(? AS regional_dev.adcode), CAST(? AS float8)), (''320509'', 2), (''330421'', 3)) AS t(c, v)',
 '{text:310118,float:1}', '-0.5');

-- spatial_weights (doc/spatial-stats.md): Qingpu and Jiashan neighbours of each
-- other, Wujiang without neighbours, row-standardized.  Output sorts the regions
-- by code; the only region without neighbours is Wujiang (as text: drivers
-- return arrays as objects of their own).
INSERT INTO bi_type (type_name, sample, text_form, cast_to, cast_result, call_sql, call_params, call_result) VALUES
('spatial_weights', 'R{330421:[310118:1], 310118:[330421:1], 320509:[]}', 'R{310118:[330421:1],320509:[],330421:[310118:1]}',
 'jsonb', '{"neighbors": {"310118": {"330421": 1}, "320509": {}, "330421": {"310118": 1}}, "transform": "R"}',
 'pg_catalog.array_to_string(regional_dev.spatial_weights_islands(CAST(? AS regional_dev.spatial_weights)), '','')', '{v}', '320509');

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
