-- Driver tests (test/suites/5x_bi_*.sh): the registry of custom types and the
-- cases every driver runs.  Loaded by test/bi/setup.sh into the database
-- regional_dev_bi as the role regional_dev_bi, then test/bi/types.sql fills the
-- registry and bi_build() turns it into the table bi_case, after running every
-- case once on the server itself (so a wrong entry is reported as such, not as
-- a driver failure).  How to add a type: doc/bi.md.
SET client_min_messages = warning;

-- One row per custom type of regional_dev: the "one entry" each type needs.
CREATE TABLE bi_type (
	ord         serial,
	type_name   text PRIMARY KEY,  -- the type's name in schema regional_dev
	sample      text NOT NULL CHECK (strpos(sample, '|') = 0),  -- a literal its input accepts
	text_form   text NOT NULL,     -- what its output prints for the sample
	cast_to     text NOT NULL,     -- a type it casts to for BI tools: jsonb, numeric, integer
	cast_result text NOT NULL,     -- the cast's result, as the server prints it
	call_sql    text NOT NULL,     -- an accessor call; every ? is a bound parameter
	call_params text[] NOT NULL,   -- one per ?: 'v' (the sample), 'text:…', 'int:…', 'float:…'
	call_result text               -- expected result as the server prints it; NULL for SQL NULL
);

-- Further checks of a type, optional: a whole query returning one row of one column.
CREATE TABLE bi_check (
	ord       serial,
	type_name text NOT NULL REFERENCES bi_type,
	sql       text NOT NULL,
	params    text[] NOT NULL DEFAULT '{}',
	expected  text
);

-- What the drivers run: every case once per row, in id order.
--   params        bound parameters, '|'-separated, each 'text:…', 'int:…' or 'float:…'
--   result_class  how to compare: text, custom (a regional_dev type: compare its
--                 text form), json, float (relative 1e-12), int, bool
--   result_oid    the result's type OID; type_oid the OID of the type under test
CREATE TABLE bi_case (
	id           integer PRIMARY KEY,
	type_name    text NOT NULL,
	kind         text NOT NULL,
	sql          text NOT NULL,
	params       text NOT NULL,
	result_class text NOT NULL,
	result_oid   oid NOT NULL,
	type_oid     oid NOT NULL,
	expected     text
);

-- How a driver compares a result of type t.  A domain (adcode, over integer)
-- is its base type on the wire: the server sends the base type's OID in the
-- row description, so drivers see and compare an int4.
CREATE FUNCTION bi_class(t0 regtype) RETURNS text LANGUAGE sql STABLE AS $$
	WITH base AS (SELECT CASE WHEN typtype = 'd' THEN typbasetype ELSE oid END::regtype AS t FROM pg_type WHERE oid = t0)
	SELECT CASE
		WHEN t IN ('float8', 'float4', 'numeric') THEN 'float'
		WHEN t IN ('int2', 'int4', 'int8') THEN 'int'
		WHEN t IN ('json', 'jsonb') THEN 'json'
		WHEN t = 'bool'::regtype THEN 'bool'
		WHEN t IN ('text', 'varchar', 'bpchar', 'name') THEN 'text'
		WHEN (SELECT typnamespace = 'regional_dev'::regnamespace FROM pg_type WHERE oid = t) THEN 'custom'
		ELSE 'other'
	END
	FROM base
$$;

-- Run one case on the server: each ? becomes $n, bound like a driver binds it.
CREATE FUNCTION bi_run(query text, params text[], OUT result_type regtype, OUT result text)
LANGUAGE plpgsql AS $$
DECLARE
	q text := '';
	rest text := query;
	pos integer;
	n integer := 0;
	vals text[] := '{}';
	k text;
BEGIN
	LOOP
		pos := strpos(rest, '?');
		EXIT WHEN pos = 0;
		n := n + 1;
		IF n > coalesce(array_length(params, 1), 0) THEN
			RAISE EXCEPTION 'more ? than parameters in: %', query;
		END IF;
		k := split_part(params[n], ':', 1);
		vals[n] := substr(params[n], length(k) + 2);
		q := q || left(rest, pos - 1) || CASE k
			WHEN 'text' THEN format('$%s', n)
			WHEN 'int' THEN format('CAST($%s AS integer)', n)
			WHEN 'float' THEN format('CAST($%s AS float8)', n)
		END;
		IF k NOT IN ('text', 'int', 'float') THEN
			RAISE EXCEPTION 'parameter "%" is not text:…, int:… or float:…', params[n];
		END IF;
		rest := substr(rest, pos + 1);
	END LOOP;
	IF n <> coalesce(array_length(params, 1), 0) THEN
		RAISE EXCEPTION 'more parameters than ? in: %', query;
	END IF;
	IF n > 8 THEN
		RAISE EXCEPTION 'at most 8 parameters: %', query;
	END IF;
	EXECUTE format('SELECT pg_catalog.pg_typeof(x), x::text FROM (%s) AS q(x)', q || rest)
		INTO STRICT result_type, result
		USING vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7], vals[8];
END
$$;

