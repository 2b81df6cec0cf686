-- Points per county on Citus against one server (doc/benchmarks.md, "Places
-- on Citus"); run on the coordinator of test/suites/61_citus.sh after its
-- national stage, when REGIONAL_DEV_CITUS_BENCH names a number of points
-- (test/bench/citus_places.sh sets it to 2,000,000).
-- psql variable: npoints.  Points: SYNTHETIC, uniform over China's extent
-- (73.5-134.8 E, 18.2-53.5 N), seeded.
-- One server: a plain table on the coordinator (PostgreSQL alone; parallel
-- query as configured).  Citus: the same rows in a distributed table of 4
-- shards on the two workers.  The query is the same; the timings alternate,
-- five of each, in one session.  Prints markdown.
\set ON_ERROR_STOP 1
SET search_path = regional_dev, public;
SET client_min_messages = warning;
DROP TABLE IF EXISTS scaleout.bench_local;
DROP TABLE IF EXISTS public.bench_points;
SELECT setseed(0.2);
CREATE TABLE scaleout.bench_local AS
SELECT i AS id, ST_SetSRID(ST_MakePoint(73.5 + random() * 61.3, 18.2 + random() * 35.3), 4326) AS p
FROM generate_series(1, :npoints) AS i;
CREATE TABLE public.bench_points (LIKE scaleout.bench_local);
SELECT create_distributed_table('public.bench_points', 'id');
INSERT INTO public.bench_points SELECT * FROM scaleout.bench_local;
ANALYZE scaleout.bench_local;
ANALYZE public.bench_points;

CREATE TEMP TABLE bench_run (setting text, run integer, ms float8);
SET citus.enable_ddl_propagation = off;  -- a session's own function
-- One timing of the query over tab; parallel: parallel query made free (on
-- one server the planner otherwise keeps this query serial).
CREATE FUNCTION pg_temp.bench(setting text, tab text, parallel boolean, run integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	n bigint;
BEGIN
	PERFORM set_config('parallel_setup_cost', CASE WHEN parallel THEN '0' ELSE '1000' END, true);
	PERFORM set_config('parallel_tuple_cost', CASE WHEN parallel THEN '0' ELSE '0.1' END, true);
	PERFORM set_config('min_parallel_table_scan_size', CASE WHEN parallel THEN '0' ELSE '8MB' END, true);
	t0 := clock_timestamp();
	EXECUTE format('SELECT count(*) FROM (SELECT regional_dev.locate(p) AS code, count(*) FROM %s GROUP BY 1) AS t', tab) INTO n;
	INSERT INTO bench_run VALUES (setting, run, extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;
-- alternating, five of each; the first of each starts sessions that read the
-- regions; the rows show the first and the median of the four others
DO $$
BEGIN
	FOR r IN 1..5 LOOP
		PERFORM pg_temp.bench('one server', 'scaleout.bench_local', false, r);
		PERFORM pg_temp.bench('Citus', 'public.bench_points', false, r);
		PERFORM pg_temp.bench('one server, parallel query (2 workers)', 'scaleout.bench_local', true, r);
	END LOOP;
END $$;

-- the same counts both ways
CREATE TEMP TABLE bench_local_counts AS SELECT locate(p) AS code, count(*) AS n FROM scaleout.bench_local GROUP BY 1;
CREATE TEMP TABLE bench_dist_counts AS SELECT locate(p) AS code, count(*) AS n FROM public.bench_points GROUP BY 1;
\pset format unaligned
\pset tuples_only on
SELECT format('same counts per county both ways: %s (%s counties and NULL; %s of %s points in a county)',
			  (SELECT string_agg(coalesce(code::text, 'NULL') || ':' || n, ',' ORDER BY code::text) FROM bench_local_counts)
			  = (SELECT string_agg(coalesce(code::text, 'NULL') || ':' || n, ',' ORDER BY code::text) FROM bench_dist_counts),
			  (SELECT count(*) FROM bench_local_counts), (SELECT sum(n) FROM bench_local_counts WHERE code IS NOT NULL),
			  (SELECT sum(n) FROM bench_local_counts));
WITH m AS (
	SELECT setting, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE run > 1) AS ms,
		   min(ms) FILTER (WHERE run = 1) AS first
	FROM bench_run GROUP BY 1),
c AS (SELECT ms AS citus FROM m WHERE setting = 'Citus')
SELECT format('| %s | %s | %s | %s |', setting, round(ms::numeric), round(first::numeric),
			  CASE WHEN setting = 'Citus' THEN '1' ELSE to_char(ms / citus, 'FM990.00') END)
FROM m, c ORDER BY setting = 'Citus' DESC, setting;
SELECT format('points: %s synthetic, national layer: %s regions; runs (ms): %s', to_char(:npoints, 'FM9,999,999'),
			  (SELECT count(*) FROM regional_dev.region),
			  (SELECT string_agg(format('%s %s', setting, round(ms)), ', ' ORDER BY run, setting) FROM bench_run));
\pset format aligned
\pset tuples_only off
EXPLAIN (VERBOSE, COSTS OFF) SELECT locate(p), count(*) FROM public.bench_points GROUP BY 1;
EXPLAIN (COSTS OFF) SELECT locate(p), count(*) FROM scaleout.bench_local GROUP BY 1;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT locate(p), count(*) FROM scaleout.bench_local GROUP BY 1;
SHOW max_parallel_workers_per_gather;
DROP TABLE public.bench_points;
DROP TABLE scaleout.bench_local;
