#!/usr/bin/env bash
# Citus suite (doc/scale-out.md, "Deploying on Citus"): a coordinator and two
# workers (three throwaway clusters with shared_preload_libraries = citus,
# listening on localhost only), the synthetic panel distributed by district
# code.  Checks:
#   - set-up: CREATE EXTENSION regional_dev on the coordinator reaches the
#     workers, whose regional_dev objects have other OIDs than the
#     coordinator's (as on separately installed servers); the panel's shards
#     are on both workers;
#   - for every row of scaleout.aggregate_case (test/scaleout/checks.sql):
#     grouped by province and over the whole zone, EXPLAIN VERBOSE shows
#     worker partial aggregation (worker_partial_agg in the shard query) and a
#     combine on the coordinator (coord_combine_agg); grouped by district (the
#     distribution column) the whole aggregate runs on the workers; with an
#     ORDER BY inside the call it does not split (negative control);
#   - province summaries, rollup() of them, the whole-zone aggregate and the
#     district summaries equal those over a local copy of the panel (exact
#     data), or agree to 1e-15 (decimal data);
#   - gini, beta_convergence and morans_i (scaleout.citus_number_case in
#     test/scaleout/citus.sql): split the same way, results equal.
#   - places (test/scaleout/citus_places.sql; doc/scale-out.md, "Places on
#     Citus"): before region_to_reference_table(), queries that would read a
#     worker's own regions fail with the guard's error; after it, region is a
#     reference table on all three nodes, region, region_index and
#     region_neighbor are the same on every node, and locate,
#     length_by_region, boundary_crossings, apportion and morans_i over
#     distributed tables of synthetic points, lines and values equal the
#     single-server answers (local copies on the coordinator), with locate
#     in the shard queries; again after regions are added, changed and
#     deleted on the coordinator, and with the national layer loaded through
#     the coordinator (skipped, and said so, when tools/load_regions.sh cannot
#     get it); an uncommitted change is seen by no other session.
# Needs Citus installed for this PostgreSQL (Debian does not package it): when
# it is not and REGIONAL_DEV_CITUS_SRC names a Citus release tarball (.ci/run
# sets it to ../shared/vendor/citus-13.0.5.tar.gz), the suite first builds and
# installs it (test/scaleout/citus_build.sh, outside the checkout); without
# either it says skipped and exits 77 (counted as skipped by tools/test.sh).
# Run by CI against Citus 13.0.5 built from source for PostgreSQL 15.
source "$ROOT/tools/lib.sh"

control="$("$PG_CONFIG" --sharedir)/extension/citus.control"
if [ ! -f "$control" ]; then
	[ -n "${REGIONAL_DEV_CITUS_SRC:-}" ] ||
		skip_suite "Citus is not installed for this PostgreSQL (no $control; Debian does not package it) and REGIONAL_DEV_CITUS_SRC names no Citus source tarball"
	[ -f "$REGIONAL_DEV_CITUS_SRC" ] ||
		skip_suite "Citus is not installed for this PostgreSQL (no $control) and REGIONAL_DEV_CITUS_SRC=$REGIONAL_DEV_CITUS_SRC does not exist"
	bash "$ROOT/test/scaleout/citus_build.sh" "$REGIONAL_DEV_CITUS_SRC" || die "building Citus from $REGIONAL_DEV_CITUS_SRC failed"
	[ -f "$control" ] || die "Citus was built but $control is still missing"
fi

source "$ROOT/test/scaleout/clusters.sh"

NODES=(coordinator worker1 worker2)
CITUS=$CLUSTER/citus
# Node i (0, 1, 2) listens on CITUS_PORT + i, on localhost (Citus nodes reach
# each other by host name and port) and on a unix socket in $CITUS/<node>.
CITUS_PORT=${REGIONAL_DEV_CITUS_PORT:-$((PORT + 13))}
CITUS_CONF=(
	"shared_preload_libraries = 'citus'"
	"citus.node_conninfo = 'sslmode=prefer'"
	"citus.shard_count = 4"
	"max_prepared_transactions = 40"
)

trap 'extra_clusters_cleanup; rmdir "$CITUS" 2>/dev/null || true' EXIT

