# Shared set-up of the driver suites (test/suites/5x_bi_*.sh).  Sourced, not run.
# Creates the role regional_dev_bi with a fresh random password (SCRAM) and the
# database regional_dev_bi with the extension and the cases of test/bi/, checks
# that TCP on loopback asks for the password, and exports what the client
# programs read: BI_HOST BI_PORT BI_DB BI_USER BI_PASSWORD.

source "$ROOT/tools/lib.sh"
BI=$ROOT/test/bi
export BI_HOST=127.0.0.1 BI_PORT=$PGPORT BI_DB=regional_dev_bi BI_USER=regional_dev_bi
BI_PASSWORD=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
export BI_PASSWORD

bi_setup() {
	psql_q -d postgres -v pw="$BI_PASSWORD" <<'SQL' >/dev/null
SELECT 'CREATE ROLE regional_dev_bi' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'regional_dev_bi')
\gexec
SET password_encryption = 'scram-sha-256';
ALTER ROLE regional_dev_bi LOGIN PASSWORD :'pw';
-- BI tools rarely run SET: give the role the search_path analysts use.
ALTER ROLE regional_dev_bi SET search_path = public, regional_dev;
DROP DATABASE IF EXISTS regional_dev_bi WITH (FORCE);
CREATE DATABASE regional_dev_bi OWNER regional_dev_bi;
SQL
	# The extension; the role needs no grant (the extension grants USAGE on its
	# schema to PUBLIC, doc/bi.md).
	psql_q -d "$BI_DB" -c 'CREATE EXTENSION regional_dev CASCADE' 2>/dev/null
	psql_q -U "$BI_USER" -d "$BI_DB" -f "$BI/setup.sql" -f "$BI/types.sql" >/dev/null
	local problems
	problems=$(psql_q -U "$BI_USER" -d "$BI_DB" -Atc 'SELECT * FROM bi_build()')
	if [ -n "$problems" ]; then
		printf '%s\n' "$problems" >&2
		die "test/bi/types.sql has entries the server itself does not satisfy (above)"
	fi
	[ "$(psql_q -d postgres -Atc "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'regional_dev_bi'")" = 'SCRAM-SHA-256$' ] ||
		die "the password of regional_dev_bi is not stored as SCRAM-SHA-256"
	# Loopback TCP must refuse a wrong password (no trust) and take the right one.
	local err
	if err=$(PGPASSWORD=wrong "$BINDIR/psql" -X -h "$BI_HOST" -p "$BI_PORT" -U "$BI_USER" -d "$BI_DB" -Atc 'SELECT 1' 2>&1); then
		die "TCP on $BI_HOST:$BI_PORT accepted a wrong password"
	fi
	case $err in *'password authentication failed'*) ;; *) die "TCP login with a wrong password failed otherwise: $err" ;; esac
	PGPASSWORD=$BI_PASSWORD "$BINDIR/psql" -X -h "$BI_HOST" -p "$BI_PORT" -U "$BI_USER" -d "$BI_DB" -Atc 'SELECT 1' >/dev/null ||
		die "TCP on $BI_HOST:$BI_PORT refused the right password"
	say "role $BI_USER, database $BI_DB: $(psql_q -U "$BI_USER" -d "$BI_DB" -Atc "SELECT count(*) || ' cases for ' || count(DISTINCT type_name) || ' types' FROM bi_case")"
}
