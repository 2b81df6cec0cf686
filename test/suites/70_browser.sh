#!/usr/bin/env bash
# Browser test: headless Chromium renders the demo page (index.html with the
# maps drawn by choropleth_svg) to a PNG; the map areas must not be blank and
# must show the class colours, the maps must parse as XML, and the Chinese
# names of the labels must render as glyphs, not as empty boxes (a rendered
# label is compared with a code point no font has; without a CJK font the
# comparison must fail, and is made to).  Screenshots are kept in
# out/browser-test/ of the checkout.  The page is
# built in a temporary folder from a database of its own, loaded with the
# demo's SQL (tools/demo_data/*.sql, tools/report/*.sql, tools/pictures.sh).
# Run by tools/test.sh (environment: ROOT, PGHOST, PGPORT, PGUSER, BINDIR, ...).
set -uo pipefail
source "$ROOT/tools/lib.sh"
set +e
ensure_packages chromium fonts-dejavu-core fonts-noto-cjk || exit 1

DB=regional_dev_browser
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
SHOTS=$ROOT/out/browser-test
rm -rf "$SHOTS" && mkdir -p "$SHOTS"
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

# screenshot HTML PNG [WIDTH,HEIGHT]: headless Chromium with a fresh profile,
# no network services; the PNG is also kept in $SHOTS.
screenshot() {
	local profile
	profile=$(mktemp -d "$WORK/profile.XXXXXX")
	timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --screenshot="$2" --window-size="${3:-1200,2500}" \
		"file://$1" >"$WORK/chromium.log" 2>&1
	[ -s "$2" ] || { tail -n 20 "$WORK/chromium.log" >&2; return 1; }
	cp "$2" "$SHOTS/"
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

if __name__ == '__main__':  # else imported by cjk_check.py for read_png
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

# The glyph test page: the first Chinese label line of map.svg, drawn as the
# map draws it (its font family, three times its size), and under it as many
# characters of a code point that no font has (U+10FFFD, private use), drawn
# as the browser draws a missing glyph.
#   cjk_page.py MAP.svg OUT.html
cat >"$WORK/cjk_page.py" <<'PY'
import sys, xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.parse(sys.argv[1]).getroot()
label = next(t for t in root.findall("s:g[@id='labels']/s:text", ns)
             if t.get('stroke') is None and t.text and any(ord(c) >= 0x2E80 for c in t.text))
size = 3 * float(label.get('font-size'))
rows = [label.text, '\U0010FFFD' * len(label.text)]
texts = ''.join('<text x="10" y="%d" font-size="%g">%s</text>' % (60 + 100 * i, size, escape(r)) for i, r in enumerate(rows))
open(sys.argv[2], 'w', encoding='utf-8').write(
    '<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff;overflow:hidden}</style></head><body>'
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" font-family=%s>%s</svg></body></html>'
    % (quoteattr(root.get('font-family')), texts))
print('label %r, font-family %r, %g px' % (label.text, root.get('font-family'), size))
PY
# The glyph checker: the label's row (y 0..100) must have ink, and its
# black-and-white picture must differ from the missing glyphs' row (y 100..200)
# in at least a quarter of the pixels either inks.
#   cjk_check.py PNG
cat >"$WORK/cjk_check.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from check_png import read_png
width, height, bpp, rows = read_png(sys.argv[1])
def ink(y0):
    return {(x, y - y0) for y in range(y0, y0 + 100) for x in range(0, min(400, width))
            if min(rows[y][x * bpp:x * bpp + 3]) < 128}
label, missing = ink(0), ink(100)
differ = len(label ^ missing) / max(len(label | missing), 1)
print('%s: label row %d ink pixels, missing-glyph row %d, differing %.0f%% of the inked' % (
    sys.argv[1].rsplit('/', 1)[-1], len(label), len(missing), 100 * differ))
sys.exit(0 if len(label) >= 100 and differ >= 0.25 else 1)
PY

# Map area of the page: the SVG (960 x 720) starts below the heading; its
# polygons lie in x 20..700, y 64..680 of the SVG.  Generous bounds for fonts.
# The map must cover 15% of it and show 3 of the 5 class colours (YlGnBu).
MAP="60 200 700 800 0.15 3 ffffcc,a1dab4,41b6c4,2c7fb8,253494 300"
# The map of central Shanghai comes after the sparklines (SVG y 64..680 at page y 1340..1960).
CENTRAL="60 1360 700 1940 0.15 3 ffffcc,a1dab4,41b6c4,2c7fb8,253494 300"
# The sparklines (360 x 130 each, two by two) come below the map: their line
# colour and the red dots of the largest values (4 x about 50 px) must be there.
SPARK="20 880 800 1300 0.01 2 253494,e31a1c 100"

check "demo page built from a fresh database" build_page
check "map.svg parses as XML, SVG 1.1 with viewBox, title, 32 paths, legend" \
	/usr/bin/python3 "$WORK/check_svg.py" "$WORK/out/map.svg" 32
check "map_central.svg parses as XML, SVG 1.1 with viewBox, title, 7 paths, legend" \
	/usr/bin/python3 "$WORK/check_svg.py" "$WORK/out/map_central.svg" 7
check "index.html has both maps inline and the report" \
	bash -c "[ \$(grep -c '<g id=\"features\"' '$WORK/out/index.html') -eq 2 ] && grep -q '<pre id=\"report\">' '$WORK/out/index.html'"
check "the maps label in Chinese too (second_label) and have a scale bar" \
	bash -c "grep -q '&#38738;&#28006;&#21306;' '$WORK/out/map.svg' && grep -q '<g id=\"scalebar\"' '$WORK/out/map.svg' && grep -q '<g id=\"scalebar\"' '$WORK/out/map_central.svg'"
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
check "the map of central Shanghai is not blank and shows at least 3 class colours" \
	/usr/bin/python3 "$WORK/check_png.py" "$WORK/page.png" $CENTRAL

# Chinese glyphs: the first Chinese label of the map against missing glyphs.
/usr/bin/python3 "$WORK/cjk_page.py" "$WORK/out/map.svg" "$WORK/cjk.html" &&
	screenshot "$WORK/cjk.html" "$WORK/cjk.png" 400,200
check "a Chinese label of the map renders as glyphs, not as missing-glyph boxes" \
	/usr/bin/python3 "$WORK/cjk_check.py" "$WORK/cjk.png" "$WORK"
# ... and that check fails where the browser has no CJK font: the same page
# with fontconfig limited to DejaVu (no Chinese glyphs).
mkdir -p "$WORK/fc-cache"
cat >"$WORK/fonts-dejavu-only.conf" <<XML
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>$WORK/fc-cache</cachedir></fontconfig>
XML
cp "$WORK/cjk.html" "$WORK/cjk_without_cjk_font.html"
FONTCONFIG_FILE="$WORK/fonts-dejavu-only.conf" screenshot "$WORK/cjk_without_cjk_font.html" "$WORK/cjk_without_cjk_font.png" 400,200
check "the glyph checker fails without a CJK font (fontconfig limited to DejaVu)" \
	bash -c "! /usr/bin/python3 '$WORK/cjk_check.py' '$WORK/cjk_without_cjk_font.png' '$WORK'"

# The checker must be able to fail: the same page with a blank box of the
# map's size in place of the map (the rest of the page where it was) is blank there.
sed '/<figure id="map">/,/<\/figure>/c\<figure id="map"><div style="width: 962px; height: 722px"></div></figure>' \
	"$WORK/out/index.html" >"$WORK/out/nomap.html"
screenshot "$WORK/out/nomap.html" "$WORK/nomap.png"
check "the checker reports a page without the map as blank" \
	bash -c "! /usr/bin/python3 '$WORK/check_png.py' '$WORK/nomap.png' $MAP"

psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB"
echo "screenshots: $SHOTS ($(cd "$SHOTS" && ls | tr '\n' ' '))"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
