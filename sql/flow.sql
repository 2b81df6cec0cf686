-- flow_summary: flow_agg, boundary levels, flows(), net_inflow, rollup, I/O, errors (parallel plans: sql/parallel.sql).
SET search_path = public, regional_dev;

-- Flows among Qingpu 310118, Wujiang 320509, Jiashan 330421 and neighbours:
-- Songjiang 310117 (Shanghai), Kunshan 320583 (Suzhou), Pinghu 330482 and
-- Xiuzhou 330411 (Jiaxing), Chongchuan 320602 (Nantong) and Yuhang 330110
-- (Hangzhou).  Invented amounts, chosen to make every boundary level appear.
CREATE TEMP TABLE trips (origin adcode, destination adcode, amount float8);
INSERT INTO trips VALUES
	('310118', '320509', 1200),	-- province boundary
	('320509', '310118', 800),	-- province
	('310118', '330421', 500),	-- province
	('330421', '310118', 300),	-- province
	('320509', '330421', 400),	-- province
	('330421', '320509', 100),	-- province
	('310118', '310117', 700),	-- county (both in 310100)
	('320509', '320583', 600),	-- county (both in Suzhou 320500)
	('330421', '330482', 250),	-- county (both in Jiaxing 330400)
	('330411', '330421', 150),	-- county
	('330421', '330110', 90),	-- prefecture (Jiaxing -> Hangzhou)
	('320602', '320509', 60),	-- prefecture (Nantong -> Suzhou)
	('320583', '310118', 350),	-- province
	('330482', '310117', 45),	-- province
	('310118', '310118', 30),	-- inside Qingpu: no boundary
	('310118', '320509', 25);	-- same pair as the first row: summed

-- Expected values by hand, checked with /usr/bin/python3 (a direct loop over
-- the rows with province = code[:2]+'0000', prefecture = code[:4]+'00'):
-- total 5600; boundary >= county: all but the 30 inside Qingpu = 5570;
-- >= prefecture: 5570 − (700 + 600 + 250 + 150) = 3870; province: 3870 − 90 − 60 = 3720.
-- Shares 5570/5600 = 0.994642857143, 3870/5600 = 0.691071428571, 3720/5600 = 0.664285714286.
SELECT flow_agg(origin, destination, amount) FROM trips;
SELECT flow_total(s), cross_boundary_total(s, 'county') AS county, cross_boundary_total(s, 'prefecture') AS prefecture,
       cross_boundary_total(s, 'province') AS province
FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x;
SELECT round(cross_boundary_share(s, 'county')::numeric, 12) AS county, round(cross_boundary_share(s, 'prefecture')::numeric, 12) AS prefecture,
       round(cross_boundary_share(s, 'province')::numeric, 12) AS province
FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x;

-- Net inflow, by hand: Qingpu in 800 + 300 + 350, out 1225 + 500 + 700: −975.
-- Shanghai in 800 + 300 + 350 + 45, out 1225 + 500 (flows to Songjiang and inside Qingpu are internal): −230.
-- Wujiang in 1225 + 100 + 60, out 800 + 400 + 600: −415.  Suzhou in 1225 + 100 + 60, out 800 + 400 + 350: −165.
-- Jiangsu in 1225 + 100, out 800 + 400 + 350: −225.  Jiashan in 500 + 400 + 150, out 300 + 100 + 250 + 90: +310.
-- Zhejiang in 500 + 400, out 300 + 100 + 45: +455.  The three provinces sum to 0.
SELECT r AS region, net_inflow(s, r)
FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x,
     unnest('{310118,310000,320509,320500,320000,330421,330000}'::adcode[]) AS r;
SELECT sum(net_inflow(s, r)) AS provinces_balance
FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x, unnest('{310000,320000,330000}'::adcode[]) AS r;

-- The matrix at each level (by hand, sums of the rows above; each totals 5600).
SELECT f.* FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x, flows(s, 'province') f;
SELECT f.* FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x, flows(s, 'prefecture') f;
SELECT count(*) AS county_pairs, sum(amount) AS total
FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x, flows(s, 'county') f;
-- boundary_level() agrees with the totals, pair by pair.
SELECT boundary_level(f.origin, f.destination) AS level, sum(f.amount)
FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x, flows(s, 'county') f
GROUP BY 1 ORDER BY 1;

-- Rollup of per-origin summaries = the summary of all rows (byte for byte:
-- the amounts are integers, so every sum is exact); row order does not matter.
SELECT (SELECT rollup(s) FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips GROUP BY origin) x)::text
     = (SELECT flow_agg(origin, destination, amount) FROM trips)::text AS rollup_by_origin;
SELECT (SELECT rollup(s) FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips GROUP BY amount > 300) x)::text
     = (SELECT flow_agg(origin, destination, amount) FROM trips)::text AS rollup_of_slices;
SELECT (SELECT flow_agg(origin, destination, amount ORDER BY amount) FROM trips)::text
     = (SELECT flow_agg(origin, destination, amount ORDER BY origin DESC, destination) FROM trips)::text AS order_independent;
-- Equal summaries are equal byte for byte.
SELECT flow_summary_send((SELECT rollup(s) FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips GROUP BY destination) x))
     = flow_summary_send((SELECT flow_agg(origin, destination, amount) FROM trips)) AS same_bytes;

-- NULLs are skipped; no row, no summary; a total of 0 has no share.
SELECT flow_agg(o, d, a) FROM (VALUES ('310118'::adcode, '320509'::adcode, 1.0::float8),
	(NULL, '320509', 5), ('310118', NULL, 5), ('310118', '320509', NULL)) v(o, d, a);
SELECT flow_agg(origin, destination, amount) IS NULL AS no_rows FROM trips WHERE false;
SELECT flow_total(s), cross_boundary_share(s, 'province') IS NULL AS no_share
FROM (SELECT flow_agg('310118', '320509', 0) AS s) x;

