-- parallel: every aggregate of regional_dev runs as Partial Aggregate in
-- parallel workers, and its result equals the serial one (doc/scale-out.md).
--
-- Table-driven: parallel_case below holds one row per aggregate, an expression
-- calling it over parallel_panel.  A new aggregate is one more row (and this
-- file's expected output regenerated and read); the catalogue check at the end
-- fails while an aggregate of the extension has no row.
SET search_path = public, regional_dev;

-- Synthetic panel (deterministic; not real data): 32 district codes (the
-- shipped regions) x 50 years x 5 rows = 8000 rows.  Every value is a multiple
-- of 1/4 and every weight of 1/8, below 2^20, so every sum is exact in float8
-- whatever the order: parallel and serial results must agree digit for digit.
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

-- One row per aggregate: the aggregate and an expression calling it.  rollup()
-- cases build one single-row summary per row from text (the documented input
-- form), so the summaries are made inside the parallel scan too.
CREATE TEMP TABLE parallel_case (aggregate regprocedure PRIMARY KEY, expr text NOT NULL);
INSERT INTO parallel_case VALUES
	('series_agg(integer, float8)', 'series_agg(year, value)'),
	('rollup(annual_series)', $$rollup(('{' || year || ':' || value || '}')::annual_series)$$),
	('ratio_agg(float8, float8)', 'ratio_agg(value, weight)'),
	('rollup(ratio_summary)', $$rollup(('(' || value || ',' || weight || ')')::ratio_summary)$$);

CREATE TEMP VIEW parallel_query AS
SELECT aggregate, expr,
	   format('SELECT (%s)::text FROM parallel_panel', expr) AS whole,
	   format('SELECT g, (%s)::text FROM parallel_panel GROUP BY g', expr) AS grouped
FROM parallel_case;

CREATE FUNCTION pg_temp.plan(query text, with_verbose boolean DEFAULT false) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format('EXPLAIN (COSTS OFF, VERBOSE %s) %s',
		CASE WHEN with_verbose THEN 'on' ELSE 'off' END, query);
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
-- HashAggregate/GroupAggregate, below a Gather).
SELECT q.aggregate,
	   (SELECT string_agg(line, E'\n') FROM pg_temp.plan(q.whole, true) AS line)
		   ~ ('Gather.*Partial Aggregate.*PARTIAL ' || p.proname || '\(') AS whole_partial_in_workers,
	   (SELECT string_agg(line, E'\n') FROM pg_temp.plan(q.grouped, true) AS line)
		   ~ ('Gather.*Partial \w*Aggregate.*PARTIAL ' || p.proname || '\(') AS grouped_partial_in_workers
FROM parallel_query q JOIN pg_proc p ON p.oid = q.aggregate
ORDER BY q.aggregate::text;

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
-- NULL, each identical in text form (a lost or doubled partial state changes a sum).
SELECT s.aggregate, count(*) AS results, count(p.result) AS non_null,
	   bool_and(p.result = s.result) AS parallel_equals_serial
FROM serial_result s
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

DROP TABLE parallel_panel;
