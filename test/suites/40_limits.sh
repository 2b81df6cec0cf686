#!/usr/bin/env bash
# Bad geometry and limits (doc/reliability.md), driven by the lists of
# test/reliability/registry.sql:
#  - every spatial function (list 3) on every bad geometry (list 4): a result
#    or one of its listed SQLSTATEs, never a crash nor a call that runs into
#    the statement timeout (60 s);
#  - every long call (list 5) stops within 5 s of pg_cancel_backend;
#  - every documented size limit (list 6) raises its SQLSTATE (54000), not an
#    out-of-memory error.
# Each check has a self-test on a PostgreSQL or test-helper call, so that the
# harness is shown to work while the lists still hold TODO lines only.
# (Region rows with the same bad geometries: sql/bad_geometry.sql.)
source "$(dirname "$0")/../reliability/lib.sh"

DB=regional_dev_limits
mark=$(log_mark)
make -s -C "$ROOT/test/fuzz" PG_CONFIG="$PG_CONFIG" with_llvm=no >/dev/null
fresh_db "$DB"
"${PSQL[@]}" -d "$DB" -f "$REL/registry.sql"
"${PSQL[@]}" -d "$DB" <<SQL
CREATE FUNCTION reliability.uncancellable_spin(integer) RETURNS bigint
	AS '$ROOT/test/fuzz/fuzz_helper.so', 'fuzz_uncancellable_spin' LANGUAGE C STRICT;
-- call (with %1\$s for the geometry) on every bad geometry: name, outcome
-- ('ok' or the SQLSTATE) and the message.
CREATE FUNCTION reliability.cross(call text)
RETURNS TABLE (geometry text, outcome text, message text) LANGUAGE plpgsql AS \$\$
DECLARE
	g record;
BEGIN
	FOR g IN SELECT name, expr FROM reliability.bad_geometries ORDER BY name LOOP
		geometry := g.name;
		BEGIN
			EXECUTE format('SELECT (' || call || ')::text', g.expr);
			outcome := 'ok';
			message := NULL;
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS outcome = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
		END;
		RETURN NEXT;
	END LOOP;
END
\$\$;
SQL
q() { "${PSQL[@]}" -d "$DB" -At "$@"; }
lit() { printf "'%s'" "${1//\'/\'\'}"; }		# a SQL string literal

# 1. Spatial functions on bad geometries.
check_cross() {		# name, SQL giving the call, SQL giving the allowed SQLSTATEs
	local bad
	bad=$(q -c "SET statement_timeout = '60s'" -c "SELECT string_agg(geometry || ': ' || outcome || ' ' || coalesce(message, ''), '; ')
		FROM reliability.cross(($2)) WHERE outcome <> 'ok' AND outcome <> ALL (($3)::text[])") ||
		{ fail "$1: the run broke off (crash or timeout?)"; wait_ready; return; }
	if [ -z "$bad" ]; then pass "$1: a result or a listed error for every bad geometry"
	else fail "$1: $bad"; fi
}
check_cross "self-test: PostGIS st_npoints" "'public.st_npoints(%1\$s)'" "'{}'"
n=0
while read -r name; do
	n=$((n + 1))
	check_cross "$name" "SELECT call FROM reliability.spatial_calls WHERE name = $(lit "$name")" \
		"SELECT sqlstates FROM reliability.spatial_calls WHERE name = $(lit "$name")"
done < <(q -c "SELECT name FROM reliability.spatial_calls ORDER BY name")
echo "   $n spatial functions listed (the others are TODO lines of the registry)"

# 2. Cancellation: run $2 in the background, cancel it once it has run for a
#    second, and give it 5 s to stop with 57014.  Prints what happened.
cancel_within() {
	local app=regional_dev_cancel_$$ out=$CLUSTER/cancel.out pid i
	env PGAPPNAME=$app "${PSQL[@]}" -d "$DB" -c "$1" >"$out" 2>&1 &
	pid=$!
	for i in $(seq 1 50); do
		[ "$(q -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$app' AND state = 'active'")" = 1 ] && break
		sleep 0.2
	done
	sleep 1
	q -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = '$app'" >/dev/null
	for i in $(seq 1 25); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "still running 5 s after pg_cancel_backend"
		wait "$pid" || true
	elif grep -q 'canceling statement due to user request' "$out"; then
		echo cancelled
	else
		echo "ended otherwise: $(head -c 200 "$out")"
	fi
}
r=$(cancel_within "SELECT pg_sleep(60)")
[ "$r" = cancelled ] && pass "self-test: pg_sleep is cancelled" || fail "self-test: pg_sleep: $r"
r=$(cancel_within "SELECT reliability.uncancellable_spin(8)")
[[ $r == still* ]] && pass "self-test: a call that ignores interrupts is caught" || fail "self-test: an uncancellable call: $r"
n=0
while read -r name; do
	n=$((n + 1))
	r=$(cancel_within "DO \$do\$ BEGIN EXECUTE (SELECT sql FROM reliability.long_calls WHERE name = $(lit "$name")); END \$do\$")
	[ "$r" = cancelled ] && pass "$name: cancelled" || fail "$name: $r"
done < <(q -c "SELECT name FROM reliability.long_calls ORDER BY name")
echo "   $n long calls listed (the others are TODO lines of the registry)"

# 3. Size limits.
check_limit() {		# name, SQL giving the statement, expected SQLSTATE
	local got
	got=$(q -c "SET statement_timeout = '60s'" -c "DO \$do\$
		BEGIN
			EXECUTE ($2);
			RAISE WARNING 'outcome:ok';
		EXCEPTION WHEN OTHERS THEN
			RAISE WARNING 'outcome:%', SQLSTATE;
		END
		\$do\$" 2>&1 | sed -n 's/.*outcome://p')
	[ "$got" = "$3" ] && pass "$1: $3" || fail "$1: expected $3, got ${got:-no answer (crash?)}"
}
check_limit "self-test: repeat() beyond 1 GB" "'SELECT repeat(''x'', 1073741824)'" 54000
n=0
while read -r name; do
	n=$((n + 1))
	check_limit "$name" "SELECT sql FROM reliability.limits WHERE name = $(lit "$name")" \
		"$(q -c "SELECT sqlstate FROM reliability.limits WHERE name = $(lit "$name")")"
done < <(q -c "SELECT name FROM reliability.limits ORDER BY name")
echo "   $n limits listed (the others are TODO lines of the registry)"

if crashed_since "$mark"; then fail "a backend crashed (lines above, from $LOGFILE)"
else pass "no backend crash in the server log"; fi
finish
