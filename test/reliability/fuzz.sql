-- The input fuzzer of test/suites/20_fuzz.sh (doc/reliability.md): generates
-- inputs in SQL and feeds them to a type's text input or binary receive in one
-- PL/pgSQL loop with an exception handler per input, counting SQLSTATEs.
-- Run as: psql -v helper=<absolute path of test/fuzz/fuzz_helper.so> -f fuzz.sql
-- after test/reliability/registry.sql.  Deterministic for a given setseed().

DROP SCHEMA IF EXISTS fuzz CASCADE;
CREATE SCHEMA fuzz;
COMMENT ON SCHEMA fuzz IS 'input fuzzer of test/suites/20_fuzz.sh; not part of the extension';

-- Test-only C helpers (test/fuzz/fuzz_helper.c): input or receive, then round-trip checks.
CREATE FUNCTION fuzz.fuzz_text(bytea, regtype) RETURNS text
	AS :'helper', 'fuzz_text' LANGUAGE C STRICT VOLATILE;
CREATE FUNCTION fuzz.fuzz_recv(bytea, regtype) RETURNS text
	AS :'helper', 'fuzz_recv' LANGUAGE C STRICT VOLATILE;
CREATE FUNCTION fuzz.fuzz_send(text, regtype) RETURNS bytea
	AS :'helper', 'fuzz_send' LANGUAGE C STRICT VOLATILE;

