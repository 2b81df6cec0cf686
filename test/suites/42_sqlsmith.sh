#!/usr/bin/env bash
# Random SQL (doc/reliability.md): a bounded sqlsmith run (SMITH_QUERIES
# queries, default 5000, at most SMITH_SECONDS seconds, default 240; seed
# SMITH_SEED, default 1) as a non-superuser against a database with
# regional_dev, the demo data and tables holding values of every type listed
# in test/reliability/registry.sql.  Fails on any backend crash ("terminated
# by signal" in the server log) or if sqlsmith breaks off; reports the errors
# it saw.
source "$(dirname "$0")/../reliability/lib.sh"
ensure_packages sqlsmith

DB=regional_dev_smith
ROLE=regional_dev_smith
N=${SMITH_QUERIES:-5000}
SECONDS_MAX=${SMITH_SECONDS:-240}
SEED=${SMITH_SEED:-1}
W=$CLUSTER/sqlsmith
rm -rf "$W"
mkdir -p "$W"
mark=$(log_mark)

fresh_db "$DB"
(cd "$ROOT" && for f in tools/demo_data/*.sql; do [ -e "$f" ] && "${PSQL[@]}" -d "$DB" -f "$f"; done)
"${PSQL[@]}" -d "$DB" -f "$REL/registry.sql"
"${PSQL[@]}" -d "$DB" <<SQL
CREATE SCHEMA smith;
COMMENT ON SCHEMA smith IS 'values of every listed type for test/suites/42_sqlsmith.sh (test data)';
DO \$\$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT type_name, seeds FROM reliability.types WHERE to_regtype(type_name) IS NOT NULL LOOP
		EXECUTE format('CREATE TABLE smith.%I AS SELECT s::%s AS v FROM unnest(\$1) AS s',
					   'values_' || (SELECT typname FROM pg_type WHERE oid = to_regtype(r.type_name)), r.type_name)
			USING r.seeds;
	END LOOP;
END
\$\$;
DROP SCHEMA reliability CASCADE;
DROP ROLE IF EXISTS $ROLE;
CREATE ROLE $ROLE LOGIN;
-- Bounded statements; its thousands of errors stay out of the server log
-- (a crash is still logged, by the postmaster).
ALTER ROLE $ROLE SET statement_timeout = '2s';
ALTER ROLE $ROLE SET lock_timeout = '1s';
ALTER ROLE $ROLE SET search_path = public, regional_dev;
ALTER ROLE $ROLE SET log_min_messages = 'fatal';
ALTER ROLE $ROLE SET log_min_error_statement = 'panic';
GRANT USAGE ON SCHEMA regional_dev, smith TO $ROLE;
GRANT SELECT ON ALL TABLES IN SCHEMA regional_dev, smith TO $ROLE;
SQL
"${PSQL[@]}" -d "$DB" -c "GRANT USAGE ON SCHEMA demo TO $ROLE" -c "GRANT SELECT ON ALL TABLES IN SCHEMA demo TO $ROLE" 2>/dev/null || true

say "sqlsmith: $N queries (seed $SEED, at most $SECONDS_MAX s) as $ROLE"
rc=0
timeout "$SECONDS_MAX" sqlsmith --target="host=$PGHOST port=$PGPORT dbname=$DB user=$ROLE" --seed="$SEED" \
	--max-queries="$N" --exclude-catalog --dump-all-queries --verbose >"$W/queries.sql" 2>"$W/report.txt" || rc=$?
ran=$(grep -a '^queries: ' "$W/report.txt" | tail -n 1 | sed 's/queries: //')
ours=$(awk 'BEGIN { RS = ";" } /regional_dev\.|smith\.values_/ { n++ } END { print n + 0 }' "$W/queries.sql")
if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
	pass "sqlsmith ran ${ran:-0} queries ($ours of the generated ones use regional_dev objects) without breaking off"
else
	fail "sqlsmith broke off (exit $rc):"
	tail -n 20 "$W/report.txt" | sed 's/^/      /'
fi
echo "   errors sqlsmith saw (count, message), most frequent first:"
awk '/^queries: /{n=NR} {l[NR]=$0} END{for(i=n+1;i<=NR;i++) print l[i]}' "$W/report.txt" |
	grep -a -E '^[0-9]+	' | sort -rn | sed -n '1,15s/^/      /p'
echo "   errors naming regional_dev's types or tables:"
awk '/^queries: /{n=NR} {l[NR]=$0} END{for(i=n+1;i<=NR;i++) print l[i]}' "$W/report.txt" |
	grep -a -E '^[0-9]+	' | grep -a -i -E 'adcode|region|regional_dev|smith' | sort -rn | sed 's/^/      /' || echo "      (none)"
echo "   (all in $W)"

if "${PSQL[@]}" -d "$DB" -c 'SELECT 1' >/dev/null; then pass "server up after sqlsmith"; else fail "server down after sqlsmith"; fi
if crashed_since "$mark"; then fail "a backend crashed under sqlsmith (lines above, from $LOGFILE; queries in $W/queries.sql)"
else pass "no backend crash in the server log"; fi
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB" -c "DROP ROLE $ROLE"
finish
