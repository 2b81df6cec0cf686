-- Plan and result checks of the Citus suite (test/suites/61_citus.sh), after
-- checks.sql.  Citus' planner (multi_logical_optimizer.c) splits an aggregate
-- that has a combine function and a state type that is not a pseudo-type
-- (regional_dev's summary types qualify) into worker_partial_agg() in the
-- shard queries and coord_combine_agg() on the coordinator (Citus 13; Citus
-- 14 uses worker_binary_partial_agg() / coord_binary_combine_agg()); EXPLAIN
-- VERBOSE shows each shard query as "Query: ...".  An aggregate call with an
-- ORDER BY inside is not split: the workers send their rows and the
-- coordinator aggregates them ("row-gather").  Measured with Citus 13.2.2 on
-- PostgreSQL 15: doc/scale-out.md, "Deploying on Citus".

-- What a plan (one EXPLAIN line per element) says about aggregate agg.  Quoted
-- literals are blanked first: worker_partial_agg names the aggregate in one
-- ('regional_dev.series_agg(integer,double precision)'::regprocedure), which
-- is not a call of it.
CREATE FUNCTION scaleout.citus_plan_facts(lines text[], agg text,
	OUT distributed boolean, OUT worker_partial integer, OUT coord_combine integer,
	OUT worker_full integer)
LANGUAGE sql IMMUTABLE AS $$
	SELECT bool_or(line ~ 'Custom Scan \(Citus'),
		   (count(*) FILTER (WHERE line ~ '^\s*Query: .*\mworker_(binary_)?partial_agg\('))::integer,
		   (count(*) FILTER (WHERE line !~ '^\s*Query: ' AND line ~ '\mcoord_(binary_)?combine_agg\('))::integer,
		   (count(*) FILTER (WHERE line ~ ('^\s*Query: .*\m(regional_dev\.)?' || agg || '\(')))::integer
	FROM unnest(lines) AS l(raw),
		 LATERAL regexp_replace(raw, '''([^'']|'''')*''', '''''', 'g') AS line
$$;
COMMENT ON FUNCTION scaleout.citus_plan_facts(text[], text) IS 'Citus EXPLAIN VERBOSE: distributed?, shard queries with worker partial aggregates, coordinator combine aggregates, shard queries calling the aggregate itself (quoted literals ignored)';

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
			ok := coalesce(f.distributed, false) AND f.worker_partial > 0 AND f.coord_combine > 0
				AND f.worker_full = 0;
			detail := format('distributed %s, %s shard queries with worker_partial_agg, %s coordinator combines, %s shard queries run %s itself',
							 f.distributed, f.worker_partial, f.coord_combine, f.worker_full, c.aggregate);
			RETURN NEXT;
		END LOOP;

		-- Grouped by the distribution column, every group lives on one shard.
		f := scaleout.citus_plan_facts(ARRAY(SELECT scaleout.plan(
				format('SELECT code, %s FROM %s GROUP BY code', c.expr, dist))), c.aggregate);
		check_name := 'grouped by district (the distribution column): the whole aggregate runs on the workers';
		ok := coalesce(f.distributed, false) AND f.worker_full > 0 AND f.worker_partial = 0
			AND f.coord_combine = 0;
		detail := format('distributed %s, %s shard queries run %s, %s with worker_partial_agg, %s coordinator combines',
						 f.distributed, f.worker_full, c.aggregate, f.worker_partial, f.coord_combine);
		RETURN NEXT;

		-- Negative control of the plan reading above: an ORDER BY inside the
		-- call stops Citus from splitting the aggregate (it ships the rows).
		f := scaleout.citus_plan_facts(ARRAY(SELECT scaleout.plan(
				format('SELECT province, %s FROM %s GROUP BY province',
					   regexp_replace(c.expr, '\)$', ' ORDER BY year)'), dist))), c.aggregate);
		check_name := 'negative control, ORDER BY inside the call: no worker_partial_agg, the coordinator aggregates the rows';
		ok := coalesce(f.distributed, false) AND f.worker_partial = 0 AND f.coord_combine = 0
			AND f.worker_full = 0;
		detail := format('distributed %s, %s shard queries with worker_partial_agg, %s coordinator combines, %s shard queries run %s itself',
						 f.distributed, f.worker_partial, f.coord_combine, f.worker_full, c.aggregate);
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.citus_pushdown(regclass) IS 'plan checks of every aggregate_case over a Citus distributed table, with a row-gather negative control';

-- Grouped by the distribution column the shard queries return whole
-- summaries, which Citus reads with the summary type's binary receive
-- function (citus.enable_binary_protocol): every district's summary must
-- equal the local one.
CREATE FUNCTION scaleout.citus_by_code(dist regclass, local regclass, max_rel float8 DEFAULT 0)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql SET search_path = regional_dev, public AS $$
DECLARE
	c scaleout.aggregate_case;
	q text;
	jd jsonb;
	jl jsonb;
	rel float8;
	n_rows integer;
	n_equal integer;
	d scaleout.diff;
BEGIN
	FOR c IN SELECT * FROM scaleout.aggregate_case ORDER BY 1 LOOP
		aggregate := c.aggregate;
		rel := greatest(max_rel, c.max_rel);
		q := 'SELECT jsonb_object_agg(code::text, jsonb_build_array(s::text, s::jsonb)) FROM (SELECT code, %s AS s FROM %s GROUP BY code) AS t';
		EXECUTE format(q, c.expr, dist) INTO jd;
		EXECUTE format(q, c.expr, local) INTO jl;
		SELECT count(*), count(*) FILTER (WHERE x.value->0 = y.value->0),
			   sum(diff.leaves), sum(diff.differ), max(diff.max_rel), bool_and(diff.same_shape)
		INTO n_rows, n_equal, d.leaves, d.differ, d.max_rel, d.same_shape
		FROM jsonb_each(jd) AS x FULL JOIN jsonb_each(jl) AS y USING (key),
			 LATERAL scaleout.summary_diff(x.value->1, y.value->1) AS diff;
		check_name := 'grouped by district: every district''s summary equals the local one';
		IF rel > 0 THEN
			check_name := check_name || format(' (within %s)', rel);
		END IF;
		ok := n_rows = (SELECT count(DISTINCT code) FROM regional_dev.region)
			AND (n_equal = n_rows OR (rel > 0 AND d.same_shape AND d.max_rel <= rel));
		detail := format('%s of %s districts identical to the local copy''s; %s of %s numbers differ, largest relative difference %s',
						 n_equal, n_rows, d.differ, d.leaves, d.max_rel);
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.citus_by_code(regclass, regclass, float8) IS 'per-district summaries from a Citus distributed table against its local copy';

-- The aggregates that return a number or a record, not a summary (no
-- rollup(), so not in aggregate_case): over one year of the panel, their
-- plans split like the others' and their results equal the local ones.
CREATE TABLE scaleout.citus_number_case (
	expr text PRIMARY KEY,
	aggregate text NOT NULL,
	max_rel float8 NOT NULL
);
COMMENT ON TABLE scaleout.citus_number_case IS 'aggregates returning a number or a record that the Citus suite checks: a call over the panel''s columns, the aggregate''s name, the relative difference allowed';
INSERT INTO scaleout.citus_number_case VALUES
	('gini(gdp)', 'gini', 0),
	('gini(gdp, population)', 'gini', 0),
	('beta_convergence(population, gdp, 23)', 'beta_convergence', 1e-12),
	('morans_i(code, gdp)', 'morans_i', 1e-12);

CREATE FUNCTION scaleout.citus_numbers(dist regclass, local regclass, max_rel float8 DEFAULT 0)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql SET search_path = regional_dev, public SET client_min_messages = warning AS $$
DECLARE
	c scaleout.citus_number_case;
	q text;
	f record;
	jd jsonb;
	jl jsonb;
	rel float8;
	d scaleout.diff;
BEGIN
	FOR c IN SELECT * FROM scaleout.citus_number_case ORDER BY 1 LOOP
		aggregate := c.expr;
		rel := greatest(max_rel, c.max_rel);
		FOREACH q IN ARRAY ARRAY['SELECT province, %s AS s FROM %s WHERE year = 2023 GROUP BY province',
								 'SELECT NULL AS province, %s AS s FROM %s WHERE year = 2023'] LOOP
			f := scaleout.citus_plan_facts(ARRAY(SELECT scaleout.plan(format(q, c.expr, dist))), c.aggregate);
			q := format('SELECT jsonb_agg(jsonb_build_array(province, to_jsonb(s)) ORDER BY province) FROM (%s) AS t', q);
			EXECUTE format(q, c.expr, dist) INTO jd;
			EXECUTE format(q, c.expr, local) INTO jl;
			d := scaleout.summary_diff(jd, jl);
			check_name := CASE WHEN q LIKE '%GROUP BY province%' THEN 'grouped by province' ELSE 'whole zone' END
				|| ': worker_partial_agg on the shards, coord_combine_agg on the coordinator, result equals the local one';
			IF rel > 0 THEN
				check_name := check_name || format(' (within %s)', rel);
			END IF;
			ok := coalesce(f.distributed, false) AND f.worker_partial > 0 AND f.coord_combine > 0
				AND f.worker_full = 0 AND d.leaves > 0
				AND (jd = jl OR (rel > 0 AND d.same_shape AND d.max_rel <= rel));
			detail := format('%s shard queries with worker_partial_agg, %s coordinator combines; %s of %s numbers differ, largest relative difference %s',
							 f.worker_partial, f.coord_combine, d.differ, d.leaves, d.max_rel);
			RETURN NEXT;
		END LOOP;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.citus_numbers(regclass, regclass, float8) IS 'plan and result checks of every citus_number_case over a Citus distributed table';
