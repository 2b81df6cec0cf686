-- Flow rows: flow_agg over the single big table (one row per trip or
-- patient, origin and destination counties) against pure SQL.  Every code
-- in the data is a county code, so boundary_level() reduces to integer
-- arithmetic on the codes (province = code / 10000, prefecture = code / 100;
-- codes of coarser levels, which the pure SQL below would get wrong, do not
-- occur).  Numbers compared: flow_total, cross_boundary_total at the three
-- levels, net_inflow of a province (Jiangsu 320000) and of a county.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

SELECT code::integer AS county FROM bench.county WHERE k = 9 \gset

\set flow_ours 'SELECT ARRAY[flow_total(s), cross_boundary_total(s, ''county''), cross_boundary_total(s, ''prefecture''), cross_boundary_total(s, ''province''), net_inflow(s, ''320000''), net_inflow(s, ''' :county ''')] FROM (SELECT flow_agg(origin, destination, value) AS s FROM bench.single) AS t'

-- The totals straight from the rows (what one would write for these numbers only).
\set flow_filter 'SELECT ARRAY[sum(value), sum(value) FILTER (WHERE o <> d), sum(value) FILTER (WHERE o / 100 <> d / 100), sum(value) FILTER (WHERE o / 10000 <> d / 10000), coalesce(sum(value) FILTER (WHERE d / 10000 = 32 AND o / 10000 <> 32), 0) - coalesce(sum(value) FILTER (WHERE o / 10000 = 32 AND d / 10000 <> 32), 0), coalesce(sum(value) FILTER (WHERE d = ' :county ' AND o <> d), 0) - coalesce(sum(value) FILTER (WHERE o = ' :county ' AND o <> d), 0)] FROM (SELECT origin::integer AS o, destination::integer AS d, value FROM bench.single) AS t'

-- The origin-destination matrix first (what flow_summary stores), then the totals from it.
\set flow_matrix 'SELECT ARRAY[sum(a), sum(a) FILTER (WHERE o <> d), sum(a) FILTER (WHERE o / 100 <> d / 100), sum(a) FILTER (WHERE o / 10000 <> d / 10000), coalesce(sum(a) FILTER (WHERE d / 10000 = 32 AND o / 10000 <> 32), 0) - coalesce(sum(a) FILTER (WHERE o / 10000 = 32 AND d / 10000 <> 32), 0), coalesce(sum(a) FILTER (WHERE d = ' :county ' AND o <> d), 0) - coalesce(sum(a) FILTER (WHERE o = ' :county ' AND o <> d), 0)] FROM (SELECT origin::integer AS o, destination::integer AS d, sum(value) AS a FROM bench.single GROUP BY 1, 2) AS m'

SELECT bench.compare('flows', 'flow_agg over the single table',
	:'flow_ours', 'pure SQL, totals with FILTER from the rows', :'flow_filter', :reps);
SELECT bench.compare('flows', 'flow_agg over the single table',
	:'flow_ours', 'pure SQL, GROUP BY origin, destination, then totals', :'flow_matrix', :reps);