node_port() {
	local i
	for i in "${!NODES[@]}"; do
		[ "${NODES[$i]}" = "$1" ] && echo $((CITUS_PORT + i))
	done
	return 0
}
node_psql() {
	local node=$1
	shift
	psql_q -h "$CITUS/$node" -p "$(node_port "$node")" -d regional_dev "$@"
}
coord_psql() { node_psql coordinator "$@"; }

say "citus: $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$control") from $control"
say "citus: coordinator and two workers under $CITUS, ports $CITUS_PORT-$((CITUS_PORT + 2))"

# 1. Three nodes from one initdb (copied); each gets its database and the
#    citus extension.  Before that, the workers burn 1000 and 2000 OIDs, so
#    that regional_dev's types and functions get other OIDs there than on the
#    coordinator, as on servers installed separately.
first=${NODES[0]}
extra_cluster_init "$CITUS/$first" "$(node_port "$first")" localhost "${CITUS_CONF[@]}"
for node in "${NODES[@]:1}"; do
	extra_cluster_clone "$CITUS/$first" "$CITUS/$node" "$(node_port "$node")" localhost
done
i=0
for node in "${NODES[@]}"; do
	extra_cluster_start "$CITUS/$node"
	psql_q -h "$CITUS/$node" -p "$(node_port "$node")" -d postgres -c "CREATE DATABASE regional_dev"
	node_psql "$node" -At -c "SELECT count(lo_unlink(lo_create(0))) FROM generate_series(1, 1000 * $i)" >/dev/null
	node_psql "$node" -c "CREATE EXTENSION citus"
	i=$((i + 1))
done

# 2. The coordinator registers itself and the workers, then creates
#    regional_dev (Citus runs CREATE EXTENSION on the workers too) and
#    distributes the panel by district code; the local copies and the check
#    functions stay on the coordinator (DDL propagation off while creating them).
coord_psql -At -c "SELECT citus_set_coordinator_host('localhost', $(node_port coordinator))" >/dev/null
for node in "${NODES[@]:1}"; do
	coord_psql -c "SELECT citus_add_node('localhost', $(node_port "$node"))" >/dev/null
done
coord_psql -At -c "SELECT 'citus nodes: ' || string_agg(nodename || ':' || nodeport || CASE WHEN groupid = 0 THEN ' (coordinator)' ELSE '' END, ', ' ORDER BY nodeport) FROM pg_dist_node" >&2
coord_psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE"
for node in "${NODES[@]}"; do
	node_psql "$node" -c "SET citus.enable_ddl_propagation = off" \
		-c "ALTER DATABASE regional_dev SET search_path = public, regional_dev"
done
local_psql() { PGOPTIONS="-c citus.enable_ddl_propagation=off" coord_psql "$@"; }
local_psql -c "CREATE SCHEMA scaleout"
local_psql -v panel=scaleout.panel_local -v fill=true -v exact=true -f "$ROOT/test/scaleout/panel.sql"
local_psql -v panel=scaleout.panel_decimal -v fill=true -v exact=false -f "$ROOT/test/scaleout/panel.sql"
local_psql -f "$ROOT/test/scaleout/checks.sql" -f "$ROOT/test/scaleout/citus.sql"
coord_psql -c "CREATE TABLE public.panel (LIKE scaleout.panel_local)" \
	-c "COMMENT ON TABLE public.panel IS 'synthetic panel, distributed by district code'" \
	-c "SELECT create_distributed_table('public.panel', 'code')" \
	-c "INSERT INTO public.panel SELECT * FROM scaleout.panel_local" >/dev/null

# 3. Checks: a failed check is counted, not fatal.
set +e
q="SELECT extversion || ' ' || 'regional_dev.annual_series'::regtype::oid FROM pg_extension WHERE extname = 'regional_dev'"
coord=$(coord_psql -At -c "$q")
workers=$(coord_psql -At -F ' ' -c "SELECT nodeport, success, result FROM run_command_on_workers(\$\$$q\$\$) ORDER BY 1")
say "regional_dev version and OID of annual_series: coordinator $coord; workers (port, ok, version, OID): $(echo $workers)"
n=$(awk -v v="${coord% *}" '$2 == "t" && $3 == v' <<<"$workers" | wc -l)
[ "$n" = 2 ]
check "CREATE EXTENSION regional_dev on the coordinator created it on both workers (same version)" $? "$n workers"
n=$({ echo "${coord#* }"; awk '$2 == "t" { print $4 }' <<<"$workers"; } | sort -u | wc -l)
[ "$n" = 3 ]
check "regional_dev's types have other OIDs on each node, as on separately installed servers" $? "$n distinct OIDs"
n=$(coord_psql -At -c "SELECT count(DISTINCT nodeport) FROM citus_shards WHERE table_name = 'public.panel'::regclass")
[ "$n" = 2 ]
check "the panel's shards are spread over the two workers" $? "$n nodes hold shards"

