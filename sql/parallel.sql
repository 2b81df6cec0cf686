-- parallel: every aggregate of regional_dev runs as Partial Aggregate in
-- parallel workers, and its result equals the serial one (doc/scale-out.md).
--
-- Table-driven: parallel_case below holds one row per aggregate, an expression
-- calling it over parallel_panel (or, for rollup(), over parallel_summaries).
-- A new aggregate is one more row (and this file's expected output regenerated
-- and read); a new summary type also gets a column in parallel_summaries.  The
-- catalogue check at the end fails while an aggregate of the extension has no
-- row.  Map aggregates read parallel_map / parallel_layers; their (long) SVG
-- and layer results are compared by md5.
SET search_path = public, regional_dev;

-- Synthetic panel (deterministic; not real data): 32 district codes (the
-- shipped regions) x 50 years x 5 rows = 8000 rows.  Every value is a multiple
-- of 1/4 and every weight of 1/8, below 2^20, so sums and products of them
-- are exact in float8 whatever the order.
CREATE TABLE parallel_panel (
	g integer,			-- group key for the grouped queries (0..3)
	code adcode,		-- a district
	dest adcode,		-- another district (origin -> destination aggregates)
	grp text,			-- the district's province code as text (group argument)
	year integer,
	value float8,		-- > 0
	weight float8		-- > 0
);
COMMENT ON TABLE parallel_panel IS 'synthetic panel for the parallel-plan test';
INSERT INTO parallel_panel
SELECT (d.i + y + k) % 4, d.code, e.code, d.province::text, y,
	   ((d.i * 31 + y * 17 + k * 7) % 1000 + 1) / 4.0,
	   ((d.i * 13 + y * 5 + k) % 400 + 1) / 8.0
FROM (SELECT code, province, row_number() OVER (ORDER BY code)::int - 1 AS i FROM region) AS d
JOIN (SELECT code, row_number() OVER (ORDER BY code)::int - 1 AS i FROM region) AS e ON true,
	 generate_series(1980, 2029) AS y, generate_series(1, 5) AS k
WHERE e.i = (d.i * 7 + k) % 32;
ALTER TABLE parallel_panel SET (parallel_workers = 2);
ANALYZE parallel_panel;
-- Expected: 32 x 50 x 5 = 8000 rows, 32 codes, and g = (i + y + k) % 4 takes
-- all four values.
SELECT count(*) AS panel_rows, count(DISTINCT code) AS codes, count(DISTINCT g) AS groups
FROM parallel_panel;

-- Stored summaries for the rollup() cases: one per district and year (1,600
-- rows), one column per summary type.
CREATE TABLE parallel_summaries WITH (parallel_workers = 2) AS
SELECT g, series_agg(year, value) AS annual_series, ratio_agg(value, weight) AS ratio_summary,
	   flow_agg(code, dest, value) AS flow_summary,
	   inequality_agg(value, weight, grp) AS inequality_summary
FROM parallel_panel GROUP BY g, code, year;
COMMENT ON TABLE parallel_summaries IS 'synthetic summaries for the parallel-plan test of rollup()';
ANALYZE parallel_summaries;

-- Map features for the picture aggregates: 600 small squares (0.009 degrees,
-- a 30 x 20 grid near the zone) with values and labels; and 30 stored layers
-- of 20 features each for rollup(svg_layer).
CREATE TABLE parallel_map WITH (parallel_workers = 2) AS
SELECT i % 4 AS g, i / 20 AS part,
	   ST_MakeEnvelope(120.8 + (i % 30) * 0.01, 30.9 + (i / 30) * 0.01,
					   120.809 + (i % 30) * 0.01, 30.909 + (i / 30) * 0.01, 4326) AS geom,
	   ((i * 37) % 1000) / 4.0 AS value, 'cell ' || i AS label
FROM generate_series(0, 599) AS i;
COMMENT ON TABLE parallel_map IS 'synthetic map features for the parallel-plan test';
ANALYZE parallel_map;
CREATE TABLE parallel_layers WITH (parallel_workers = 2) AS
SELECT g, svg_layer_agg(geom, value, label) AS svg_layer FROM parallel_map GROUP BY g, part;
COMMENT ON TABLE parallel_layers IS 'synthetic stored map layers for the parallel-plan test of rollup()';
ANALYZE parallel_layers;

