-- No hijack, no escalation (doc/reliability.md).  Every probe of
-- test/reliability/registry.sql (one per regional_dev function or operator)
-- gives the same result (1) on a clean search_path, (2) with a hostile schema
-- ahead of pg_catalog holding a twin of every PostGIS function, of every
-- pg_catalog function and operator on common types, of common aggregates,
-- and of regional_dev's operators, plus tables named region ahead of
-- regional_dev's, and (3) for a non-superuser analyst doing the same in a
-- schema of their own.  Hostile twins return NULL, warn and count their calls:
-- none may be called.  A deliberately unqualified function shows that the
-- hostile schema does catch what it can reach.  The expected output does not
-- depend on how many probes there are: a new function adds a line to the
-- registry, not here.
SET client_min_messages = warning;
\set ECHO none
\i test/reliability/registry.sql
\set ECHO all
RESET client_min_messages;

-- Every probe's result as text, or its error.  Written qualified: it runs
-- under the hostile search_path itself.
CREATE FUNCTION reliability.run_probes() RETURNS TABLE (name text, result text)
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT p.name, p.expr FROM reliability.probes p ORDER BY p.name LOOP
		name := r.name;
		BEGIN
			EXECUTE pg_catalog.format('SELECT (%s)::pg_catalog.text', r.expr) INTO result;
		EXCEPTION WHEN OTHERS THEN
			result := pg_catalog.concat('ERROR ', SQLSTATE, ': ', SQLERRM);
		END;
		RETURN NEXT;
	END LOOP;
END
$$;

