# A login as a BI tool or QGIS gets it (test/suites/58_bi_role.sh, 59_qgis.sh).
# Sourced, not run.  bare_login DB ROLE: a fresh database DB with the extension
# and a role ROLE created with LOGIN and a random SCRAM password only (no grant,
# no setting), both dropped when the suite exits; exports what the client
# programs read: ROLE_DB ROLE_USER ROLE_PASSWORD ROLE_HOST ROLE_PORT PSQL.
source "$ROOT/tools/lib.sh"

bare_login() {
	export ROLE_DB=$1 ROLE_USER=$2 ROLE_HOST=127.0.0.1 ROLE_PORT=$PGPORT PSQL="$BINDIR/psql"
	ROLE_PASSWORD=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
	export ROLE_PASSWORD
	trap bare_login_cleanup EXIT
	bare_login_cleanup
	psql_q -d postgres -v pw="$ROLE_PASSWORD" -v role="$ROLE_USER" -v db="$ROLE_DB" >/dev/null <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE :"role" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db";
SQL
	PGOPTIONS='-c client_min_messages=warning' psql_q -d "$ROLE_DB" -c 'CREATE EXTENSION regional_dev CASCADE' >/dev/null
}

bare_login_cleanup() {
	psql_q -d postgres -c "DROP DATABASE IF EXISTS $ROLE_DB WITH (FORCE)" -c "DROP ROLE IF EXISTS $ROLE_USER" >/dev/null 2>&1 || true
}
