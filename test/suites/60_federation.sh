#!/usr/bin/env bash
# Federation suite (doc/scale-out.md, "Federated two-step aggregation"): three
# throwaway province clusters (310000 Shanghai, 320000 Jiangsu, 330000 Zhejiang)
# each hold their districts' rows of a synthetic panel; the main throwaway
# cluster is the coordinator, with a table partitioned by province into
# postgres_fdw foreign tables.  Checks, for every row of
# scaleout.aggregate_case (test/scaleout/checks.sql):
#   - grouped by province, the aggregate runs on the province servers (it is in
#     the Remote SQL of EXPLAIN VERBOSE) and the coordinator aggregates nothing;
#   - the zone query rollup(province summaries) pushes the same way and only
#     rollup() runs on the coordinator;
#   - province summaries come back intact and the zone results equal those over
#     a single local copy of the panel.
# Run by tools/test.sh (PGHOST, PGPORT, ROOT, BINDIR, ... set); prints
# "N passed, N failed"; re-runnable (a previous run's clusters are discarded).
source "$ROOT/tools/lib.sh"
source "$ROOT/test/scaleout/clusters.sh"

PROVINCES=(310000 320000 330000)
FED=$CLUSTER/fed
# Province i (0, 1, 2) listens on FED_PORT + i (unix socket in $FED/<code>).
FED_PORT=${REGIONAL_DEV_FED_PORT:-$((PORT + 10))}
DB=regional_dev_fed			# the coordinator's database on the main cluster

# At the end: stop the province clusters; drop the coordinator database (its
# servers point at them) unless REGIONAL_DEV_KEEP_CLUSTERS=1.
fed_cleanup() {
	extra_clusters_cleanup
	rmdir "$FED" 2>/dev/null || true
	if [ "${REGIONAL_DEV_KEEP_CLUSTERS:-0}" != 1 ]; then
		psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null || true
	fi
}
trap fed_cleanup EXIT

fed_dir() { echo "$FED/$1"; }
fed_port() {
	local i
	for i in "${!PROVINCES[@]}"; do
		[ "${PROVINCES[$i]}" = "$1" ] && echo $((FED_PORT + i))
	done
	return 0
}
fed_psql() {
	local code=$1
	shift
	psql_q -h "$(fed_dir "$code")" -p "$(fed_port "$code")" -d regional_dev "$@"
}
coord_psql() { psql_q -d "$DB" "$@"; }

# 1. Province clusters: the first is built and given regional_dev and an empty
#    panel table, then copied to the other two (one initdb, one CREATE EXTENSION).
first=${PROVINCES[0]}
say "federation: province clusters under $FED, ports $FED_PORT-$((FED_PORT + ${#PROVINCES[@]} - 1))"
extra_cluster_init "$(fed_dir "$first")" "$(fed_port "$first")" ''
extra_cluster_start "$(fed_dir "$first")"
psql_q -h "$(fed_dir "$first")" -p "$(fed_port "$first")" -d postgres -c "CREATE DATABASE regional_dev"
fed_psql "$first" -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE"
fed_psql "$first" -v panel=public.panel -v fill=false -v exact=true -f "$ROOT/test/scaleout/panel.sql"
extra_cluster_stop "$(fed_dir "$first")"
for code in "${PROVINCES[@]:1}"; do
	extra_cluster_clone "$(fed_dir "$first")" "$(fed_dir "$code")" "$(fed_port "$code")" ''
done
for code in "${PROVINCES[@]}"; do
	[ "$code" = "$first" ] || extra_cluster_start "$(fed_dir "$code")"
done
extra_cluster_start "$(fed_dir "$first")"

# 2. The coordinator: postgres_fdw servers that may ship regional_dev's
#    functions, operators and types (OPTIONS extensions), a table partitioned
#    by province into foreign tables, and the single local copy.
#    fdw_tuple_cost 0.2 (PostgreSQL 17's default; 15 has 0.01) prices shipping
#    rows realistically, so the planner prefers remote aggregation also for
#    filtered queries with a few rows per province.
say "federation: coordinator database $DB on the main cluster"
psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
	-c "CREATE DATABASE $DB"
coord_psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE" \
	-c "CREATE EXTENSION postgres_fdw"
# Aggregates over a partitioned table are computed per partition (and so on the
# foreign server) only with partitionwise aggregation.
coord_psql -c "ALTER DATABASE $DB SET enable_partitionwise_aggregate = on" \
	-c "ALTER DATABASE $DB SET search_path = public, regional_dev"
coord_psql -c "CREATE SCHEMA scaleout" -c "CREATE SCHEMA fed"
coord_psql -v panel=scaleout.panel_local -v fill=true -v exact=true -f "$ROOT/test/scaleout/panel.sql"
coord_psql -f "$ROOT/test/scaleout/checks.sql" -f "$ROOT/test/scaleout/federation.sql"
coord_psql -c "CREATE TABLE fed.panel (LIKE scaleout.panel_local INCLUDING ALL) PARTITION BY LIST (province)" \
	-c "COMMENT ON TABLE fed.panel IS 'synthetic panel, partitioned by province into the province servers'"
for code in "${PROVINCES[@]}"; do
	coord_psql <<SQL
CREATE SERVER province_$code FOREIGN DATA WRAPPER postgres_fdw
	OPTIONS (host '$(fed_dir "$code")', port '$(fed_port "$code")', dbname 'regional_dev',
			 extensions 'regional_dev', fdw_tuple_cost '0.2', batch_size '1000', fetch_size '1000');
CREATE USER MAPPING FOR CURRENT_USER SERVER province_$code;
CREATE FOREIGN TABLE fed.panel_$code PARTITION OF fed.panel FOR VALUES IN ('$code')
	SERVER province_$code OPTIONS (schema_name 'public', table_name 'panel');
