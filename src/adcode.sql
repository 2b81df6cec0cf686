-- Type adcode: GB/T 2260 administrative division codes (C code: src/adcode.c).

CREATE TYPE adcode;

CREATE FUNCTION adcode_in(cstring) RETURNS adcode
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION adcode_out(adcode) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION adcode_recv(internal) RETURNS adcode
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION adcode_send(adcode) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE adcode (
	INPUT = adcode_in,
	OUTPUT = adcode_out,
	RECEIVE = adcode_recv,
	SEND = adcode_send,
	INTERNALLENGTH = 4,
	PASSEDBYVALUE,
	ALIGNMENT = int4,
	STORAGE = plain,
	CATEGORY = 'U'
);
COMMENT ON TYPE adcode IS 'six-digit GB/T 2260 administrative division code (province, prefecture, county)';
COMMENT ON FUNCTION adcode_in(cstring) IS 'text input of adcode';
COMMENT ON FUNCTION adcode_out(adcode) IS 'text output of adcode';
COMMENT ON FUNCTION adcode_recv(internal) IS 'binary input of adcode, validated like text input';
COMMENT ON FUNCTION adcode_send(adcode) IS 'binary output of adcode';

-- Casts to and from integer; integer input is validated.
CREATE FUNCTION adcode(integer) RETURNS adcode
	AS 'MODULE_PATHNAME', 'adcode_from_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION adcode(integer) IS 'integer to adcode, validated like text input';
CREATE CAST (integer AS adcode) WITH FUNCTION adcode(integer);
CREATE CAST (adcode AS integer) WITHOUT FUNCTION;

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

-- Comparison, B-tree and hash support.
CREATE FUNCTION adcode_eq(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_ne(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_lt(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_le(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_gt(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_ge(adcode, adcode) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_cmp(adcode, adcode) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_hash(adcode) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION adcode_hash_extended(adcode, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION adcode_eq(adcode, adcode) IS 'equal';
COMMENT ON FUNCTION adcode_ne(adcode, adcode) IS 'not equal';
COMMENT ON FUNCTION adcode_lt(adcode, adcode) IS 'less than';
COMMENT ON FUNCTION adcode_le(adcode, adcode) IS 'less than or equal';
COMMENT ON FUNCTION adcode_gt(adcode, adcode) IS 'greater than';
COMMENT ON FUNCTION adcode_ge(adcode, adcode) IS 'greater than or equal';
COMMENT ON FUNCTION adcode_cmp(adcode, adcode) IS 'B-tree comparison support';
COMMENT ON FUNCTION adcode_hash(adcode) IS 'hash support';
COMMENT ON FUNCTION adcode_hash_extended(adcode, bigint) IS 'extended hash support';

CREATE OPERATOR = (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = adcode, RIGHTARG = adcode, PROCEDURE = adcode_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR =(adcode, adcode) IS 'equal';
COMMENT ON OPERATOR <>(adcode, adcode) IS 'not equal';
COMMENT ON OPERATOR <(adcode, adcode) IS 'less than';
COMMENT ON OPERATOR <=(adcode, adcode) IS 'less than or equal';
COMMENT ON OPERATOR >(adcode, adcode) IS 'greater than';
COMMENT ON OPERATOR >=(adcode, adcode) IS 'greater than or equal';

CREATE OPERATOR CLASS adcode_ops DEFAULT FOR TYPE adcode USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 adcode_cmp(adcode, adcode);
CREATE OPERATOR CLASS adcode_hash_ops DEFAULT FOR TYPE adcode USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 adcode_hash(adcode),
	FUNCTION 2 adcode_hash_extended(adcode, bigint);
