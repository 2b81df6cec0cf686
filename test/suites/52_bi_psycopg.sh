#!/usr/bin/env bash
# BI driver test: psycopg 3 over TCP with a SCRAM password, text and binary results,
# every custom type round-tripping in binary (test/bi/bi_psycopg.py).
source "$ROOT/test/bi/setup.sh"
ensure_packages python3-psycopg
bi_setup
/usr/bin/python3 "$BI/bi_psycopg.py"
