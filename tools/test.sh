#!/usr/bin/env bash
# README command two: set up everything, then run every test suite on the throwaway cluster.
source "$(dirname "$0")/lib.sh"
setup
failed=0 passed=0
log_start=$(stat -c %s "$LOGFILE" 2>/dev/null || echo 0)
run_suite() {
	local name=$1; shift
	say "suite: $name"
	if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); say "FAILED: $name"; fi
}
regress() {
	make -C "$ROOT" -s PG_CONFIG="$PG_CONFIG" installcheck ||
		{ [ -f "$ROOT/regression.diffs" ] && head -n 200 "$ROOT/regression.diffs" >&2; return 1; }
}
pgtap() {
	psql_q -d postgres -c "DROP DATABASE IF EXISTS regional_dev_tap" -c "CREATE DATABASE regional_dev_tap"
	psql_q -d regional_dev_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION regional_dev CASCADE"
	pg_prove -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d regional_dev_tap "$ROOT"/test/pgtap/*.sql
}
run_suite "pg_regress (make installcheck)" regress
run_suite "pgTAP (pg_prove)" pgtap
# Further suites (drivers, fuzzing, federation, ...): every test/suites/*.sh in
# name order, run with this environment (PGHOST, PGPORT, PGUSER, ROOT, BINDIR, ...);
# a suite fails by exiting non-zero.
export ROOT BINDIR PG_CONFIG CLUSTER PORT LOGFILE SERVER_USER
for s in "$ROOT"/test/suites/*.sh; do
	[ -e "$s" ] || continue
	run_suite "$(basename "$s" .sh)" bash "$s"
done
# A backend crash fails the run even when every test passed.
if tail -c +$((log_start + 1)) "$LOGFILE" | grep 'terminated by signal' >&2; then
	say "a backend crashed during the run (lines above, from $LOGFILE)"
	failed=$((failed + 1))
fi
echo "test suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
