#!/usr/bin/env bash
# Browser test: headless Chromium renders the demo page (index.html with the
# map drawn by choropleth_svg) to a PNG; the map area must not be blank and
# must show the class colours, and map.svg must parse as XML.  The page is
# built in a temporary folder from a database of its own, loaded with the
# demo's SQL (tools/demo_data/*.sql, tools/report/*.sql, tools/pictures.sh).
# Run by tools/test.sh (environment: ROOT, PGHOST, PGPORT, PGUSER, BINDIR, ...).
set -uo pipefail
source "$ROOT/tools/lib.sh"
set +e
ensure_packages chromium fonts-dejavu-core || exit 1

DB=regional_dev_browser
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
export PGDATABASE=$DB
passed=0 failed=0
check() {
	local name=$1; shift
	if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "not ok - $name"; fi
}

# The page, from a fresh database loaded like the demo's.
build_page() {
	psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" &&
		psql_q -c "CREATE EXTENSION regional_dev CASCADE" 2>/dev/null &&
		mkdir -p "$WORK/out" &&
		(cd "$ROOT" && for f in tools/demo_data/*.sql; do psql_q -f "$f" 2>/dev/null || exit 1; done) &&
		(cd "$ROOT" && for f in tools/report/*.sql; do psql_q -f "$f" || exit 1; done) >"$WORK/out/report.txt" &&
		BINDIR=$BINDIR bash "$ROOT/tools/pictures.sh" "$WORK/out" 2>/dev/null
}

# screenshot HTML PNG: headless Chromium with a fresh profile, no network services.
screenshot() {
	local profile
	profile=$(mktemp -d "$WORK/profile.XXXXXX")
	timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --screenshot="$2" --window-size=1200,1600 \
		"file://$1" >"$WORK/chromium.log" 2>&1
	[ -s "$2" ] || { tail -n 20 "$WORK/chromium.log" >&2; return 1; }
}

# The picture checker: decodes the PNG with zlib only and counts, in an area
# of the page, pixels that are not background and pixels of given colours.
#   check_png.py PNG X0 Y0 X1 Y1 MIN_SHARE MIN_COLOURS RRGGBB,RRGGBB,... MIN_PIXELS
# Exit 0 if at least MIN_SHARE of the area is not background and at least
# MIN_COLOURS of the colours cover MIN_PIXELS pixels or more each.
cat >"$WORK/check_png.py" <<'PY'
import struct, sys, zlib

def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('not a PNG')
    pos, idat, width = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                sys.exit('unsupported PNG: depth %d, colour type %d, interlace %d' % (depth, ctype, interlace))
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows

path, x0, y0, x1, y1 = sys.argv[1], *map(int, sys.argv[2:6])
min_share, min_colours, min_pixels = float(sys.argv[6]), int(sys.argv[7]), int(sys.argv[9])
width, height, bpp, rows = read_png(path)
ramp = [tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)) for c in sys.argv[8].split(',')]
total = ink = 0
hits = [0] * len(ramp)
for y in range(y0, min(y1, height)):
    row = rows[y]
    for x in range(x0, min(x1, width)):
        r, g, b = row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]
        total += 1
        if min(r, g, b) < 235:
            ink += 1
        for k, (cr, cg, cb) in enumerate(ramp):
            if abs(r - cr) <= 4 and abs(g - cg) <= 4 and abs(b - cb) <= 4:
                hits[k] += 1
share = ink / max(total, 1)
colours = sum(1 for h in hits if h >= min_pixels)
print('%s: %dx%d, area %d,%d-%d,%d: %.1f%% not background, pixels of %s: %s'
      % (path.rsplit('/', 1)[-1], width, height, x0, y0, x1, y1, 100 * share, sys.argv[8], hits))
sys.exit(0 if share >= min_share and colours >= min_colours else 1)
PY

# The SVG checker: well-formed XML, an SVG 1.1 root with viewBox and title,
# one path per district, a legend with class breaks.
cat >"$WORK/check_svg.py" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.parse(sys.argv[1]).getroot()
paths = root.findall("s:g[@id='features']/s:path", ns)
legend = [t.text for t in root.findall("s:g[@id='legend']/s:text", ns)]
title = root.find('s:title', ns)
print('map.svg: root %s, viewBox %s, %d paths, legend %s' % (root.tag, root.get('viewBox'), len(paths), legend))
ok = (root.tag == '{http://www.w3.org/2000/svg}svg' and root.get('version') == '1.1'
      and root.get('viewBox') == '0 0 960 720' and title is not None and title.text
      and len(paths) == int(sys.argv[2]) and len(legend) >= 4)
sys.exit(0 if ok else 1)
PY

# Map area of the page: the SVG (960 x 720) starts below the heading; its
# polygons lie in x 20..700, y 64..680 of the SVG.  Generous bounds for fonts.
# The map must cover 15% of it and show 3 of the 5 class colours (YlGnBu).
MAP="60 200 700 800 0.15 3 ffffcc,a1dab4,41b6c4,2c7fb8,253494 300"
# The sparklines (360 x 130 each, two by two) come below the map: their line
# colour and the red dots of the largest values (4 x about 50 px) must be there.
SPARK="20 880 800 1300 0.01 2 253494,e31a1c 100"

check "demo page built from a fresh database" build_page
check "map.svg parses as XML, SVG 1.1 with viewBox, title, 32 paths, legend" \
	/usr/bin/python3 "$WORK/check_svg.py" "$WORK/out/map.svg" 32
check "index.html has the map inline and the report" \
	grep -q '<g id="features"' "$WORK/out/index.html"
check "four sparklines parse as XML, SVG 1.1 with viewBox, title and a line" \
	/usr/bin/python3 -c '
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
files = sys.argv[1:]
for f in files:
    r = ET.parse(f).getroot()
    ok = (r.tag == "{http://www.w3.org/2000/svg}svg" and r.get("version") == "1.1" and r.get("viewBox")
          and r.find("s:title", ns) is not None and r.find("s:path[@id=\x27line\x27]", ns) is not None)
    print("%s: %s" % (f.rsplit("/", 1)[-1], "ok" if ok else "BAD"))
    if not ok:
        sys.exit(1)
sys.exit(0 if len(files) == 4 else 1)' "$WORK"/out/sparkline_*.svg
check "headless Chromium renders index.html" screenshot "$WORK/out/index.html" "$WORK/page.png"
check "the map area is not blank and shows at least 3 class colours" \
	/usr/bin/python3 "$WORK/check_png.py" "$WORK/page.png" $MAP
check "the sparklines are drawn" \
	/usr/bin/python3 "$WORK/check_png.py" "$WORK/page.png" $SPARK

# The checker must be able to fail: the same page without its map is blank there.
sed '/<figure id="map">/,/<\/figure>/d' "$WORK/out/index.html" >"$WORK/out/nomap.html"
screenshot "$WORK/out/nomap.html" "$WORK/nomap.png"
check "the checker reports a page without the map as blank" \
	bash -c "! /usr/bin/python3 '$WORK/check_png.py' '$WORK/nomap.png' $MAP"

psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
