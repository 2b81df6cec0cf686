#!/usr/bin/env bash
# README command one: set up everything, load the demonstration-zone data, print the report.
source "$(dirname "$0")/lib.sh"
setup
# The maps label districts in Chinese too: a font with CJK glyphs for the
# browser.  Without it (REGIONAL_DEV_SKIP_APT=1) the demo still runs.
(ensure_packages fonts-noto-cjk) ||
	say "fonts-noto-cjk is missing: a browser here may draw the maps' Chinese names as empty boxes"
# Only warnings and errors reach the demo's output (no "NOTICE: ... skipping").
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
say "creating database $PGDATABASE"
psql_q -d postgres -c "DROP DATABASE IF EXISTS $PGDATABASE" -c "CREATE DATABASE $PGDATABASE"
psql_q -c "CREATE EXTENSION regional_dev CASCADE"
# Demo data and report sections: every tools/demo_data/*.sql, then every
# tools/report/*.sql, in name order (each capability adds its own files).
cd "$ROOT"
for f in tools/demo_data/*.sql; do psql_q -f "$f"; done
mkdir -p "$ROOT/out"
for f in tools/report/*.sql; do psql_q -f "$f"; done | tee "$ROOT/out/report.txt"
BINDIR=$BINDIR bash "$ROOT/tools/pictures.sh" "$ROOT/out"
say "report written to out/report.txt; connect with: psql -h $PGHOST -p $PGPORT -U $PGUSER $PGDATABASE"
