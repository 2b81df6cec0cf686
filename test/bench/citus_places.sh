#!/usr/bin/env bash
# Places on Citus (doc/benchmarks.md, "Places on Citus"): points per county
# for synthetic points on the national layer, one server (a plain table on the
# coordinator) against the coordinator with two workers on this machine,
# timings alternating in one run.  Runs the Citus suite (its clusters, the
# national layer loaded through the coordinator, its checks) with
# REGIONAL_DEV_CITUS_BENCH set; then test/bench/citus_places.sql.
#
#   test/bench/citus_places.sh [POINTS]     (default 2,000,000)
#
# Prints the rows, the plans and the load average; asserts no times.
source "$(dirname "$0")/../../tools/lib.sh"
setup
export ROOT BINDIR PG_CONFIG CLUSTER PORT LOGFILE SERVER_USER
REGIONAL_DEV_CITUS_BENCH=${1:-2000000} REGIONAL_DEV_CITUS_BENCH_OUT=${REGIONAL_DEV_CITUS_BENCH_OUT:-/dev/null} \
	bash "$ROOT/test/suites/61_citus.sh"