SQL
done
# Rows go to their province's server through the partitioned table.
coord_psql -c "INSERT INTO fed.panel SELECT * FROM scaleout.panel_local" -c "ANALYZE fed.panel"
for code in "${PROVINCES[@]}"; do
	fed_psql "$code" -c "ANALYZE public.panel"
done

# 3. Checks: a failed check is counted, not fatal.
set +e
rows_local=$(coord_psql -At -c "SELECT count(*) FROM scaleout.panel_local")
for code in "${PROVINCES[@]}"; do
	n=$(fed_psql "$code" -At -c "SELECT count(*) || ' rows, provinces ' || string_agg(DISTINCT province::text, ',') FROM public.panel")
	expected=$(coord_psql -At -c "SELECT count(*) || ' rows, provinces $code' FROM scaleout.panel_local WHERE province = '$code'")
	[ "$n" = "$expected" ]
	check "province $code holds its own rows of the panel ($n)" $? "expected $expected"
done
say "synthetic panel: $rows_local rows (32 districts x 24 years)"

# The plans, shown: per-province query and zone two-step query of each case.
coord_psql -At -F ' ' -c "SELECT aggregate, expr FROM scaleout.aggregate_case ORDER BY 1" |
	while read -r aggregate expr; do
		say "EXPLAIN (VERBOSE, COSTS OFF) of $aggregate by province, then the zone two-step query"
		coord_psql -At -c "SELECT scaleout.plan(scaleout.by_province(c, 'fed.panel')) FROM scaleout.aggregate_case c WHERE aggregate = '$aggregate'" |
			sed 's/^/    /'
		coord_psql -At -c "SELECT scaleout.plan(scaleout.zone_two_step(c, 'fed.panel')) FROM scaleout.aggregate_case c WHERE aggregate = '$aggregate'" |
			sed 's/^/    /'
	done

say "exact data (multiples of 1/16)"
run_checks -c "SELECT * FROM scaleout.fdw_pushdown('fed.panel', ${#PROVINCES[@]})" \
	-c "SELECT * FROM scaleout.compare('fed.panel', 'scaleout.panel_local', ${#PROVINCES[@]})"

# Negative control: a server without OPTIONS (extensions 'regional_dev') gets
# no regional_dev function shipped, so its partition is aggregated locally.
n=$(coord_psql -At -c "ALTER SERVER province_$first OPTIONS (DROP extensions)" \
	-c "SELECT string_agg(aggregate || ' ' || scaleout.remote_aggregates(scaleout.by_province(c, 'fed.panel'), aggregate), ', ' ORDER BY aggregate) FROM scaleout.aggregate_case c" \
	-c "ALTER SERVER province_$first OPTIONS (ADD extensions 'regional_dev')")
expected=$(coord_psql -At -c "SELECT string_agg(aggregate || ' ' || (${#PROVINCES[@]} - 1), ', ' ORDER BY aggregate) FROM scaleout.aggregate_case")
[ "$n" = "$expected" ]
check "without OPTIONS (extensions 'regional_dev') on province_$first, its partition is aggregated locally" $? "remote scans: $n"

# 4. The same panel with decimal figures (as published): sums of decimals are
#    rounded in binary, but a province summary crosses the wire with its
#    compensation terms (text form since 1.1), so the zone two-step result
#    equals the single-copy one bit for bit (1.0 differed in the last bit;
#    doc/scale-out.md).  Only the per-aggregate allowance (max_rel) remains.
say "decimal data (one or two decimals)"
coord_psql -v panel=scaleout.panel_decimal -v fill=true -v exact=false -f "$ROOT/test/scaleout/panel.sql"
coord_psql -c "TRUNCATE fed.panel" -c "INSERT INTO fed.panel SELECT * FROM scaleout.panel_decimal"
run_checks -c "SELECT * FROM scaleout.compare('fed.panel', 'scaleout.panel_decimal', ${#PROVINCES[@]}, 0, 0)"

# 5. Every type through postgres_fdw: the seeds of reliability.types
#    (test/reliability/registry.sql), stored on a province server, read back
#    through foreign tables equal to the seeds read locally, in text and in
#    binary form (compensation terms and scales included).
say "every type through postgres_fdw"
fed_psql "$first" -f "$ROOT/test/reliability/registry.sql" >/dev/null
fed_psql "$first" <<'SQL'
DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT row_number() OVER (ORDER BY type_name) AS i, type_name, seeds
			 FROM reliability.types ORDER BY type_name LOOP
		EXECUTE format('CREATE TABLE public.rt_%s (v %s)', r.i, r.type_name);
		EXECUTE format('INSERT INTO public.rt_%s SELECT s::%s FROM unnest($1) AS s', r.i, r.type_name) USING r.seeds;
	END LOOP;
END $$;
SQL
coord_psql -f "$ROOT/test/reliability/registry.sql" >/dev/null
run_checks -c "SELECT * FROM scaleout.types_through_fdw('province_$first')"

# Not a check, a measurement for the manual: without GROUP BY province,
# PostgreSQL 15 does not push a partial aggregate to the servers.
direct=$(coord_psql -At -c "SELECT scaleout.remote_aggregates('SELECT series_agg(year, gdp) FROM fed.panel', 'series_agg')")
say "note: series_agg over fed.panel without GROUP BY province aggregates remotely in $direct of ${#PROVINCES[@]} foreign scans"

extra_clusters_crashed
[ $? -ne 0 ]
check "no backend crashed on the province servers" $?
echo "$CHECKS_PASSED passed, $CHECKS_FAILED failed"
[ "$CHECKS_FAILED" -eq 0 ]
