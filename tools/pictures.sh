#!/usr/bin/env bash
# Pictures of the demo: tools/pictures.sh [OUTDIR]  (default: <checkout>/out)
# Writes OUTDIR/map.svg (choropleth_svg of the 32 districts), OUTDIR/map_central.svg
# (the seven central districts of Shanghai), one sparkline per
# zone indicator (OUTDIR/sparkline_<indicator>.svg, sparkline_svg of the zone
# series) and OUTDIR/index.html (the pictures and OUTDIR/report.txt).  Reads the database the libpq environment
# points to (PGHOST, PGPORT, PGUSER, PGDATABASE), loaded by tools/demo_data/*.sql.
# Run by tools/demo.sh after the report; the browser test runs it on its own database.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/out}
PSQL="${BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}/psql"
mkdir -p "$OUT"

sql() { "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# The maps colour GDP per resident, not GDP: a total grows with the size of a
# district, and would paint the large ones dark whatever their economy.  Labels
# in English with the Chinese name under them (second_label); a scale bar under
# the legend.  Every name is qualified: this runs with whatever search_path the
# server gives.
PER_HEAD="SELECT r.code::text AS code, r.geom, r.name, r.name_zh, r.in_demonstration_zone,
                 1e6 * p.gdp / p.population AS gdp_per_head
          FROM regional_dev.region r
          LEFT JOIN demo.district_gdp_population p ON p.code OPERATOR(pg_catalog.=) r.code AND p.year = 2023"
sql "SELECT regional_dev.choropleth_svg(geom, gdp_per_head, name,
        'GDP per resident 2023, thousand yuan (synthetic data); demonstration zone outlined',
        in_demonstration_zone, name_zh)
     FROM ($PER_HEAD) AS m" >"$OUT/map.svg"
# The seven central districts of Shanghai are too small to label on the map of
# the 32: a map of their own (its classes are those of the seven).
CENTRAL="'310101', '310104', '310105', '310106', '310107', '310109', '310110'"
sql "SELECT regional_dev.choropleth_svg(m.geom, m.gdp_per_head, m.name,
        'Central Shanghai: GDP per resident 2023, thousand yuan (synthetic data; classes of these seven districts)',
        false, m.name_zh)
     FROM ($PER_HEAD) AS m WHERE m.code IN ($CENTRAL)" >"$OUT/map_central.svg"

# Sparklines: the zone's series (series_agg sums the districts per year).
SPARKS="gdp industrial_output rd_spending water_quality"
for ind in gdp industrial_output rd_spending; do
	sql "SELECT regional_dev.sparkline_svg(regional_dev.series_agg(year, value),
	            CASE '$ind' WHEN 'gdp' THEN 'GDP'
	                        WHEN 'industrial_output' THEN 'Industrial output'
	                        ELSE 'R&D spending' END
	            || ', billion yuan (synthetic)')
	     FROM demo.district_series WHERE indicator = '$ind'" >"$OUT/sparkline_$ind.svg"
done
sql "SELECT regional_dev.sparkline_svg(regional_dev.series_agg(year, 100 * share),
            'Water of Class III or better, % (published)')
     FROM demo.water_quality" >"$OUT/sparkline_water_quality.svg"

html_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

{
	cat <<'HEAD'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>regional_dev: the demonstration zone</title>
<style>
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 16px 24px; color: #222; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 20px 0 6px; }
p.note { font-size: 13px; color: #555; max-width: 960px; }
figure { margin: 0; }
figure svg.map, figure#map svg, figure#central svg { width: 960px; height: 720px; border: 1px solid #ddd; display: block; }
div#sparklines { display: flex; flex-wrap: wrap; gap: 8px; max-width: 980px; }
div#sparklines svg { width: 360px; height: 130px; border: 1px solid #ddd; }
pre { font-size: 12px; line-height: 1.35; background: #f7f7f7; padding: 10px; overflow-x: auto; }
</style>
</head>
<body>
<h1>regional_dev: Yangtze River Delta Ecology and Greenery Integrated Development Demonstration Zone</h1>
<p class="note">Pictures drawn inside PostgreSQL by regional_dev (choropleth_svg, sparkline_svg); numbers computed by the
extension from the demo data. Synthetic data are labelled synthetic.</p>
<figure id="map">
HEAD
	# the SVG document inline, without its XML declaration
	sed '1{/^<?xml/d}' "$OUT/map.svg"
	cat <<'MID'
</figure>
<h2>The zone's series</h2>
<p class="note">Zone totals (series_agg over the three districts); the district series are synthetic, generated to reproduce the published zone figures.</p>
<div id="sparklines">
MID
	for ind in $SPARKS; do sed '1{/^<?xml/d}' "$OUT/sparkline_$ind.svg"; done
	cat <<'MID'
</div>
<h2>Central Shanghai</h2>
<p class="note">The seven central districts of Shanghai, too small to label on the map above, on a map of their own.</p>
<figure id="central">
MID
	sed '1{/^<?xml/d}' "$OUT/map_central.svg"
	cat <<'MID'
</figure>
<h2>Report</h2>
<pre id="report">
MID
	if [ -f "$OUT/report.txt" ]; then html_escape <"$OUT/report.txt"; else echo "(no report: run tools/demo.sh)"; fi
	cat <<'TAIL'
</pre>
</body>
</html>
TAIL
} >"$OUT/index.html"

printf '== pictures written to %s: map.svg, map_central.svg, sparkline_*.svg, index.html\n' "$OUT" >&2