-- Twins in schema target of regional_dev's functions and operators and, when
-- everything, of PostGIS's functions, of pg_catalog's functions and operators
-- on common types, of common aggregates and of table region.  Each twin bumps
-- sequence calls, warns and returns NULL.
CREATE FUNCTION reliability.make_hostile(target text, calls text, everything boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	common regtype[] := '{text,int2,int4,int8,float4,float8,numeric,bool,bytea,json,jsonb,regional_dev.adcode,public.geometry,public.geography}';
	body text := pg_catalog.format('BEGIN PERFORM pg_catalog.nextval(%L); RAISE WARNING ''hostile %%%% called'', %%L; RETURN NULL; END', calls);
	f record;
	n integer := 0;
BEGIN
	FOR f IN
		SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args, p.prorettype::regtype AS ret
		FROM pg_catalog.pg_proc p
		WHERE p.prokind = 'f' AND NOT p.proretset AND p.proargmodes IS NULL AND p.pronargs > 0
		  AND NOT EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.oid = ANY (p.proargtypes::oid[] || p.prorettype) AND t.typtype = 'p')
		  AND (everything AND p.pronamespace = 'pg_catalog'::regnamespace AND p.proargtypes::oid[] <@ common::oid[]
			   OR p.oid IN (SELECT d.objid FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
							WHERE (e.extname = 'regional_dev' OR everything AND e.extname = 'postgis')
							  AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'))
	LOOP
		BEGIN
			EXECUTE pg_catalog.format('CREATE FUNCTION %I.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
									  target, f.proname, f.args, f.ret, pg_catalog.format(body, f.proname));
			n := n OPERATOR(pg_catalog.+) 1;
		EXCEPTION WHEN duplicate_function THEN
			NULL;			/* same name and arguments in pg_catalog and PostGIS */
		END;
	END LOOP;
	FOR f IN
		SELECT o.oid, o.oprname, o.oprleft::regtype AS l, o.oprright::regtype AS r, o.oprresult::regtype AS ret
		FROM pg_catalog.pg_operator o
		WHERE o.oprright = ANY (common::oid[]) AND (o.oprleft = 0 OR o.oprleft = ANY (common::oid[]))
		  AND (o.oprnamespace = 'regional_dev'::regnamespace
			   OR everything AND o.oprnamespace IN ('pg_catalog'::regnamespace, 'public'::regnamespace))
	LOOP
		EXECUTE pg_catalog.format('CREATE FUNCTION %I.op_%s(%s) RETURNS %s LANGUAGE plpgsql AS %L',
								  target, f.oid, CASE WHEN f.l::oid = 0 THEN f.r::text ELSE pg_catalog.concat(f.l, ', ', f.r) END,
								  f.ret, pg_catalog.format(body, f.oprname));
		BEGIN
			EXECUTE pg_catalog.format('CREATE OPERATOR %I.%s (%s RIGHTARG = %s, FUNCTION = %I.op_%s)', target, f.oprname,
									  CASE WHEN f.l::oid = 0 THEN '' ELSE pg_catalog.format('LEFTARG = %s,', f.l) END, f.r, target, f.oid);
			n := n OPERATOR(pg_catalog.+) 1;
		EXCEPTION WHEN duplicate_function OR duplicate_object THEN
			NULL;
		END;
	END LOOP;
	IF NOT everything THEN
		RETURN n;
	END IF;
	EXECUTE pg_catalog.format('CREATE FUNCTION %I.bump(bigint) RETURNS bigint LANGUAGE plpgsql AS %L', target, pg_catalog.format(body, 'count(*)'));
	EXECUTE pg_catalog.format('CREATE AGGREGATE %I.count(*) (SFUNC = %I.bump, STYPE = bigint)', target, target);
	EXECUTE pg_catalog.format('CREATE FUNCTION %I.bump(float8, float8) RETURNS float8 LANGUAGE plpgsql AS %L', target, pg_catalog.format(body, 'aggregate'));
	EXECUTE pg_catalog.format('CREATE AGGREGATE %I.%I(float8) (SFUNC = %I.bump, STYPE = float8)', target, 'sum', target);
	EXECUTE pg_catalog.format('CREATE AGGREGATE %I.%I(float8) (SFUNC = %I.bump, STYPE = float8)', target, 'avg', target);
	EXECUTE pg_catalog.format('CREATE AGGREGATE %I.%I(float8) (SFUNC = %I.bump, STYPE = float8)', target, 'min', target);
	EXECUTE pg_catalog.format('CREATE AGGREGATE %I.%I(float8) (SFUNC = %I.bump, STYPE = float8)', target, 'max', target);
	EXECUTE pg_catalog.format('CREATE FUNCTION %I.bump(text, text, text) RETURNS text LANGUAGE plpgsql AS %L', target, pg_catalog.format(body, 'string_agg'));
	EXECUTE pg_catalog.format('CREATE AGGREGATE %I.string_agg(text, text) (SFUNC = %I.bump, STYPE = text)', target, target);
	-- and relations named like regional_dev's
	EXECUTE pg_catalog.format('CREATE TABLE %I.region (LIKE regional_dev.region)', target);
	RETURN n;
END
$$;

-- 1. Baseline on a clean path.
SET search_path = public, regional_dev;
CREATE TABLE reliability.baseline AS SELECT * FROM reliability.run_probes();
SELECT count(*) > 10 AS probes_ran, count(*) FILTER (WHERE result LIKE 'ERROR%') AS probe_errors FROM reliability.baseline;

-- 2. The hostile schema, a temporary table named region, then the probes in a
--    new session (no plan cached from the clean path).
CREATE SCHEMA hostile;
CREATE SEQUENCE hostile.calls;
SELECT reliability.make_hostile('hostile', 'hostile.calls', true) > 1000 AS many_twins;
INSERT INTO hostile.region SELECT * FROM regional_dev.region WHERE code = '310118';
UPDATE hostile.region SET name = 'hostile';
\c -
CREATE TEMP TABLE region AS SELECT * FROM hostile.region;
SET search_path = hostile, pg_catalog, public, regional_dev;
CREATE TABLE reliability.hostile_run AS SELECT * FROM reliability.run_probes();
-- A user row inserted under the hostile path: constraints use regional_dev's
-- and PostGIS's own functions (bound when the table was created).
INSERT INTO regional_dev.region (code, name, province, geom)
VALUES ('650102', 'synthetic test row', '650000',
		public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((87.6 43.78,87.66 43.78,87.66 43.82,87.6 43.78)))'));
DELETE FROM regional_dev.region WHERE code OPERATOR(pg_catalog.=) '650102';
RESET search_path;
-- Same results, no hostile call.
SELECT b.name, b.result AS clean, h.result AS hostile
FROM reliability.baseline b FULL JOIN reliability.hostile_run h USING (name)
WHERE b.result IS DISTINCT FROM h.result;
SELECT is_called AS hostile_called FROM hostile.calls;

-- Twins of regional_dev's own functions and operators in public, PostGIS's
-- schema, ahead of regional_dev on the path the manual recommends.
SELECT reliability.make_hostile('public', 'hostile.calls', false) > 10 AS some_twins;
\c -
SET search_path = public, regional_dev;
CREATE TABLE reliability.public_run AS SELECT * FROM reliability.run_probes();
RESET search_path;
SELECT b.name, b.result AS clean, h.result AS public_twins
FROM reliability.baseline b FULL JOIN reliability.public_run h USING (name)
WHERE b.result IS DISTINCT FROM h.result;
SELECT is_called AS hostile_called FROM hostile.calls;
-- (they do catch an unqualified call on that path)
CREATE FUNCTION pg_temp.naive_province(c regional_dev.adcode) RETURNS regional_dev.adcode
	LANGUAGE sql AS 'SELECT province(c)';
SET search_path = public, regional_dev;
SELECT pg_temp.naive_province('310118') AS hijacked_province;
RESET search_path;
ALTER SEQUENCE hostile.calls RESTART;
\set ECHO none
SELECT format('DROP %s %s', CASE WHEN k = 'o' THEN 'OPERATOR' ELSE 'FUNCTION' END, obj) AS drop_twin
FROM (SELECT 'o' AS k, o.oid::regoperator::text AS obj FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
	  WHERE o.oprnamespace = 'public'::regnamespace AND p.prosrc LIKE '%hostile.calls%'
	  UNION ALL
	  SELECT 'p', p.oid::regprocedure::text FROM pg_proc p
	  WHERE p.pronamespace = 'public'::regnamespace AND p.prosrc LIKE '%hostile.calls%') AS twins
ORDER BY k \gexec
\set ECHO all
SELECT count(*) AS twins_left FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND prosrc LIKE '%hostile.calls%';

-- The hostile schema does catch an unqualified call and an unqualified table.
SET check_function_bodies = off;
CREATE FUNCTION pg_temp.naive_area(g public.geometry) RETURNS float8 LANGUAGE sql AS 'SELECT st_area(g)';
CREATE FUNCTION pg_temp.naive_region() RETURNS text LANGUAGE sql AS 'SELECT name FROM region';
SET search_path = hostile, pg_catalog, public, regional_dev;
SELECT pg_temp.naive_area(public.st_geomfromewkt('POLYGON((0 0,1 0,1 1,0 0))')) AS hijacked_area,
	   pg_temp.naive_region() AS hijacked_region;
RESET search_path;
SELECT is_called AS hostile_called FROM hostile.calls;

-- 3. Functions that could be hijacked (SQL and PL/pgSQL ones) all have a probe
--    naming them or the aggregate they support.  Exempt: a routine that pins
--    its own search_path to pg_catalog, pg_temp (a procedure, which a probe
--    cannot CALL: region_to_reference_table).
WITH named AS (
	SELECT DISTINCT lower(m[1]) AS word
	FROM reliability.probes r, regexp_matches(r.expr, '([A-Za-z_][A-Za-z0-9_]*)', 'g') AS m)
SELECT p.oid::regprocedure AS function_without_probe
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
JOIN pg_language l ON l.oid = p.prolang
WHERE l.lanname NOT IN ('c', 'internal')
  AND p.proname NOT IN (SELECT word FROM named)
  AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)
  AND NOT EXISTS (SELECT FROM pg_aggregate a JOIN pg_proc ap ON ap.oid = a.aggfnoid
				  WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn)
					AND ap.proname IN (SELECT word FROM named));
