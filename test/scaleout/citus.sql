-- Plan checks of the Citus suite, after checks.sql.  UNTESTED against a real
-- Citus (Debian does not package it); written from Citus' planner
-- (multi_logical_optimizer.c) and documentation: an aggregate with a combine
-- function and a non-pseudo state type is split into worker_partial_agg() on
-- the shards (worker_binary_partial_agg() in later Citus) and
-- coord_combine_agg() (coord_binary_combine_agg()) on the coordinator; EXPLAIN
-- VERBOSE shows the shard query as "Query: ...".

-- What a plan (one EXPLAIN line per element) says about aggregate agg.
CREATE FUNCTION scaleout.citus_plan_facts(lines text[], agg text,
	OUT distributed boolean, OUT worker_partial integer, OUT coord_combine integer,
	OUT worker_full integer)
LANGUAGE sql IMMUTABLE AS $$
	SELECT bool_or(line ~ 'Custom Scan \(Citus'),
		   (count(*) FILTER (WHERE line ~ '^\s*Query: .*\mworker_(binary_)?partial_agg\('))::integer,
		   (count(*) FILTER (WHERE line !~ '^\s*Query: ' AND line ~ '\mcoord_(binary_)?combine_agg\('))::integer,
		   (count(*) FILTER (WHERE line ~ ('^\s*Query: .*\m(regional_dev\.)?' || agg || '\(')))::integer
	FROM unnest(lines) AS line
$$;
COMMENT ON FUNCTION scaleout.citus_plan_facts(text[], text) IS 'Citus EXPLAIN VERBOSE: distributed?, shard queries with worker partial aggregates, coordinator combine aggregates, shard queries running the aggregate itself';

CREATE FUNCTION scaleout.citus_pushdown(dist regclass)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql AS $$
DECLARE
	c scaleout.aggregate_case;
	f record;
	q text;
BEGIN
	FOR c IN SELECT * FROM scaleout.aggregate_case ORDER BY 1 LOOP
		aggregate := c.aggregate;

		FOREACH q IN ARRAY ARRAY[scaleout.by_province(c, dist),
								 format('SELECT %s FROM %s', c.expr, dist)] LOOP
			f := scaleout.citus_plan_facts(ARRAY(SELECT scaleout.plan(q)), c.aggregate);
			check_name := CASE WHEN q LIKE '%GROUP BY province'
							   THEN 'grouped by province'
							   ELSE 'whole zone' END
				|| ': workers aggregate their shards (worker_partial_agg), the coordinator combines (coord_combine_agg)';
			ok := coalesce(f.distributed, false) AND f.worker_partial > 0 AND f.coord_combine > 0;
			detail := format('distributed %s, %s shard queries with worker_partial_agg, %s coordinator combines',
							 f.distributed, f.worker_partial, f.coord_combine);
			RETURN NEXT;
		END LOOP;

		-- Grouped by the distribution column, every group lives on one shard.
		f := scaleout.citus_plan_facts(ARRAY(SELECT scaleout.plan(
				format('SELECT code, %s FROM %s GROUP BY code', c.expr, dist))), c.aggregate);
		check_name := 'grouped by district (the distribution column): the whole aggregate runs on the workers';
		ok := coalesce(f.distributed, false) AND f.worker_full > 0 AND f.coord_combine = 0;
		detail := format('distributed %s, %s shard queries run %s, %s coordinator combines',
						 f.distributed, f.worker_full, c.aggregate, f.coord_combine);
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.citus_pushdown(regclass) IS 'plan checks of every aggregate_case over a Citus distributed table';
