#!/usr/bin/env bash
# Start the next version of regional_dev (doc/packaging.md), right after a
# release and before src/ changes for the new version:
#   tools/new_version.sh 1.1
# - freezes the install script of the current version as upgrade/regional_dev--OLD.sql
#   (shipped, so CREATE EXTENSION regional_dev VERSION 'OLD' and the upgrade test work),
# - creates the empty upgrade script upgrade/regional_dev--OLD--NEW.sql,
# - sets default_version in regional_dev.control, the version in src/header.sql
#   and the versions in META.json (as SemVer: 1.1 -> 1.1.0).
# Then write each change to src/ twice: in src/*.sql (fresh installs) and in the
# upgrade script (existing installs); test/suites/56_upgrade.sh checks both agree.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
new=${1:-}
[[ $new =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || die "usage: tools/new_version.sh NEW_VERSION (digits: 1.1 or 1.1.1)"
old=$(sed -n "s/^default_version = '\(.*\)'/\1/p" regional_dev.control)
[ -n "$old" ] || die "no default_version in regional_dev.control"
[ "$new" != "$old" ] || die "$new is the current version already"
[ "$(printf '%s\n%s\n' "$old" "$new" | sort -V | tail -n 1)" = "$new" ] || die "$new is not after $old"
[ ! -e "upgrade/regional_dev--$old.sql" ] || die "upgrade/regional_dev--$old.sql exists already"
git diff --quiet HEAD -- src regional_dev.control Makefile ||
	die "src/, the control file or the Makefile have uncommitted changes: freeze $old from its released sources"

mkdir -p upgrade
make -s "regional_dev--$old.sql"
cp "regional_dev--$old.sql" "upgrade/regional_dev--$old.sql"
rm -f "regional_dev--$old.sql"
cat >"upgrade/regional_dev--$old--$new.sql" <<SQL
-- regional_dev $old -> $new: what ALTER EXTENSION regional_dev UPDATE runs on an
-- existing installation.  Every change made to src/*.sql for $new goes here too,
-- written for a database that has $old (CREATE for new objects, ALTER or
-- DROP + CREATE for changed ones, never CREATE OR REPLACE on a changed
-- signature); test/suites/56_upgrade.sh compares the result with a fresh install.
\\echo Use "ALTER EXTENSION regional_dev UPDATE TO '$new'" to load this file. \\quit
SQL
sed -i "s/^default_version = '.*'/default_version = '$new'/" regional_dev.control
sed -i "s/^-- regional_dev $old install script/-- regional_dev $new install script/" src/header.sql
semver=$new
[[ $semver =~ ^[0-9]+\.[0-9]+$ ]] && semver=$semver.0
/usr/bin/python3 - "$semver" <<'PY'
import json, sys
meta = json.load(open("META.json", encoding="utf-8"))
meta["version"] = meta["provides"]["regional_dev"]["version"] = sys.argv[1]
open("META.json", "w", encoding="utf-8").write(json.dumps(meta, indent=3, ensure_ascii=False) + "\n")
PY
printf 'version %s started: upgrade/regional_dev--%s.sql frozen, upgrade/regional_dev--%s--%s.sql created\n' \
	"$new" "$old" "$old" "$new"