coord_psql -At -F ' ' -c "SELECT aggregate FROM scaleout.aggregate_case ORDER BY 1" |
	while read -r aggregate; do
		say "EXPLAIN (VERBOSE, COSTS OFF) of $aggregate by province"
		coord_psql -At -c "SELECT scaleout.plan(scaleout.by_province(c, 'public.panel')) FROM scaleout.aggregate_case c WHERE aggregate = '$aggregate'" |
			sed 's/^/    /'
	done

say "exact data (multiples of 1/16)"
run_checks -c "SELECT * FROM scaleout.citus_pushdown('public.panel')" \
	-c "SELECT * FROM scaleout.compare('public.panel', 'scaleout.panel_local', 3)" \
	-c "SELECT * FROM scaleout.citus_by_code('public.panel', 'scaleout.panel_local')" \
	-c "SELECT * FROM scaleout.citus_numbers('public.panel', 'scaleout.panel_local')"

# Decimal data: partial states cross from workers to the coordinator as one
# double per number, so province and zone results may differ in the last bit.
say "decimal data (one or two decimals)"
coord_psql -c "TRUNCATE public.panel" -c "INSERT INTO public.panel SELECT * FROM scaleout.panel_decimal" >/dev/null
run_checks -c "SELECT * FROM scaleout.compare('public.panel', 'scaleout.panel_decimal', 3, 1e-15, 1e-15)" \
	-c "SELECT * FROM scaleout.citus_by_code('public.panel', 'scaleout.panel_decimal', 1e-15)" \
	-c "SELECT * FROM scaleout.citus_numbers('public.panel', 'scaleout.panel_decimal', 1e-15)"

