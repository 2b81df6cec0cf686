-- Plan checks of the federation suite (postgres_fdw), after checks.sql.
-- A local aggregate node in EXPLAIN output: "Aggregate", "HashAggregate", ...
-- ("Relations: Aggregate on (...)" of a pushed-down foreign scan is not one).
CREATE FUNCTION scaleout.local_aggregate_nodes(query text) RETURNS integer
LANGUAGE sql AS $$
	SELECT count(*)::integer FROM scaleout.plan(query) AS line
	WHERE line ~ '^\s*(->\s+)?(Finalize |Partial )?(Hash|Group|Mixed)?Aggregate$'
$$;
COMMENT ON FUNCTION scaleout.local_aggregate_nodes(text) IS 'number of aggregate nodes the coordinator runs for a query';
-- Foreign scans whose Remote SQL runs the aggregate on the remote server.
CREATE FUNCTION scaleout.remote_aggregates(query text, aggregate text) RETURNS integer
LANGUAGE sql AS $$
	SELECT count(*)::integer FROM scaleout.plan(query) AS line
	WHERE line ~ ('^\s*Remote SQL: SELECT .*\mregional_dev\.' || aggregate || '\(.* GROUP BY ')
$$;
COMMENT ON FUNCTION scaleout.remote_aggregates(text, text) IS 'number of foreign scans that run the aggregate remotely (EXPLAIN VERBOSE Remote SQL)';

CREATE FUNCTION scaleout.fdw_pushdown(dist regclass, provinces integer)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql AS $$
DECLARE
	c scaleout.aggregate_case;
	q text;
	n_remote integer;
	n_local integer;
BEGIN
	FOR c IN SELECT * FROM scaleout.aggregate_case ORDER BY 1 LOOP
		aggregate := c.aggregate;

		q := scaleout.by_province(c, dist);
		n_remote := scaleout.remote_aggregates(q, c.aggregate);
		n_local := scaleout.local_aggregate_nodes(q);
		check_name := 'grouped by province: runs on every province server (Remote SQL), none locally';
		ok := n_remote = provinces AND n_local = 0;
		detail := format('%s of %s foreign scans aggregate remotely, %s local aggregate nodes',
						 n_remote, provinces, n_local);
		RETURN NEXT;

		q := format('SELECT province, %s AS s FROM %s WHERE year = 2023 GROUP BY province', c.expr, dist);
		n_remote := scaleout.remote_aggregates(q, c.aggregate);
		n_local := scaleout.local_aggregate_nodes(q);
		check_name := 'filtered (year = 2023), grouped by province: runs on every province server';
		ok := n_remote = provinces AND n_local = 0;
		detail := format('%s of %s foreign scans aggregate remotely, %s local aggregate nodes',
						 n_remote, provinces, n_local);
		RETURN NEXT;

		q := scaleout.zone_two_step(c, dist);
		n_remote := scaleout.remote_aggregates(q, c.aggregate);
		n_local := scaleout.local_aggregate_nodes(q);
		check_name := 'zone two-step: province aggregates remote, only rollup() local';
		ok := n_remote = provinces AND n_local = 1;
		detail := format('%s of %s foreign scans aggregate remotely, %s local aggregate nodes',
						 n_remote, provinces, n_local);
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.fdw_pushdown(regclass, integer) IS 'pushdown checks of every aggregate_case over a table partitioned into foreign tables';

-- Every type of reliability.types (test/reliability/registry.sql, loaded on
-- both sides) read through postgres_fdw: the seeds stored in public.rt_<i> on
-- the server (i numbers the types by name) equal the seeds read locally, in
-- text and in binary (send) form.
CREATE FUNCTION scaleout.types_through_fdw(server text)
RETURNS TABLE (aggregate text, check_name text, ok boolean, detail text)
LANGUAGE plpgsql AS $$
DECLARE
	r record;
	remote_text text[];
	local_text text[];
	remote_send bytea[];
	local_send bytea[];
BEGIN
	FOR r IN SELECT row_number() OVER (ORDER BY t.type_name) AS i, t.type_name, t.seeds,
					ty.typsend::regproc::text AS send
			 FROM reliability.types t JOIN pg_type ty ON ty.oid = to_regtype(t.type_name)
			 ORDER BY t.type_name LOOP
		EXECUTE format('CREATE FOREIGN TABLE fed.rt_%s (v %s) SERVER %I OPTIONS (schema_name %L, table_name %L)',
					   r.i, r.type_name, server, 'public', 'rt_' || r.i);
		EXECUTE format('SELECT array_agg(v::text ORDER BY v::text), array_agg(%s(v) ORDER BY v::text) FROM fed.rt_%s',
					   r.send, r.i) INTO remote_text, remote_send;
		EXECUTE format('SELECT array_agg(s::%1$s::text ORDER BY s::%1$s::text), array_agg(%2$s(s::%1$s) ORDER BY s::%1$s::text)
						FROM unnest($1) AS s', r.type_name, r.send) INTO local_text, local_send USING r.seeds;
		aggregate := r.type_name;
		check_name := 'every seed reads back through postgres_fdw, in text and binary form';
		ok := remote_text = local_text AND remote_send = local_send;
		detail := format('%s values', cardinality(local_text));
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION scaleout.types_through_fdw(text) IS 'round trip of every type of reliability.types through postgres_fdw';
