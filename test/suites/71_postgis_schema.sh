#!/usr/bin/env bash
# PostGIS in a schema of its own, off the search_path at call time:
# choropleth_svg still finds PostGIS's EWKB writer (through the geometry type,
# not by name) and draws the map.  Run by tools/test.sh.
set -uo pipefail
source "$ROOT/tools/lib.sh"
set +e
DB=regional_dev_gis_schema
export PGDATABASE=$DB
passed=0 failed=0
check() {
	local name=$1; shift
	if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "not ok - $name"; fi
}
q() { "$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

check "regional_dev installs with PostGIS in schema gis" \
	q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
check "create extensions" \
	q -c "CREATE SCHEMA gis" -c "CREATE EXTENSION postgis SCHEMA gis" -c "CREATE EXTENSION regional_dev"
out=$(q -c "SET search_path = pg_catalog" \
	-c "SELECT pg_catalog.xml_is_well_formed_document(regional_dev.choropleth_svg(geom, code::integer % 10, name))
	    FROM regional_dev.region" 2>&1)
check "choropleth_svg with search_path = pg_catalog gives a well-formed map" [ "$out" = "t" ]
[ "$out" = "t" ] || echo "$out" >&2

q -d postgres -c "DROP DATABASE IF EXISTS $DB"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
