#!/usr/bin/env bash
# `make installcheck` runs against whatever server PGHOST/PGPORT/PGUSER point to
# (pg_regress takes libpq's defaults): here over TCP on 127.0.0.1 with a SCRAM
# password, as a throwaway superuser, instead of the cluster's unix socket.
source "$ROOT/tools/lib.sh"
role=regional_dev_installcheck
pw=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
psql_q -d postgres -v pw="$pw" >/dev/null <<'SQL'
SELECT 'CREATE ROLE regional_dev_installcheck' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regional_dev_installcheck')
\gexec
ALTER ROLE regional_dev_installcheck SUPERUSER LOGIN PASSWORD :'pw';
SQL
cleanup() {
	psql_q -d postgres -c 'DROP DATABASE IF EXISTS contrib_regression WITH (FORCE)' \
		-c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
}
trap cleanup EXIT
passed=0 failed=0
if PGHOST=127.0.0.1 PGUSER=$role PGPASSWORD=$pw make -C "$ROOT" -s PG_CONFIG="$PG_CONFIG" installcheck; then
	passed=1
else
	failed=1
	[ -f "$ROOT/regression.diffs" ] && head -n 100 "$ROOT/regression.diffs"
fi
echo "installcheck over TCP with a password: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