-- One value per district for morans_i, local_morans_i, local_getis_ord_g (one row per region and group; Chongming,
-- an island, left out so that no group has a region without neighbours):
-- g 0 Shanghai, 1 Jiangsu, 2 Zhejiang.
CREATE TABLE parallel_regions WITH (parallel_workers = 2) AS
SELECT province::integer / 10000 - 31 AS g, code, (code::integer % 97) / 4.0 AS value
FROM region WHERE code <> '310151';
COMMENT ON TABLE parallel_regions IS 'synthetic values per district for the parallel-plan test of morans_i';
ANALYZE parallel_regions;

-- One row per aggregate: the aggregate, an expression calling it, the table it
-- reads, and the largest relative difference allowed between parallel and
-- serial results: 0 = identical text; else the results (jsonb) are compared
-- number by number, |a - b| <= max_rel * max(|a|, |b|, 1), for aggregates
-- whose sums involve logarithms (not exact, so merging partial states in
-- another order may change the last bits; their own tests use 1e-12 too).
CREATE TEMP TABLE parallel_case (
	aggregate regprocedure PRIMARY KEY,
	expr text NOT NULL,
	source text NOT NULL DEFAULT 'parallel_panel',
	max_rel float8 NOT NULL DEFAULT 0
);
INSERT INTO parallel_case VALUES
	('series_agg(integer, float8)', 'series_agg(year, value)', DEFAULT, DEFAULT),
	('rollup(annual_series)', 'rollup(annual_series)', 'parallel_summaries', DEFAULT),
	('ratio_agg(float8, float8)', 'ratio_agg(value, weight)', DEFAULT, DEFAULT),
	('rollup(ratio_summary)', 'rollup(ratio_summary)', 'parallel_summaries', DEFAULT),
	('flow_agg(adcode, adcode, float8)', 'flow_agg(code, dest, value)', DEFAULT, DEFAULT),
	('rollup(flow_summary)', 'rollup(flow_summary)', 'parallel_summaries', DEFAULT),
	('inequality_agg(float8, float8)', 'inequality_agg(value, weight)::jsonb', DEFAULT, 1e-12),
	('inequality_agg(float8, float8, text)', 'inequality_agg(value, weight, grp)::jsonb', DEFAULT, 1e-12),
	('rollup(inequality_summary)', 'rollup(inequality_summary)::jsonb', 'parallel_summaries', 1e-12),
	('gini(float8)', 'gini(value)', DEFAULT, DEFAULT),
	('gini(float8, float8)', 'gini(value, weight)', DEFAULT, DEFAULT),
	('beta_convergence(float8, float8, float8)', 'to_jsonb(beta_convergence(value, weight, 5))', DEFAULT, 1e-12),
	('choropleth_svg(geometry, float8, text)', 'md5(choropleth_svg(geom, value, label))', 'parallel_map', DEFAULT),
	('choropleth_svg(geometry, float8, text, text, boolean)',
	 $$md5(choropleth_svg(geom, value, label, 'cells', g = 0))$$, 'parallel_map', DEFAULT),
	('choropleth_svg(geometry, float8, text, text, boolean, text)',
	 $$md5(choropleth_svg(geom, value, label, 'cells', g = 0, 'second ' || g))$$, 'parallel_map', DEFAULT),
	('svg_layer_agg(geometry, float8, text)', 'md5(svg_layer_agg(geom, value, label)::text)', 'parallel_map', DEFAULT),
	('svg_layer_agg(geometry, float8, text, text, boolean)',
	 $$md5(svg_layer_agg(geom, value, label, 'cells', g = 0)::text)$$, 'parallel_map', DEFAULT),
	('svg_layer_agg(geometry, float8, text, text, boolean, text)',
	 $$md5(svg_layer_agg(geom, value, label, 'cells', g = 0, 'second ' || g)::text)$$, 'parallel_map', DEFAULT),
	('rollup(svg_layer)', 'md5(rollup(svg_layer)::text)', 'parallel_layers', DEFAULT),
	('apportion(geometry, float8, geometry)',
	 'apportion(geom, value, ST_MakeEnvelope(120.85, 30.95, 121.05, 31.05, 4326))', 'parallel_map', DEFAULT),
	('morans_i(adcode, float8)', 'morans_i(code, value)', 'parallel_regions', DEFAULT),
	('local_morans_i(adcode, float8)', 'local_morans_i(code, value)', 'parallel_regions', DEFAULT),
	('local_getis_ord_g(adcode, float8)', 'local_getis_ord_g(code, value)', 'parallel_regions', DEFAULT),
	('shift_share(float8, float8, float8, float8, float8, float8)',
	 'shift_share(value, value + weight, weight, 2 * weight + value, 1000, 1234)', DEFAULT, DEFAULT),
	('herfindahl(float8)', 'herfindahl(value)', DEFAULT, DEFAULT),
	('hoover(float8, float8)', 'hoover(value, weight)', DEFAULT, DEFAULT),
	('krugman_specialization(float8, float8)', 'krugman_specialization(value, weight)', DEFAULT, DEFAULT),
	('dispersion_by_year(integer, float8)', 'dispersion_by_year(year, value)', DEFAULT, DEFAULT);

