#!/usr/bin/env bash
# Memory safety (doc/reliability.md): regional_dev built with AddressSanitizer
# and UndefinedBehaviorSanitizer (-fsanitize=address,undefined) runs the whole
# pg_regress suite, the pgTAP suite, a shorter fuzz run (20_fuzz.sh), the
# round trips (30_roundtrip.sh) and a shorter sqlsmith run (42_sqlsmith.sh) on
# a server of its own started with the sanitizer runtime preloaded.  Any
# sanitizer report fails the suite.  The normal install is left untouched: the
# sanitized build goes into a copy of the PostgreSQL installation (binaries
# copied, libraries and share files symbolic links), all under $CLUSTER/asan.
# Settings: ASAN_FUZZ_N (fuzz inputs per type and path, default 20000),
# ASAN_SMITH_QUERIES (default 1000);
# REGIONAL_DEV_SKIP_ASAN=1 skips the suite.
source "$(dirname "$0")/../reliability/lib.sh"

if [ "${REGIONAL_DEV_SKIP_ASAN:-0}" = 1 ]; then
	skip_suite "REGIONAL_DEV_SKIP_ASAN=1"
fi
ensure_packages libasan8 libubsan1

A=$CLUSTER/asan
SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
LIBASAN=$(gcc -print-file-name=libasan.so)
ACLUSTER=$A/cluster
REPORTS=$A/reports
SAN_ENV=(LD_PRELOAD="(set below)"
	ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1:print_stacktrace=1:log_path=$REPORTS/asan"
	UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=$REPORTS/ubsan")

# 1. Stop what a previous run left, then copy the sources and build them sanitized.
stop_asan() {
	[ -f "$ACLUSTER/data/postmaster.pid" ] &&
		as_server "$ABINDIR/pg_ctl" -D "$ACLUSTER/data" stop -m fast >/dev/null 2>&1
	return 0
}
bindir=$("$PG_CONFIG" --bindir)
pkglibdir=$("$PG_CONFIG" --pkglibdir)
sharedir=$("$PG_CONFIG" --sharedir)
ABINDIR=$A/install/${bindir#/}
[ -x "$ABINDIR/pg_ctl" ] && stop_asan
rm -rf "$A"
mkdir -p "$A/src" "$ACLUSTER/log" "$REPORTS"
say "asan: building regional_dev with $SAN_FLAGS"
tar -C "$ROOT" --exclude=./.cluster --exclude=./.git --exclude=./results --exclude='*.o' \
	--exclude='*.so' --exclude='*.bc' -cf - . | tar -C "$A/src" -xf -
make -s -C "$A/src" PG_CONFIG="$PG_CONFIG" with_llvm=no COPT="$SAN_FLAGS" >/dev/null
make -s -C "$A/src/test/fuzz" PG_CONFIG="$PG_CONFIG" with_llvm=no COPT="$SAN_FLAGS" >/dev/null
# (nm's output is read whole: grep -q closing the pipe early makes nm fail under pipefail)
syms=$(nm -D "$A/src/regional_dev.so")
if grep -q __asan_report <<<"$syms" && grep -q __ubsan_handle <<<"$syms"; then
	pass "regional_dev.so is instrumented (ASan and UBSan)"
else
	fail "regional_dev.so is not instrumented"
fi

# 2. A relocatable copy of the installation: PostgreSQL finds its libraries and
#    share files relative to the real path of its binaries, so the binaries
#    are copied and the rest linked; the sanitized extension replaces the links.
prefix=$bindir
while [[ $pkglibdir != "$prefix"/* || $sharedir != "$prefix"/* ]]; do prefix=$(dirname "$prefix"); done
C=$A/install$prefix
ABINDIR=$C/${bindir#"$prefix"/}
APKGLIBDIR=$C/${pkglibdir#"$prefix"/}
ASHAREDIR=$C/${sharedir#"$prefix"/}
mkdir -p "$ABINDIR" "$(dirname "$APKGLIBDIR")" "$(dirname "$ASHAREDIR")"
cp -a "$bindir/." "$ABINDIR/"
cp -rs "$pkglibdir" "$APKGLIBDIR"
cp -rs "$sharedir" "$ASHAREDIR"
includedir=$("$PG_CONFIG" --includedir)
if [[ $includedir == "$prefix"/* ]]; then
	mkdir -p "$(dirname "$C/${includedir#"$prefix"/}")"
	cp -rs "$includedir" "$C/${includedir#"$prefix"/}"
fi
install -m 755 "$A/src/regional_dev.so" "$APKGLIBDIR/regional_dev.so.new"
mv -f "$APKGLIBDIR/regional_dev.so.new" "$APKGLIBDIR/regional_dev.so"
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$A/src/regional_dev.control")
for f in regional_dev.control "regional_dev--$version.sql"; do
	rm -f "$ASHAREDIR/extension/$f"
	cp "$A/src/$f" "$ASHAREDIR/extension/$f"
done
APG_CONFIG=$ABINDIR/pg_config
[ "$("$APG_CONFIG" --pkglibdir)" = "$APKGLIBDIR" ] || die "the copy of PostgreSQL does not relocate ($APG_CONFIG)"

# 3. Its own cluster (socket in $ACLUSTER, so the same port number is free there).
[ "$(id -u)" = 0 ] && chown -R "$SERVER_USER" "$A"
as_server "$ABINDIR/initdb" -D "$ACLUSTER/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$ACLUSTER/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$ACLUSTER'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 16
max_parallel_workers = 8
log_min_messages = warning
CONF
# The runtime first, so that its malloc and friends take precedence; then every
# library postgres links and last test/fuzz/asan_first.c, whose constructor
# thereby runs first and initializes ASan safely (see that file).
gcc -shared -fPIC -o "$A/asan_first.so" "$ROOT/test/fuzz/asan_first.c"
deps=$(ldd "$ABINDIR/postgres" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | grep -v -e libasan -e ld-linux | tr '\n' ' ')
SAN_ENV[0]="LD_PRELOAD=$LIBASAN $deps $A/asan_first.so"
trap stop_asan EXIT
say "asan: starting a server with $LIBASAN preloaded"
as_server env "${SAN_ENV[@]}" "$ABINDIR/postgres" -D "$ACLUSTER/data" >>"$ACLUSTER/log/postgresql.log" 2>&1 &
AENV=(env CLUSTER="$ACLUSTER" PORT="$PORT" PG_CONFIG="$APG_CONFIG" PGHOST="$ACLUSTER" PGPORT="$PORT")
apsql() { "${AENV[@]}" "${PSQL[@]}" "$@"; }
reports() { find "$REPORTS" -type f 2>/dev/null; }
# Wait until the sanitized server takes queries (again, after a crash).
await() {
	local i
	for i in $(seq 1 120); do
		apsql -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 1
	done
	return 1
}

await || { tail -n 30 "$ACLUSTER/log/postgresql.log"; die "the sanitized server did not start"; }

# 4. Self-tests: a backend runs with the sanitizer runtime and the sanitized
#    extension; a deliberate heap overflow and a deliberate shift overflow in a
#    sanitized test function must each stop the backend with a report.
maps=$(apsql -d postgres -At -c "LOAD '\$libdir/regional_dev'" \
	-c "SELECT pg_read_file('/proc/' || pg_backend_pid() || '/maps')")
if grep -q libasan <<<"$maps" && grep -q "$APKGLIBDIR/regional_dev.so" <<<"$maps"; then
	pass "self-test: a backend maps libasan and $APKGLIBDIR/regional_dev.so"
else
	fail "self-test: a backend does not map libasan and the sanitized regional_dev.so"
fi
apsql -d postgres -c "CREATE FUNCTION pg_temp.canary(text, int) RETURNS int
	AS '$A/src/test/fuzz/fuzz_helper.so', 'fuzz_sanitizer_canary' LANGUAGE C STRICT;
	SELECT pg_temp.canary('heap', 8)" >/dev/null 2>&1 || true
if grep -qs 'heap-buffer-overflow' "$REPORTS"/asan.*; then pass "self-test: AddressSanitizer reports a heap overflow"
else fail "self-test: no AddressSanitizer report for a heap overflow"; fi
await || die "the sanitized server did not come back"
apsql -d postgres -c "CREATE FUNCTION pg_temp.canary(text, int) RETURNS int
	AS '$A/src/test/fuzz/fuzz_helper.so', 'fuzz_sanitizer_canary' LANGUAGE C STRICT;
	SELECT pg_temp.canary('shift', 40)" >/dev/null 2>&1 || true
# (UBSan, a runtime of its own, writes to the server log despite log_path.)
if grep -qs 'runtime error: shift exponent 40' "$REPORTS"/* "$ACLUSTER/log/postgresql.log"; then pass "self-test: UndefinedBehaviorSanitizer reports an oversized shift"
else fail "self-test: no UndefinedBehaviorSanitizer report for an oversized shift"; fi
await || die "the sanitized server did not come back"
rm -f "$REPORTS"/*
mark=$(stat -c %s "$ACLUSTER/log/postgresql.log")

# 5. The suites, against the sanitized server.
say "asan: pg_regress"
if "${AENV[@]}" make -s -C "$A/src" PG_CONFIG="$APG_CONFIG" installcheck; then pass "pg_regress under the sanitizers"
else
	[ -f "$A/src/regression.diffs" ] && head -n 100 "$A/src/regression.diffs"
	fail "pg_regress under the sanitizers"
fi
say "asan: pgTAP"
if apsql -d postgres -c "DROP DATABASE IF EXISTS regional_dev_tap" -c "CREATE DATABASE regional_dev_tap" &&
	apsql -d regional_dev_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION regional_dev CASCADE" &&
	pg_prove -q -h "$ACLUSTER" -p "$PORT" -U postgres -d regional_dev_tap "$A/src"/test/pgtap/*.sql; then
	pass "pgTAP under the sanitizers"
else
	fail "pgTAP under the sanitizers"
fi
# The reliability suites that exercise the C code most, on the sanitized server.
for suite in 20_fuzz 30_roundtrip 42_sqlsmith; do
	say "asan: $suite"
	if "${AENV[@]}" FUZZ_N="${ASAN_FUZZ_N:-20000}" SMITH_QUERIES="${ASAN_SMITH_QUERIES:-1000}" \
		bash "$A/src/test/suites/$suite.sh" 2>&1 | sed 's/^/   /'; then
		pass "$suite under the sanitizers"
	else
		fail "$suite under the sanitizers"
	fi
done

# 6. No report, no crash.
if [ -z "$(reports)" ]; then pass "no sanitizer report"
else
	fail "sanitizer reports:"
	for f in $(reports); do head -n 40 "$f"; done
fi
if tail -c +$((mark + 1)) "$ACLUSTER/log/postgresql.log" | grep -E 'terminated by signal|runtime error|AddressSanitizer'; then
	fail "a sanitized backend crashed or reported (lines above, from $ACLUSTER/log/postgresql.log)"
else
	pass "no backend crash in the sanitized server's log"
fi
finish
