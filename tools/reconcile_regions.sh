#!/usr/bin/env bash
# One-off: regenerate src/region_data.sql from data/yrd_districts.geojson on the
# throwaway cluster (see tools/reconcile_regions.sql for the rule).
source "$(dirname "$0")/lib.sh"
setup
db=regional_dev_reconcile
psql_q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql_q -d $db -c "CREATE EXTENSION postgis"
tmp=$(mktemp -d); chmod 755 "$tmp"
cp "$ROOT/data/yrd_districts.geojson" "$tmp/"; chmod 644 "$tmp/yrd_districts.geojson"
psql_q -d $db -v geojson="$tmp/yrd_districts.geojson" -v out="$ROOT/src/region_data.sql" \
	-f "$ROOT/tools/reconcile_regions.sql"
psql_q -d postgres -c "DROP DATABASE $db"
rm -rf "$tmp"
say "wrote src/region_data.sql"