CREATE TEMP VIEW parallel_query AS
SELECT aggregate, expr, max_rel,
	   format('SELECT (%s)::text FROM %s', expr, source) AS whole,
	   format('SELECT g, (%s)::text FROM %s GROUP BY g', expr, source) AS grouped
FROM parallel_case;

-- a and b (jsonb) agree number by number within max_rel; other leaves equal.
CREATE FUNCTION pg_temp.close(a jsonb, b jsonb, max_rel float8) RETURNS boolean
LANGUAGE sql AS $$
	WITH x AS (SELECT n, v FROM jsonb_path_query(a, 'strict $.**') WITH ORDINALITY AS t(v, n)
			   WHERE jsonb_typeof(v) NOT IN ('object', 'array')),
		 y AS (SELECT n, v FROM jsonb_path_query(b, 'strict $.**') WITH ORDINALITY AS t(v, n)
			   WHERE jsonb_typeof(v) NOT IN ('object', 'array'))
	SELECT coalesce(bool_and(CASE
		WHEN jsonb_typeof(x.v) = 'number' AND jsonb_typeof(y.v) = 'number'
		THEN abs(x.v::float8 - y.v::float8)
			 <= max_rel * greatest(abs(x.v::float8), abs(y.v::float8), 1)
		ELSE x.v IS NOT DISTINCT FROM y.v END), false)
	FROM x FULL JOIN y USING (n)
$$;

CREATE FUNCTION pg_temp.plan(query text, with_verbose boolean DEFAULT false) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format('EXPLAIN (COSTS OFF, VERBOSE %s) %s',
		CASE WHEN with_verbose THEN 'on' ELSE 'off' END, query);
