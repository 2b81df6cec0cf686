-- Every aggregate whose sums overflow float8 raises 22003 (never a clamped
-- NaN, never a state its own input rejects); results that need no overflow
-- are computed exactly.  err() shows the SQLSTATE and message, or the result.
SET search_path = public, regional_dev;
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
	EXECUTE q INTO r;
	RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- herfindahl: Σv² of 1e155, 1e155 is beyond float8; the index is 0.5.
SELECT herfindahl(v) FROM (VALUES (1e155::float8), (1e155)) AS t(v);
SELECT herfindahl(v) FROM (VALUES (1.7e308::float8), (1e-300), (1)) AS t(v);
-- a scaled state round-trips through text and binary (version 2, with the scale)
SELECT s, s::text::concentration_summary::text = s::text AS text_round_trip,
       encode(concentration_summary_send(s), 'hex') AS binary
FROM (SELECT herfindahl_trans(herfindahl_trans(NULL, 1e155), 1e155) AS s) AS t;
SELECT herfindahl_combine(herfindahl_trans(NULL, 1e155), herfindahl_trans(NULL, 1)) AS combined;
-- hoover, krugman_specialization: totals beyond float8 still give the shares.
SELECT hoover(a, b), krugman_specialization(a, b)
FROM (VALUES (1e308::float8, 1::float8), (1e308, 1)) AS t(a, b);
SELECT hoover(a, b), krugman_specialization(a, b)
FROM (VALUES (1e308::float8, 1::float8), (1e308, 3), (1.7e308, 0)) AS t(a, b);
-- shift_share: sums beyond float8 are 22003, never (,,).
SELECT pg_temp.err($$SELECT shift_share(a, a, 1, 2, 1, 2)::text FROM (VALUES (1e308::float8), (1e308)) AS t(a)$$);
SELECT pg_temp.err($$SELECT shift_share(1e308, 1e308, 1e-10, 1, 1, 2)::text$$);
SELECT pg_temp.err($$SELECT shift_share(1e308, 1, 1, 2, 1e-300, 1e300)::text$$);
-- one test per aggregate
SELECT pg_temp.err($$SELECT series_agg(2000, v)::text FROM (VALUES (1e308::float8), (1e308)) AS t(v)$$);
SELECT pg_temp.err($$SELECT rollup(s)::text FROM (VALUES ('{2000:1e308}'::annual_series), ('{2000:1e308}')) AS t(s)$$);
SELECT pg_temp.err($$SELECT ratio_agg(a, 1)::text FROM (VALUES (1e308::float8), (1e308)) AS t(a)$$);
SELECT pg_temp.err($$SELECT rollup(r)::text FROM (VALUES ('(1,1e308)'::ratio_summary), ('(1,1e308)')) AS t(r)$$);
SELECT pg_temp.err($$SELECT gini(v, w)::text FROM (VALUES (1::float8, 1e308::float8), (1, 1e308)) AS t(v, w)$$);
SELECT pg_temp.err($$SELECT gini(v)::text FROM (VALUES (1e308::float8), (1e308)) AS t(v)$$);
SELECT pg_temp.err($$SELECT inequality_agg(y, 1)::text FROM (VALUES (1e154::float8), (1e154)) AS t(y)$$);
SELECT pg_temp.err($$SELECT inequality_agg(y, 1, 'g')::text FROM (VALUES (1e154::float8), (1e154)) AS t(y)$$);
SELECT pg_temp.err($$SELECT rollup(s)::text FROM (SELECT inequality_agg(1e154, 1) AS s UNION ALL SELECT inequality_agg(1e154, 1)) AS t$$);
SELECT pg_temp.err($$SELECT beta_convergence(1, 2, y)::text FROM (VALUES (1e308::float8), (1e308)) AS t(y)$$);
SELECT pg_temp.err($$SELECT flow_agg('110101', '110102', a)::text FROM (VALUES (1e308::float8), (1e308)) AS t(a)$$);
SELECT pg_temp.err($$SELECT flow_total(flow_agg(o::adcode, '110102', a))::text FROM (VALUES ('110101', 1e308::float8), ('110105', 1e308)) AS t(o, a)$$);
SELECT pg_temp.err($$SELECT rollup(f)::text FROM (VALUES ('{110101>110102:1e308}'::flow_summary), ('{110101>110102:1e308}')) AS t(f)$$);
SELECT pg_temp.err($$SELECT herfindahl(v)::text FROM (VALUES (1.7e308::float8), (1.7e308)) AS t(v)$$);
SELECT pg_temp.err($$SELECT hoover(a, 1)::text FROM (SELECT 1.7e308::float8 FROM generate_series(1, 5)) AS t(a)$$);
SELECT pg_temp.err($$SELECT krugman_specialization(1, b)::text FROM (SELECT 1.7e308::float8 FROM generate_series(1, 5)) AS t(b)$$);
SELECT pg_temp.err($$SELECT apportion(g, v, g)::text FROM (VALUES ('SRID=4326;POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry, 1e308::float8), ('SRID=4326;POLYGON((0 0,1 0,1 1,0 1,0 0))', 1e308)) AS t(g, v)$$);
SELECT pg_temp.err($$SELECT morans_i(code, 1e308)::text FROM (SELECT code FROM region WHERE province = '310000' ORDER BY code LIMIT 3) AS t$$);
-- dispersion_by_year sums logs (at most 709.8 each): no overflow to test.
SELECT dispersion_by_year(2000, v) FROM (VALUES (1.7e308::float8), (1.7e308), (5e-324)) AS t(v);
