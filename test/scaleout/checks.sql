-- Checks shared by the scale-out suites (federation over postgres_fdw, Citus),
-- run on the coordinator after test/scaleout/panel.sql made scaleout.panel_local.
--
-- scaleout.aggregate_case is the list the suites walk: one row per aggregate.
-- Adding an aggregate to the scale-out suites is one more row here (see
-- test/scaleout/README.md); nothing else changes.
CREATE TABLE scaleout.aggregate_case (
	aggregate text PRIMARY KEY,
	expr text NOT NULL,
	accessor text NOT NULL
);
COMMENT ON TABLE scaleout.aggregate_case IS 'aggregates the scale-out suites check: name, a call over the panel''s columns, a number read from a summary (%s = the summary)';
INSERT INTO scaleout.aggregate_case VALUES
	('series_agg', 'series_agg(year, gdp)', 'cagr(%s)'),
	('ratio_agg', 'ratio_agg(rd_spending, gdp)', 'ratio(%s)');

-- The per-province query and the two-step zone query of a case, over table tab.
CREATE FUNCTION scaleout.by_province(c scaleout.aggregate_case, tab regclass) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT format('SELECT province, %s AS s FROM %s GROUP BY province', c.expr, tab)
$$;
COMMENT ON FUNCTION scaleout.by_province(scaleout.aggregate_case, regclass) IS 'query: one summary per province';
CREATE FUNCTION scaleout.zone_two_step(c scaleout.aggregate_case, tab regclass) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT format('SELECT rollup(s) AS s FROM (%s) AS per_province', scaleout.by_province(c, tab))
$$;
COMMENT ON FUNCTION scaleout.zone_two_step(scaleout.aggregate_case, regclass) IS 'query: the zone summary as rollup() of the province summaries';

CREATE FUNCTION scaleout.plan(query text) RETURNS SETOF text
LANGUAGE plpgsql SET search_path = regional_dev, public AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query;
END $$;
COMMENT ON FUNCTION scaleout.plan(text) IS 'EXPLAIN (VERBOSE, COSTS OFF) of a query, one line per row';

-- How far apart two summaries are, through their jsonb casts (every summary
-- type has one): the scalar leaves of both, in document order, compared one
-- by one; numbers by relative difference.
CREATE FUNCTION scaleout.summary_diff(a jsonb, b jsonb,
	OUT leaves integer, OUT differ integer, OUT max_rel float8, OUT same_shape boolean)
LANGUAGE sql IMMUTABLE AS $$
	WITH x AS (SELECT n, v FROM jsonb_path_query(a, 'strict $.**') WITH ORDINALITY AS t(v, n)
			   WHERE jsonb_typeof(v) NOT IN ('object', 'array')),
		 y AS (SELECT n, v FROM jsonb_path_query(b, 'strict $.**') WITH ORDINALITY AS t(v, n)
			   WHERE jsonb_typeof(v) NOT IN ('object', 'array'))
	SELECT count(*)::integer,
		   count(*) FILTER (WHERE x.v IS DISTINCT FROM y.v)::integer,
		   coalesce(max(abs(x.v::float8 - y.v::float8)
						/ nullif(greatest(abs(x.v::float8), abs(y.v::float8)), 0))
					FILTER (WHERE jsonb_typeof(x.v) = 'number' AND jsonb_typeof(y.v) = 'number'), 0),
		   coalesce(bool_and(jsonb_typeof(x.v) = jsonb_typeof(y.v)
							 AND (jsonb_typeof(x.v) = 'number' OR x.v = y.v)), false)
	FROM x FULL JOIN y USING (n)
$$;
COMMENT ON FUNCTION scaleout.summary_diff(jsonb, jsonb) IS 'number of scalar leaves, how many differ, largest relative difference, whether the shapes match';

-- For every case: the province summaries from dist equal those of the local
-- copy (text form: what a client sees and what rollup() reads); rollup() of
-- them equals the aggregate over the whole local copy; so does the aggregate
-- over dist without GROUP BY.  With exact = false (decimal data) the zone
-- two-step result may differ in the last bits (doc/scale-out.md,
-- "Exactness"): it must then be within max_rel of the local one, and detail
-- says by how much.  detail also carries a number read from the zone summary
-- (from dist), so a run shows what was compared.
CREATE FUNCTION scaleout.compare(dist regclass, local regclass, provinces integer,
	exact boolean DEFAULT true, max_rel float8 DEFAULT 0)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql SET search_path = regional_dev, public AS $$
DECLARE
	c scaleout.aggregate_case;
	n_rows integer;
	n_equal integer;
	zone_two_step text;
	zone_direct text;
	zone_local text;
	reading text;
	d record;
BEGIN
	FOR c IN SELECT * FROM scaleout.aggregate_case ORDER BY 1 LOOP
		aggregate := c.aggregate;

		EXECUTE format('SELECT count(*), count(*) FILTER (WHERE d.s = l.s)'
					   ' FROM (SELECT province, s::text AS s FROM (%s) AS t) AS d'
					   ' FULL JOIN (SELECT province, s::text AS s FROM (%s) AS t) AS l USING (province)',
					   scaleout.by_province(c, dist), scaleout.by_province(c, local))
			INTO n_rows, n_equal;
		check_name := 'province summaries come back intact';
		ok := n_rows = provinces AND n_equal = provinces;
		detail := format('%s of %s provinces identical to the local copy''s', n_equal, n_rows);
		RETURN NEXT;

		EXECUTE format('SELECT s::text FROM (%s) AS t', scaleout.zone_two_step(c, dist))
			INTO zone_two_step;
		EXECUTE format('SELECT (%s)::text FROM %s', c.expr, local) INTO zone_local;
		EXECUTE format('SELECT (%s)::text FROM (%s) AS t',
					   format(c.accessor, 's'), scaleout.zone_two_step(c, dist))
			INTO reading;
		EXECUTE format('SELECT * FROM scaleout.summary_diff('
					   '(SELECT s::jsonb FROM (%s) AS t), (SELECT (%s)::jsonb FROM %s))',
					   scaleout.zone_two_step(c, dist), c.expr, local)
			INTO d;
		IF exact THEN
			check_name := 'zone: rollup() of province summaries equals the aggregate over the local copy';
			ok := zone_two_step IS NOT NULL AND zone_two_step = zone_local;
		ELSE
			check_name := format('zone: rollup() of province summaries within %s (relative) of the local copy', max_rel);
			ok := zone_two_step IS NOT NULL AND d.same_shape AND d.max_rel <= max_rel;
		END IF;
		detail := format('%s = %s; %s of %s numbers differ, largest relative difference %s',
						 format(c.accessor, 'zone'), coalesce(reading, 'NULL'),
						 d.differ, d.leaves, d.max_rel);
		RETURN NEXT;

		EXECUTE format('SELECT (%s)::text FROM %s', c.expr, dist) INTO zone_direct;
		check_name := 'zone: the aggregate over the whole distributed table equals the local one';
		ok := zone_direct IS NOT NULL AND zone_direct = zone_local;
		detail := NULL;
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.compare(regclass, regclass, integer, boolean, float8) IS 'equality checks of every aggregate_case: distributed table against its local copy';
