#!/usr/bin/env bash
# The version matrix (doc/packaging.md, "Supported versions" in README.md):
# build regional_dev and run pg_regress, the pgTAP suites and the upgrade suite
# against the PostgreSQL, PostGIS and GEOS of other Debian releases, each in a
# chroot made with debootstrap from the Debian mirror this machine's apt
# sources already name.
#
#   tools/matrix.sh            PostgreSQL 17 (Debian 13 trixie) and 18 (Debian unstable)
#   tools/matrix.sh 18         one version alone (15: Debian 12 bookworm, also possible)
#   tools/matrix.sh --prepare [VERSION...]   only make (or check) the chroots
#
# A chroot is kept under $REGIONAL_DEV_CHROOTS (default
# /var/cache/regional_dev/chroots/<suite>) and reused while it is complete; a
# missing, unfinished or broken one is made anew.  In it the checkout is copied
# to /build/regional_dev and tools/test.sh runs there with
# REGIONAL_DEV_SUITES=56_upgrade: a clean build with -Wall -Wextra (a compiler
# warning fails the version), install, a throwaway cluster inside the chroot,
# pg_regress, pgTAP and the upgrade suite.  Needs root (debootstrap, chroot,
# mounts).  REGIONAL_DEV_MATRIX_PORT: the chroot cluster's port (default
# 54400 + version; the chroot shares the host's network).
#
# Prints one line per version and closes with "matrix: N passed, N failed".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHROOTS=${REGIONAL_DEV_CHROOTS:-/var/cache/regional_dev/chroots}
say() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "tools/matrix.sh needs root (debootstrap, chroot, mount)"

suite_of() {  # Debian suite that ships PostgreSQL major $1
	case $1 in
		15) echo bookworm ;;
		17) echo trixie ;;
		18) echo sid ;;
		*) die "no Debian release in the matrix ships PostgreSQL $1 (15, 17, 18)" ;;
	esac
}

