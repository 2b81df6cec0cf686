-- Points per county on Citus against one server (doc/benchmarks.md, "Places
-- on Citus"); run on the coordinator of test/suites/61_citus.sh after its
-- national stage, when REGIONAL_DEV_CITUS_BENCH names a number of points
-- (test/bench/citus_places.sh sets it to 2,000,000).
-- psql variable: npoints.  Points: SYNTHETIC, uniform over China's extent
-- (73.5-134.8 E, 18.2-53.5 N), seeded.
-- One server: a plain table on the coordinator (PostgreSQL alone; parallel
-- query as configured).  Citus: the same rows in a distributed table of 4
-- shards on the two workers.  The query is the same; the timings alternate,
-- three of each, in one session.  Prints markdown.
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

CREATE TEMP TABLE bench_run (table_name text, run integer, ms float8);
SET citus.enable_ddl_propagation = off;  -- a session's own function
CREATE FUNCTION pg_temp.bench(tab text, run integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz := clock_timestamp();
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM (SELECT regional_dev.locate(p) AS code, count(*) FROM %s GROUP BY 1) AS t', tab) INTO n;
	INSERT INTO bench_run VALUES (tab, run, extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;
DO $$
BEGIN
	FOR r IN 1..3 LOOP
		PERFORM pg_temp.bench('scaleout.bench_local', r);
		PERFORM pg_temp.bench('public.bench_points', r);
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
	SELECT table_name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms,
		   string_agg(round(ms)::text, ', ' ORDER BY run) AS runs
	FROM bench_run GROUP BY 1)
SELECT format('| points per county, %s points, national layer (%s regions) | one server: plain table on the coordinator | %s | %s |',
			  to_char(:npoints, 'FM9,999,999'), (SELECT count(*) FROM regional_dev.region),
			  round(l.ms::numeric, 0), l.runs)
	   || E'\n' ||
	   format('| | Citus: coordinator + 2 workers, 4 shards | %s | %s |', round(d.ms::numeric, 0), d.runs)
	   || E'\n' ||
	   format('| | ratio one server / Citus | %s | |', round((l.ms / d.ms)::numeric, 2))
FROM m AS l, m AS d WHERE l.table_name = 'scaleout.bench_local' AND d.table_name = 'public.bench_points';
\pset format aligned
\pset tuples_only off
EXPLAIN (VERBOSE, COSTS OFF) SELECT locate(p), count(*) FROM public.bench_points GROUP BY 1;
EXPLAIN (COSTS OFF) SELECT locate(p), count(*) FROM scaleout.bench_local GROUP BY 1;
SHOW max_parallel_workers_per_gather;
DROP TABLE public.bench_points;
DROP TABLE scaleout.bench_local;
