-- inequality_summary: inequality_agg, accessors, rollup, I/O, errors (parallel plans: sql/parallel.sql).
SET search_path = public, regional_dev;

-- Nine districts of the zone and its neighbours; illustrative GDP (billion
-- yuan) and residents (10,000 persons), not official figures.
CREATE TEMP TABLE ineq (code adcode, gdp float8, pop float8);
INSERT INTO ineq VALUES
	('310118', 149.8, 128.0), ('310117', 180.6, 191.0), ('310114', 280.0, 184.0),
	('320509', 237.7, 154.5), ('320583', 500.6, 210.0), ('320506', 160.0, 140.0),
	('330421', 85.0, 65.0), ('330482', 100.5, 70.0), ('330411', 85.9, 63.0);

-- Expected values computed independently, row by row from the formulas of
-- API.md (not from the sums the code keeps), by /usr/bin/python3:
--   from math import log, sqrt
--   rows = [(149.8,128.0,'310000'),(180.6,191.0,'310000'),(280.0,184.0,'310000'),
--           (237.7,154.5,'320000'),(500.6,210.0,'320000'),(160.0,140.0,'320000'),
--           (85.0,65.0,'330000'),(100.5,70.0,'330000'),(85.9,63.0,'330000')]
--   Y=sum(r[0] for r in rows); P=sum(r[1] for r in rows)
--   T=sum(y/Y*log((y/Y)/(p/P)) for y,p,g in rows)
--   L=sum(p/P*log((p/P)/(y/Y)) for y,p,g in rows)
--   G={}
--   for y,p,g in rows: G.setdefault(g,[0,0]); G[g][0]+=y; G[g][1]+=p
--   Tb=sum(Yg/Y*log((Yg/Y)/(Pg/P)) for Yg,Pg in G.values())
--   Lb=sum(Pg/P*log((Pg/P)/(Yg/Y)) for Yg,Pg in G.values())
--   Tw=sum(Yg/Y*sum(y/Yg*log((y/Yg)/(p/Pg)) for y,p,h in rows if h==g) for g,(Yg,Pg) in G.items())
--   Lw=sum(Pg/P*sum(p/Pg*log((p/Pg)/(y/Yg)) for y,p,h in rows if h==g) for g,(Yg,Pg) in G.items())
--   xb=Y/P; W=sqrt(sum(p/P*(y/p-xb)**2 for y,p,g in rows))/xb
--   xs=[y/p for y,p,g in rows]; m=sum(xs)/len(xs); CV=sqrt(sum((x-m)**2 for x in xs)/len(xs))/m
-- printed with '%.12f':
--   T 0.045835439446   L 0.044143549655   W 0.313320446510   CV 0.270448907591
--   Tb 0.015802507526  Tw 0.030032931920  Lb 0.015787769975  Lw 0.028355779681
-- and per province (Theil T, Theil L of the group's own districts):
--   310000 0.021099983587 0.021178559233
--   320000 0.044950602785 0.046346905406
--   330000 0.000748215355 0.000747794616
SELECT round(theil_t(s)::numeric, 12) AS theil_t, round(theil_l(s)::numeric, 12) AS theil_l,
       round(williamson(s)::numeric, 12) AS williamson, round(cv(s)::numeric, 12) AS cv
FROM (SELECT inequality_agg(gdp, pop) AS s FROM ineq) x;
SELECT round(theil_t_between(s)::numeric, 12) AS t_between, round(theil_t_within(s)::numeric, 12) AS t_within,
       round(theil_l_between(s)::numeric, 12) AS l_between, round(theil_l_within(s)::numeric, 12) AS l_within,
       round(theil_t(s)::numeric, 12) AS theil_t, round(theil_l(s)::numeric, 12) AS theil_l
FROM (SELECT inequality_agg(gdp, pop, province(code)::text) AS s FROM ineq) x;
SELECT g->>'group' AS grp, (g->>'n')::int AS n, round((g->>'theil_t')::numeric, 12) AS theil_t,
       round((g->>'theil_l')::numeric, 12) AS theil_l
FROM (SELECT inequality_agg(gdp, pop, province(code)::text)::jsonb AS j FROM ineq) x,
     jsonb_array_elements(j->'groups') AS g;

-- between + within = total (both indices); grouping does not change the totals.
SELECT abs(theil_t_between(s) + theil_t_within(s) - theil_t(s)) < 1e-15 AS t_adds_up,
       abs(theil_l_between(s) + theil_l_within(s) - theil_l(s)) < 1e-15 AS l_adds_up,
       abs(theil_t(s) - theil_t(u)) < 1e-15 AS same_t, abs(theil_l(s) - theil_l(u)) < 1e-15 AS same_l,
       williamson(s) = williamson(u) AS same_williamson, cv(s) = cv(u) AS same_cv
FROM (SELECT inequality_agg(gdp, pop, province(code)::text) AS s, inequality_agg(gdp, pop) AS u FROM ineq) x;

-- One group: nothing between, everything within.  Grouping by district: nothing within.
SELECT theil_t_between(s) AS t_between, theil_t_within(s) = theil_t(s) AS t_all_within,
       theil_l_between(s) AS l_between, theil_l_within(s) = theil_l(s) AS l_all_within
FROM (SELECT inequality_agg(gdp, pop) AS s FROM ineq) x;
SELECT theil_t_within(s) AS t_within, abs(theil_t_between(s) - theil_t(s)) < 1e-15 AS t_all_between,
       theil_l_within(s) AS l_within, abs(theil_l_between(s) - theil_l(s)) < 1e-15 AS l_all_between
FROM (SELECT inequality_agg(gdp, pop, code::text) AS s FROM ineq) x;

-- Two summaries agree: same groups with the same row counts, and every
-- index equal to 1e-12 (relative).  Sums are compensated, so merging slices
-- in another order agrees to about 1e-16, not always to the last bit.
CREATE FUNCTION pg_temp.ineq_close(a inequality_summary, b inequality_summary) RETURNS boolean
LANGUAGE sql AS $$
	SELECT (SELECT array_agg(coalesce(g->>'group', '<null>') || ':' || (g->>'n')) FROM jsonb_array_elements(jsonb(a)->'groups') g)
	     = (SELECT array_agg(coalesce(g->>'group', '<null>') || ':' || (g->>'n')) FROM jsonb_array_elements(jsonb(b)->'groups') g)
	   AND (SELECT bool_and(abs(x - y) <= 1e-12 * greatest(abs(x), abs(y), 1e-3)) FROM (VALUES
	        (theil_t(a), theil_t(b)), (theil_l(a), theil_l(b)), (theil_t_between(a), theil_t_between(b)),
	        (theil_t_within(a), theil_t_within(b)), (theil_l_between(a), theil_l_between(b)),
	        (theil_l_within(a), theil_l_within(b)), (williamson(a), williamson(b)), (cv(a), cv(b))) v(x, y))
$$;

-- Rollup of per-group summaries = the summary of all rows, byte for byte
-- (each group's sums are the same sums); rollups of other slices of the rows
-- (groups split across slices) give the same indices.
SELECT (SELECT rollup(s) FROM (SELECT inequality_agg(gdp, pop, province(code)::text) AS s FROM ineq GROUP BY province(code)) x)::text
     = (SELECT inequality_agg(gdp, pop, province(code)::text) FROM ineq)::text AS rollup_by_group;
SELECT pg_temp.ineq_close((SELECT rollup(s) FROM (SELECT inequality_agg(gdp, pop, province(code)::text) AS s FROM ineq GROUP BY code::integer % 2) x),
                          (SELECT inequality_agg(gdp, pop, province(code)::text) FROM ineq)) AS rollup_of_slices;
SELECT pg_temp.ineq_close((SELECT rollup(s) FROM (SELECT inequality_agg(gdp, pop) AS s FROM ineq GROUP BY code) x),
                          (SELECT inequality_agg(gdp, pop) FROM ineq)) AS rollup_of_rows;
-- The check can fail: one district less is not the same summary.
SELECT pg_temp.ineq_close((SELECT inequality_agg(gdp, pop) FROM ineq WHERE code <> '310118'),
                          (SELECT inequality_agg(gdp, pop) FROM ineq)) AS one_less;

-- Row order does not matter.
SELECT (SELECT inequality_agg(gdp, pop, province(code)::text ORDER BY gdp) FROM ineq)::text
     = (SELECT inequality_agg(gdp, pop, province(code)::text ORDER BY pop DESC) FROM ineq)::text AS order_independent;

-- Equal per-capita incomes: no inequality at all.
SELECT theil_t(s), theil_l(s), theil_t_between(s), theil_t_within(s), williamson(s), cv(s)
FROM (SELECT inequality_agg(50.0 * k, 10.0 * k, (k % 2)::text) AS s FROM generate_series(1, 6) k) x;

-- Two regions by hand: y = (1, 3), p = (1, 1): Y = 4, P = 2,
-- T = 1/4 ln(1/2) + 3/4 ln(3/2) = 0.130812035941, L = 1/2 ln(2) + 1/2 ln(2/3) = 0.143841036226,
-- Williamson = sqrt(1/2 (1-2)^2 + 1/2 (3-2)^2) / 2 = 0.5 = cv.
SELECT round(theil_t(s)::numeric, 12) AS theil_t, round(theil_l(s)::numeric, 12) AS theil_l, williamson(s), cv(s)
FROM (SELECT inequality_agg(y, 1) AS s FROM unnest('{1,3}'::float8[]) AS y) x;

-- NULLs: rows with a NULL income or population are skipped; a NULL group is
-- a group of its own (as in GROUP BY); no row, no summary.
SELECT inequality_agg(y, p, g)
FROM (VALUES (2.0::float8, 1.0::float8, 'a'), (NULL, 1, 'a'), (3, NULL, 'b'), (4, 1, NULL), (6, 2, 'a')) v(y, p, g);
SELECT inequality_agg(y, p) IS NULL AS no_used_row FROM (VALUES (NULL::float8, 1::float8), (2, NULL)) v(y, p);
SELECT inequality_agg(gdp, pop) IS NULL AS empty FROM ineq WHERE false;

-- Bad rows: 22023 naming the value.
\set VERBOSITY default
SELECT inequality_agg(y, 1) FROM unnest('{1,0}'::float8[]) AS y;
SELECT inequality_agg(1, p) FROM unnest('{1,-2.5}'::float8[]) AS p;
SELECT inequality_agg('NaN', 1);
SELECT inequality_agg(1, '-Infinity');
SELECT inequality_agg(1e300, 1e-300);
\set VERBOSITY sqlstate
SELECT inequality_agg(-1, 1);
\set VERBOSITY default
-- Too many groups: 54000.
SELECT inequality_agg(1, 1, k::text) FROM generate_series(1, 10001) k;
SELECT inequality_agg(1, 1, repeat('x', 1025));

-- Text form: round trip; groups in byte order of labels, NULL first; quotes escaped.
SELECT inequality_agg(y, p, g)
FROM (VALUES (2.0::float8, 1.0::float8, 'b"\'), (1, 4, 'a'), (3, 1, NULL), (5, 1, 'a')) v(y, p, g);
SELECT s::text::inequality_summary::text = s::text AS text_round_trip
FROM (SELECT inequality_agg(gdp, pop, province(code)::text) AS s FROM ineq) x;
SELECT '{ "a" : { n : 1 , p : 2 , y : 3 , ylnx : 0 , plnx : 0 , x : 1.5 , x2 : 2.25 , yx : 4.5 } }'::inequality_summary;
-- Input that was not written by output: the summary reads what it says.
SELECT theil_t(s), theil_l(s) FROM (SELECT '{null:{n:1,p:2,y:4,ylnx:2.772588722239781,plnx:1.3862943611198906,x:2,x2:4,yx:8}}'::inequality_summary AS s) x;
-- Bad text.
SELECT '{'::inequality_summary;
SELECT '{}'::inequality_summary;
SELECT 'null'::inequality_summary;
SELECT '{a:{n:1}}'::inequality_summary;
SELECT '{null:{n:1}}'::inequality_summary;
SELECT '{null:{n:1,p:1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:1},null:{n:1,p:1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:1}}'::inequality_summary;
SELECT '{"a":{n:0,p:1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:1}}'::inequality_summary;
SELECT '{"a":{n:1,p:-1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:1}}'::inequality_summary;
SELECT '{"a":{n:1,p:1,y:1,ylnx:NaN,plnx:0,x:1,x2:1,yx:1}}'::inequality_summary;
SELECT '{"a":{n:1,p:1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:1e999}}'::inequality_summary;
SELECT '{"a":{n:1,p:1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:one}}'::inequality_summary;
SELECT '{"a\n":{n:1,p:1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:1}}'::inequality_summary;
SELECT '{"a":{n:1,p:1,y:1,ylnx:0,plnx:0,x:1,x2:1,yx:1}} x'::inequality_summary;

-- Binary round trip through COPY; binary input is validated like text input.
CREATE TEMP TABLE ineq_bin (s inequality_summary);
INSERT INTO ineq_bin SELECT inequality_agg(gdp, pop, province(code)::text) FROM ineq;
INSERT INTO ineq_bin SELECT inequality_agg(gdp, pop) FROM ineq;
\copy ineq_bin TO 'results/inequality.bin' WITH (FORMAT binary)
CREATE TEMP TABLE ineq_bin2 (s inequality_summary);
\copy ineq_bin2 FROM 'results/inequality.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(s::text ORDER BY s::text) FROM ineq_bin) = (SELECT array_agg(s::text ORDER BY s::text) FROM ineq_bin2) AS binary_round_trip;
SELECT encode(inequality_summary_send('{null:{n:1,p:1,y:2,ylnx:0,plnx:0,x:2,x2:4,yx:4}}'), 'hex');
-- The same bytes with p = -1 (bytes 15-22 of the value hold p).
\copy (SELECT overlay(inequality_summary_send('{null:{n:1,p:1,y:2,ylnx:0,plnx:0,x:2,x2:4,yx:4}}') PLACING float8send(-1) FROM 15 FOR 8)) TO 'results/inequality_bad.bin' WITH (FORMAT binary)
\copy ineq_bin2 FROM 'results/inequality_bad.bin' WITH (FORMAT binary)
-- Version byte 3 is not read (1 is regional_dev 1.0's, 2 this one's).
\copy (SELECT overlay(inequality_summary_send('{null:{n:1,p:1,y:2,ylnx:0,plnx:0,x:2,x2:4,yx:4}}') PLACING '\x03'::bytea FROM 1 FOR 1)) TO 'results/inequality_bad.bin' WITH (FORMAT binary)
\copy ineq_bin2 FROM 'results/inequality_bad.bin' WITH (FORMAT binary)

-- Stored summaries (TOASTed when large) roll up like fresh ones.
CREATE TEMP TABLE ineq_stored AS
SELECT k % 7 AS part, inequality_agg(1 + k % 13, 1 + k % 5, 'group ' || (k % 3000)) AS s
FROM generate_series(1, 30000) k GROUP BY k % 7;
SELECT count(*) AS parts, bool_and(pg_column_size(s) < octet_length(s::text)) AS compressed FROM ineq_stored;
SELECT pg_temp.ineq_close((SELECT rollup(s) FROM ineq_stored),
                          (SELECT inequality_agg(1 + k % 13, 1 + k % 5, 'group ' || (k % 3000)) FROM generate_series(1, 30000) k)) AS stored_rollup;

-- jsonb.
SELECT jsonb_pretty(inequality_agg(y, p, g)::jsonb)
FROM (VALUES (1.0::float8, 1.0::float8, 'a'), (3, 1, 'a'), (2, 2, 'b')) v(y, p, g);

-- rollup() over stored summaries equals the aggregate over all rows.
-- (Parallel plans of every aggregate: sql/parallel.sql.)
CREATE TABLE ineq_par (code integer, gdp float8, pop float8);
INSERT INTO ineq_par SELECT k, 10 + (k * 7919) % 1000, 1 + (k::bigint * 104729) % 97 FROM generate_series(1, 50000) k;
CREATE TABLE ineq_par_s AS
SELECT code % 500 AS part, inequality_agg(gdp, pop, (code % 7)::text) AS s FROM ineq_par GROUP BY code % 500;
SELECT pg_temp.ineq_close((SELECT inequality_agg(gdp, pop, (code % 7)::text) FROM ineq_par),
						  (SELECT rollup(s) FROM ineq_par_s)) AS rollup_equals_all_rows;
DROP TABLE ineq_par, ineq_par_s;