# Reported, not checked: Citus before 14.0 cannot EXPLAIN ANALYZE a query whose
# shard queries return worker_partial_agg()'s cstring, for any aggregate with a
# combine function, not only ours (Citus issue 4043; fixed in 14.0 by Citus pull
# request 8446, binary partial aggregates).  doc/scale-out.md has the details.
if out=$(coord_psql -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT province, series_agg(year, gdp) FROM public.panel GROUP BY province" 2>&1); then
	say "EXPLAIN ANALYZE of series_agg by province ran"
else
	say "EXPLAIN ANALYZE of series_agg by province failed, as Citus before 14.0 does for every custom aggregate it splits (doc/scale-out.md): $(echo $out)"
fi

# 4. Places (doc/scale-out.md, "Places on Citus"): the spatial functions
#    over distributed tables of synthetic points, lines and region values.
CHECKS_SKIPPED=0
say "places: locate, length_by_region, boundary_crossings, apportion, morans_i over distributed tables"
local_psql -f "$ROOT/test/scaleout/citus_places.sql"
coord_psql -c "CREATE TABLE public.pts (LIKE scaleout.pts_local INCLUDING ALL)" -c "SELECT create_distributed_table('public.pts', 'id')" \
	-c "CREATE TABLE public.lines (LIKE scaleout.lines_local INCLUDING ALL)" -c "SELECT create_distributed_table('public.lines', 'id')" \
	-c "CREATE TABLE public.vals (LIKE scaleout.vals_local INCLUDING ALL)" -c "SELECT create_distributed_table('public.vals', 'province')" >/dev/null
# place_fill AREA POINTS LINES: new synthetic data in the local copies and the distributed tables.
place_fill() {
	coord_psql -c "SELECT scaleout.place_data('$1', $2, $3)" \
		-c "TRUNCATE public.pts, public.lines, public.vals" \
		-c "INSERT INTO public.pts SELECT * FROM scaleout.pts_local" \
		-c "INSERT INTO public.lines SELECT * FROM scaleout.lines_local" \
		-c "INSERT INTO public.vals SELECT * FROM scaleout.vals_local" >/dev/null
}
place_checks() {
	# (morans_i's notices about regions without neighbours left out)
	PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" run_checks -c "SELECT * FROM scaleout.citus_region_copies('$1')" \
		-c "SELECT * FROM scaleout.citus_places('{public.pts,public.lines,public.vals}', '{scaleout.pts_local,scaleout.lines_local,scaleout.vals_local}', '$1')"
}
# region_neighbors() at another tolerance than the stored one: computed by
# each node from its own copy, the same everywhere.
neighbours_everywhere() {
	expect coordinator '^3 3 1$' "$1: region_neighbors(150), computed on each node, is the same on every node" \
		"SELECT count(*) || ' ' || count(*) FILTER (WHERE success) || ' ' || count(DISTINCT result) FROM run_command_on_all_nodes(\$q\$SELECT count(*) || ' ' || md5(string_agg(format('%s %s %s %s', a, b, shared_border_m, boundary_level), ',' ORDER BY a::text, b::text)) FROM regional_dev.region_neighbors(150)\$q\$)"
}
point_in() { echo "ST_SetSRID(ST_MakePoint($1, $2), 4326)"; }
# Synthetic outlines (rectangles near Lhasa, not the real boundaries).
box() { echo "ST_Multi(ST_MakeEnvelope($1, $2, $3, $4, 4326))"; }

# 4a. The guard: a region inserted on the coordinator while region is still
#     every node's own table; a query that would read a worker's regions fails.
coord_psql -c "INSERT INTO regional_dev.region (code, name, province, geom) VALUES ('540102', 'Chengguan (synthetic outline)', '540000', $(box 91.0 29.5 91.3 29.8))" >/dev/null
place_fill zone 20000 400
guard='is not shared with this Citus worker'
# expect NODE PATTERN NAME SQL: a check that SQL's output on NODE, errors
# and notices included, has a line matching PATTERN (grep -E).
expect() {
	local out
	out=$(node_psql "$1" -At -c "$4" 2>&1)
	grep -qE "$2" <<<"$out"
	check "$3" $? "$out"
}
# expect_error NODE ERRCODE MESSAGE HINT NAME SQL: a check that SQL fails on
# NODE with exactly that error (SQLSTATE and message) and hint.
expect_error() {
	local out
	out=$(node_psql "$1" -At -v VERBOSITY=verbose -c "$6" 2>&1)
	grep -qxF "ERROR:  $2: $3" <<<"$out" && grep -qxF "HINT:  $4" <<<"$out"
	check "$5" $? "$out"
}
expect coordinator "$guard" "before region_to_reference_table: locate over the distributed points fails with the guard's error (not NULL for 540102)" \
	"SELECT locate(p), count(*) FROM public.pts GROUP BY 1"
say "  $(coord_psql -At -c "SELECT locate(p), count(*) FROM public.pts GROUP BY 1" 2>&1 | grep -m1 ERROR)"
expect coordinator "$guard" "before region_to_reference_table: morans_i finished on the workers (grouped by the distribution column) fails the same way" \
	"SELECT province, morans_i(code, value) FROM public.vals GROUP BY province"
expect worker1 "$guard" "before region_to_reference_table: locate on a worker itself fails the same way" \
	"SELECT locate($(point_in 91.1 29.6))"
# region distributed by hash instead of as a reference table (a mistaken
# create_distributed_table): every node refuses, region_to_reference_table()
# too.  Inside one transaction, rolled back (undistribute_table refuses a
# table of an extension; 4f commits it and goes the way of the hint).
# region is emptied first (create_distributed_table copying the rows fires
# region's triggers on the shards, which deadlocks), and the transaction is
# sequential, so that the shard queries run over the connections that saw the
# new metadata.
# hash_error NAME SQL MESSAGE HINT [CONTEXT]: SQL fails with exactly that
# error (SQLSTATE 55000), hint and, if given, a CONTEXT line matching it.
hash_error() {
	local out
	out=$(node_psql coordinator -At -v ON_ERROR_STOP=0 -v VERBOSITY=verbose -c "BEGIN" \
		-c "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'" -c "SET LOCAL citus.enable_unsafe_triggers = on" \
		-c "TRUNCATE regional_dev.region" -c "SELECT create_distributed_table('regional_dev.region', 'code')" \
		-c "$2" -c "ROLLBACK" 2>&1)
	grep -qxF "ERROR:  55000: $3" <<<"$out" && grep -qxF "HINT:  $4" <<<"$out" &&
		{ [ -z "${5:-}" ] || grep -qE "^CONTEXT: +$5" <<<"$out"; }
	check "$1" $? "$out"
}
hashed='regional_dev: table regional_dev.region is distributed by Citus but is not a reference table'
hashed_hint="Citus cannot undistribute a table of an extension. On the coordinator: SELECT run_command_on_all_nodes('ALTER EXTENSION regional_dev DROP TABLE regional_dev.region'); DROP TABLE regional_dev.region; DROP EXTENSION regional_dev; CREATE EXTENSION regional_dev; CALL regional_dev.region_to_reference_table();"
hash_error "region distributed by hash: locate over the distributed points fails on a worker with the guard's error" \
	"SELECT locate(p), count(*) FROM public.pts GROUP BY 1" "$hashed" "$hashed_hint" \
	"while executing command on localhost:($(node_port worker1)|$(node_port worker2))$"
hash_error "region distributed by hash: locate on the coordinator fails the same way" \
	"SELECT locate($(point_in 91.1 29.6))" "$hashed" "$hashed_hint"
hash_error "region distributed by hash: region_to_reference_table() refuses, with its hint" \
	"CALL regional_dev.region_to_reference_table()" \
	"region_to_reference_table: regional_dev.region is distributed by Citus, not a reference table" \
	"Citus cannot undistribute a table of an extension: SELECT run_command_on_all_nodes('ALTER EXTENSION regional_dev DROP TABLE regional_dev.region'); DROP TABLE regional_dev.region; DROP EXTENSION regional_dev; CREATE EXTENSION regional_dev; then call this."
expect coordinator '^0$' "after the rollback, region is no Citus table" \
	"SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'regional_dev.region'::regclass"
expect coordinator '^540102$' "the coordinator answers from its own table meanwhile (540102)" \
	"SELECT locate($(point_in 91.1 29.6))"

# 4b. Sharing: region becomes a reference table.
out=$(coord_psql -At -c "CALL regional_dev.region_to_reference_table()" 2>&1)
check "region_to_reference_table() on the coordinator" $? "$out"
expect coordinator '^n 3$' "regional_dev.region is a reference table with a placement on each of the 3 nodes" \
	"SELECT p.partmethod::text || ' ' || count(DISTINCT pl.groupid) FROM pg_dist_partition p JOIN pg_dist_shard s USING (logicalrelid) JOIN pg_dist_placement pl USING (shardid) WHERE p.logicalrelid = 'regional_dev.region'::regclass GROUP BY p.partmethod"
expect coordinator 'is a reference table already' "region_to_reference_table() a second time: a notice, nothing done" \
	"CALL regional_dev.region_to_reference_table()"
expect worker1 'run it on the coordinator' "region_to_reference_table() on a worker: refused" \
	"CALL regional_dev.region_to_reference_table()"
expect worker2 '^540102$' "a worker's own session now locates in 540102 (the region inserted on the coordinator before sharing)" \
	"SELECT locate($(point_in 91.1 29.6))"
place_checks "shared"
neighbours_everywhere "shared"
# A role that is not a superuser (LOGIN, which Citus's connections to the
# workers need; SELECT on the points, USAGE on the schema;
# Citus creates the role and the grants on the workers too): the workers'
# sessions read their placement for it as well (SELECT for PUBLIC, as on
# region, comes with every placement).
coord_psql -c "DROP ROLE IF EXISTS regional_dev_citus_analyst" -c "CREATE ROLE regional_dev_citus_analyst LOGIN" \
	-c "GRANT USAGE ON SCHEMA regional_dev TO regional_dev_citus_analyst" \
	-c "GRANT SELECT ON public.pts TO regional_dev_citus_analyst" >/dev/null
counts="SELECT count(*) || ' ' || md5(string_agg(c || ':' || n, ',' ORDER BY c)) FROM (SELECT coalesce(regional_dev.locate(p)::text, 'NULL') AS c, count(*) AS n FROM public.pts GROUP BY 1) AS t"
mine=$(coord_psql -At -c "$counts")
expect coordinator "^${mine}\$" "a role that is not a superuser gets the same points per region over the distributed table" \
	"SET ROLE regional_dev_citus_analyst; $counts"
# ... also in a transaction block, where the workers' sessions look for a
# change of the regions by the same transaction (pg_locks, Citus's
# get_current_transaction_id()) with that role's rights.
out=$(coord_psql -At -c "BEGIN" -c "SET LOCAL ROLE regional_dev_citus_analyst" -c "$counts" -c "COMMIT" 2>&1)
grep -qx "$mine" <<<"$out"
check "... and in a transaction block" $? "$out"

# A coordinator removed from Citus's metadata keeps its table
# region_<shard id>, which Citus no longer writes: the spatial functions
# there refuse (the guard reads the placement in the metadata, not only the
# table's name); citus_set_coordinator_host and replicate_reference_tables,
# as the hint says, make it a placement again.
coord_psql -c "SELECT citus_remove_node('localhost', $(node_port coordinator))" >/dev/null
expect_error coordinator 55000 "regional_dev: this node has no copy of the Citus reference table regional_dev.region" \
	"Add the node to Citus's metadata (on the coordinator: SELECT citus_set_coordinator_host(...)), then SELECT replicate_reference_tables()." \
	"the coordinator removed from Citus's metadata: locate there fails with the guard's error, not reading its table left behind" \
	"SELECT locate($(point_in 91.1 29.6))"
expect coordinator '^540102[|][1-9][0-9]*$' "... while the workers still answer a distributed locate" \
	"SELECT locate(p), count(*) FROM public.pts WHERE locate(p) = '540102' GROUP BY 1"
coord_psql -c "SELECT citus_set_coordinator_host('localhost', $(node_port coordinator))" \
	-c "SET client_min_messages = warning" -c "SELECT replicate_reference_tables('block_writes')" >/dev/null
expect coordinator '^540102$' "the coordinator added back and replicate_reference_tables(): locate there answers again (540102)" \
	"SELECT locate($(point_in 91.1 29.6))"

# 4c. Regions added and changed on the coordinator, in several statements
#     and transactions; then the same checks (the workers' sessions, kept
#     open by Citus between queries, must notice every change).
coord_psql -c "INSERT INTO regional_dev.region (code, name, province, geom) VALUES ('540103', 'Duilongdeqing (synthetic outline)', '540000', $(box 91.15 29.5 91.6 29.8)), ('540104', 'Dazi (synthetic outline)', '540000', $(box 91.6 29.5 91.7 29.8))" \
	-c "UPDATE regional_dev.region SET geom = $(box 91.0 29.5 91.15 29.8) WHERE code = '540102'" \
	-c "DELETE FROM regional_dev.region WHERE code = '540104'" \
	-c "UPDATE regional_dev.region SET name = name || ' (renamed)' WHERE code = '310118'" >/dev/null
place_fill zone 20000 400
place_checks "regions added, changed and deleted on the coordinator"
neighbours_everywhere "regions added, changed and deleted on the coordinator"

# 4d. Nothing uncommitted: while another session holds an uncommitted change
#     of 540103, the distributed count of its points stays the committed one;
#     the session that made the change sees it in its own transaction.
count540103="SELECT count(*) FROM public.pts WHERE locate(p) = '540103'"
committed=$(coord_psql -At -c "$count540103")
coord_psql -c "BEGIN" -c "UPDATE regional_dev.region SET geom = $(box 91.15 29.5 91.3 29.8) WHERE code = '540103'" \
	-c "SELECT pg_sleep(8)" -c "ROLLBACK" >/dev/null 2>&1 &
holder=$!
sleep 3
during=$(coord_psql -At -c "$count540103")
wait $holder
[ -n "$committed" ] && [ "$committed" -gt 0 ] && [ "$during" = "$committed" ]
check "an uncommitted change of a region is seen by no other session's distributed query" $? "committed $committed, during $during"
# (With citus.multi_shard_modify_mode = 'sequential' from the start of the
# transaction: Citus then runs every shard query over the one connection per
# worker that changed the placements; in the default parallel mode it may
# open more, which do not see the uncommitted change: doc/scale-out.md.)
own=$(coord_psql -At -c "BEGIN" -c "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'" \
	-c "UPDATE regional_dev.region SET geom = $(box 91.15 29.5 91.3 29.8) WHERE code = '540103'" \
	-c "$count540103" -c "SELECT count(*) FROM scaleout.pts_local WHERE locate(p) = '540103'" -c "ROLLBACK" | tr '\n' ' ')
set -- $own
[ "$1" = "$2" ] && [ "$1" -lt "$committed" ]
check "inside the changing transaction (sequential mode), the distributed query and the local one both see the change" $? "distributed $1, local $2, committed $committed"
# In the default parallel mode the same transaction's query either sees the
# change on every shard (Citus used the connections that made it) or fails
# with the guard's error (it ran a shard over another connection to a worker,
# which would read the committed regions): never a mix of both.
consistent=0 refused=0 mixed=0 seen=""
for i in 1 2 3 4; do
	out=$(coord_psql -At -c "BEGIN" -c "UPDATE regional_dev.region SET geom = $(box 91.15 29.5 91.3 29.8) WHERE code = '540103'" \
		-c "SELECT count(*) FROM scaleout.pts_local WHERE locate(p) = '540103'" -c "$count540103" -c "ROLLBACK" 2>&1 | tr '\n' ' ')
	if grep -q 'are not visible to this connection' <<<"$out"; then
		refused=$((refused + 1))
		seen=$(grep -o 'ERROR: .*connection' <<<"$out")
	else
		set -- $out
		if [ "$1" = "$2" ] && [ "$1" -lt "$committed" ]; then consistent=$((consistent + 1)); else mixed=$((mixed + 1)); seen="$seen [$out]"; fi
	fi
done
[ "$mixed" = 0 ] && [ $((consistent + refused)) = 4 ]
check "inside the changing transaction (parallel mode), a distributed query sees the change on every shard or fails with the guard's error, never a mix" $? \
	"$consistent consistent, $refused refused, $mixed mixed; $seen"
say "  parallel mode, 4 transactions: $consistent answered with the change on every shard, $refused refused${seen:+ ($seen)}"
after=$(coord_psql -At -c "$count540103")
[ "$after" = "$committed" ]
check "after the rollback, the committed regions again" $? "$after"

# 4e. The national layer (tools/load_regions.sh china, through the
#     coordinator: 2,811 more regions written on every node); the same checks
#     over points and lines across China.  Needs the npm registry or a cached
#     copy in .cache/regions; without either the stage is skipped and said so.
# The synthetic outlines go first (Chengguan's code is a real one): the
# loader then starts from the shipped rows only, as in the national layer
# suite, and reuses the layer it reconciled (.cache/regions).
coord_psql -c "DELETE FROM regional_dev.region WHERE code::integer / 100 = 5401" >/dev/null
say "places: loading the national layer into the Citus cluster"
t0=$SECONDS
status=0
out=$(REGIONAL_DEV_CLUSTER="$CITUS/coordinator" REGIONAL_DEV_PORT=$(node_port coordinator) \
	bash "$ROOT/tools/load_regions.sh" china 2>&1) || status=$?
if [ "$status" = 75 ]; then
	say "skipped: the national layer (the npm registry cannot be reached and .cache/regions has no copy)"
	CHECKS_SKIPPED=$((CHECKS_SKIPPED + 1))
else
	[ "$status" = 0 ]
	check "tools/load_regions.sh china into the Citus cluster ($((SECONDS - t0)) s)" $? "$(tail -n 5 <<<"$out")"
	place_fill china 20000 300
	place_checks "national layer"
neighbours_everywhere "national layer"
	# Benchmark mode (test/bench/citus_places.sh): points per county, one
	# server against Citus; prints, asserts nothing.
	if [ -n "${REGIONAL_DEV_CITUS_BENCH:-}" ]; then
		say "benchmark: points per county, $REGIONAL_DEV_CITUS_BENCH points, one server against Citus (load average $(uptime | sed 's/.*load average: //'))"
		coord_psql -v npoints="$REGIONAL_DEV_CITUS_BENCH" -f "$ROOT/test/bench/citus_places.sql" |
			tee "${REGIONAL_DEV_CITUS_BENCH_OUT:-/dev/null}"
	fi
fi

# 4f. DROP EXTENSION regional_dev on the coordinator while region is a
#     reference table (CASCADE: the distributed tables' adcode columns go
#     too): Citus drops it on every node and forgets region, but leaves each
#     node's placement table regional_dev.region_<shard id>, rows and all
#     (doc/scale-out.md); those are dropped by hand, and CREATE EXTENSION then
#     starts afresh on every node.  Then region distributed by hash and
#     committed: a worker's own session refuses, and the way out of the
#     guard's hint works (a plain DROP EXTENSION would fail in Citus's drop
#     trigger, which needs the hash function of adcode after it is dropped:
#     "cache lookup failed for type").
on_all() { echo "SELECT string_agg(coalesce(result, 'error'), ' ' ORDER BY nodeid) FROM run_command_on_all_nodes(\$q\$$1\$q\$)"; }
leftovers="SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'regional_dev' AND c.relkind = 'r' AND c.relname ~ '^region_[0-9]+\$'"
drop_leftovers="DO \$d\$ DECLARE t text; BEGIN FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'regional_dev' AND c.relkind = 'r' AND c.relname ~ '^region_[0-9]+\$' LOOP EXECUTE format('DROP TABLE regional_dev.%I', t); END LOOP; END \$d\$"
shard=$(coord_psql -At -c "SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'regional_dev.region'::regclass")
coord_psql -c "SET client_min_messages = warning" -c "DROP EXTENSION regional_dev CASCADE" >/dev/null
check "DROP EXTENSION regional_dev CASCADE on the coordinator while region is a reference table" $?
expect coordinator '^0 0 0$' "... the extension is gone on every node" \
	"$(on_all "SELECT count(*) FROM pg_extension WHERE extname = 'regional_dev'")"
expect coordinator '^t t t$' "... but every node keeps its placement table regional_dev.region_$shard, rows and all" \
	"$(on_all "SELECT to_regclass('regional_dev.region_$shard') IS NOT NULL AND EXISTS (SELECT FROM regional_dev.region_$shard)")"
coord_psql -At -c "$(on_all "$drop_leftovers")" >/dev/null
expect coordinator '^0 0 0$' "... which DROP TABLE removes on each node" "$(on_all "$leftovers")"
coord_psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE" >/dev/null
check "CREATE EXTENSION regional_dev again" $?
expect coordinator '^(1\.[0-9]+ 32 ){2}1\.[0-9]+ 32$' "... regional_dev again on every node with the 32 shipped districts" \
	"$(on_all "SELECT extversion || ' ' || (SELECT count(*) FROM regional_dev.region) FROM pg_extension WHERE extname = 'regional_dev'")"
coord_psql -c "BEGIN" -c "SET LOCAL citus.enable_unsafe_triggers = on" -c "TRUNCATE regional_dev.region" \
	-c "SELECT create_distributed_table('regional_dev.region', 'code')" -c "COMMIT" >/dev/null
expect_error worker1 55000 "$hashed" "$hashed_hint" "region distributed by hash, committed: a worker's own session fails with the guard's error" \
	"SELECT locate($(point_in 121.47 31.23))"
expect coordinator "ERROR: +cannot alter table because an extension depends on it" "... undistribute_table refuses (region belongs to the extension), as the hint says" \
	"SELECT undistribute_table('regional_dev.region')"
coord_psql -c "SELECT run_command_on_all_nodes('ALTER EXTENSION regional_dev DROP TABLE regional_dev.region')" \
	-c "DROP TABLE regional_dev.region" -c "DROP EXTENSION regional_dev" >/dev/null
check "... the hint's way out: region taken out of the extension on every node, dropped, then DROP EXTENSION" $?
expect coordinator '^0 0 0$' "... which leaves no table regional_dev.region_<shard id> on any node" "$(on_all "$leftovers")"
coord_psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE" -c "CALL regional_dev.region_to_reference_table()" >/dev/null
check "... then CREATE EXTENSION and region_to_reference_table()" $?
expect worker2 '^310101$' "... and a worker's own session locates in a shipped district again (310101)" \
	"SELECT locate($(point_in 121.47 31.23))"

extra_clusters_crashed
[ $? -ne 0 ]
check "no backend crashed on the Citus nodes" $?
if [ "$CHECKS_SKIPPED" -gt 0 ]; then
	echo "$CHECKS_PASSED passed, $CHECKS_FAILED failed, $CHECKS_SKIPPED skipped"
else
	echo "$CHECKS_PASSED passed, $CHECKS_FAILED failed"
fi
[ "$CHECKS_FAILED" -eq 0 ]
