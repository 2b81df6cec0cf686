-- Peak memory of one aggregate in a fresh backend (run.sh starts one psql per
-- case): the growth of VmHWM (peak resident set, read by the backend from
-- /proc/self/status) over the aggregate's run, after a warm-up that touched
-- the same table pages and loaded the same code.  Variables: name, agg (the
-- aggregate call over bench.single's columns), n (rows), groups (an
-- expression of the result s that counts its groups).
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SELECT count(*) FROM bench.single \g /dev/null
SELECT :agg IS NULL FROM (SELECT * FROM bench.single LIMIT 100) AS t \g /dev/null
SELECT substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+)')::bigint AS h0 \gset
SELECT pg_column_size(:agg) AS state_bytes FROM (SELECT * FROM bench.single LIMIT :n) AS t \gset
SELECT substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+)')::bigint AS h1 \gset
SELECT (:groups)::text AS ngroups FROM (SELECT :agg AS s FROM (SELECT * FROM bench.single LIMIT :n) AS t) AS t \gset
INSERT INTO bench.memory (name, nrows, groups, state_bytes, peak_growth_kb)
SELECT :'name', least(:n, (SELECT count(*) FROM bench.single)), :'ngroups', :state_bytes, :h1 - :h0;