-- Bad input: 22023.
SELECT flow_agg(origin, destination, -amount) FROM trips;
SELECT flow_agg('310118', '320509', 'NaN');
SELECT flow_agg('310118', '320509', 'Infinity');
SELECT cross_boundary_total('{310118>320509:1}', 'city');
SELECT cross_boundary_share('{310118>320509:1}', 'Province');
SELECT * FROM flows('{310118>320509:1}', 'none');
\set VERBOSITY sqlstate
SELECT cross_boundary_total('{310118>320509:1}', '');
\set VERBOSITY default

-- Text form: round trip, canonical order, validation like adcode's.
SELECT ' { 320509 > 310118 : 2.5 , 310118>320509:1 } '::flow_summary;
SELECT s::text::flow_summary::text = s::text AS text_round_trip FROM (SELECT flow_agg(origin, destination, amount) AS s FROM trips) x;
SELECT flow_agg_trans(flow_agg_trans(NULL, '330421', '310118', 2), '310118', '320509', 1) AS direct_call;
SELECT '{}'::flow_summary;
SELECT '{310118>320509:1,310118>320509:2}'::flow_summary;
SELECT '{310118>320509:-1}'::flow_summary;
SELECT '{310118>320509:NaN}'::flow_summary;
SELECT '{310118>320509}'::flow_summary;
SELECT '{310118-320509:1}'::flow_summary;
SELECT '{31011>320509:1}'::flow_summary;
SELECT '{310118>3205090:1}'::flow_summary;
SELECT '{310118>990101:1}'::flow_summary;
SELECT '{310118>320509:1'::flow_summary;
SELECT '{310118>320509:1}x'::flow_summary;

-- Binary: round trip through COPY; validated like text (a bad code in the bytes).
CREATE TEMP TABLE flow_bin (s flow_summary);
INSERT INTO flow_bin SELECT flow_agg(origin, destination, amount) FROM trips;
INSERT INTO flow_bin VALUES ('{330421>310118:0.125}');
\copy flow_bin TO 'results/flow.bin' WITH (FORMAT binary)
CREATE TEMP TABLE flow_bin2 (s flow_summary);
\copy flow_bin2 FROM 'results/flow.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(s::text ORDER BY s::text) FROM flow_bin) = (SELECT array_agg(s::text ORDER BY s::text) FROM flow_bin2) AS binary_round_trip;
SELECT encode(flow_summary_send('{310118>320509:1}'), 'hex');
-- regional_dev 1.0's binary form (version 1: one float8 per amount) still reads.
\copy (SELECT decode('01000000010004bb660004e3fd3ff8000000000000', 'hex')) TO 'results/flow_v1.bin' WITH (FORMAT binary)
TRUNCATE flow_bin2;
\copy flow_bin2 FROM 'results/flow_v1.bin' WITH (FORMAT binary)
SELECT s FROM flow_bin2;
\copy (SELECT overlay(flow_summary_send('{310118>320509:1}') PLACING int4send(990101) FROM 10 FOR 4)) TO 'results/flow_bad.bin' WITH (FORMAT binary)
\copy flow_bin2 FROM 'results/flow_bad.bin' WITH (FORMAT binary)
\copy (SELECT overlay(flow_summary_send('{310118>320509:1}') PLACING float8send(-1) FROM 14 FOR 8)) TO 'results/flow_bad.bin' WITH (FORMAT binary)
\copy flow_bin2 FROM 'results/flow_bad.bin' WITH (FORMAT binary)

-- jsonb.
SELECT jsonb_pretty(flow_agg(origin, destination, amount)::jsonb) FROM trips WHERE amount >= 500;

-- Many pairs: 90,000 distinct pairs, each twice (the hash table grows from 16
-- slots); the result equals the summary of pre-summed pairs, and the counts
-- agree with GROUP BY.
CREATE TEMP TABLE many AS
SELECT adcode(310101 + (i % 300)) AS origin, adcode(320101 + (i / 300 % 300)) AS destination, (i % 7)::float8 AS amount
FROM generate_series(0, 179999) i;
SELECT (SELECT count(*) FROM flows(s, 'county')) AS pairs, flow_total(s) AS total,
       (SELECT count(*) FROM (SELECT DISTINCT origin, destination FROM many) d) AS distinct_pairs, (SELECT sum(amount) FROM many) AS sum
FROM (SELECT flow_agg(origin, destination, amount) AS s FROM many) x;
SELECT (SELECT flow_agg(origin, destination, amount) FROM many)::text
     = (SELECT flow_agg(origin, destination, a) FROM (SELECT origin, destination, sum(amount) AS a FROM many GROUP BY 1, 2) g)::text AS same_as_presummed;
-- Stored summaries (TOASTed) roll up like fresh ones.
CREATE TEMP TABLE flow_stored AS
SELECT origin::integer % 5 AS part, flow_agg(origin, destination, amount) AS s FROM many GROUP BY 1;
SELECT count(*) AS parts, bool_and(pg_column_size(s) < octet_length(flow_summary_send(s))) AS compressed FROM flow_stored;
SELECT (SELECT rollup(s) FROM flow_stored)::text = (SELECT flow_agg(origin, destination, amount) FROM many)::text AS stored_rollup;

-- rollup() of per-origin summaries equals flow_agg over all rows.  (Parallel
-- plans of every aggregate: sql/parallel.sql.)
SELECT (SELECT rollup(s) FROM (SELECT flow_agg(origin, destination, amount) AS s FROM many GROUP BY origin) AS q)::text
	   = (SELECT flow_agg(origin, destination, amount) FROM many)::text AS rollup_of_parts_equals_all;
