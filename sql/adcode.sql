-- adcode, a domain over integer: input, output, hierarchy, operators, indexes,
-- what a BI tool writes under a default search_path, text -> adcode.
SET search_path = public, regional_dev;

-- Normal input and output; surrounding blanks allowed.
SELECT '310118'::adcode, ' 320509 '::adcode, E'\t330421\n'::adcode;
SELECT '110000'::adcode AS beijing, '820000'::adcode AS macao, '710000'::adcode AS taiwan;

-- Bad input: wrong length, non-digit, unknown province, empty.  Text is read
-- by integer's input first (its errors for what is no integer; leading zeros
-- and a sign are integer syntax), then checked by adcode_check.
SELECT '31011'::adcode;
SELECT '3101180'::adcode;
SELECT '31011x'::adcode;
SELECT '-31011'::adcode;
SELECT '31 0118'::adcode;
SELECT ''::adcode;
SELECT '160000'::adcode;
SELECT '000000'::adcode;
SELECT '990101'::adcode;
SELECT '0000000000000000310118'::adcode;
SELECT '+310118'::adcode;
SELECT '99999999999'::adcode;

-- adcode_check, the domain's CHECK: true, or an error saying what is wrong.
SELECT adcode_check(310118) AS valid, adcode_check(NULL) IS NULL AS strict;
SELECT adcode_check(31011);
SELECT adcode_check(160000);
SELECT typtype, typbasetype::regtype, typlen, typbyval FROM pg_type WHERE oid = 'adcode'::regtype;

-- Levels and hierarchy.
SELECT c, adcode_level(c), province(c), prefecture(c)
FROM unnest('{310118,320509,330421,310000,320500,330400}'::adcode[]) AS c;

-- Containment (reflexive) and boundary levels.
SELECT '310000'::adcode @> '310118'::adcode AS sh_has_qingpu,
       '310118'::adcode <@ '310000'::adcode AS qingpu_in_sh,
       '320500'::adcode @> '320509'::adcode AS suzhou_has_wujiang,
       '320000'::adcode @> '320509'::adcode AS js_has_wujiang,
       '310000'::adcode @> '320509'::adcode AS sh_has_wujiang,
       '320509'::adcode @> '320500'::adcode AS wujiang_has_suzhou,
       '310118'::adcode @> '310118'::adcode AS reflexive;
SELECT boundary_level('310118', '320509') AS qingpu_wujiang,
       boundary_level('320509', '330421') AS wujiang_jiashan,
       boundary_level('320509', '320583') AS wujiang_kunshan,
       boundary_level('320509', '320600') AS wujiang_nantong,
       boundary_level('330421', '330482') AS jiashan_pinghu,
       boundary_level('320509', '320500') AS wujiang_suzhou,
       boundary_level('310118', '310118') AS same,
       boundary_level('310000', '320509') AS sh_wujiang;

-- Comparisons.
SELECT '310118'::adcode = '310118'::adcode AS eq, '310118'::adcode <> '320509'::adcode AS ne,
       '310118'::adcode < '320509'::adcode AS lt, '310118'::adcode <= '310118'::adcode AS le,
       '330421'::adcode > '320509'::adcode AS gt, '330421'::adcode >= '330421'::adcode AS ge,
       '330421'::adcode < '320509'::adcode AS lt_false;

-- Integers: validated like text (a domain takes no cast of its own: an
-- integer becomes an adcode directly, and an adcode is an integer).
SELECT 310118::adcode, '320509'::adcode::integer + 0 AS as_int, '330421'::adcode::text;
SELECT 99::adcode;
SELECT 1600000::adcode;
SELECT (-310118)::adcode;
SELECT 990000::adcode;

