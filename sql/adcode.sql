-- adcode: input, output, hierarchy, operators, casts, indexes.
SET search_path = public, regional_dev;

-- Normal input and output; surrounding blanks allowed.
SELECT '310118'::adcode, ' 320509 '::adcode, E'\t330421\n'::adcode;
SELECT '110000'::adcode AS beijing, '820000'::adcode AS macao, '710000'::adcode AS taiwan;

-- Bad input: wrong length, non-digit, unknown province, empty.
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

-- Casts: integer input is validated like text.
SELECT 310118::adcode, '320509'::adcode::integer + 0 AS as_int, '330421'::adcode::text;
SELECT 99::adcode;
SELECT 1600000::adcode;
SELECT (-310118)::adcode;
SELECT 990000::adcode;

-- Binary round trip; binary input is validated like text.
SELECT encode(adcode_send('310118'), 'hex');
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
