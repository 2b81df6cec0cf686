#!/usr/bin/env bash
# Spatial weights and statistics (doc/spatial-stats.md) against references
# computed independently from the published formulas with numpy, libpysal as
# the second reference for the weights, pyproj for the geodesics
# (test/spatial/reference.py), in a database of its own.
source "$ROOT/tools/lib.sh"
ensure_packages python3-numpy python3-psycopg python3-libpysal python3-pyproj
DB=regional_dev_spatial
psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2>/dev/null
psql_q -d "$DB" -c "CREATE EXTENSION regional_dev CASCADE" 2>/dev/null
PGDATABASE=$DB /usr/bin/python3 "$ROOT/test/spatial/reference.py"
status=$?
psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
exit $status
