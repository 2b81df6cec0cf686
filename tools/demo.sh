#!/usr/bin/env bash
# README command one: set up everything, load the demonstration-zone data, print the report.
source "$(dirname "$0")/lib.sh"
setup
say "creating database $PGDATABASE"
psql_q -d postgres -c "DROP DATABASE IF EXISTS $PGDATABASE" -c "CREATE DATABASE $PGDATABASE"
psql_q -c "CREATE EXTENSION regional_dev CASCADE"
(cd "$ROOT" && psql_q -f tools/demo_data.sql)
mkdir -p "$ROOT/out"
(cd "$ROOT" && psql_q -f tools/report.sql) | tee "$ROOT/out/report.txt"
say "report written to out/report.txt; connect with: psql -h $PGHOST -p $PGPORT -U $PGUSER $PGDATABASE"