-- No SECURITY DEFINER function: every function runs with its caller's rights.
SELECT p.oid::regprocedure AS security_definer
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
WHERE p.prosecdef;

-- 4. A non-superuser analyst, given USAGE on the schema (what a DBA grants).
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_regional_dev_analyst;
RESET client_min_messages;
CREATE ROLE regress_regional_dev_analyst NOLOGIN;
GRANT USAGE ON SCHEMA regional_dev TO regress_regional_dev_analyst;
GRANT USAGE ON SCHEMA reliability, hostile TO regress_regional_dev_analyst;
GRANT SELECT ON reliability.probes TO regress_regional_dev_analyst;
GRANT USAGE ON SEQUENCE hostile.calls TO regress_regional_dev_analyst;
CREATE SCHEMA analyst_space AUTHORIZATION regress_regional_dev_analyst;
CREATE TABLE reliability.secret AS SELECT 'not for analysts'::text AS note;
ALTER SEQUENCE hostile.calls RESTART;
\c -
SET ROLE regress_regional_dev_analyst;
-- Every function, on a clean path and with the analyst's own hostile twins
-- and temporary region table ahead of everything.
SET search_path = public, regional_dev;
CREATE TEMP TABLE analyst_clean AS SELECT * FROM reliability.run_probes();
SELECT reliability.make_hostile('analyst_space', 'hostile.calls', true) > 1000 AS many_twins;
CREATE TEMP TABLE region AS SELECT * FROM regional_dev.region WHERE false;
SET search_path = analyst_space, pg_catalog, public, regional_dev;
CREATE TEMP TABLE analyst_hostile AS SELECT * FROM reliability.run_probes();
RESET search_path;
RESET ROLE;
SELECT b.name, b.result AS superuser, a.result AS analyst
FROM reliability.baseline b FULL JOIN analyst_clean a USING (name)
WHERE b.result IS DISTINCT FROM a.result;
SELECT b.name, b.result AS superuser, a.result AS analyst_hostile
FROM reliability.baseline b FULL JOIN analyst_hostile a USING (name)
WHERE b.result IS DISTINCT FROM a.result;
SELECT is_called AS hostile_called FROM hostile.calls;
SET ROLE regress_regional_dev_analyst;
-- Reads region; cannot change it, nor put objects in regional_dev's schema,
-- nor read a table it was not granted.
SELECT count(*) > 0 AS reads_region FROM regional_dev.region;
INSERT INTO regional_dev.region (code, name, province, geom)
SELECT '650102', 'x', '650000', geom FROM regional_dev.region WHERE code OPERATOR(pg_catalog.=) '310118';
UPDATE regional_dev.region SET name = 'x';
DELETE FROM regional_dev.region;
TRUNCATE regional_dev.region;
CREATE FUNCTION regional_dev.province(integer) RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE TABLE regional_dev.region_copy (code integer);
SELECT note FROM reliability.secret;
RESET ROLE;
-- Granted INSERT, the analyst can add a row.
GRANT INSERT ON regional_dev.region TO regress_regional_dev_analyst;
SET ROLE regress_regional_dev_analyst;
INSERT INTO regional_dev.region (code, name, province, geom)
VALUES ('650102', 'synthetic test row', '650000',
		public.st_geomfromewkt('SRID=4326;MULTIPOLYGON(((87.6 43.78,87.66 43.78,87.66 43.82,87.6 43.78)))'));
RESET ROLE;
SELECT code, name FROM regional_dev.region WHERE code OPERATOR(pg_catalog.=) '650102';
DELETE FROM regional_dev.region WHERE code OPERATOR(pg_catalog.=) '650102';

-- Clean up.
\c -
SET client_min_messages = warning;
DROP SCHEMA analyst_space CASCADE;
DROP OWNED BY regress_regional_dev_analyst;
DROP ROLE regress_regional_dev_analyst;
DROP SCHEMA hostile CASCADE;
DROP SCHEMA reliability CASCADE;
