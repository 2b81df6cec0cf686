#!/usr/bin/env bash
# QGIS, headless (Debian's python3-qgis, QT_QPA_PLATFORM=offscreen): a bare
# LOGIN role over TCP loads regional_dev.region and a view built with
# regional_dev functions as PostGIS layers (test/qgis/qgis_layers.py).  The map
# it renders is left in out/qgis_map.png.
source "$ROOT/tools/lib.sh"
if ! ( ensure_packages python3-qgis ) >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
	skip_suite "python3-qgis cannot be installed here"
fi
export ROLE_DB=regional_dev_qgis ROLE_USER=regional_dev_qgis_analyst
ROLE_PASSWORD=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
export ROLE_PASSWORD ROLE_HOST=127.0.0.1 ROLE_PORT=$PGPORT PSQL="$BINDIR/psql" QGIS_OUT="$ROOT/out"
mkdir -p "$QGIS_OUT"
cleanup() {
	psql_q -d postgres -c "DROP DATABASE IF EXISTS $ROLE_DB WITH (FORCE)" -c "DROP ROLE IF EXISTS $ROLE_USER" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
psql_q -d postgres -v pw="$ROLE_PASSWORD" >/dev/null <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE regional_dev_qgis_analyst LOGIN PASSWORD :'pw';
CREATE DATABASE regional_dev_qgis;
SQL
PGOPTIONS='-c client_min_messages=warning' psql_q -d $ROLE_DB >/dev/null <<'SQL'
CREATE EXTENSION regional_dev CASCADE;
-- A view built with regional_dev's functions, as doc/bi.md shows (its
-- geometry cast to the column type QGIS reads from the catalogue).
CREATE VIEW public.qgis_zone AS
SELECT r.code, r.name, regional_dev.adcode_level(r.code) AS level, regional_dev.province(r.code) AS province,
       regional_dev.boundary_level(r.code, '310118') AS border_with_qingpu,
       round((ST_Area(r.geom::geography) / 1e6)::numeric, 1) AS area_km2,
       r.in_demonstration_zone AS in_zone,
       r.geom::geometry(MultiPolygon, 4326) AS geom
FROM regional_dev.region r;
GRANT SELECT ON public.qgis_zone TO PUBLIC;
SQL
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$(mktemp -d) /usr/bin/python3 "$ROOT/test/qgis/qgis_layers.py" 2>&1 |
	grep -v '^QStandardPaths\|^Application path not initialized'
exit "${PIPESTATUS[0]}"
