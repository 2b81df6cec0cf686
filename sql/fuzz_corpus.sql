-- Fuzz corpus: inputs of interest from the fuzz suite (test/suites/20_fuzz.sh
-- writes the first input of every class of outcome to .cluster/fuzz/) and edge
-- cases of the same kinds, kept as a regression test.  The expected results
-- follow from the input rules in doc/manual.md (exactly six ASCII digits,
-- surrounding blanks allowed, province 11-15, 21-23, 31-37, 41-46, 50-54, 61-65,
-- 71, 81, 82); byte values were worked out by hand (310118 = 0x0004bb66,
-- 829999 = 0x000caa2f, 100000 = 0x000186a0, 1000000 = 0x000f4240).
-- A new type adds its cases here (doc/reliability.md).
SET search_path = public, regional_dev;

-- Text input as a cast does it: 'ok: ' and the value read back, or the
-- SQLSTATE, message and detail (message cut at 100 characters).
CREATE FUNCTION pg_temp.try_input(input text, typ regtype) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	result text;
	st text;
	msg text;
	detail text;
BEGIN
	EXECUTE format('SELECT %L::%s::text', input, typ) INTO result;
	RETURN 'ok: ' || result;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
	RETURN st || ': ' || CASE WHEN length(msg) > 100 THEN left(msg, 100) || '...' ELSE msg END
		|| coalesce(' (' || nullif(detail, '') || ')', '');
END
$$;

-- adcode, text input: accepted forms (blanks are the C locale's isspace set).
-- adcode is a domain over integer: text is read by integer's input (its
-- errors for what is no integer; leading zeros, a sign and, from PostgreSQL
-- 16, 0x and _ are integer syntax), then checked by adcode_check.
SELECT description, pg_temp.try_input(input, 'adcode') FROM (VALUES
	('plain', '310118'), ('spaces around', ' 310118 '), ('tab, newline; CR, newline', E'\t\n310118\r\n'),
	('vertical tab; form feed', E'\x0b310118\f'), ('first province', '110000'),
	('last province, highest code', '829999'), ('Taiwan', '710000')) AS t(description, input);
-- Wrong length, empty, blanks only, blanks inside.
SELECT input, pg_temp.try_input(input, 'adcode') FROM (VALUES
	(''), (' '), ('0'), ('31011'), ('3101180'), ('000000310118'), ('310118 0'), ('31 0118'), ('1100    00e'),
	('2147483648'), ('99999999999999999999999999999999999999')) AS t(input);
-- Signs, decimals, exponents, hex, nan/inf, words.
SELECT input, pg_temp.try_input(input, 'adcode') FROM (VALUES
	('+310118'), ('-310118'), ('310118.0'), ('.310118'), ('3.10118e5'), ('310118e0'),
	('0x4bb66'), ('nan'), ('NaN'), ('inf'), ('-Infinity'), ('null'), ('{310118}'), ('"310118"')) AS t(input);
-- Not a province: below 11, gaps in the list, above 82.
SELECT input, pg_temp.try_input(input, 'adcode') FROM (VALUES
	('000000'), ('000071'), ('100261'), ('160000'), ('240000'), ('470000'), ('700000'),
	('830000'), ('990000'), ('999999')) AS t(input);
-- Non-ASCII: full-width and Arabic-Indic digits, a CJK character, no-break
-- space, byte order mark.  The message quotes the input whole, so it is valid
-- text (found by the fuzzer: adcode's 1.0 input named the first byte only).
SELECT input, pg_temp.try_input(input, 'adcode') FROM (VALUES
	('３１０１１８'), (E'\u0663\u0661\u0660\u0661\u0661\u0668'), ('31011黄'), ('区'),
	(E'310118\u00a0'), (E'\ufeff310118')) AS t(input);
-- ... and so it converts to a client encoding such as GBK.
SELECT convert_to(pg_temp.try_input('31011黄', 'adcode'), 'GBK') = convert_to('22P02: invalid input syntax for type integer: "31011黄"', 'GBK')
	AS message_converts_to_gbk;
-- A very long input: out of integer's range (try_input shortens the message).
SELECT pg_temp.try_input(repeat('9', 100000), 'adcode') LIKE '22003: value "999999%...' AS long_digits,
	   pg_temp.try_input(repeat('310118', 10000), 'adcode') LIKE '22003: value "310118310118%...' AS long_repeat;

-- adcode, binary receive (binary COPY of a bytea column writes its raw bytes as the field).
CREATE TEMP TABLE bin_in (v adcode);
-- 310118: accepted
\copy (SELECT '\x0004bb66'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
-- 829999: accepted
\copy (SELECT '\x000caa2f'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
SELECT v FROM bin_in ORDER BY v;
-- empty, 1 and 3 bytes: too short
\copy (SELECT '\x'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy (SELECT '\x00'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy (SELECT '\x0004bb'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
-- 5 bytes: one left over
\copy (SELECT '\x0004bb6600'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
-- 0, -1, INT_MAX, INT_MIN, 1000000: not six digits
\copy (SELECT '\x00000000'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy (SELECT '\xffffffff'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy (SELECT '\x7fffffff'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy (SELECT '\x80000000'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy (SELECT '\x000f4240'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
-- 100000: six digits, province 10 does not exist
\copy (SELECT '\x000186a0'::bytea) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
-- ASCII text sent as binary ('310118'): its first four bytes as an integer,
-- 0x33313031 = 858861617
\copy (SELECT convert_to('310118', 'UTF8')) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
-- An adcode[] whose second element is 990101: the element's receive rejects it.
-- Array layout: ndim 1, no nulls, element type, length 2, lower bound 1, then
-- each element as length and bytes.
CREATE TEMP TABLE bin_arr (v adcode[]);
CREATE TEMP VIEW bad_array AS
SELECT '\x0000000100000000'::bytea || int4send('adcode'::regtype::oid::integer) || '\x0000000200000001'::bytea
	|| '\x000000040004bb66'::bytea || '\x00000004'::bytea || int4send(990101) AS raw;
\copy (SELECT raw FROM bad_array) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_arr FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
-- the same with 320509 is read
\copy (SELECT overlay(raw PLACING int4send(320509) FROM length(raw) - 3) FROM bad_array) TO 'results/fuzz_corpus.bin' WITH (FORMAT binary)
\copy bin_arr FROM 'results/fuzz_corpus.bin' WITH (FORMAT binary)
SELECT v FROM bin_arr;