-- Whether a result matches what the entry expects, by class.
CREATE FUNCTION bi_matches(class text, got text, expected text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
	IF got IS NULL OR expected IS NULL THEN
		RETURN got IS NULL AND expected IS NULL;
	END IF;
	RETURN CASE class
		WHEN 'float' THEN abs(got::float8 - expected::float8) <= 1e-12 * abs(expected::float8)
		WHEN 'int' THEN got::bigint = expected::bigint
		-- Drivers that see jsonb as text compare it exactly: write it as the server prints it.
		WHEN 'json' THEN got::jsonb = expected::jsonb AND expected::jsonb::text = expected
		WHEN 'bool' THEN expected IN ('true', 'false') AND got::boolean = expected::boolean
		ELSE got = expected
	END;
END
$$;

-- Build bi_case from the registry; return one line per problem (none: all good).
CREATE FUNCTION bi_build() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	t record;
	c record;
	r record;
	id integer := 0;
	ty text;
	class text;
BEGIN
	DELETE FROM bi_case;
	-- Every type of the extension needs an entry.
	RETURN QUERY
		SELECT format('type %s has no entry in test/bi/types.sql', ext.typname)
		FROM pg_type ext
		JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = ext.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
		WHERE ext.typtype <> 'c' AND ext.typcategory <> 'A'
		  AND ext.typname NOT IN (SELECT type_name FROM bi_type)
		ORDER BY 1;
	FOR t IN SELECT * FROM bi_type ORDER BY ord LOOP
		IF to_regtype('regional_dev.' || quote_ident(t.type_name)) IS NULL THEN
			RETURN NEXT format('type %s of test/bi/types.sql does not exist', t.type_name);
			CONTINUE;
		END IF;
		ty := 'regional_dev.' || quote_ident(t.type_name);
		IF to_regclass(quote_ident('bi_column_' || t.type_name)) IS NOT NULL THEN
			EXECUTE format('DROP TABLE %I', 'bi_column_' || t.type_name);
		END IF;
		EXECUTE format('CREATE TABLE %I (v %s)', 'bi_column_' || t.type_name, ty);
		EXECUTE format('INSERT INTO %I VALUES (%L)', 'bi_column_' || t.type_name, t.sample);
		FOR c IN
			SELECT 'text' AS kind, format('SELECT CAST(? AS %s)', ty) AS sql,
			       ARRAY['text:' || t.sample] AS params, t.text_form AS expected
			UNION ALL
			SELECT 'reparse', format('SELECT CAST(CAST(? AS %s) AS text)', ty),
			       ARRAY['text:' || t.text_form], t.text_form
			UNION ALL
			SELECT 'literal', format('SELECT %L::%s', t.sample, ty), '{}', t.text_form
			UNION ALL
			SELECT 'column', format('SELECT v FROM public.%I', 'bi_column_' || t.type_name), '{}', t.text_form
			UNION ALL
			SELECT 'cast', format('SELECT CAST(CAST(? AS %s) AS %s)', ty, t.cast_to),
			       ARRAY['text:' || t.sample], t.cast_result
			UNION ALL
			SELECT 'call', 'SELECT ' || t.call_sql,
			       ARRAY(SELECT CASE p WHEN 'v' THEN 'text:' || t.sample ELSE p END
			             FROM unnest(t.call_params) WITH ORDINALITY AS u(p, i) ORDER BY i),
			       t.call_result
			UNION ALL
			SELECT * FROM (
				SELECT 'check', k.sql,
				       ARRAY(SELECT CASE p WHEN 'v' THEN 'text:' || t.sample ELSE p END
				             FROM unnest(k.params) WITH ORDINALITY AS u(p, i) ORDER BY i),
				       k.expected
				FROM bi_check k WHERE k.type_name = t.type_name ORDER BY k.ord) AS more
		LOOP
			id := id + 1;
			IF EXISTS (SELECT FROM unnest(c.params) AS p WHERE strpos(p, '|') > 0) THEN
				RETURN NEXT format('%s %s (%s): a parameter contains |', t.type_name, c.kind, c.sql);
				CONTINUE;
			END IF;
			BEGIN
				r := bi_run(c.sql, c.params);
			EXCEPTION WHEN OTHERS THEN
				RETURN NEXT format('%s %s (%s): %s', t.type_name, c.kind, c.sql, SQLERRM);
				CONTINUE;
			END;
			class := bi_class(r.result_type);
			IF class = 'other' THEN
				RETURN NEXT format('%s %s (%s): result type %s; cast it to text or a plain type',
					t.type_name, c.kind, c.sql, r.result_type);
			ELSIF NOT bi_matches(class, r.result, c.expected) THEN
				RETURN NEXT format('%s %s (%s): the server returns %s, the entry expects %s',
					t.type_name, c.kind, c.sql, coalesce(r.result, 'NULL'), coalesce(c.expected, 'NULL'));
			END IF;
			INSERT INTO bi_case VALUES (id, t.type_name, c.kind, c.sql, array_to_string(c.params, '|'),
				class, r.result_type, ty::regtype, c.expected);
		END LOOP;
	END LOOP;
END
$$;
