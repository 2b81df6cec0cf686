#!/usr/bin/env bash
# Packaging: META.json for PGXN is valid (Meta Spec 1.0.0) and its version is the
# control file's default_version (test/pgxn/check_meta.py).
set -euo pipefail
/usr/bin/python3 "$ROOT/test/pgxn/check_meta.py" "$ROOT"
