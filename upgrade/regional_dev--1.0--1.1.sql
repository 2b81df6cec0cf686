-- regional_dev 1.0 -> 1.1: what ALTER EXTENSION regional_dev UPDATE runs on an
-- existing installation.  Every change made to src/*.sql for 1.1 goes here too,
-- written for a database that has 1.0 (CREATE for new objects, ALTER or
-- DROP + CREATE for changed ones, never CREATE OR REPLACE on a changed
-- signature); test/suites/56_upgrade.sh compares the result with a fresh install.
\echo Use "ALTER EXTENSION regional_dev UPDATE TO '1.1'" to load this file. \quit

-- The naming rule for support functions (doc/design.md, "Names"): renamed
-- transition, combine and final functions.  ALTER FUNCTION ... RENAME keeps
-- each function's OID, so the aggregates, comments and privileges follow; the
-- C functions are then bound to the C symbol of their new name (CREATE OR
-- REPLACE with the same definition).  The library keeps the 1.0 symbols as
-- aliases (src/symbols_1_0.c) for the frozen 1.0 install script.
ALTER FUNCTION morans_i_transfn(morans_i_state, adcode, float8) RENAME TO morans_i_trans;
CREATE OR REPLACE FUNCTION morans_i_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION apportion_transfn(apportion_state, geometry, float8, geometry) RENAME TO apportion_trans;
ALTER FUNCTION series_agg_transfn(annual_series, integer, float8) RENAME TO series_agg_trans;
CREATE OR REPLACE FUNCTION series_agg_trans(annual_series, integer, float8) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION ratio_agg_transfn(ratio_summary, float8, float8) RENAME TO ratio_agg_trans;
CREATE OR REPLACE FUNCTION ratio_agg_trans(ratio_summary, float8, float8) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION choropleth_svg_trans(svg_layer, geometry, float8, text) RENAME TO svg_layer_trans;
CREATE OR REPLACE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION choropleth_svg_trans(svg_layer, geometry, float8, text, text, boolean) RENAME TO svg_layer_trans;
CREATE OR REPLACE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION annual_series_rollup_trans(annual_series, annual_series) RENAME TO annual_series_combine;
CREATE OR REPLACE FUNCTION annual_series_combine(annual_series, annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION ratio_summary_rollup_trans(ratio_summary, ratio_summary) RENAME TO ratio_summary_combine;
CREATE OR REPLACE FUNCTION ratio_summary_combine(ratio_summary, ratio_summary) RETURNS ratio_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION inequality_summary_merge(inequality_summary, inequality_summary) RENAME TO inequality_summary_combine;
CREATE OR REPLACE FUNCTION inequality_summary_combine(inequality_summary, inequality_summary) RETURNS inequality_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION gini_state_merge(gini_state, gini_state) RENAME TO gini_combine;
CREATE OR REPLACE FUNCTION gini_combine(gini_state, gini_state) RETURNS gini_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION beta_convergence_state_merge(beta_convergence_state, beta_convergence_state) RENAME TO beta_convergence_combine;
CREATE OR REPLACE FUNCTION beta_convergence_combine(beta_convergence_state, beta_convergence_state) RETURNS beta_convergence_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION flow_summary_merge(flow_summary, flow_summary) RENAME TO flow_summary_combine;
CREATE OR REPLACE FUNCTION flow_summary_combine(flow_summary, flow_summary) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION annual_series_trim(annual_series) RENAME TO annual_series_final;
CREATE OR REPLACE FUNCTION annual_series_final(annual_series) RETURNS annual_series
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER FUNCTION svg_layer_compact(svg_layer) RENAME TO svg_layer_final;
CREATE OR REPLACE FUNCTION svg_layer_final(svg_layer) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- C symbols equal SQL names (doc/design.md, "Names"): the jsonb functions of
-- the state types are bound to <type>_to_jsonb (the SQL name, or for a
-- function named jsonb, the cast exception).
CREATE OR REPLACE FUNCTION jsonb(apportion_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'apportion_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION jsonb(morans_i_state) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'morans_i_state_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION shift_share_summary_to_jsonb(shift_share_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION concentration_summary_to_jsonb(concentration_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dissimilarity_summary_to_jsonb(dissimilarity_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION dispersion_summary_to_jsonb(dispersion_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- locate(): the grid-hit counter, and locate(geometry) in C on the geometry
-- itself (same signature: CREATE OR REPLACE keeps what depends on it).
CREATE FUNCTION regional_dev.locate_grid_hits() RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION regional_dev.locate_grid_hits() IS 'how many locate() calls this session answered from a cell of its grid, without an exact point-in-polygon test (for tests and monitoring)';
DO $do$
DECLARE
	postgis text := (SELECT n.nspname FROM pg_catalog.pg_extension e
					 JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
					 WHERE e.extname OPERATOR(pg_catalog.=) 'postgis');
BEGIN
	EXECUTE pg_catalog.format($sql$
CREATE OR REPLACE FUNCTION regional_dev.locate(point %1$I.geometry) RETURNS regional_dev.adcode
	AS 'MODULE_PATHNAME', 'locate' LANGUAGE C STABLE STRICT PARALLEL SAFE
$sql$, postgis);
END
$do$;

-- Tables derived from region, kept in step by its triggers (src/region_index.c):
-- a session's region cache starts from region_index (boxes, not geometries),
-- and region_neighbors(200), morans_i and local_morans_i read region_neighbor
-- instead of computing it.  Members of the extension, not configuration
-- tables: pg_dump leaves their rows out, and a restore computes them again
-- (CREATE EXTENSION for the shipped rows, the triggers for the user rows
-- restored into region).
CREATE SEQUENCE regional_dev.region_index_version;
COMMENT ON SEQUENCE region_index_version IS 'versions of the rows of region_index (a new one each time a region''s geometry changes)';
CREATE TABLE region_index (
	code adcode PRIMARY KEY,
	lon_min float8 NOT NULL,
	lat_min float8 NOT NULL,
	lon_max float8 NOT NULL,
	lat_max float8 NOT NULL,
	npoints integer NOT NULL,
	version bigint NOT NULL
);
COMMENT ON TABLE region_index IS 'derived from region by its triggers: each region''s bounding box, number of vertices and version, read by every session''s region cache';
CREATE TABLE region_neighbor (
	a adcode NOT NULL,
	b adcode NOT NULL,
	shared_border_m float8 NOT NULL,
	PRIMARY KEY (a, b),
	CONSTRAINT region_neighbor_ordered CHECK (a < b)
);
COMMENT ON TABLE region_neighbor IS 'derived from region by its triggers: the pairs of region_neighbors(200), which morans_i and local_morans_i use';
GRANT SELECT ON region_index, region_neighbor TO PUBLIC;
COMMENT ON COLUMN region_index.code IS 'GB/T 2260 code of the region (as in region)';
COMMENT ON COLUMN region_index.lon_min IS 'west edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.lat_min IS 'south edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.lon_max IS 'east edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.lat_max IS 'north edge of the region''s bounding box (degrees)';
COMMENT ON COLUMN region_index.npoints IS 'number of vertices of the region''s geometry';
COMMENT ON COLUMN region_index.version IS 'a new number each time the region''s geometry or code changes (sessions keep a parsed geometry while its version stays)';
COMMENT ON COLUMN region_neighbor.a IS 'the smaller code of the pair';
COMMENT ON COLUMN region_neighbor.b IS 'the larger code of the pair';
COMMENT ON COLUMN region_neighbor.shared_border_m IS 'length of the border the two regions share within 200 m, in metres on the WGS84 spheroid (as region_neighbors(200))';

CREATE FUNCTION region_index_update() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_index_update() IS 'trigger on regional_dev.region: recomputes the rows of region_index and region_neighbor of the regions a change touches';
CREATE TRIGGER region_index_insert AFTER INSERT ON region
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
CREATE TRIGGER region_index_update AFTER UPDATE ON region
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
CREATE TRIGGER region_index_delete AFTER DELETE ON region
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
CREATE TRIGGER region_index_truncate AFTER TRUNCATE ON region
	FOR EACH STATEMENT EXECUTE FUNCTION region_index_update();
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_insert;
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_update;
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_delete;
ALTER TABLE region ENABLE ALWAYS TRIGGER region_index_truncate;
COMMENT ON TRIGGER region_index_insert ON region IS 'keeps region_index and region_neighbor in step with the table';
COMMENT ON TRIGGER region_index_update ON region IS 'keeps region_index and region_neighbor in step with the table';
COMMENT ON TRIGGER region_index_delete ON region IS 'keeps region_index and region_neighbor in step with the table';
COMMENT ON TRIGGER region_index_truncate ON region IS 'keeps region_index and region_neighbor in step with the table';

CREATE PROCEDURE region_index_rebuild()
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON PROCEDURE region_index_rebuild() IS 'computes region_index and region_neighbor again for every region (after the triggers of region were disabled)';

CREATE FUNCTION region_cache_loads() RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_cache_loads() IS 'how many region geometries this session has read and parsed into its region cache (for tests and monitoring)';

-- The derived tables for the rows region has now.
CALL regional_dev.region_index_rebuild();

-- Maps (issue 18): choropleth_svg and svg_layer_agg with a second label line
-- under each label (src/svg.sql).
CREATE FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean, text) RETURNS svg_layer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svg_layer_trans(svg_layer, geometry, float8, text, text, boolean, text) IS 'transition function of choropleth_svg and svg_layer_agg: adds a feature (geometry, value, label, map title, outlined, second label)';
CREATE AGGREGATE choropleth_svg(geom geometry, value float8, label text, title text, outlined boolean, second_label text) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = choropleth_svg_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE choropleth_svg(geometry, float8, text, text, boolean, text) IS 'standalone SVG 1.1 choropleth map with a title, outlined features and a second label line under each label (e.g. the Chinese name)';
CREATE AGGREGATE svg_layer_agg(geom geometry, value float8, label text, title text, outlined boolean, second_label text) (
	SFUNC = svg_layer_trans,
	STYPE = svg_layer,
	FINALFUNC = svg_layer_final,
	COMBINEFUNC = svg_layer_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svg_layer_agg(geometry, float8, text, text, boolean, text) IS 'the features of a map with a title, outlined features and two-line labels as a storable svg_layer';

-- ===========================================================================
-- Issue 18: adcode becomes a domain over integer; schema USAGE to
-- PUBLIC; LIKE on codes; region: province filled from the code, a Polygon
-- stored as a MultiPolygon (src/adcode.sql, src/region.sql, doc/bi.md).
--
-- The conversion keeps every stored code: each column of type adcode (or
-- adcode[]) in the database, the extension's and users', is altered to the
-- domain (same int4 bytes; indexes are rebuilt with integer's operator
-- classes).  Then the base type goes, with what the extension built on it
-- (its functions, operators, operator classes and casts), and those are
-- created again on the domain: same names, same signatures.  User objects
-- that would have to be dropped for this (views, functions, CHECK
-- constraints, expression indexes, defaults ... that use adcode or the
-- extension's adcode functions) stop the update with an error naming them;
-- nothing of the user's is dropped.  Foreign keys between adcode columns are
-- taken off and put back as they were.  Runs last, after every section above
-- (objects those sections created on the base type are re-created below).
-- ===========================================================================
GRANT USAGE ON SCHEMA regional_dev TO PUBLIC;

CREATE FUNCTION adcode_check(integer) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode_check(integer) IS 'CHECK of domain adcode: true for a valid code, otherwise an error that says what is wrong';
CREATE DOMAIN adcode_1_1 AS integer CONSTRAINT adcode_valid CHECK (adcode_check(VALUE));

DO $do$
DECLARE
	old_type oid := 'regional_dev.adcode'::pg_catalog.regtype;
	old_array oid := 'regional_dev.adcode[]'::pg_catalog.regtype;
	ext oid := (SELECT oid FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) 'regional_dev');
	-- Everything that depends on the base type (or on region.geom, whose
	-- type changes below), directly or through other objects, with the
	-- relation it belongs to, if any ($1: the type).
	dependents constant text := $q$
	WITH RECURSIVE dep(classid, objid, objsubid) AS (
		SELECT 'pg_catalog.pg_type'::pg_catalog.regclass::oid, $1, 0
		UNION
		SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::oid, a.attrelid, a.attnum::integer
		FROM pg_catalog.pg_attribute a
		WHERE a.attrelid OPERATOR(pg_catalog.=) 'regional_dev.region'::pg_catalog.regclass
		  AND a.attname OPERATOR(pg_catalog.=) 'geom'
		UNION
		SELECT d.classid, d.objid, d.objsubid
		FROM pg_catalog.pg_depend d JOIN dep
		  ON d.refclassid OPERATOR(pg_catalog.=) dep.classid AND d.refobjid OPERATOR(pg_catalog.=) dep.objid
		 AND (dep.objsubid OPERATOR(pg_catalog.=) 0 OR d.refobjsubid OPERATOR(pg_catalog.=) dep.objsubid)
		WHERE d.deptype OPERATOR(pg_catalog.<>) 'e'
	)
	SELECT dep.*,
		CASE dep.classid
			WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN
				COALESCE((SELECT i.indrelid FROM pg_catalog.pg_index i WHERE i.indexrelid OPERATOR(pg_catalog.=) dep.objid), dep.objid)
			WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
				(SELECT c.conrelid FROM pg_catalog.pg_constraint c WHERE c.oid OPERATOR(pg_catalog.=) dep.objid)
			WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN
				(SELECT w.ev_class FROM pg_catalog.pg_rewrite w WHERE w.oid OPERATOR(pg_catalog.=) dep.objid)
			WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN
				(SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE t.oid OPERATOR(pg_catalog.=) dep.objid)
			WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN
				(SELECT a.adrelid FROM pg_catalog.pg_attrdef a WHERE a.oid OPERATOR(pg_catalog.=) dep.objid)
		END AS relid
	FROM dep
	$q$;
	blockers text;
	fks text[];
	r record;
BEGIN
	-- The user's objects that cannot follow: not members of the extension
	-- nor parts of its tables or operator families, not the triggers of
	-- foreign keys, and not columns of tables, plain indexes on
	-- columns, or primary key, unique, foreign key and (PostgreSQL 18)
	-- NOT NULL constraints.
	EXECUTE pg_catalog.format($q$
	SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(a.classid, a.objid, a.objsubid), ', '
								 ORDER BY pg_catalog.pg_describe_object(a.classid, a.objid, a.objsubid))
	FROM (%s) a
	WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
					  WHERE e.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
						AND e.refobjid OPERATOR(pg_catalog.=) $2 AND e.deptype OPERATOR(pg_catalog.=) 'e'
						AND (e.classid OPERATOR(pg_catalog.=) a.classid AND e.objid OPERATOR(pg_catalog.=) a.objid
							 OR e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
								AND e.objid OPERATOR(pg_catalog.=) a.relid))
	  AND a.classid NOT IN ('pg_catalog.pg_amop'::pg_catalog.regclass, 'pg_catalog.pg_amproc'::pg_catalog.regclass)
	  AND NOT (a.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_trigger'::pg_catalog.regclass
			   AND (SELECT t.tgisinternal FROM pg_catalog.pg_trigger t WHERE t.oid OPERATOR(pg_catalog.=) a.objid))
	  AND NOT (a.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass AND a.objid OPERATOR(pg_catalog.=) $3)
	  AND NOT (a.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass AND a.objsubid OPERATOR(pg_catalog.>) 0
			   AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) a.objid) IN ('r', 'p', 'f'))
	  AND NOT (a.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
			   AND EXISTS (SELECT FROM pg_catalog.pg_index i WHERE i.indexrelid OPERATOR(pg_catalog.=) a.objid
						   AND i.indexprs IS NULL AND i.indpred IS NULL))
	  AND NOT (a.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass
			   AND (SELECT c.contype FROM pg_catalog.pg_constraint c WHERE c.oid OPERATOR(pg_catalog.=) a.objid) IN ('p', 'u', 'f', 'n'))
	$q$, dependents) INTO blockers USING old_type, ext, old_array;
	IF blockers IS NOT NULL THEN
		RAISE EXCEPTION 'regional_dev 1.1 turns type adcode into a domain over integer and changes the type of region.geom, which these objects prevent: %', blockers
			USING ERRCODE = 'dependent_objects_still_exist',
				  DETAIL = 'The update converts columns of type adcode (with their plain indexes and keys) in place; it does not drop or rewrite views, functions, constraints or indexes that use adcode, regional_dev''s adcode functions and operators, or region.geom.',
				  HINT = 'Save their definitions (pg_dump --schema-only), drop them, run ALTER EXTENSION regional_dev UPDATE again, then create them again (doc/bi.md, "Upgrading from 1.0").';
	END IF;

	-- Foreign keys between adcode columns: taken off now, put back after.
	EXECUTE pg_catalog.format($q$
	SELECT pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', c.conrelid::pg_catalog.regclass,
												  c.conname, pg_catalog.pg_get_constraintdef(c.oid)))
	FROM pg_catalog.pg_constraint c
	WHERE c.contype OPERATOR(pg_catalog.=) 'f'
	  AND c.oid IN (SELECT a.objid FROM (%s) a WHERE a.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass)
	$q$, dependents) INTO fks USING old_type;
	FOR r IN EXECUTE pg_catalog.format($q$
		SELECT c.conrelid::pg_catalog.regclass AS rel, c.conname FROM pg_catalog.pg_constraint c
		WHERE c.contype OPERATOR(pg_catalog.=) 'f'
		  AND c.oid IN (SELECT a.objid FROM (%s) a WHERE a.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass)
		$q$, dependents) USING old_type
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', r.rel, r.conname);
	END LOOP;

	-- The extension's own constraints that use adcode's operators: put back below.
	ALTER TABLE regional_dev.region DROP CONSTRAINT region_province_of_code;
	ALTER TABLE regional_dev.region_neighbor DROP CONSTRAINT region_neighbor_ordered;

	-- Every column, one ALTER per table (inherited columns follow their parent).
	FOR r IN
		SELECT cl.oid::pg_catalog.regclass AS rel, cl.relkind,
			pg_catalog.string_agg(pg_catalog.format('ALTER COLUMN %I TYPE regional_dev.adcode_1_1%s USING (%I::pg_catalog.int4%s)::regional_dev.adcode_1_1%s',
				a.attname, CASE WHEN a.atttypid OPERATOR(pg_catalog.=) old_array THEN '[]' ELSE '' END,
				a.attname, CASE WHEN a.atttypid OPERATOR(pg_catalog.=) old_array THEN '[]' ELSE '' END,
				CASE WHEN a.atttypid OPERATOR(pg_catalog.=) old_array THEN '[]' ELSE '' END), ', ' ORDER BY a.attnum) AS alters
		FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class cl ON cl.oid OPERATOR(pg_catalog.=) a.attrelid
		WHERE a.atttypid IN (old_type, old_array) AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
		  AND a.attinhcount OPERATOR(pg_catalog.=) 0 AND cl.relkind IN ('r', 'p', 'f')
		GROUP BY cl.oid, cl.relkind
	LOOP
		EXECUTE pg_catalog.format('ALTER %s %s %s', CASE r.relkind WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.rel, r.alters);
	END LOOP;

	-- The base type and what the extension built on it (nothing of the user's: checked above).
	SET LOCAL client_min_messages = warning;
	DROP TYPE regional_dev.adcode CASCADE;
	ALTER DOMAIN regional_dev.adcode_1_1 RENAME TO adcode;

	FOR r IN SELECT pg_catalog.unnest(fks) AS stmt LOOP
		EXECUTE r.stmt;
	END LOOP;
END
$do$;
-- (DROP TYPE took the operator classes, not their families)
DROP OPERATOR FAMILY adcode_ops USING btree;
DROP OPERATOR FAMILY adcode_hash_ops USING hash;
COMMENT ON DOMAIN adcode IS 'six-digit GB/T 2260 administrative division code (province, prefecture, county); a domain over integer';

-- What the extension built on adcode, created again on the domain (as in
-- src/adcode.sql, src/places.sql, src/flow.sql, src/local_moran.sql).
-- integer -> adcode as a function (the domain itself needs no cast: an
-- integer or a quoted literal is validated when it becomes an adcode).
CREATE FUNCTION adcode(integer) RETURNS adcode
	AS 'MODULE_PATHNAME', 'adcode_from_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode(integer) IS 'integer to adcode, validated like text input';

-- Hierarchy.
CREATE FUNCTION adcode_level(adcode) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode_level(adcode) IS 'level of the code: province (xx0000), prefecture (xxxx00) or county';
CREATE FUNCTION province(adcode) RETURNS adcode
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION province(adcode) IS 'the province containing the code (310118 -> 310000)';
CREATE FUNCTION prefecture(adcode) RETURNS adcode
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION prefecture(adcode) IS 'the prefecture containing the code (320509 -> 320500); a province code returns itself';
CREATE FUNCTION boundary_level(a adcode, b adcode) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION boundary_level(adcode, adcode) IS 'highest administrative boundary between two codes: province, prefecture, county, or none when one contains the other';

CREATE FUNCTION adcode_contains(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode_contains(adcode, adcode) IS 'whether the first code contains the second (reflexive)';
CREATE FUNCTION adcode_contained(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode_contained(adcode, adcode) IS 'whether the first code lies in the second (reflexive)';
CREATE OPERATOR @> (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_contains,
	COMMUTATOR = <@, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR <@ (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_contained,
	COMMUTATOR = @>, RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR @>(adcode, adcode) IS 'contains';
COMMENT ON OPERATOR <@(adcode, adcode) IS 'is contained in';

-- LIKE on codes, as a GIS or BI filter writes it ("code" LIKE '3101%'): the
-- text of the code matched against the pattern.  integer has no LIKE, so these
-- operators are defined for adcode, and placed in schema public as well as
-- this one, so that the default search_path ("$user", public) finds them
-- (doc/bi.md); a database without schema public goes without the copies there.
CREATE FUNCTION adcode_like(adcode, text) RETURNS boolean
	AS $$ SELECT pg_catalog.textlike($1::pg_catalog.text, $2) $$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION adcode_not_like(adcode, text) RETURNS boolean
	AS $$ SELECT pg_catalog.textnlike($1::pg_catalog.text, $2) $$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode_like(adcode, text) IS 'whether the code, as text, matches the LIKE pattern';
COMMENT ON FUNCTION adcode_not_like(adcode, text) IS 'whether the code, as text, does not match the LIKE pattern';
DO $do$
DECLARE
	target text;
BEGIN
	FOR target IN SELECT 'regional_dev' UNION ALL
		SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) 'public'
	LOOP
		EXECUTE pg_catalog.format($sql$
CREATE OPERATOR %1$I.~~ (LEFTARG = regional_dev.adcode, RIGHTARG = pg_catalog.text,
	FUNCTION = regional_dev.adcode_like, NEGATOR = OPERATOR(%1$I.!~~), RESTRICT = likesel, JOIN = likejoinsel);
CREATE OPERATOR %1$I.!~~ (LEFTARG = regional_dev.adcode, RIGHTARG = pg_catalog.text,
	FUNCTION = regional_dev.adcode_not_like, NEGATOR = OPERATOR(%1$I.~~), RESTRICT = nlikesel, JOIN = nlikejoinsel);
COMMENT ON OPERATOR %1$I.~~ (regional_dev.adcode, pg_catalog.text) IS 'matches LIKE pattern';
COMMENT ON OPERATOR %1$I.!~~ (regional_dev.adcode, pg_catalog.text) IS 'does not match LIKE pattern';
$sql$, target);
	END LOOP;
END
$do$;

CREATE FUNCTION locate_ewkb(point bytea) RETURNS adcode
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION locate_ewkb(bytea) IS 'locate() on the EWKB of a point: code of the region covering it (smallest code on a shared border), NULL outside every region';
CREATE FUNCTION length_by_region_ewkb(line bytea) RETURNS TABLE(code adcode, length_m float8)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION length_by_region_ewkb(bytea) IS 'length_by_region() on the EWKB of a line: geodesic metres (WGS84) of the line in each region';
CREATE FUNCTION region_neighbors(tolerance_m float8 DEFAULT 200)
	RETURNS TABLE(a adcode, b adcode, shared_border_m float8, boundary_level text)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION region_neighbors(float8) IS 'neighbouring regions (a < b) whose borders run within tolerance_m metres of each other, with the geodesic length of that border and the boundary level between them; robust to slivers and overlaps between separately digitized provinces';
CREATE FUNCTION morans_i_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION morans_i_trans(morans_i_state, adcode, float8) IS 'transition function of morans_i(): adds a (code, value) pair';
CREATE AGGREGATE morans_i(code adcode, value float8) (
	SFUNC = morans_i_trans,
	STYPE = morans_i_state,
	COMBINEFUNC = morans_i_combine,
	FINALFUNC = morans_i_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE morans_i(adcode, float8) IS 'global Moran''s I of value over the regions given: binary contiguity from region_neighbors(200), row-standardized; expected value, variance, z and two-sided p under normality as PySAL esda.Moran';
CREATE FUNCTION flow_agg_trans(flow_summary, adcode, adcode, float8) RETURNS flow_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION flow_agg_trans(flow_summary, adcode, adcode, float8) IS 'transition function of flow_agg';
CREATE AGGREGATE flow_agg(origin adcode, destination adcode, amount float8) (
	SFUNC = flow_agg_trans,
	STYPE = flow_summary,
	COMBINEFUNC = flow_summary_combine,
	FINALFUNC = flow_summary_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE flow_agg(adcode, adcode, float8) IS 'amounts summed per origin-destination pair (amounts ≥ 0; rows with a NULL are skipped)';
CREATE FUNCTION flows(flow_summary, level text) RETURNS TABLE (origin adcode, destination adcode, amount float8)
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION net_inflow(flow_summary, region adcode) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION flows(flow_summary, text) IS 'the origin-destination matrix with both codes raised to level (county, prefecture or province), sorted';
COMMENT ON FUNCTION net_inflow(flow_summary, adcode) IS 'inflow − outflow of region (codes it contains count as it), flows inside the region excluded';
CREATE FUNCTION local_morans_i(codes adcode[], vals float8[], permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
	AS 'MODULE_PATHNAME', 'local_morans_i' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_morans_i(adcode[], float8[], integer, integer) IS 'local Moran''s I (LISA) of vals over the regions codes, weights of morans_i (region_neighbors(200) among the codes, row-standardized); conditional permutation pseudo p-value as PySAL esda.Moran_Local p_sim (reproducible for a seed), z its z_sim; quadrant HH, LL, HL, LH; regions without neighbours get NULLs and a NOTICE';
CREATE FUNCTION local_morans_i_neighbors(codes adcode[], vals float8[], neighbor_a adcode[], neighbor_b adcode[],
		permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
	AS 'MODULE_PATHNAME', 'local_morans_i_neighbors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_morans_i_neighbors(adcode[], float8[], adcode[], adcode[], integer, integer) IS 'local_morans_i with the contiguity pairs (neighbor_a[k], neighbor_b[k]) among codes, row-standardized; conditional permutation pseudo p-value as PySAL esda.Moran_Local p_sim, z its z_sim; quadrant HH, LL, HL, LH; regions without neighbours get NULLs and a NOTICE';
DO $do$
DECLARE
	postgis text := (SELECT n.nspname FROM pg_catalog.pg_extension e
					 JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
					 WHERE e.extname OPERATOR(pg_catalog.=) 'postgis');
BEGIN
	EXECUTE pg_catalog.format($sql$
CREATE FUNCTION regional_dev.locate(point %1$I.geometry) RETURNS regional_dev.adcode
	AS 'MODULE_PATHNAME', 'locate' LANGUAGE C STABLE STRICT PARALLEL SAFE
$sql$, postgis);
	EXECUTE pg_catalog.format($sql$
CREATE FUNCTION regional_dev.length_by_region(line %1$I.geometry)
	RETURNS TABLE(code regional_dev.adcode, length_m float8)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 4
	AS $body$SELECT l.code, l.length_m FROM regional_dev.length_by_region_ewkb(%1$I.st_asewkb(line)) AS l$body$
$sql$, postgis);
END
$do$;
COMMENT ON FUNCTION locate(geometry) IS 'code of the region of regional_dev.region covering a point (SRID 4326); the smallest code on a shared border; NULL outside every region';
COMMENT ON FUNCTION length_by_region(geometry) IS 'length in metres on the WGS84 spheroid of a line (SRID 4326) inside each region it passes, as ST_Length(geography) of its pieces';

-- region: the constraints taken off above; geom of any type in SRID 4326 with
-- a CHECK for MultiPolygon, and the trigger for rows users add (src/region.sql).
ALTER TABLE region ADD CONSTRAINT region_province_of_code CHECK (province = province(code));
ALTER TABLE region_neighbor ADD CONSTRAINT region_neighbor_ordered CHECK (a < b);
ALTER TABLE region ALTER COLUMN geom TYPE geometry(Geometry, 4326),
	ADD CONSTRAINT region_geom_multipolygon CHECK (GeometryType(geom) = 'MULTIPOLYGON');
COMMENT ON COLUMN region.province IS 'code of the province the region belongs to (filled from code when omitted)';
COMMENT ON COLUMN region.geom IS 'boundary, valid MultiPolygon in WGS84 (SRID 4326; a Polygon is stored as a MultiPolygon); no two regions overlap';
CREATE FUNCTION region_fill() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION region_fill() IS 'trigger on regional_dev.region: fills province from the code when it is NULL and turns a Polygon into a MultiPolygon';
CREATE TRIGGER region_fill BEFORE INSERT OR UPDATE ON region
	FOR EACH ROW EXECUTE FUNCTION region_fill();
COMMENT ON TRIGGER region_fill ON region IS 'fills province from the code when omitted; stores a Polygon as a MultiPolygon';

-- ===================== end of issue 18 =====================

-- ---------------------------------------------------------------------------
-- Places on Citus (issue 19): regional_dev.region as a Citus reference table.
-- ---------------------------------------------------------------------------
-- On a Citus cluster every node has its own regional_dev.region: this
-- procedure (it writes: CALL, as region_index_rebuild) makes it one Citus
-- reference table, the same on every node and written on all of
-- them in one transaction (doc/scale-out.md, "Places on Citus";
-- src/region_citus.c).  The rows go through a temporary copy so that the
-- table becomes a reference table empty and every node's placement is then
-- filled by one INSERT, whose triggers compute each node's derived tables
-- from its own copy (the TRUNCATE before it empties them everywhere, rows of
-- a worker's former regions included).
CREATE PROCEDURE region_to_reference_table()
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	method text;
	n bigint;
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
		RAISE EXCEPTION 'region_to_reference_table: extension "citus" is not installed in this database'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Run it on the coordinator of a Citus cluster (doc/scale-out.md, "Places on Citus").';
	END IF;
	EXECUTE 'SELECT pg_catalog.min(groupid) FROM pg_catalog.pg_dist_local_group' INTO n;
	IF n <> 0 THEN
		RAISE EXCEPTION 'region_to_reference_table: this is a Citus worker (group %), run it on the coordinator', n
			USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	EXECUTE 'SELECT partmethod::pg_catalog.text FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1'
		INTO method USING 'regional_dev.region'::pg_catalog.regclass;
	IF method = 'n' THEN
		RAISE NOTICE 'region_to_reference_table: regional_dev.region is a reference table already';
		RETURN;
	ELSIF method IS NOT NULL THEN
		RAISE EXCEPTION 'region_to_reference_table: regional_dev.region is distributed by Citus, not a reference table'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Citus cannot undistribute a table of an extension: SELECT run_command_on_all_nodes(''ALTER EXTENSION regional_dev DROP TABLE regional_dev.region''); DROP TABLE regional_dev.region; DROP EXTENSION regional_dev; CREATE EXTENSION regional_dev; then call this.';
	END IF;
	CREATE TEMP TABLE region_rows ON COMMIT DROP AS SELECT * FROM regional_dev.region;
	TRUNCATE regional_dev.region;
	-- region's triggers only touch tables of this node (src/region_citus.c)
	PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', 'on', true);
	EXECUTE 'SELECT pg_catalog.create_reference_table(''regional_dev.region'')';
	TRUNCATE regional_dev.region;
	INSERT INTO regional_dev.region SELECT * FROM pg_temp.region_rows;
	DROP TABLE pg_temp.region_rows;
END $$;
COMMENT ON PROCEDURE region_to_reference_table() IS 'on the coordinator of a Citus cluster: makes regional_dev.region a reference table, the same on every node, each node keeping its derived tables and region caches in step with its copy';

-- ===== h17 (issue #17): spatial weights and spatial statistics =====
-- As src/spatial_weights.sql, the additions at the end of src/local_moran.sql
-- (local_morans_i over weights, the aggregate local_morans_i) and src/spatial_stats.sql.

CREATE TYPE spatial_weights;
CREATE FUNCTION spatial_weights_in(cstring) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_out(spatial_weights) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_recv(internal) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spatial_weights_send(spatial_weights) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spatial_weights (
	INPUT = spatial_weights_in,
	OUTPUT = spatial_weights_out,
	RECEIVE = spatial_weights_recv,
	SEND = spatial_weights_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE spatial_weights IS 'a spatial weights matrix: regions, each with its neighbours and their weights as given, and a transform (B binary, R row-standardized, O as given) applied among the regions a statistic is given';
COMMENT ON FUNCTION spatial_weights_in(cstring) IS 'text input of spatial_weights: R{110101:[110102:1],110102:[110101:1]}';
COMMENT ON FUNCTION spatial_weights_out(spatial_weights) IS 'text output of spatial_weights';
COMMENT ON FUNCTION spatial_weights_recv(internal) IS 'binary input of spatial_weights, validated like text input';
COMMENT ON FUNCTION spatial_weights_send(spatial_weights) IS 'binary output of spatial_weights';

CREATE FUNCTION contiguity_weights(codes adcode[], tolerance_m float8 DEFAULT 200, min_border_m float8 DEFAULT 0,
		transform text DEFAULT 'R') RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION contiguity_weights(adcode[], float8, float8, text) IS 'contiguity among codes: the pairs of region_neighbors(tolerance_m) sharing at least min_border_m metres of border (0: queen-like, more: rook-like); NOTICE names the regions without neighbours';

CREATE FUNCTION pair_weights(codes adcode[], code_a adcode[], code_b adcode[], transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pair_weights(adcode[], adcode[], adcode[], text) IS 'weights from explicit neighbour pairs (code_a[k], code_b[k]) among codes, weight 1 in both directions';
CREATE FUNCTION pair_weights(codes adcode[], code_a adcode[], code_b adcode[], weight float8[], transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pair_weights(adcode[], adcode[], adcode[], float8[], text) IS 'weights from explicit pairs with their weights, both directions unless the reverse pair is given with its own weight';

CREATE FUNCTION knn_weights(codes adcode[], k integer, transform text DEFAULT 'R') RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION knn_weights(adcode[], integer, text) IS 'each region''s k nearest others by geodesic distance (WGS84) between the centroids of the regions in regional_dev.region; ties to the lower code';
CREATE FUNCTION knn_weights(codes adcode[], lon float8[], lat float8[], k integer, transform text DEFAULT 'R')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION knn_weights(adcode[], float8[], float8[], integer, text) IS 'each region''s k nearest others by geodesic distance (WGS84) between the points (lon, lat) given; ties to the lower code';

CREATE FUNCTION distance_band_weights(codes adcode[], threshold_m float8, transform text DEFAULT 'B')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distance_band_weights(adcode[], float8, text) IS 'every pair of regions whose centroids are at most threshold_m geodesic metres (WGS84) apart; NOTICE names the regions without neighbours';
CREATE FUNCTION distance_band_weights(codes adcode[], lon float8[], lat float8[], threshold_m float8, transform text DEFAULT 'B')
	RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION distance_band_weights(adcode[], float8[], float8[], float8, text) IS 'every pair of the points (lon, lat) given at most threshold_m geodesic metres (WGS84) apart';

CREATE FUNCTION spatial_weights_pairs(weights spatial_weights)
	RETURNS TABLE(code_a adcode, code_b adcode, weight float8)
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION spatial_weights_pairs(spatial_weights) IS 'the weights as rows (code_a, code_b, w_ab), transformed';
CREATE FUNCTION spatial_weights_islands(weights spatial_weights) RETURNS adcode[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spatial_weights_islands(spatial_weights) IS 'the regions without neighbours, ascending';
CREATE FUNCTION spatial_weights_transform(weights spatial_weights, transform text) RETURNS spatial_weights
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spatial_weights_transform(spatial_weights, text) IS 'the same weights with another transform: B binary, R row-standardized, O as given';

CREATE FUNCTION jsonb(spatial_weights) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'spatial_weights_to_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jsonb(spatial_weights) IS 'spatial_weights as jsonb: {"transform": "R", "neighbors": {"310118": {"320509": 1}, ...}}, weights as given';
CREATE CAST (spatial_weights AS jsonb) WITH FUNCTION jsonb(spatial_weights);

CREATE FUNCTION local_morans_i(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, ii float8, z float8, p_value float8, quadrant text)
	AS 'MODULE_PATHNAME', 'local_morans_i' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_morans_i(adcode[], float8[], spatial_weights, integer, integer) IS 'local Moran''s I (LISA) of vals over codes with the weights given (transformed among the codes); conditional permutation pseudo p-value as esda.Moran_Local p_sim, z its z_sim; quadrant HH, LL, HL, LH';

-- local_morans_i(code, value): the aggregate, one array of rows per group
-- (an aggregate returns one value; unnest() it), on morans_i's state type.
CREATE TYPE local_morans_i_result AS (code adcode, ii float8, z float8, p_value float8, quadrant text);
COMMENT ON TYPE local_morans_i_result IS 'a row of local_morans_i: region, local Moran''s I, z_sim, p_sim, quadrant';
CREATE FUNCTION local_morans_i_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION local_morans_i_trans(morans_i_state, adcode, float8) IS 'transition function of local_morans_i(): adds a (code, value) pair';
CREATE FUNCTION local_morans_i_combine(morans_i_state, morans_i_state) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_morans_i_combine(morans_i_state, morans_i_state) IS 'combine function of local_morans_i(): union of the pairs of two states';
CREATE FUNCTION local_morans_i_final(morans_i_state) RETURNS local_morans_i_result[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_morans_i_final(morans_i_state) IS 'final function of local_morans_i(): the rows of local_morans_i(codes, vals) with its defaults, as an array';
CREATE AGGREGATE local_morans_i(code adcode, value float8) (
	SFUNC = local_morans_i_trans,
	STYPE = morans_i_state,
	COMBINEFUNC = local_morans_i_combine,
	FINALFUNC = local_morans_i_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE local_morans_i(adcode, float8) IS 'local Moran''s I (LISA) of value over the regions of the group, as local_morans_i(codes, vals) (region_neighbors(200), 999 permutations, seed 0): an array of local_morans_i_result, unnest() it for rows';

CREATE TYPE morans_i_inference AS (i float8, ei float8, vi_norm float8, sei_norm float8, z_norm float8, p_norm float8,
	vi_rand float8, sei_rand float8, z_rand float8, p_rand float8,
	ei_sim float8, vi_sim float8, sei_sim float8, z_sim float8, p_sim float8, p_z_sim float8);
COMMENT ON TYPE morans_i_inference IS 'global Moran''s I with esda.Moran''s moments: normality (_norm), randomization (_rand), permutations (_sim); p_norm, p_rand two-sided, p_z_sim one-sided';
CREATE FUNCTION morans_i(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0) RETURNS morans_i_inference
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION morans_i(adcode[], float8[], spatial_weights, integer, integer) IS 'global Moran''s I of vals over codes with the weights given, inference as esda.Moran (reproducible for a seed)';

CREATE TYPE gearys_c_inference AS (c float8, ec float8, vc_norm float8, sec_norm float8, z_norm float8, p_norm float8,
	vc_rand float8, sec_rand float8, z_rand float8, p_rand float8,
	ec_sim float8, vc_sim float8, sec_sim float8, z_sim float8, p_sim float8, p_z_sim float8);
COMMENT ON TYPE gearys_c_inference IS 'Geary''s C with esda.Geary''s moments: normality (_norm), randomization (_rand), permutations (_sim); p_norm, p_rand two-sided, p_z_sim one-sided';
CREATE FUNCTION gearys_c(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0) RETURNS gearys_c_inference
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gearys_c(adcode[], float8[], spatial_weights, integer, integer) IS 'Geary''s C of vals over codes with the weights given, inference as esda.Geary (reproducible for a seed)';

CREATE TYPE getis_ord_g_inference AS (g float8, eg float8, vg float8, seg float8, z_norm float8, p_norm float8,
	eg_sim float8, vg_sim float8, seg_sim float8, z_sim float8, p_sim float8, p_z_sim float8);
COMMENT ON TYPE getis_ord_g_inference IS 'Getis-Ord General G with esda.G''s moments; p_norm and p_z_sim one-sided as esda';
CREATE FUNCTION getis_ord_g(codes adcode[], vals float8[], weights spatial_weights,
		permutations integer DEFAULT 999, seed integer DEFAULT 0) RETURNS getis_ord_g_inference
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION getis_ord_g(adcode[], float8[], spatial_weights, integer, integer) IS 'Getis-Ord General G of vals (positive values) over codes with the weights given, inference as esda.G (reproducible for a seed)';

CREATE FUNCTION local_getis_ord_g(codes adcode[], vals float8[], weights spatial_weights, star boolean DEFAULT false,
		permutations integer DEFAULT 999, seed integer DEFAULT 0)
	RETURNS TABLE(code adcode, g float8, eg float8, vg float8, z float8, p_norm float8, z_sim float8, p_sim float8, label text)
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION local_getis_ord_g(adcode[], float8[], spatial_weights, boolean, integer, integer) IS 'local Getis-Ord G_i (star: G_i*) with the weights given: expected value, variance, z, one-sided p_norm, conditional permutation z_sim and p_sim as esda.G_Local (reproducible for a seed); label hot (z > 0) or cold';

-- local_getis_ord_g(code, value): the hot-spot analysis as an aggregate (G_i*,
-- binary contiguity region_neighbors(200), 999 permutations, seed 0), one
-- array of rows per group, on morans_i's state type.
CREATE TYPE local_getis_ord_g_result AS (code adcode, g float8, eg float8, vg float8, z float8, p_norm float8,
	z_sim float8, p_sim float8, label text);
COMMENT ON TYPE local_getis_ord_g_result IS 'a row of local_getis_ord_g: region, G_i, its expected value, variance, z, one-sided p_norm, z_sim, p_sim, hot or cold';
CREATE FUNCTION local_getis_ord_g_trans(morans_i_state, adcode, float8) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION local_getis_ord_g_trans(morans_i_state, adcode, float8) IS 'transition function of local_getis_ord_g(): adds a (code, value) pair';
CREATE FUNCTION local_getis_ord_g_combine(morans_i_state, morans_i_state) RETURNS morans_i_state
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_getis_ord_g_combine(morans_i_state, morans_i_state) IS 'combine function of local_getis_ord_g(): union of the pairs of two states';
CREATE FUNCTION local_getis_ord_g_final(morans_i_state) RETURNS local_getis_ord_g_result[]
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION local_getis_ord_g_final(morans_i_state) IS 'final function of local_getis_ord_g(): G_i* with binary contiguity region_neighbors(200), 999 permutations, seed 0, as an array of rows';
CREATE AGGREGATE local_getis_ord_g(code adcode, value float8) (
	SFUNC = local_getis_ord_g_trans,
	STYPE = morans_i_state,
	COMBINEFUNC = local_getis_ord_g_combine,
	FINALFUNC = local_getis_ord_g_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE local_getis_ord_g(adcode, float8) IS 'hot-spot analysis of value over the regions of the group: G_i* as local_getis_ord_g(codes, vals, contiguity_weights(codes, transform => ''B''), true) (999 permutations, seed 0): an array of local_getis_ord_g_result, unnest() it for rows';

CREATE FUNCTION fdr_cutoff(p_values float8[], alpha float8 DEFAULT 0.05) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fdr_cutoff(float8[], float8) IS 'false discovery rate cut-off (Benjamini-Hochberg, as esda.fdr) of the p-values given at level alpha: p-values below it are significant; NULLs are left out';

CREATE FUNCTION lisa_cluster_svg(codes adcode[], quadrants text[], p_values float8[], alpha float8 DEFAULT 0.05,
		title text DEFAULT 'LISA cluster map') RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION lisa_cluster_svg(adcode[], text[], float8[], float8, text) IS 'LISA cluster map as a standalone SVG: regions HH, LL, LH, HL where p_value <= alpha (GeoDa''s colours), not significant, or without neighbours (NULL quadrant or p); legend with the significance level';

CREATE FUNCTION hot_spot_svg(codes adcode[], z float8[], p_values float8[], alpha float8 DEFAULT 0.05,
		title text DEFAULT 'Hot spots') RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hot_spot_svg(adcode[], float8[], float8[], float8, text) IS 'hot-spot map as a standalone SVG: hot (z > 0) and cold (z < 0) regions where p_value <= alpha, not significant, or without neighbours (NULL z or p); legend with the significance level';
