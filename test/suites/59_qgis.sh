#!/usr/bin/env bash
# QGIS, headless (Debian's python3-qgis, QT_QPA_PLATFORM=offscreen): a bare
# LOGIN role over TCP loads regional_dev.region and a view built with
# regional_dev functions as PostGIS layers (test/qgis/qgis_layers.py).  The map
# it renders is left in out/qgis_map.png.
source "$ROOT/tools/lib.sh"
if ! ( ensure_packages python3-qgis ) >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
	skip_suite "python3-qgis cannot be installed here"
fi
source "$ROOT/test/bi/bare_login.sh"
bare_login regional_dev_qgis regional_dev_qgis_analyst
export QGIS_OUT="$ROOT/out"
mkdir -p "$QGIS_OUT"
PGOPTIONS='-c client_min_messages=warning' psql_q -d $ROLE_DB >/dev/null <<'SQL'
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
