#!/usr/bin/python3
"""test/suites/59_qgis.sh: QGIS (Debian's python3-qgis, headless) reads
regional_dev.region and a view built with regional_dev functions as PostGIS
layers, as the bare analyst role of the suite, over TCP.

For each layer: valid; every column present with the values the server
gives (compared row by row with psql's output); geometry type MultiPolygon;
the key column identifies features (distinct feature ids, one per row, equal
to the codes); the layer filters (subset strings, SQL that QGIS passes to
the server) "code" = '310118' and "code" LIKE '3101%' select the rows the
server selects, and so do the same expressions as QGIS feature requests; and
a map rendered to a PNG is not blank.  Exit status 1 on any failure."""
import os
import subprocess
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"
from qgis.core import (QgsApplication, QgsDataSourceUri, QgsFeatureRequest,  # noqa: E402
                       QgsFillSymbol, QgsMapRendererSequentialJob, QgsMapSettings,
                       QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

E = os.environ
OUT = E["QGIS_OUT"]
passed = failed = 0


def ok(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok - " + what)
    else:
        failed += 1
        print("FAIL - %s %s" % (what, detail))


def server_rows(sql):
    """Rows of sql as lists of text, through psql as the superuser."""
    out = subprocess.run([E["PSQL"], "-X", "-At", "-F", "\t", "-d", E["ROLE_DB"], "-c", sql],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def text(v):
    """A QGIS attribute value as psql prints it (-At)."""
    if v is None or (hasattr(v, "isNull") and v.isNull()):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


app = QgsApplication([], False)
app.initQgis()


def layer(schema, table, key, name):
    uri = QgsDataSourceUri()
    uri.setConnection(E["ROLE_HOST"], E["ROLE_PORT"], E["ROLE_DB"], E["ROLE_USER"], E["ROLE_PASSWORD"])
    uri.setDataSource(schema, table, "geom", "", key)
    return QgsVectorLayer(uri.uri(False), name, "postgres")


def check_layer(lyr, relation, columns):
    ok(lyr.isValid(), "%s: QGIS opens the layer" % relation, lyr.error().summary() if not lyr.isValid() else "")
    if not lyr.isValid():
        return
    names = [f.name() for f in lyr.fields()]
    ok(names == columns, "%s: every column is there (%s)" % (relation, ", ".join(names)), "want %s" % columns)
    ok(QgsWkbTypes.displayString(lyr.wkbType()) == "MultiPolygon",
       "%s: geometry type MultiPolygon" % relation, QgsWkbTypes.displayString(lyr.wkbType()))
    want = server_rows("SELECT %s FROM %s ORDER BY code" % (", ".join(c + "::text" for c in columns), relation))
    feats = list(lyr.getFeatures())
    got = sorted(([text(f[c]) for c in columns] for f in feats), key=lambda r: r[0])
    ok(got == want, "%s: %d features with the server's values" % (relation, len(got)),
       "\n  QGIS: %s\n  server: %s" % (got[:3], want[:3]))
    fids = [f.id() for f in feats]
    ok(len(set(fids)) == len(want) and sorted(fids) == sorted(int(r[0]) for r in want),
       "%s: the key column identifies features (%d distinct fids, equal to the codes)" % (relation, len(set(fids))),
       str(sorted(fids)[:5]))
    ok(all(f.hasGeometry() and not f.geometry().isEmpty() for f in feats), "%s: every feature has its geometry" % relation)
    for flt, where in (("\"code\" = '310118'", "code = '310118'"), ("\"code\" LIKE '3101%'", "code::text LIKE '3101%'")):
        want_codes = [r[0] for r in server_rows("SELECT code FROM %s WHERE %s ORDER BY code" % (relation, where))]
        lyr.setSubsetString(flt)
        sub = sorted(str(f["code"]) for f in lyr.getFeatures())
        ok(lyr.subsetString() == flt and sub == want_codes and want_codes,
           "%s: layer filter %s selects %d rows" % (relation, flt, len(sub)), "got %s, want %s" % (sub, want_codes))
        lyr.setSubsetString("")
        req = sorted(str(f["code"]) for f in lyr.getFeatures(QgsFeatureRequest().setFilterExpression(flt)))
        ok(req == want_codes, "%s: feature request %s selects %d rows" % (relation, flt, len(req)),
           "got %s, want %s" % (req, want_codes))
    # attribute-only requests (attribute table, statistics): no geometry, two columns
    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(["code", "name"], lyr.fields())
    got = sorted([text(f["code"]), text(f["name"])] for f in lyr.getFeatures(req))
    ok(got == [[r[0], r[1]] for r in want], "%s: attribute-only request (code, name, no geometry)" % relation, str(got[:3]))
    # selecting a feature by its id (identify, select, edit use it)
    f = next(lyr.getFeatures(QgsFeatureRequest(310118)), None)
    ok(f is not None and str(f["code"]) == "310118", "%s: feature 310118 fetched by its id" % relation)


region = layer("regional_dev", "region", "code", "region")
check_layer(region, "regional_dev.region", ["code", "name", "name_zh", "province", "in_demonstration_zone"])
view = layer("public", "qgis_zone", "code", "qgis_zone")
check_layer(view, "public.qgis_zone", ["code", "name", "level", "province", "border_with_qingpu", "area_km2", "in_zone"])

# A map: the regions in grey, the view's demonstration zone on top.
region.setSubsetString("")
view.setSubsetString("in_zone")
region.renderer().setSymbol(QgsFillSymbol.createSimple({"color": "200,200,200", "outline_color": "80,80,80"}))
view.renderer().setSymbol(QgsFillSymbol.createSimple({"color": "40,120,200", "outline_color": "0,0,0"}))
settings = QgsMapSettings()
settings.setLayers([view, region])
settings.setBackgroundColor(QColor(255, 255, 255))
settings.setOutputSize(QSize(600, 500))
settings.setExtent(region.extent())
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
img = job.renderedImage()
png = os.path.join(OUT, "qgis_map.png")
img.save(png, "png")
colours = {}
for y in range(0, img.height(), 4):
    for x in range(0, img.width(), 4):
        c = img.pixel(x, y) & 0xFFFFFF
        colours[c] = colours.get(c, 0) + 1
samples = sum(colours.values())
white = colours.get(0xFFFFFF, 0)
grey = sum(n for c, n in colours.items() if c == 0xC8C8C8)
blue = sum(n for c, n in colours.items() if c == 0x2878C8)
ok(white < samples * 0.9 and grey > samples * 0.05 and blue > samples * 0.005,
   "map rendered to %s: %.0f %% blank, %.0f %% regions, %.1f %% zone" % (png, 100.0 * white / samples,
                                                                   100.0 * grey / samples, 100.0 * blue / samples))

app.exitQgis()
print("qgis: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
