#!/usr/bin/env bash
# Places with PostGIS in a schema whose name needs quoting, off the search_path
# at call time: the SQL wrappers were created with that schema written in
# (src/places.sql), and the region cache finds it in the catalogue.  Run by
# tools/test.sh.
set -uo pipefail
source "$ROOT/tools/lib.sh"
set +e
DB=regional_dev_places_schema
export PGDATABASE=$DB
passed=0 failed=0
check() {
	local name=$1 expected=$2 out
	shift 2
	out=$("$@" 2>&1)
	if [ "$out" = "$expected" ]; then
		passed=$((passed + 1)); echo "ok - $name"
	else
		failed=$((failed + 1)); echo "not ok - $name"; printf '  expected: %s\n  got:      %s\n' "$expected" "$out" >&2
	fi
}
q() { "$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# Every call runs with search_path = pg_catalog: nothing resolves by path.
qc() { q -c "SET search_path = pg_catalog" -c "$1"; }
P='"GIS places"'

check "create the database" "" q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
check "PostGIS in schema \"GIS places\", then regional_dev" "" \
	q -c "CREATE SCHEMA $P" -c "CREATE EXTENSION postgis SCHEMA $P" -c "CREATE EXTENSION regional_dev"
check "the wrappers name that schema" 't' \
	qc "SELECT bool_and(prosrc LIKE '%\"GIS places\".st_asewkb(%') FROM pg_catalog.pg_proc
	    WHERE pronamespace = 'regional_dev'::regnamespace AND proname IN ('length_by_region', 'boundary_crossings', 'apportion_trans')"
check "locate" '310118' \
	qc "SELECT regional_dev.locate($P.ST_SetSRID($P.ST_Point(121.1, 31.15), 4326))"
# Not a 2D point of SRID 4326: locate (C) falls back to ST_AsEWKB, found in that schema.
check "locate through ST_AsEWKB" 'ERROR:  locate: point must have SRID 4326, not 3857' \
	q -v VERBOSITY=terse -c "SET search_path = pg_catalog" -c "SELECT regional_dev.locate($P.ST_SetSRID($P.ST_Point(121.1, 31.15), 3857))"
check "length_by_region" '310118|330421' \
	qc "SELECT pg_catalog.string_agg(code::text, '|' ORDER BY code::text) FROM regional_dev.length_by_region(
	    $P.ST_SetSRID($P.ST_MakeLine($P.ST_Point(121.02, 31.12), $P.ST_Point(120.89, 30.89)), 4326))"
check "boundary_crossings" '1' \
	qc "SELECT regional_dev.boundary_crossings($P.ST_SetSRID($P.ST_MakeLine($P.ST_Point(121.02, 31.12), $P.ST_Point(120.89, 30.89)), 4326))"
check "region_neighbors" '74' qc "SELECT pg_catalog.count(*) FROM regional_dev.region_neighbors()"
check "apportion" '50' \
	qc "SELECT regional_dev.apportion($P.ST_MakeEnvelope(0, 0, 2, 2, 4326), 100, $P.ST_MakeEnvelope(1, 0, 3, 2, 4326))"
check "morans_i" '-0.5' \
	qc "SELECT (regional_dev.morans_i(code, code::integer OPERATOR(pg_catalog.%) 97)).i FROM regional_dev.region WHERE in_demonstration_zone"

q -d postgres -c "DROP DATABASE IF EXISTS $DB"
echo "places with PostGIS in another schema: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
