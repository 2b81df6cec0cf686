#!/usr/bin/env bash
# Smoke run of the benchmark suite: tiny sizes, checks it still runs (no timing asserted).
exec bash "$ROOT/test/bench/run.sh" --smoke
