# Shared by the reliability suites (test/suites/2x..9x_*.sh): sourced, not run.
# Run by tools/test.sh, a suite inherits PG_CONFIG, CLUSTER and PORT; run by
# hand, it takes the same defaults as tools/test.sh (the cluster must be up).
# Sourcing tools/lib.sh with REGIONAL_DEV_CLUSTER/PORT set from them gives
# PGHOST, PGPORT, BINDIR, LOGFILE and ensure_packages for that cluster, which
# is how 90_asan.sh points a suite at its own sanitized cluster.
[ -n "${CLUSTER:-}" ] && export REGIONAL_DEV_CLUSTER=$CLUSTER
[ -n "${PORT:-}" ] && export REGIONAL_DEV_PORT=$PORT
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib.sh"
export CLUSTER PORT

REL=$ROOT/test/reliability
# psql for the suites' own statements: quiet, stops on the first error.
PSQL=(env "PGOPTIONS=${PGOPTIONS:-} -c client_min_messages=warning" "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
passed=0
failed=0

pass() { passed=$((passed + 1)); printf 'ok: %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*"; }
# The closing line tools/test.sh and CI read; non-zero exit on any failure.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# Size of the server log now; crashed_since OFFSET prints crash lines after it.
log_mark() { stat -c %s "$LOGFILE" 2>/dev/null || echo 0; }
crashed_since() { tail -c +$(($1 + 1)) "$LOGFILE" 2>/dev/null | grep 'terminated by signal'; }

# Wait until the server accepts connections again (after a crash: recovery).
wait_ready() {
	local i
	for i in $(seq 1 60); do
		"$BINDIR/pg_isready" -q -h "$PGHOST" -p "$PGPORT" && "${PSQL[@]}" -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 1
	done
	return 1
}

# A fresh database $1 with regional_dev (and PostGIS).
fresh_db() {
	"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" &&
		"${PSQL[@]}" -d "$1" -c 'CREATE EXTENSION regional_dev CASCADE'
}
