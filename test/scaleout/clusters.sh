# Extra throwaway clusters for the scale-out suites (test/suites/*_federation.sh,
# test/suites/*_citus.sh).  Sourced after tools/lib.sh, not run.
#
# Each extra cluster lives in its own folder under the checkout's cluster folder
# (data in DIR/data, unix socket in DIR, log in DIR/log), is created from one
# initdb'd template copied per cluster (one initdb instead of three), uses the
# same PostgreSQL installation as the main cluster ($PG_CONFIG), and is stopped
# by the suite's EXIT trap.  A run first stops and removes whatever a previous,
# interrupted run left behind, so suites can be re-run.

EXTRA_CLUSTERS=()

# Stop a cluster of a previous run if its postmaster is still alive, then remove DIR.
extra_cluster_discard() {
	local dir=$1
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_server "$BINDIR/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

# Settings of an extra cluster: its socket folder DIR, PORT, TCP address LISTEN
# (empty: unix socket only), then any further postgresql.conf lines.  Appended,
# so a clone's settings override its source's (the last setting wins).
extra_cluster_configure() {
	local dir=$1 port=$2 listen=$3 line
	shift 3
	{
		echo "# extra throwaway cluster of regional_dev (test/scaleout/clusters.sh)"
		echo "listen_addresses = '$listen'"
		echo "unix_socket_directories = '$dir'"
		echo "port = $port"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "shared_buffers = 16MB"
		echo "max_connections = 40"
		echo "logging_collector = off"
		echo "log_min_messages = warning"
		for line in "$@"; do echo "$line"; done
	} | as_server tee -a "$dir/data/postgresql.conf" >/dev/null
}

# extra_cluster_init DIR PORT LISTEN [CONF_LINE...]: a new cluster in DIR.
extra_cluster_init() {
	local dir=$1
	extra_cluster_discard "$dir"
	mkdir -p "$dir/log"
	[ "$(id -u)" = 0 ] && chown "$SERVER_USER" "$dir" "$dir/log"
	as_server "$BINDIR/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >/dev/null
	extra_cluster_configure "$@"
}

# extra_cluster_clone SOURCE DIR PORT LISTEN [CONF_LINE...]: a copy of the
# stopped cluster in SOURCE (databases and extensions included: one initdb and
# one CREATE EXTENSION instead of one per cluster).
extra_cluster_clone() {
	local source=$1 dir=$2
	shift
	extra_cluster_discard "$dir"
	mkdir -p "$dir/log"
	cp -a "$source/data" "$dir/data"
	[ "$(id -u)" = 0 ] && chown "$SERVER_USER" "$dir" "$dir/log"
	extra_cluster_configure "$@"
}

extra_cluster_start() {
	local dir=$1
	EXTRA_CLUSTERS+=("$dir")
	as_server "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/log/postgresql.log" -w -t 60 start >/dev/null ||
		{ tail -n 20 "$dir/log/postgresql.log" >&2; die "the cluster in $dir did not start"; }
}

extra_cluster_stop() {
	local dir=$1
	[ -f "$dir/data/postmaster.pid" ] || return 0
	as_server "$BINDIR/pg_ctl" -D "$dir/data" stop -m fast -w -t 30 >/dev/null 2>&1 ||
		as_server "$BINDIR/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
}

# For the EXIT trap: stop every cluster this run started, then remove them
# (set REGIONAL_DEV_KEEP_CLUSTERS=1 to keep the folders for a look afterwards).
extra_clusters_cleanup() {
	local dir
	for dir in "${EXTRA_CLUSTERS[@]}"; do
		extra_cluster_stop "$dir"
	done
	if [ "${REGIONAL_DEV_KEEP_CLUSTERS:-0}" != 1 ]; then
		for dir in "${EXTRA_CLUSTERS[@]}"; do
			rm -rf "$dir"
		done
	fi
}

# A backend crash in an extra cluster fails the suite like one in the main cluster.
extra_clusters_crashed() {
	local dir found=1
	for dir in "${EXTRA_CLUSTERS[@]}"; do
		if grep 'terminated by signal' "$dir/log/postgresql.log" >&2 2>/dev/null; then
			found=0
		fi
	done
	return $found
}

# TAP-like bookkeeping: check NAME STATUS(0 = pass) [DETAIL].
CHECKS_PASSED=0
CHECKS_FAILED=0
check() {
	local name=$1 status=$2 detail=${3:-}
	if [ "$status" = 0 ]; then
		CHECKS_PASSED=$((CHECKS_PASSED + 1))
		printf 'ok - %s\n' "$name"
	else
		CHECKS_FAILED=$((CHECKS_FAILED + 1))
		printf 'not ok - %s%s\n' "$name" "${detail:+ ($detail)}"
	fi
}

# run_checks PSQL_ARGS...: the rows (aggregate, check, ok, detail) that
# coord_psql (defined by the suite) returns for PSQL_ARGS are checks; the
# details of passed checks are printed indented.  SQL that fails is a failed check.
run_checks() {
	local out aggregate name ok detail
	if ! out=$(coord_psql -At -F $'\t' "$@"); then
		check "the check queries ran ($*)" 1
		return 0
	fi
	while IFS=$'\t' read -r aggregate name ok detail; do
		[ -n "$aggregate" ] || continue
		[ "$ok" = t ]
		check "$aggregate: $name" $? "$detail"
		if [ "$ok" = t ] && [ -n "$detail" ]; then printf '    %s\n' "$detail"; fi
	done <<<"$out"
}
