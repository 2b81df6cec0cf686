-- Checks shared by the scale-out suites (federation over postgres_fdw, Citus),
-- run on the coordinator after test/scaleout/panel.sql made scaleout.panel_local.
--
-- scaleout.aggregate_case is the list the suites walk: one row per aggregate.
-- Adding an aggregate to the scale-out suites is one more row here (see
-- doc/scale-out.md, "Tests, and adding an aggregate"); nothing else changes.
CREATE TABLE scaleout.aggregate_case (
	aggregate text PRIMARY KEY,
	expr text NOT NULL,
	accessor text NOT NULL,
	max_rel float8 NOT NULL DEFAULT 0
);
COMMENT ON TABLE scaleout.aggregate_case IS 'aggregates the scale-out suites check: name, a call over the panel''s columns, a number read from a summary (%s = the summary), the relative difference allowed even with exact data (sums of logarithms)';
INSERT INTO scaleout.aggregate_case VALUES
	('series_agg', 'series_agg(year, gdp)', 'cagr(%s)', 0),
	('ratio_agg', 'ratio_agg(rd_spending, gdp)', 'ratio(%s)', 0),
	('flow_agg', 'flow_agg(code, flow_to, flow)', $$cross_boundary_share(%s, 'province')$$, 0),
	('inequality_agg', 'inequality_agg(gdp, population, province_name)', 'theil_t(%s)', 1e-12);

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
CREATE TYPE scaleout.diff AS (leaves integer, differ integer, max_rel float8, same_shape boolean);
COMMENT ON TYPE scaleout.diff IS 'result of summary_diff';
CREATE FUNCTION scaleout.summary_diff(a jsonb, b jsonb) RETURNS scaleout.diff
LANGUAGE sql IMMUTABLE AS $$
	WITH x AS (SELECT n, v FROM jsonb_path_query(a, 'strict $.**') WITH ORDINALITY AS t(v, n)
			   WHERE jsonb_typeof(v) NOT IN ('object', 'array')),
		 y AS (SELECT n, v FROM jsonb_path_query(b, 'strict $.**') WITH ORDINALITY AS t(v, n)
			   WHERE jsonb_typeof(v) NOT IN ('object', 'array'))
	SELECT ROW(count(*)::integer,
		   count(*) FILTER (WHERE x.v IS DISTINCT FROM y.v)::integer,
		   coalesce(max(abs(x.v::float8 - y.v::float8)
						/ nullif(greatest(abs(x.v::float8), abs(y.v::float8)), 0))
					FILTER (WHERE jsonb_typeof(x.v) = 'number' AND jsonb_typeof(y.v) = 'number'), 0),
		   coalesce(bool_and(jsonb_typeof(x.v) = jsonb_typeof(y.v)
							 AND (jsonb_typeof(x.v) = 'number' OR x.v = y.v)), false))::scaleout.diff
	FROM x FULL JOIN y USING (n)
$$;
COMMENT ON FUNCTION scaleout.summary_diff(jsonb, jsonb) IS 'number of scalar leaves, how many differ, largest relative difference, whether the shapes match';

-- For every case: the province summaries from dist equal those of the local
-- copy; rollup() of them equals the aggregate over the whole local copy; so
-- does the aggregate over dist without GROUP BY.  "Equal" is identical text
-- (what a client sees and what rollup() reads) when the tolerance is 0, else
-- within that relative difference number by number: with decimal data a
-- result assembled from summaries that crossed the wire may differ in the
-- last bit (doc/scale-out.md, "Exactness").  detail says by how much, and
-- carries a number read from the zone summary (from dist).
-- Every statement reads either dist or local, never both (Citus plans such
-- mixtures differently from plain PostgreSQL).
CREATE FUNCTION scaleout.compare(dist regclass, local regclass, provinces integer,
	province_max_rel float8 DEFAULT 0, zone_max_rel float8 DEFAULT 0)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql SET search_path = regional_dev, public AS $$
DECLARE
	c scaleout.aggregate_case;
	q text;
	jd jsonb;
	jl jsonb;
	td text;
	tl text;
	reading text;
	n_rows integer;
	n_equal integer;
	d scaleout.diff;
	p_rel float8;
	z_rel float8;
BEGIN
	FOR c IN SELECT * FROM scaleout.aggregate_case ORDER BY 1 LOOP
		aggregate := c.aggregate;
		p_rel := greatest(province_max_rel, c.max_rel);
		z_rel := greatest(zone_max_rel, c.max_rel);

		q := 'SELECT jsonb_object_agg(province::text, jsonb_build_array(s::text, s::jsonb)) FROM (%s) AS t';
		EXECUTE format(q, scaleout.by_province(c, dist)) INTO jd;
		EXECUTE format(q, scaleout.by_province(c, local)) INTO jl;
		SELECT count(*), count(*) FILTER (WHERE x.value->0 = y.value->0),
			   sum(diff.leaves), sum(diff.differ), max(diff.max_rel), bool_and(diff.same_shape)
		INTO n_rows, n_equal, d.leaves, d.differ, d.max_rel, d.same_shape
		FROM jsonb_each(jd) AS x FULL JOIN jsonb_each(jl) AS y USING (key),
			 LATERAL scaleout.summary_diff(x.value->1, y.value->1) AS diff;
		check_name := 'province summaries come back intact';
		IF p_rel > 0 THEN
			check_name := check_name || format(' (within %s)', p_rel);
		END IF;
		ok := n_rows = provinces AND (n_equal = provinces
			OR (p_rel > 0 AND d.same_shape AND d.max_rel <= p_rel));
		detail := format('%s of %s provinces identical to the local copy''s; %s of %s numbers differ, largest relative difference %s',
						 n_equal, n_rows, d.differ, d.leaves, d.max_rel);
		RETURN NEXT;

		q := scaleout.zone_two_step(c, dist);
		EXECUTE format('SELECT s::text, s::jsonb, (%s)::text FROM (%s) AS t', format(c.accessor, 's'), q)
			INTO td, jd, reading;
		EXECUTE format('SELECT (%1$s)::text, (%1$s)::jsonb FROM %2$s', c.expr, local) INTO tl, jl;
		d := scaleout.summary_diff(jd, jl);
		check_name := 'zone: rollup() of province summaries equals the aggregate over the local copy';
		IF z_rel > 0 THEN
			check_name := check_name || format(' (within %s)', z_rel);
		END IF;
		ok := td IS NOT NULL AND (td = tl
			OR (z_rel > 0 AND d.same_shape AND d.max_rel <= z_rel));
		detail := format('%s = %s; %s of %s numbers differ, largest relative difference %s',
						 format(c.accessor, 'zone'), coalesce(reading, 'NULL'),
						 d.differ, d.leaves, d.max_rel);
		RETURN NEXT;

		EXECUTE format('SELECT (%1$s)::text, (%1$s)::jsonb FROM %2$s', c.expr, dist) INTO td, jd;
		d := scaleout.summary_diff(jd, jl);
		check_name := 'zone: the aggregate over the whole distributed table equals the local one';
		IF z_rel > 0 THEN
			check_name := check_name || format(' (within %s)', z_rel);
		END IF;
		ok := td IS NOT NULL AND (td = tl
			OR (z_rel > 0 AND d.same_shape AND d.max_rel <= z_rel));
		detail := format('%s of %s numbers differ, largest relative difference %s',
						 d.differ, d.leaves, d.max_rel);
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.compare(regclass, regclass, integer, float8, float8) IS 'equality checks of every aggregate_case: distributed table against its local copy';