-- Binary round trip (integer's send and receive); binary input is validated like text.
CREATE TEMP TABLE bin_in (code adcode);
CREATE TEMP TABLE bin_out (code adcode);
INSERT INTO bin_in VALUES ('310118'), ('320509'), ('330421'), ('820000');
\copy bin_in TO 'results/adcode.bin' WITH (FORMAT binary)
\copy bin_out FROM 'results/adcode.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(code ORDER BY code) FROM bin_in) = (SELECT array_agg(code ORDER BY code) FROM bin_out) AS binary_round_trip;
-- An integer that is no adcode, sent in binary, is rejected on receipt.
\copy (SELECT 990101::integer) TO 'results/adcode_bad.bin' WITH (FORMAT binary)
\copy bin_out FROM 'results/adcode_bad.bin' WITH (FORMAT binary)

-- NULL in, NULL out.
SELECT province(NULL::adcode) IS NULL AS strict_province, boundary_level(NULL, '310118') IS NULL AS strict_level;

-- Indexes: a B-tree index scan and a hash join.
CREATE TEMP TABLE codes AS
SELECT adcode(310000 + p * 10000 + c) AS code, c AS n
FROM generate_series(0, 2) AS p, generate_series(101, 199) AS c;
CREATE INDEX ON codes (code);
ANALYZE codes;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT n FROM codes WHERE code = '320150';
SELECT n FROM codes WHERE code = '320150';
SELECT count(*) FROM codes WHERE code BETWEEN '320000' AND '329999';
RESET enable_seqscan;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes a JOIN codes b ON a.code = b.code;
SELECT count(*) FROM codes a JOIN codes b ON a.code = b.code;
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT count(DISTINCT province(code)) AS provinces, count(DISTINCT code) AS codes FROM codes;
SELECT province(code), count(*) FROM codes GROUP BY 1 ORDER BY 1;

-- LIKE on codes (also as operators in public, for the default search_path).
SELECT adcode_like('310118', '3101%') AS like_yes, adcode_like('310118', '32%') AS like_no,
       adcode_not_like('310118', '32%') AS not_like_yes, adcode_like(NULL, '3%') IS NULL AS strict;
SELECT c FROM unnest('{310118,310101,320509}'::adcode[]) AS c WHERE c LIKE '3101%' ORDER BY c;
SELECT c FROM unnest('{310118,310101,320509}'::adcode[]) AS c WHERE c NOT LIKE '3101%' ORDER BY c;

-- What a BI tool writes, under the default search_path ("$user", public):
-- plain literals, code = code, joins, GROUP BY, LIKE.
SET search_path = "$user", public;
CREATE TEMP TABLE bi (code regional_dev.adcode, other regional_dev.adcode);
INSERT INTO bi VALUES ('310118', 310118), ('320509', '330421'), (330421, NULL);
SELECT code FROM bi WHERE code = '310118';
SELECT code FROM bi WHERE code = 310118;
SELECT code FROM bi WHERE code = other;
SELECT code FROM bi WHERE code IN ('320509', '330421') ORDER BY code;
SELECT code FROM bi WHERE code > '320000' ORDER BY code;
SELECT code FROM bi WHERE code LIKE '3101%';
SELECT b.code, r.name FROM bi b JOIN regional_dev.region r ON r.code = b.code ORDER BY 1;
SELECT r.province, count(*) FROM bi b JOIN regional_dev.region r USING (code) GROUP BY r.province ORDER BY 1;
SELECT pg_typeof(code + 0) AS arithmetic, code::text AS as_text FROM bi WHERE code = '310118';

-- text -> adcode: PostgreSQL has no assignment cast from text to integer and
-- ignores casts whose target is a domain, so a text expression needs ::adcode
-- (or the code is computed as an integer).
INSERT INTO bi (code) SELECT '3201' || '02';
INSERT INTO bi (code) SELECT ('3201' || '02')::regional_dev.adcode;
INSERT INTO bi (code) SELECT 320100 + 5;
INSERT INTO bi (code) SELECT 320100 + 5 * 1000000;
SELECT code FROM bi WHERE code BETWEEN '320100' AND '320199' ORDER BY code;
BEGIN;
CREATE CAST (text AS regional_dev.adcode) WITH INOUT AS ASSIGNMENT;
ROLLBACK;
SET search_path = public, regional_dev;
