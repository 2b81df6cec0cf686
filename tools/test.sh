#!/usr/bin/env bash
# README command two: set up everything, then run every test suite on the throwaway cluster.
#
#   tools/test.sh                 pg_regress, pgTAP and every test/suites/*.sh
#   tools/test.sh --matrix [NN..] the same, then the version matrix (tools/matrix.sh:
#                                 PostgreSQL 17 and 18 in Debian chroots; needs root)
#
#   tools/test.sh --quick         only the compiler check, pg_regress and pgTAP (a minute or
#                                 two: for a quick check of a change; not what CI runs)
#
# REGIONAL_DEV_SUITES="56_upgrade 61_citus" runs only those of test/suites (the
# matrix uses it); pg_regress and pgTAP always run.  A suite passes by exiting
# 0, is skipped by exiting 77 (SKIP_STATUS of tools/lib.sh, after saying why)
# and fails otherwise.
matrix=()
quick=false
if [ "${1:-}" = --quick ]; then
	shift
	quick=true
fi
if [ "${1:-}" = --matrix ]; then
	shift
	matrix=(17 18)
	[ $# -eq 0 ] || matrix=("$@")
fi
source "$(dirname "$0")/lib.sh"
setup
failed=0 passed=0 skipped=0
log_start=$(stat -c %s "$LOGFILE" 2>/dev/null || echo 0)
run_suite() {
	local name=$1 rc=0 t0=$SECONDS
	shift
	say "suite: $name"
	("$@") || rc=$?
	case $rc in
		0) passed=$((passed + 1)); say "passed: $name ($((SECONDS - t0)) s)" ;;
		"$SKIP_STATUS") skipped=$((skipped + 1)); say "skipped: $name" ;;
		*) failed=$((failed + 1)); say "FAILED: $name (exit $rc, $((SECONDS - t0)) s)" ;;
	esac
}
regress() {
	rm -f "$ROOT/regression.diffs"
	make -C "$ROOT" -s PG_CONFIG="$PG_CONFIG" installcheck ||
		{ [ -f "$ROOT/regression.diffs" ] && head -n 200 "$ROOT/regression.diffs" >&2; return 1; }
}
pgtap() {
	psql_q -d postgres -c "DROP DATABASE IF EXISTS regional_dev_tap" -c "CREATE DATABASE regional_dev_tap"
	psql_q -d regional_dev_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION regional_dev CASCADE"
	pg_prove -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d regional_dev_tap "$ROOT"/test/pgtap/*.sql
}
# -Wall -Wextra clean: no compiler warning in this run's build (tools/lib.sh).
compiler() {
	local n
	n=$(grep -cE ' -c -o [^ ]+\.o ' "$BUILD_LOG" || true)
	if grep -E 'warning:' "$BUILD_LOG"; then
		say "the compiler warned (lines above)"
		return 1
	fi
	if [ "$n" -eq 0 ]; then
		skip_suite "this run compiled nothing (objects up to date; make clean first to check for warnings)"
	fi
	echo "$n compilations, no warning"
}
run_suite "no compiler warning ($("$PG_CONFIG" --version))" compiler
run_suite "pg_regress (make installcheck)" regress
run_suite "pgTAP (pg_prove)" pgtap
# Further suites (drivers, fuzzing, federation, ...): every test/suites/*.sh in
# name order, run with this environment (PGHOST, PGPORT, PGUSER, ROOT, BINDIR, ...).
export ROOT BINDIR PG_CONFIG CLUSTER PORT LOGFILE SERVER_USER
# The benchmark smoke run (91_bench_smoke) writes the targets it missed here.
export REGIONAL_DEV_BENCH_MISSED=${TMPDIR:-/tmp}/regional_dev-bench-missed.$$
rm -f "$REGIONAL_DEV_BENCH_MISSED"
$quick && say "--quick: the suites of test/suites are not run"
for s in "$ROOT"/test/suites/*.sh; do
	$quick && break
	[ -e "$s" ] || continue
	name=$(basename "$s" .sh)
	if [ -n "${REGIONAL_DEV_SUITES:-}" ] && ! [[ " $REGIONAL_DEV_SUITES " == *" $name "* ]]; then
		continue
	fi
	run_suite "$name" bash "$s"
done
# A backend crash fails the run even when every test passed.
if tail -c +$((log_start + 1)) "$LOGFILE" | grep 'terminated by signal' >&2; then
	say "a backend crashed during the run (lines above, from $LOGFILE)"
	failed=$((failed + 1))
fi
# The version matrix: one count per PostgreSQL version.
for v in "${matrix[@]}"; do
	run_suite "matrix: PostgreSQL $v" bash "$ROOT/tools/matrix.sh" "$v"
done
# Informational, not a failure: the smoke run's sizes are tiny, and
# doc/benchmarks.md holds the full-size results the targets are judged on.
if [ -s "$REGIONAL_DEV_BENCH_MISSED" ]; then
	echo "benchmark targets missed by the smoke run (tiny sizes; informational, not a failure; see doc/benchmarks.md):"
	sed 's/^/  /' "$REGIONAL_DEV_BENCH_MISSED"
fi
rm -f "$REGIONAL_DEV_BENCH_MISSED"
echo "suites: $passed passed, $failed failed, $skipped skipped"
rm -f "$BUILD_LOG"
[ "$failed" -eq 0 ]