-- Fragments spliced into text inputs of every type: digits, signs, exponents,
-- nan/inf, integer and float8 boundaries, braces and separators, blanks,
-- format directives, CJK and odd Unicode, and invalid UTF-8 (the helper hands
-- bytes to the input function as a SQL_ASCII database would).
CREATE FUNCTION fuzz.text_tokens() RETURNS bytea[] LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg(convert_to(t, 'UTF8')) FROM unnest(ARRAY[
		'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '+', '.', 'e', 'E', 'e+', 'e-',
		'e308', 'e-324', 'e999', 'E-400', '1e400', 'nan', 'NaN', 'NAN', '-nan', 'inf', '-inf', '+inf',
		'Infinity', '-Infinity', 'infinity', '{', '}', '[', ']', '(', ')', '<', '>', ':', ',', ';',
		'=', '"', '''', '\', '/', '|', '_', '#', '&', '%s', '%n', '%d', ' ', '   ', E'\t', E'\n',
		E'\r', E'\v', E'\f', 'null', 'NULL', 'true', 'false', '0x1F', '0b101', '1_000', '1,000',
		'2147483647', '2147483648', '-2147483648', '-2147483649', '4294967295', '4294967296',
		'9223372036854775807', '9223372036854775808', '-9223372036854775809',
		'18446744073709551616', '99999999999999999999999999999999999999',
		'1.7976931348623157e308', '2.2250738585072014e-308', '4.9e-324', '-0', '0.0', '.5', '5.',
		'00000000000000000001', '区', '黄浦区', '青浦', E'\u00a0', E'\u3000', E'\uff13',
		E'\ufeff', E'\u200b', E'\u0663'
	]) AS t
$$ ;
CREATE FUNCTION fuzz.invalid_utf8() RETURNS bytea[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['\xff', '\xfe', '\x80', '\xc3', '\xe9bb', '\xc0af', '\xeda080', '\xf4908080',
		'\xf8888080', '\xfeff', '\x00']::bytea[]
$$ ;
-- Fragments overwritten into or spliced into binary inputs: int16/32/64
-- boundaries (length and count fields), float8 specials (NaN, infinities, -0,
-- denormal, max), version bytes.
CREATE FUNCTION fuzz.binary_tokens() RETURNS bytea[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['\x00', '\x01', '\x02', '\x7f', '\x80', '\xff', '\x0000', '\x7fff', '\x8000',
		'\xffff', '\x00000000', '\x00000001', '\x0000ffff', '\x00010000', '\x000f4240',
		'\x40000000', '\x7fffffff', '\x80000000', '\xffffffff', '\xfffffffe',
		'\x7ff8000000000000', '\x7ff0000000000000', '\xfff0000000000000', '\x8000000000000000',
		'\x0000000000000001', '\x7fefffffffffffff', '\x3ff0000000000000', '\x7fffffffffffffff',
		'\xffffffffffffffff']::bytea[]
$$ ;

-- len random bytes; never NUL when nonul (text never holds one).
CREATE FUNCTION fuzz.random_bytes(len integer, nonul boolean) RETURNS bytea LANGUAGE sql VOLATILE AS $$
	SELECT decode(coalesce(string_agg(lpad(to_hex(
		CASE WHEN nonul THEN 1 + floor(random() * 255)::int
		     ELSE floor(random() * 256)::int END), 2, '0'), ''), ''), 'hex')
	FROM generate_series(1, len)
$$ ;

-- x repeated k times.
CREATE FUNCTION fuzz.repeat_bytes(x bytea, k integer) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
	SELECT decode(repeat(encode(x, 'hex'), k), 'hex')
$$ ;

-- One random mutation of b.  textual: mutate digits as digits (text inputs).
CREATE FUNCTION fuzz.mutate(b bytea, tokens bytea[], textual boolean) RETURNS bytea
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	len integer := length(b);
	pos integer := floor(random() * (len + 1))::int;	/* a gap: 0 .. len */
	t bytea := tokens[1 + floor(random() * cardinality(tokens))::int];
	span integer := floor(random() * 4)::int;
BEGIN
	CASE floor(random() * 10)::int
		WHEN 0 THEN			/* insert a token */
			RETURN substring(b FROM 1 FOR pos) || t || substring(b FROM pos + 1);
		WHEN 1 THEN			/* replace a span by a token */
			RETURN substring(b FROM 1 FOR pos) || t || substring(b FROM pos + 1 + span);
		WHEN 2 THEN			/* overwrite in place: binary fields keep their offsets */
			RETURN substring(b FROM 1 FOR pos) || t || substring(b FROM pos + 1 + length(t));
		WHEN 3 THEN			/* delete a span */
			RETURN substring(b FROM 1 FOR pos) || substring(b FROM pos + 2 + span);
		WHEN 4 THEN			/* flip one bit */
			IF len = 0 THEN
				RETURN t;
			END IF;
			pos := least(pos, len - 1);
			RETURN set_byte(b, pos, get_byte(b, pos) # (1 << floor(random() * 8)::int));
		WHEN 5 THEN			/* another digit (text) or any byte (binary) */
			IF len = 0 THEN
				RETURN t;
			END IF;
			pos := least(pos, len - 1);
			RETURN set_byte(b, pos, CASE WHEN textual THEN 48 + floor(random() * 10)::int
												   ELSE floor(random() * 256)::int END);
		WHEN 6 THEN			/* repeat a span: long strings, many elements */
			span := 1 + floor(random() * least(greatest(len - pos, 1), 16))::int;
			RETURN substring(b FROM 1 FOR pos)
				|| fuzz.repeat_bytes(coalesce(nullif(substring(b FROM pos + 1 FOR span), ''::bytea), t),
									 2 + floor(random() ^ 3 * 2000)::int)
				|| substring(b FROM pos + 1 + span);
		WHEN 7 THEN			/* truncate */
			RETURN substring(b FROM 1 FOR pos);
		WHEN 8 THEN			/* random bytes in a gap */
			RETURN substring(b FROM 1 FOR pos) || fuzz.random_bytes(1 + span, textual) || substring(b FROM pos + 1);
		ELSE				/* swap the two halves around pos */
			RETURN substring(b FROM pos + 1) || substring(b FROM 1 FOR pos);
	END CASE;
END
$$ ;

-- n inputs: the seeds and tokens as they are, then random bytes (10%), token
-- soup (10%), seeds mutated 1-4 times (77%), two seeds spliced (2.9%) and very
-- long inputs up to 1 MB (0.1%).
CREATE FUNCTION fuzz.inputs(seeds bytea[], tokens bytea[], n integer, textual boolean) RETURNS SETOF bytea
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	nseeds integer := cardinality(seeds);
	ntokens integer := cardinality(tokens);
	r double precision;
	x bytea;
	y bytea;
	k integer;
BEGIN
	RETURN QUERY SELECT unnest(seeds);
	RETURN QUERY SELECT unnest(tokens);
	FOR i IN 1 .. n - nseeds - ntokens LOOP
		r := random();
		IF r < 0.10 THEN
			x := fuzz.random_bytes(CASE WHEN random() < 0.8 THEN floor(random() * 12)::int
										ELSE floor(random() * 300)::int END, textual);
		ELSIF r < 0.20 THEN
			x := '';
			FOR k IN 0 .. floor(random() * 10)::int LOOP
				x := x || tokens[1 + floor(random() * ntokens)::int];
			END LOOP;
		ELSIF r < 0.97 THEN
			x := seeds[1 + floor(random() * nseeds)::int];
			FOR k IN 0 .. floor(random() ^ 2 * 4)::int LOOP
				x := fuzz.mutate(x, tokens, textual);
			END LOOP;
		ELSIF r < 0.999 THEN
			x := seeds[1 + floor(random() * nseeds)::int];
			y := seeds[1 + floor(random() * nseeds)::int];
			x := substring(x FROM 1 FOR floor(random() * (length(x) + 1))::int)
				|| substring(y FROM 1 + floor(random() * (length(y) + 1))::int);
		ELSE
			x := CASE WHEN random() < 0.5 THEN seeds[1 + floor(random() * nseeds)::int]
					  ELSE tokens[1 + floor(random() * ntokens)::int] END;
			x := fuzz.repeat_bytes(x, 1 + floor(random() * 1048576 / greatest(length(x), 1))::int);
		END IF;
		IF length(x) > 1048576 THEN
			x := substring(x FROM 1 FOR 1048576);
		END IF;
		RETURN NEXT x;
	END LOOP;
END
$$ ;

-- A message with its quoted part and numbers masked, to class outcomes.  It may
-- quote invalid UTF-8 from the input: escaped as bytes first.
CREATE FUNCTION fuzz.mask(msg text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT left(regexp_replace(regexp_replace(encode(textsend(msg), 'escape'), '".*"', '"…"'), '[0-9]+', '#', 'g'), 200)
$$ ;

-- Fuzz one type's text input (path 'text') or binary receive ('binary') with
-- n inputs from setseed(seed).  One row per class of outcome: '00000' for an
-- accepted input that round-tripped, else the SQLSTATE and the message with
-- quoted parts and numbers masked; hits and the first input of the class.
CREATE FUNCTION fuzz.run(type_name text, path text, n integer, seed double precision)
RETURNS TABLE (sqlstate text, class text, hits integer, example bytea)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	typ regtype := to_regtype(type_name);
	textual boolean := path = 'text';
	seeds bytea[];
	tokens bytea[];
	keys text[] := '{}';
	states text[] := '{}';
	counts integer[] := '{}';
	examples bytea[] := '{}';
	input bytea;
	st text;
	msg text;
	detail text;
	key text;
	k integer;
BEGIN
	IF typ IS NULL THEN
		RAISE EXCEPTION 'fuzz.run: type % does not exist', type_name;
	END IF;
	PERFORM setseed(seed);
	IF textual THEN
		SELECT array_agg(convert_to(s, 'UTF8')),
			   fuzz.text_tokens() || fuzz.invalid_utf8()
			   || (SELECT array_agg(convert_to(t, 'UTF8')) FROM unnest(r.tokens) AS t)
		INTO seeds, tokens
		FROM reliability.types r, unnest(r.seeds) AS s WHERE r.type_name = run.type_name
		GROUP BY r.tokens;
	ELSE
		SELECT array_agg(fuzz.fuzz_send(s, typ)), fuzz.binary_tokens()
		INTO seeds, tokens
		FROM reliability.types r, unnest(r.seeds) AS s WHERE r.type_name = run.type_name;
	END IF;
	IF seeds IS NULL THEN
		RAISE EXCEPTION 'fuzz.run: type % has no seeds in reliability.types', type_name;
	END IF;

	FOR input IN SELECT fuzz.inputs(seeds, tokens, n, textual) LOOP
		BEGIN
			IF textual THEN
				PERFORM fuzz.fuzz_text(input, typ);
			ELSE
				PERFORM fuzz.fuzz_recv(input, typ);
			END IF;
			st := '00000';
			key := '00000 accepted, round-trips';
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
			key := st || ' ' || fuzz.mask(msg) || coalesce(' / ' || fuzz.mask(nullif(detail, '')), '');
		END;
		k := array_position(keys, key);
		IF k IS NULL AND cardinality(keys) >= 200 THEN
			key := st || ' (further classes)';
			k := array_position(keys, key);
		END IF;
		IF k IS NULL THEN
			keys := keys || key;
			states := states || st;
			counts := counts || 1;
			examples := examples || input;
		ELSE
			counts[k] := counts[k] + 1;
		END IF;
	END LOOP;
	RETURN QUERY SELECT u.st, u.key, u.hits, u.example
		FROM unnest(states, keys, counts, examples) AS u(st, key, hits, example);
END
$$ ;
