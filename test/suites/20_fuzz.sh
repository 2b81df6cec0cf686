#!/usr/bin/env bash
# Input fuzzing (doc/reliability.md): every type listed in reliability.types
# (test/reliability/registry.sql) gets FUZZ_N generated inputs (default
# 100,000) to its text input and as many to its binary receive.  Only the
# SQLSTATEs listed for the type may occur, every accepted input must
# round-trip, error messages must be valid text, and the server must stay up.
# Settings: FUZZ_N, FUZZ_SEED (default 0.42; same seed, same inputs), FUZZ_DB.
# The first input of each class of outcome is written to $CLUSTER/fuzz/ (hex),
# the material sql/fuzz_corpus.sql is curated from.
source "$(dirname "$0")/../reliability/lib.sh"

N=${FUZZ_N:-100000}
SEED=${FUZZ_SEED:-0.42}
DB=${FUZZ_DB:-regional_dev_fuzz}
BATCH=20000
OUT=$CLUSTER/fuzz
mark=$(log_mark)

say "fuzz: building the test helper (test/fuzz)"
make -s -C "$ROOT/test/fuzz" PG_CONFIG="$PG_CONFIG" with_llvm=no >/dev/null
fresh_db "$DB"
"${PSQL[@]}" -d "$DB" -f "$REL/registry.sql" -v helper="$ROOT/test/fuzz/fuzz_helper.so" -f "$REL/fuzz.sql"
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE fuzz.results (type_name text, path text, batch int, sqlstate text, class text, hits int, example bytea)"
q() { "${PSQL[@]}" -d "$DB" -At "$@"; }

# The list covers every type of the extension, and every listed type exists.
unlisted=$(q -c "SELECT string_agg(t.oid::regtype::text, ', ') FROM pg_type t
	JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
	WHERE t.typtype IN ('b', 'd', 'e', 'r') AND t.typcategory <> 'A'
	  AND t.oid NOT IN (SELECT to_regtype(type_name) FROM reliability.types WHERE to_regtype(type_name) IS NOT NULL)")
if [ -z "$unlisted" ]; then pass "every type of regional_dev is listed in test/reliability/registry.sql"
else fail "types not listed in test/reliability/registry.sql (add a line for each): $unlisted"; fi
stale=$(q -c "SELECT string_agg(type_name, ', ') FROM reliability.types WHERE to_regtype(type_name) IS NULL")
if [ -z "$stale" ]; then pass "every listed type exists"; else fail "listed types that do not exist: $stale"; fi

mkdir -p "$OUT"
[ "$(id -u)" = 0 ] && chown "$SERVER_USER" "$OUT"
for type in $(q -c "SELECT type_name FROM reliability.types WHERE to_regtype(type_name) IS NOT NULL ORDER BY 1"); do
	for path in text binary; do
		ok=1
		for ((start = 0; start < N; start += BATCH)); do
			n=$((N - start < BATCH ? N - start : BATCH))
			batch=$((start / BATCH))
			# a seed in (-1, 1) per type, path and batch, derived from FUZZ_SEED
			if ! q -c "INSERT INTO fuzz.results SELECT '$type', '$path', $batch, r.*
				FROM fuzz.run('$type', '$path', $n, (hashtext('$SEED/$type/$path/$batch') % 1000000) / 1000000.0) AS r"; then
				fail "$type $path: batch $batch did not complete (see above)"
				ok=0
				wait_ready || break 3
			fi
		done
		# Verdict: outcomes outside the documented SQLSTATEs, and at least one accepted input.
		verdict=$(q -F ' ' -c "
			WITH allowed AS (
				SELECT CASE WHEN '$path' = 'text' THEN text_sqlstates
							ELSE recv_sqlstates || '{08P01,22P03}'::text[] END || '{00000}'::text[] AS states
				FROM reliability.types WHERE type_name = '$type'),
			r AS (SELECT * FROM fuzz.results WHERE type_name = '$type' AND path = '$path')
			SELECT (SELECT coalesce(sum(hits), 0) FROM r),
				   (SELECT coalesce(sum(hits), 0) FROM r WHERE sqlstate = '00000'),
				   (SELECT coalesce(sum(hits), 0) FROM r, allowed WHERE sqlstate <> ALL (states)),
				   (SELECT string_agg(sqlstate || ' ' || n, ', ' ORDER BY sqlstate)
					FROM (SELECT sqlstate, sum(hits) AS n FROM r GROUP BY 1) s)")
		read -r total accepted bad counts <<<"$verdict"
		echo "   $type $path: $total inputs; outcomes: $counts"
		q -c "COPY (SELECT class, sum(hits), encode((array_agg(example ORDER BY batch))[1], 'hex')
			FROM fuzz.results WHERE type_name = '$type' AND path = '$path' GROUP BY class ORDER BY 2 DESC)
			TO STDOUT" >"$OUT/${type##*.}_$path.tsv"
		if [ "$bad" != 0 ]; then
			fail "$type $path: $bad inputs raised undocumented SQLSTATEs or broke a round trip:"
			q -c "SELECT '      ' || class || ' (' || sum(hits) || 'x), e.g. input \\x' || left(encode((array_agg(example ORDER BY batch))[1], 'hex'), 120)
				FROM fuzz.results r, reliability.types t
				WHERE r.type_name = '$type' AND path = '$path' AND t.type_name = r.type_name
				  AND sqlstate <> ALL (CASE WHEN path = 'text' THEN text_sqlstates ELSE recv_sqlstates || '{08P01,22P03}'::text[] END || '{00000}'::text[])
				GROUP BY class ORDER BY sum(hits) DESC LIMIT 20"
		elif [ "$ok" = 1 ] && [ "$total" -ge "$N" ] && [ "$accepted" -gt 0 ]; then
			pass "$type $path: $total inputs, only documented SQLSTATEs, $accepted accepted and round-tripped"
		elif [ "$ok" = 1 ]; then
			fail "$type $path: $total of $N inputs run, $accepted accepted (the fuzzer must reach valid values)"
		fi
	done
done

if "${PSQL[@]}" -d "$DB" -c 'SELECT 1' >/dev/null; then pass "server up after fuzzing"; else fail "server down after fuzzing"; fi
if crashed_since "$mark"; then fail "a backend crashed while fuzzing (lines above, from $LOGFILE)"
else pass "no backend crash in the server log"; fi
echo "   classes of outcome with a first example each: $OUT/"
finish
