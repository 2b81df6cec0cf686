-- Type adcode: GB/T 2260 administrative division codes (C code: src/adcode.c).
-- A domain over integer (doc/bi.md, "Why adcode is a domain"): drivers, BI
-- tools and QGIS see an integer, and =, <, joins, GROUP BY and B-tree and hash
-- indexes are integer's, found under any search_path.  The CHECK validates
-- every value, whatever its source (text, integer, binary), with the detailed
-- errors of adcode_check.

CREATE FUNCTION adcode_check(integer) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode_check(integer) IS 'CHECK of domain adcode: true for a valid code, otherwise an error that says what is wrong';
CREATE DOMAIN adcode AS integer CONSTRAINT adcode_valid CHECK (adcode_check(VALUE));
COMMENT ON DOMAIN adcode IS 'six-digit GB/T 2260 administrative division code (province, prefecture, county); a domain over integer';

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
