# Shared set-up for tools/demo.sh and tools/test.sh: packages, build, install,
# and a throwaway PostgreSQL cluster under the checkout.  Sourced, not run.
#
# Settings (environment):
#   PG_CONFIG              pg_config of the PostgreSQL to build against (default: Debian's 15)
#   REGIONAL_DEV_CLUSTER   folder of the throwaway cluster (default: <checkout>/.cluster)
#   REGIONAL_DEV_PORT      its port (default 54329); the socket lives in that folder
#   REGIONAL_DEV_SKIP_APT  set to 1 to never call apt-get

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
CLUSTER=${REGIONAL_DEV_CLUSTER:-$ROOT/.cluster}
PORT=${REGIONAL_DEV_PORT:-54329}

# Debian packages the build, the demo and the tests need, for the PostgreSQL
# major version of $PG_CONFIG (Debian's path /usr/lib/postgresql/NN/bin).
PG_MAJOR=$(sed -n 's|.*/postgresql/\([0-9][0-9]*\)/bin/pg_config$|\1|p' <<<"$PG_CONFIG")
PG_MAJOR=${PG_MAJOR:-15}
PACKAGES="build-essential postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-postgis-3
  postgresql-$PG_MAJOR-pgtap libtap-parser-sourcehandler-pgtap-perl libgeos-dev"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# A suite of test/suites that cannot run here exits with this status after
# saying why (skip_suite REASON); tools/test.sh counts it as skipped.
SKIP_STATUS=77
skip_suite() {
	echo "skipped: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit $SKIP_STATUS
}

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian packages in $* that are missing.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "${REGIONAL_DEV_SKIP_APT:-0}" = 1 ] && die "missing packages: ${missing[*]}"
	say "installing ${missing[*]}"
	# Other programs (or a parallel run) may hold dpkg's lock: wait for it.
	as_root apt-get -o DPkg::Lock::Timeout=900 update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
}

# Build and install the extension into the PostgreSQL of $PG_CONFIG.  The
# compiler's commands and messages of this build go to $BUILD_LOG (tools/test.sh
# fails on a warning there); the messages are shown as well.
BUILD_LOG=${TMPDIR:-/tmp}/regional_dev-build.$$.log
build_install() {
	say "building regional_dev"
	local rc=0
	make -C "$ROOT" PG_CONFIG="$PG_CONFIG" >"$BUILD_LOG" 2>&1 || rc=$?
	grep -E 'warning:|error:' "$BUILD_LOG" >&2 || true
	[ $rc -eq 0 ] || { tail -n 30 "$BUILD_LOG" >&2; die "the build failed"; }
	as_root make -C "$ROOT" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
}

BINDIR=$("$PG_CONFIG" --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)

# PostgreSQL refuses to run as root: root runs the server as the OS user postgres.
SERVER_USER=$(id -un)
[ "$(id -u)" = 0 ] && SERVER_USER=postgres
as_server() {
	if [ "$(id -un)" = "$SERVER_USER" ]; then "$@"; else runuser -u "$SERVER_USER" -- "$@"; fi
}

export PGHOST=$CLUSTER PGPORT=$PORT PGUSER=postgres PGDATABASE=regional_dev
PGDATA=$CLUSTER/data
LOGFILE=$CLUSTER/log/postgresql.log

server_running() {
	[ -f "$PGDATA/postmaster.pid" ] && as_server "$BINDIR/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 &&
		"$BINDIR/pg_isready" -q -h "$PGHOST" -p "$PGPORT" -t 5
}

# TCP on 127.0.0.1 with SCRAM passwords (driver tests, BI tools); the unix socket
# stays trust.  Idempotent and run at every start-up, so a cluster created before
# this existed gets it too: a running one is reloaded, or restarted to listen.
ensure_loopback() {
	local hba='host all all 127.0.0.1/32 scram-sha-256'
	grep -qxF "$hba" "$PGDATA/pg_hba.conf" || as_server sed -i "1i $hba" "$PGDATA/pg_hba.conf"
	grep -qxF '# loopback with SCRAM (tools/lib.sh)' "$PGDATA/postgresql.conf" ||
		printf '%s\n' '# loopback with SCRAM (tools/lib.sh)' "listen_addresses = '127.0.0.1'" \
			"password_encryption = 'scram-sha-256'" | as_server tee -a "$PGDATA/postgresql.conf" >/dev/null
	server_running || return 0
	if [ "$(psql_q -d postgres -Atc 'SHOW listen_addresses')" = 127.0.0.1 ]; then
		psql_q -d postgres -Atc 'SELECT pg_reload_conf()' >/dev/null
	else
		say "restarting the cluster to listen on 127.0.0.1:$PORT"
		as_server "$BINDIR/pg_ctl" -D "$PGDATA" -l "$LOGFILE" -w -t 60 restart >/dev/null
	fi
}

# Start the throwaway cluster, creating it when absent, stale or broken.
ensure_cluster() {
	mkdir -p "$CLUSTER/log"
	[ "$(id -u)" = 0 ] && chown "$SERVER_USER" "$CLUSTER" "$CLUSTER/log"
	as_server test -w "$CLUSTER" ||
		die "the server user '$SERVER_USER' cannot write $CLUSTER; set REGIONAL_DEV_CLUSTER to a folder it can reach"
	if server_running; then
		say "cluster already running in $CLUSTER (port $PORT)"
		ensure_loopback
		return 0
	fi
	# Not answering: if the pid file names a live postmaster of this data folder,
	# it is ours and stuck, so stop it; otherwise the file is stale (a crash or a
	# reboot; the PID may belong to another program now) and is removed below.
	if [ -f "$PGDATA/postmaster.pid" ]; then
		local pid
		pid=$(head -n 1 "$PGDATA/postmaster.pid")
		if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$PGDATA"; then
			as_server "$BINDIR/pg_ctl" -D "$PGDATA" stop -m immediate >/dev/null 2>&1 || true
		fi
	fi
	if [ -f "$PGDATA/PG_VERSION" ] && [ "$(cat "$PGDATA/PG_VERSION")" != "$("$PG_CONFIG" --version | sed 's/^PostgreSQL \([0-9]*\).*/\1/')" ]; then
		say "removing a cluster of another PostgreSQL version"
		rm -rf "$PGDATA"
	fi
	if [ ! -f "$PGDATA/PG_VERSION" ] || [ ! -f "$PGDATA/postgresql.conf" ]; then
		say "creating a throwaway cluster in $PGDATA"
		rm -rf "$PGDATA"
		as_server "$BINDIR/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
		cat >>"$PGDATA/postgresql.conf" <<CONF
# throwaway cluster of regional_dev (tools/lib.sh)
listen_addresses = ''
unix_socket_directories = '$CLUSTER'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 16
max_parallel_workers = 8
logging_collector = off
log_min_messages = warning
CONF
	fi
	ensure_loopback
	rm -f "$PGDATA/postmaster.pid"
	say "starting the cluster (port $PORT, socket in $CLUSTER)"
	as_server "$BINDIR/pg_ctl" -D "$PGDATA" -l "$LOGFILE" -w -t 60 start >/dev/null ||
		{ tail -n 30 "$LOGFILE" >&2; die "the cluster did not start"; }
}

# Everything both commands need before they run SQL.
setup() {
	ensure_packages $PACKAGES
	build_install
	ensure_cluster
}

psql_q() { "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
