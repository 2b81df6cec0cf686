#!/usr/bin/env bash
# A BI login as it comes (issue 18): a role created with LOGIN and a password,
# granted nothing, with the default search_path, connected over TCP as
# Metabase, Superset, Tableau or Excel would, runs the manual's read-only
# examples, the report's queries and the SQL a BI tool generates (filters and
# joins on adcode columns with plain literals, GROUP BY province), with the
# superuser's results (test/bi/bi_role.py).  A negative control revokes USAGE
# on the schema from PUBLIC and checks that the comparison then fails.
source "$ROOT/tools/lib.sh"
export ROLE_DB=regional_dev_bi_role ROLE_USER=regional_dev_bi_analyst
ROLE_PASSWORD=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
export ROLE_PASSWORD ROLE_HOST=127.0.0.1 ROLE_PORT=$PGPORT PSQL="$BINDIR/psql"
cleanup() {
	psql_q -d postgres -c "DROP DATABASE IF EXISTS $ROLE_DB WITH (FORCE)" -c "DROP ROLE IF EXISTS $ROLE_USER" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
psql_q -d postgres -v pw="$ROLE_PASSWORD" >/dev/null <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE regional_dev_bi_analyst LOGIN PASSWORD :'pw';
CREATE DATABASE regional_dev_bi_role;
SQL
# What the administrator does: the extension and the demo data, nothing for the role.
psql_q -d $ROLE_DB -c 'CREATE EXTENSION regional_dev CASCADE' 2>/dev/null
(cd "$ROOT" && for f in tools/demo_data/*.sql; do PGOPTIONS='-c client_min_messages=warning' psql_q -d $ROLE_DB -f "$f" >/dev/null; done)
# The manual's examples as tools/doc_examples.py writes them (sql/zz_manual.sql).
/usr/bin/python3 "$ROOT/tools/doc_examples.py"
/usr/bin/python3 "$ROOT/test/bi/bi_role.py"
