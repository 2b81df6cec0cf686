#!/usr/bin/env bash
# Build and install Citus from a release tarball for the PostgreSQL of
# $PG_CONFIG (test/suites/61_citus.sh calls it when Citus is missing).
#
#   bash test/scaleout/citus_build.sh /path/to/citus-X.Y.Z.tar.gz
#
# Citus is not part of regional_dev: it is unpacked and built outside the
# checkout, in $REGIONAL_DEV_CITUS_BUILD (default /var/cache/regional_dev/citus-build,
# or ~/.cache/regional_dev/citus-build when that is not writable), one folder
# per tarball and PostgreSQL.  A finished build there is reused (only
# `make install` runs again), so a re-run costs seconds.
source "$(dirname "$0")/../../tools/lib.sh"

tarball=$(readlink -f "${1:?usage: citus_build.sh CITUS_TARBALL}")
[ -f "$tarball" ] || die "no Citus tarball at $1"

# Citus's build dependencies (its configure checks for each).
ensure_packages build-essential autoconf libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev \
	libselinux1-dev libxslt1-dev libpam0g-dev libssl-dev

base=${REGIONAL_DEV_CITUS_BUILD:-/var/cache/regional_dev/citus-build}
if ! mkdir -p "$base" 2>/dev/null || [ ! -w "$base" ]; then
	base=${XDG_CACHE_HOME:-$HOME/.cache}/regional_dev/citus-build
	mkdir -p "$base"
fi
case $ROOT/ in "$base"/*) die "the Citus build folder $base is inside the checkout" ;; esac
name=$(basename "$tarball" .tar.gz)
# One build per tarball content and PostgreSQL installation.
key=$(printf '%s %s %s' "$(sha256sum <"$tarball" | cut -c1-16)" "$PG_CONFIG" "$("$PG_CONFIG" --version)" | sha256sum | cut -c1-12)
dir=$base/$name-$key
stamp=$dir/.regional_dev_built

if [ -f "$stamp" ]; then
	say "citus: reusing the build in $dir"
else
	say "citus: building $name for $("$PG_CONFIG" --version) in $dir (a few minutes)"
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xzf "$tarball" -C "$dir" --strip-components=1
	jobs=1
	[ "${CI:-}" = true ] && jobs=$(nproc)
	(
		cd "$dir" &&
			PG_CONFIG=$PG_CONFIG ./configure >"$dir/configure.log" 2>&1 &&
			make -j"$jobs" >"$dir/make.log" 2>&1
	) || {
		tail -n 40 "$dir/configure.log" "$dir/make.log" 2>/dev/null >&2
		die "citus: the build failed (logs in $dir)"
	}
	date -u >"$stamp"
fi
as_root make -C "$dir" -s install >"$dir/install.log" 2>&1 ||
	{ tail -n 40 "$dir/install.log" >&2; die "citus: make install failed"; }
say "citus: installed $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$("$PG_CONFIG" --sharedir)/extension/citus.control") into $("$PG_CONFIG" --pkglibdir)"
