-- Parallel scaling of the big aggregates over the single table: median time
-- with max_parallel_workers_per_gather = 0 against 2 (the table has
-- parallel_workers = 2; the leader takes part too), 2 reps + 1 times each
-- (the machine's other jobs disturb parallel runs most).  The result with 2
-- workers is checked against the serial one (combine functions at work).
-- sum(value) is the reference: what the machine gives a trivial aggregate.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET work_mem = '256MB';
-- Plan the parallel side in parallel even on the smoke run's tiny table,
-- so the combine functions are exercised there too.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;

SELECT bench.scale('sum(value) (reference)', 'SELECT ARRAY[sum(value)] FROM bench.single', :reps * 2 + 1, NULL);
SELECT bench.scale('series_agg', 'SELECT array_agg(u.value ORDER BY u.year) FROM (SELECT series_agg(year, value) AS s FROM bench.single) AS t, unnest(s) AS u', :reps * 2 + 1);
SELECT bench.scale('ratio_agg', 'SELECT ARRAY[ratio(ratio_agg(value, weight))] FROM bench.single', :reps * 2 + 1);
SELECT bench.scale('inequality_agg by province', 'SELECT ARRAY[theil_t(s), theil_t_between(s), theil_l(s), williamson(s), cv(s)] FROM (SELECT inequality_agg(value, weight, prov) AS s FROM bench.single) AS t', :reps * 2 + 1);
SELECT bench.scale('flow_agg', 'SELECT ARRAY[flow_total(s), cross_boundary_total(s, ''province''), cross_boundary_total(s, ''county'')] FROM (SELECT flow_agg(origin, destination, value) AS s FROM bench.single) AS t', :reps * 2 + 1);
SELECT bench.scale('gini', 'SELECT ARRAY[gini(value, weight)] FROM bench.single', :reps * 2 + 1);