END $$;
-- How many parallel workers a query really had: "Workers Launched" of EXPLAIN
-- ANALYZE, summed over its Gather nodes.  A plan with Gather says nothing of
-- this: when no worker can start, the leader runs the whole plan alone.
CREATE FUNCTION pg_temp.workers_launched(query text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	plan jsonb;
BEGIN
	EXECUTE format('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) %s', query) INTO plan;
	RETURN (SELECT coalesce(sum(n::integer), 0)
			FROM jsonb_path_query(plan, 'strict $.**."Workers Launched"') AS n);
END $$;
-- RETURN QUERY EXECUTE may run its query in parallel (PostgreSQL 14 and later).
CREATE FUNCTION pg_temp.run(query text) RETURNS TABLE (g integer, result text)
LANGUAGE plpgsql AS $$
BEGIN
	IF query LIKE '%GROUP BY g' THEN
		RETURN QUERY EXECUTE query;
	ELSE
		RETURN QUERY EXECUTE format('SELECT NULL::integer, r FROM (%s) AS t(r)', query);
	END IF;
END $$;

-- Serial results first.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_result AS
SELECT q.aggregate, r.g, r.result
FROM parallel_query q, pg_temp.run(q.whole) r
UNION ALL
SELECT q.aggregate, r.g, r.result
FROM parallel_query q, pg_temp.run(q.grouped) r;
SELECT aggregate, bool_and(line NOT LIKE '%Gather%' AND line NOT LIKE '%Partial%') AS serial_plan
FROM parallel_query q, pg_temp.plan(q.whole) AS line
GROUP BY aggregate ORDER BY aggregate::text;

-- Then force parallel plans (doc/design.md, "The aggregate contract").
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

-- The plan of each aggregate over the whole panel.
SELECT q.aggregate, line AS "QUERY PLAN"
FROM parallel_query q, pg_temp.plan(q.whole) WITH ORDINALITY AS p(line, n)
ORDER BY q.aggregate::text, p.n;

-- For the whole panel and grouped by g: the workers run the aggregate itself
-- (EXPLAIN VERBOSE shows "PARTIAL name(" under Partial Aggregate or Partial
-- HashAggregate/GroupAggregate, below a Gather), and workers did start
-- (EXPLAIN ANALYZE: Workers Launched > 0).  This is the one parallel check of
-- the test suite: the feature tests leave parallel plans to this file.
SELECT q.aggregate,
	   (SELECT string_agg(line, E'\n') FROM pg_temp.plan(q.whole, true) AS line)
		   ~ ('Gather.*Partial Aggregate.*PARTIAL ' || p.proname || '\(') AS whole_partial_in_workers,
	   pg_temp.workers_launched(q.whole) > 0 AS whole_workers_launched,
	   (SELECT string_agg(line, E'\n') FROM pg_temp.plan(q.grouped, true) AS line)
		   ~ ('Gather.*Partial \w*Aggregate.*PARTIAL ' || p.proname || '\(') AS grouped_partial_in_workers,
	   pg_temp.workers_launched(q.grouped) > 0 AS grouped_workers_launched
FROM parallel_query q JOIN pg_proc p ON p.oid = q.aggregate
ORDER BY q.aggregate::text;

-- Control: with no worker allowed to start, the plan still has its Gather and
-- Partial Aggregate (so a plain EXPLAIN would pass), but none is launched.
SET max_parallel_workers = 0;
SELECT (SELECT string_agg(line, E'\n') FROM pg_temp.plan('SELECT gini(value) FROM parallel_panel') AS line)
		   ~ 'Gather.*Partial Aggregate' AS control_plan_has_gather,
	   pg_temp.workers_launched('SELECT gini(value) FROM parallel_panel') AS control_workers_launched;
RESET max_parallel_workers;

CREATE TEMP TABLE parallel_result AS
SELECT q.aggregate, r.g, r.result
FROM parallel_query q, pg_temp.run(q.whole) r
UNION ALL
SELECT q.aggregate, r.g, r.result
FROM parallel_query q, pg_temp.run(q.grouped) r;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Parallel equals serial: 1 whole-panel result and 4 groups per aggregate, none
-- NULL, each identical in text form or, where max_rel > 0, within it (a lost
-- or doubled partial state changes a sum far beyond that).
SELECT s.aggregate, count(*) AS results, count(p.result) AS non_null,
	   bool_and(p.result = s.result
				OR (c.max_rel > 0 AND pg_temp.close(p.result::jsonb, s.result::jsonb, c.max_rel)))
		   AS parallel_equals_serial
FROM serial_result s
JOIN parallel_case c USING (aggregate)
LEFT JOIN parallel_result p ON p.aggregate = s.aggregate AND p.g IS NOT DISTINCT FROM s.g
GROUP BY s.aggregate ORDER BY s.aggregate::text;

-- The cases cover every aggregate of the extension: a new aggregate without a
-- row in parallel_case is listed here and fails this test.
SELECT p.oid::regprocedure AS aggregate_without_parallel_test
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
WHERE p.prokind = 'a' AND p.oid NOT IN (SELECT aggregate FROM parallel_case)
ORDER BY 1::text;

DROP TABLE parallel_panel, parallel_summaries, parallel_map, parallel_layers, parallel_regions;