# The Debian mirror of this machine's apt sources (one-line and deb822 formats):
# the first URI that serves the host's own release (not -security).
host_mirror() {
	local codename uri
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	uri=$(
		{
			cat /etc/apt/sources.list 2>/dev/null || true
			cat /etc/apt/sources.list.d/*.list 2>/dev/null || true
		} | awk -v c="$codename" '$1 == "deb" { for (i = 2; i < NF; i++) if ($i !~ /^\[/ && $i !~ /=/ && $i ~ /:\/\//) { if ($(i + 1) == c) print $i; break } }' | head -n 1
	)
	if [ -z "$uri" ]; then
		uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v c="$codename" '
			/^[[:space:]]*$/ { if (u != "" && s) print u; u = ""; s = 0; next }
			$1 == "URIs:" { u = $2 }
			$1 == "Suites:" { for (i = 2; i <= NF; i++) if ($i == c) s = 1 }
			END { if (u != "" && s) print u }' | head -n 1)
	fi
	[ -n "$uri" ] || die "no Debian mirror for $codename in /etc/apt/sources.list*"
	echo "${uri%/}"
}

# Packages of a matrix chroot for PostgreSQL $1.
chroot_packages() {
	echo "build-essential ca-certificates locales-all postgresql-$1 postgresql-server-dev-$1" \
		"postgresql-$1-postgis-3 postgresql-$1-pgtap libtap-parser-sourcehandler-pgtap-perl" \
		"libgeos-dev python3"
}

APT_OPTS=(-o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=900 -o APT::Install-Recommends=false)

# Mount what PostgreSQL and postgresql-common need inside chroot $1 (/proc,
# /dev/shm for dynamic shared memory, /dev/pts); unmounted by chroot_umount,
# and at exit by this process (only the chroots it mounted).
MOUNTED=()
chroot_mount() {
	local d=$1
	MOUNTED+=("$d")
	mountpoint -q "$d/proc" || mount -t proc proc "$d/proc"
	mkdir -p "$d/dev/shm" "$d/dev/pts"
	mountpoint -q "$d/dev/shm" || mount -t tmpfs -o mode=1777 shm "$d/dev/shm"
	mountpoint -q "$d/dev/pts" || mount -t devpts -o newinstance,ptmxmode=0666 devpts "$d/dev/pts"
	cp -L /etc/resolv.conf "$d/etc/resolv.conf" 2>/dev/null || true
}
chroot_umount() {
	local d=$1 m
	for m in dev/pts dev/shm proc; do
		mountpoint -q "$d/$m" && umount -l "$d/$m"
	done
	return 0
}

# A chroot is complete when debootstrap and the package installation both
# finished (the stamp names the packages) and its pg_config and compiler run.
chroot_ok() {
	local d=$1 v=$2
	[ -f "$d/.regional_dev_ready" ] && [ "$(cat "$d/.regional_dev_ready")" = "$(chroot_packages "$v")" ] &&
		chroot "$d" /usr/lib/postgresql/"$v"/bin/pg_config --version >/dev/null 2>&1 &&
		chroot "$d" sh -c 'command -v gcc && command -v pg_prove && command -v geos-config' >/dev/null 2>&1
}

# Make (or reuse) the chroot for PostgreSQL $1 in $CHROOTS/<suite>.
ensure_chroot() {
	local v=$1 suite d mirror t0
	suite=$(suite_of "$v")
	d=$CHROOTS/$suite
	if [ -d "$d" ] && chroot_ok "$d" "$v"; then
		say "PostgreSQL $v: reusing the $suite chroot in $d"
		return 0
	fi
	t0=$SECONDS
	if [ -d "$d" ]; then
		say "PostgreSQL $v: the $suite chroot in $d is incomplete or broken: making it anew"
		chroot_umount "$d"
		rm -rf --one-file-system "$d"
	fi
	mirror=$(host_mirror)
	if ! command -v debootstrap >/dev/null; then
		say "installing debootstrap"
		apt-get -o DPkg::Lock::Timeout=900 update -qq
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq debootstrap >/dev/null
	fi
	mkdir -p "$CHROOTS"
	say "PostgreSQL $v: debootstrap $suite from $mirror into $d"
	debootstrap --variant=minbase "$suite" "$d" "$mirror" >"$CHROOTS/$suite.debootstrap.log" 2>&1 ||
		{ tail -n 30 "$CHROOTS/$suite.debootstrap.log" >&2; die "debootstrap $suite failed"; }
	chroot_mount "$d"
	# No services start inside the chroot while packages install.
	printf '#!/bin/sh\nexit 101\n' >"$d/usr/sbin/policy-rc.d"
	chmod +x "$d/usr/sbin/policy-rc.d"
	# Debian's own cluster would take port 5432 and start nothing here; the
	# matrix makes its own throwaway cluster.
	mkdir -p "$d/etc/postgresql-common"
	echo "create_main_cluster = false" >"$d/etc/postgresql-common/createcluster.conf"
	say "PostgreSQL $v: installing $(chroot_packages "$v")"
	# shellcheck disable=SC2046
	if ! chroot "$d" env DEBIAN_FRONTEND=noninteractive LC_ALL=C sh -c \
		"apt-get ${APT_OPTS[*]} update -qq && apt-get ${APT_OPTS[*]} install -y -qq $(chroot_packages "$v")" \
		>"$CHROOTS/$suite.apt.log" 2>&1; then
		chroot_umount "$d"
		tail -n 30 "$CHROOTS/$suite.apt.log" >&2
		die "installing the packages in the $suite chroot failed"
	fi
	chroot "$d" apt-get clean
	chroot_umount "$d"
	chroot_packages "$v" >"$d/.regional_dev_ready"
	say "PostgreSQL $v: $suite chroot made in $((SECONDS - t0)) s"
}

# Stop the throwaway cluster of chroot $1 (PostgreSQL $2), if it runs.
stop_cluster() {
	chroot "$1" sh -c "[ ! -f /build/regional_dev/.cluster/data/postmaster.pid ] ||
		runuser -u postgres -- /usr/lib/postgresql/$2/bin/pg_ctl -D /build/regional_dev/.cluster/data stop -m fast -w >/dev/null 2>&1" || true
}

# Build, install and test the checkout in the chroot for PostgreSQL $1.
run_version() {
	local v=$1 d pg src rc=0
	d=$CHROOTS/$(suite_of "$v")
	RUN_CHROOT=$d RUN_VERSION=$v
	trap 'stop_cluster "$RUN_CHROOT" "$RUN_VERSION"; chroot_umount "$RUN_CHROOT"' EXIT
	ensure_chroot "$v"
	pg=/usr/lib/postgresql/$v/bin/pg_config
	chroot_mount "$d"
	stop_cluster "$d" "$v"
	# A fresh copy of the checkout (tracked and new files, no build output, no cluster).
	src=$d/build/regional_dev
	rm -rf "$src"
	mkdir -p "$src"
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$src" -xf - ||
		die "could not copy the checkout (a git checkout) into $src"
	say "PostgreSQL $v: $(chroot "$d" "$pg" --version), PostGIS $(chroot "$d" sh -c "ls /usr/share/postgresql/$v/extension/postgis--*.sql" | sed -n 's/.*postgis--\([0-9.]*\)\.sql$/\1/p' | sort -V | tail -n 1), GEOS $(chroot "$d" geos-config --version)"
	# tools/test.sh builds the fresh copy (a compiler warning fails it), installs
	# it, and runs pg_regress, pgTAP and the upgrade suite on a throwaway cluster.
	chroot "$d" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		LANG=C.UTF-8 HOME=/root PG_CONFIG="$pg" REGIONAL_DEV_SKIP_APT=1 \
		REGIONAL_DEV_PORT="${REGIONAL_DEV_MATRIX_PORT:-$((54400 + v))}" \
		REGIONAL_DEV_SUITES="${REGIONAL_DEV_MATRIX_SUITES:-56_upgrade}" \
		bash /build/regional_dev/tools/test.sh || rc=1
	# Stop the throwaway cluster so that the mounts can go.
	stop_cluster "$d" "$v"
	chroot_umount "$d"
	return $rc
}

prepare_only=0
if [ "${1:-}" = --prepare ]; then prepare_only=1; shift; fi
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(17 18)
trap 'for d in "${MOUNTED[@]}"; do chroot_umount "$d"; done' EXIT
mkdir -p "$CHROOTS"
if [ $prepare_only = 1 ]; then
	for v in "${versions[@]}"; do
		exec 9>"$CHROOTS/$(suite_of "$v").lock"
		flock 9
		ensure_chroot "$v"
		exec 9>&-
	done
	exit 0
fi
passed=0 failed=0
declare -A took result
for v in "${versions[@]}"; do
	suite_of "$v" >/dev/null
	t0=$SECONDS
	# One run at a time per chroot (its mounts, its copy of the checkout).
	exec 9>"$CHROOTS/$(suite_of "$v").lock"
	flock 9
	if (run_version "$v"); then
		result[$v]=passed passed=$((passed + 1))
	else
		result[$v]=FAILED failed=$((failed + 1))
	fi
	exec 9>&-
	took[$v]=$((SECONDS - t0))
	say "PostgreSQL $v ($(suite_of "$v")): ${result[$v]} in ${took[$v]} s"
done
for v in "${versions[@]}"; do
	echo "matrix: PostgreSQL $v on Debian $(suite_of "$v"): ${result[$v]} (${took[$v]} s)"
done
echo "matrix: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
