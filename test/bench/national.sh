#!/usr/bin/env bash
# National section of the benchmark (doc/benchmarks.md, "National layer"):
# regional_dev on the county layer of the whole country against PostGIS,
# geopandas and libpysal, and under pgbench.  Run by test/bench/run.sh (full
# run), or alone: `test/bench/national.sh` rewrites that section of
# doc/benchmarks.md in place.  The layer: the published county layer when
# tools/load_regions.sh can load it, else a SYNTHETIC stand-in of the same
# size (test/bench/national_synthetic.sql), and the page says which.
# Asserts no times; prints the section's markdown to the file named by $1.
source "$(dirname "$0")/../../tools/lib.sh"
bench=$ROOT/test/bench
db=regional_dev_bench_national
reps=${NATIONAL_REPS:-5}
secs=${NATIONAL_PGBENCH_SECONDS:-15}
standalone=false
if [ $# -eq 0 ]; then
	standalone=true
	setup
	ensure_packages python3-geopandas python3-rtree python3-libpysal python3-psycopg
fi
out=${1:-$(mktemp)}
tmp=$(mktemp -d)
chmod a+rwx "$tmp"
trap 'rm -rf "$tmp"' EXIT
q() { psql_q -d $db -A -t -c "$1"; }

say "bench: national layer"
# NATIONAL_REUSE=1 keeps the database of the last run (layer, points, pieces).
if [ "${NATIONAL_REUSE:-0}" = 1 ] && [ -n "$(psql_q -d postgres -A -t -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
	reuse=true
else
	reuse=false
fi
[ "$reuse" = true ] || psql_q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
[ "$reuse" = true ] || psql_q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE" \
	-c "ALTER DATABASE $db SET jit = off"
if [ "$reuse" = true ]; then
	layer=$(q "SELECT obj_description('bench.sub'::regclass)")
	: >"$tmp/updates"
	psql_q -d $db -c "TRUNCATE bench.result, bench.check" >/dev/null
elif [ -f "$ROOT/tools/load_regions.sh" ] && bash "$ROOT/tools/load_regions.sh" china -d $db >"$tmp/load.log" 2>&1 \
	&& [ "$(q "SELECT count(*) FROM regional_dev.region")" -gt 1000 ]; then
	layer="the county layer of China loaded by \`tools/load_regions.sh china\` (published boundaries, see doc/region.md)"
else
	[ -s "$tmp/load.log" ] && { say "tools/load_regions.sh china did not load the layer; its last lines:"; tail -n 5 "$tmp/load.log" >&2; }
	psql_q -d $db -c "DELETE FROM regional_dev.region" >/dev/null
	psql_q -d $db -f "$bench/national_synthetic.sql" >/dev/null
	layer="a SYNTHETIC stand-in, $(q "SELECT count(*) FROM regional_dev.region") Voronoi cells of random points over China's extent, densified (\`test/bench/national_synthetic.sql\`; not real boundaries: the published layer was not loaded)"
fi
if [ "$reuse" = false ]; then
psql_q -d $db -f "$bench/harness.sql" 2>/dev/null
# SYNTHETIC points: 200,000 uniform over China's extent (hashes of row numbers).
psql_q -d $db >/dev/null <<'SQL'
SET search_path = public, regional_dev;
CREATE TABLE bench.points AS
SELECT i AS id, ST_SetSRID(ST_Point(73.5 + 61.3 * (hashint4(i)::float8 / 4294967296 + 0.5),
                                     18.2 + 35.3 * (hashint4(i + 1000000)::float8 / 4294967296 + 0.5)), 4326) AS geom
FROM generate_series(1, 200000) AS i;
ALTER TABLE bench.points ADD PRIMARY KEY (id);
CREATE INDEX ON bench.points USING gist (geom);
CREATE TABLE bench.sub AS SELECT code, ST_Subdivide(geom, 64) AS geom FROM regional_dev.region;
CREATE INDEX ON bench.sub USING gist (geom);
VACUUM ANALYZE bench.points;
VACUUM ANALYZE bench.sub;
SQL
psql_q -d $db -c "COMMENT ON TABLE bench.sub IS \$\$$layer\$\$" >/dev/null
fi
sizes=$(q "SELECT format('%s regions, %s vertices, %s of geometry; %s pieces of ST_Subdivide(geom, 64); 200000 points uniform over 73.5-134.8 E, 18.2-53.5 N (synthetic), %s of them in a region',
	count(*), sum(ST_NPoints(geom)), pg_size_pretty(sum(pg_column_size(geom))), (SELECT count(*) FROM bench.sub),
	(SELECT count(*) FROM bench.points p WHERE EXISTS (SELECT FROM bench.sub s WHERE ST_Covers(s.geom, p.geom)))) FROM regional_dev.region")

# In the server: points per region, against the subdivided GiST join.
psql_q -d $db -v reps=$reps >/dev/null <<'SQL'
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SELECT bench.compare('national', 'locate over 200,000 points, counts per region',
	'SELECT array_agg(n ORDER BY code) FROM (SELECT locate(geom) AS code, count(*)::float8 AS n FROM bench.points GROUP BY 1) AS t WHERE code IS NOT NULL',
	'PostGIS ST_Covers join, ST_Subdivide(geom, 64) pieces (GiST)',
	'SELECT array_agg(n ORDER BY code) FROM (SELECT r.code, count(*)::float8 AS n FROM bench.points p JOIN bench.sub r ON ST_Covers(r.geom, p.geom) GROUP BY r.code) AS t',
	least(:reps, 3), 0.05, '>= 20x faster');
SQL

# In Python: first calls, memory, morans_i, geopandas, libpysal.
/usr/bin/python3 "$bench/national.py" $db $reps "$tmp/py.rows"

# pgbench, 4 clients, one random point of China's extent per query.
pgb() {  # pgb FILE [options]: queries per second
	local f=$1
	shift
	"$BINDIR/pgbench" -n -c 4 -j 2 -T $secs "$@" -f "$f" $db 2>/dev/null | sed -n 's/^tps = \([0-9]*\)[.0-9]* .*/\1/p'
}
cat >"$tmp/locate.sql" <<'SQL'
\set x random(0, 613000)
\set y random(0, 353000)
SELECT regional_dev.locate(public.st_setsrid(public.st_point(73.5 + :x / 10000.0, 18.2 + :y / 10000.0), 4326));
SQL
cat >"$tmp/postgis.sql" <<'SQL'
\set x random(0, 613000)
\set y random(0, 353000)
SELECT code FROM bench.sub WHERE public.st_covers(geom, public.st_setsrid(public.st_point(73.5 + :x / 10000.0, 18.2 + :y / 10000.0), 4326)) ORDER BY code LIMIT 1;
SQL
# The region updated once a second: its geometry moved by 1e-7 degrees and
# back (from a saved copy, so that it ends as it was loaded).
: >"$tmp/updates"
upd_code=$(q "SELECT code FROM regional_dev.region ORDER BY code OFFSET (SELECT count(*) / 2 FROM regional_dev.region) LIMIT 1")
psql_q -d $db -c "DROP TABLE IF EXISTS bench.updated" \
	-c "CREATE TABLE bench.updated AS SELECT geom FROM regional_dev.region WHERE code::text = '$upd_code'" >/dev/null
updater() {
	local dx=1e-7
	while :; do
		psql_q -d $db -c "UPDATE regional_dev.region SET geom = public.st_translate(u.geom, $dx, 0)
			FROM bench.updated u WHERE code::text = '$upd_code'" >/dev/null
		echo >>"$tmp/updates"
		[ "$dx" = 0 ] && dx=1e-7 || dx=0
		sleep 1
	done
}
say "bench: national pgbench ($secs s each)"
c_ours=$(pgb "$tmp/locate.sql" -C)
c_base=$(pgb "$tmp/postgis.sql" -C)
# Without and with the updater, alternating twice, so that the other jobs of
# the machine weigh on both alike; the means of the two runs of each.
with_updates() {  # with_updates FILE: queries per second while the updater runs
	local upd r
	updater &
	upd=$!
	r=$(pgb "$1")
	kill $upd 2>/dev/null
	wait $upd 2>/dev/null || true
	echo "$r"
}
mean() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (a + b) / 2 }'; }
p1=$(pgb "$tmp/locate.sql"); u1=$(with_updates "$tmp/locate.sql")
pb1=$(pgb "$tmp/postgis.sql"); ub1=$(with_updates "$tmp/postgis.sql")
p2=$(pgb "$tmp/locate.sql"); u2=$(with_updates "$tmp/locate.sql")
pb2=$(pgb "$tmp/postgis.sql"); ub2=$(with_updates "$tmp/postgis.sql")
p_ours=$(mean "$p1" "$p2")
u_ours=$(mean "$u1" "$u2")
p_base=$(mean "$pb1" "$pb2")
u_base=$(mean "$ub1" "$ub2")
psql_q -d $db -c "UPDATE regional_dev.region SET geom = u.geom FROM bench.updated u WHERE code::text = '$upd_code'" >/dev/null
nupdates=$(wc -l <"$tmp/updates")

{
	echo "## National layer"
	echo
	echo "The targets of issue #14 on a national layer: $layer."
	echo "Data: $sizes. Run $(date -u +%Y-%m-%d) on the machine described above, **shared with other jobs**"
	echo "(2 cores; other builds and tests ran at the same time: load averages $(uptime | sed 's/.*load average: //')), so"
	echo "absolute times vary from run to run; ratios are against baselines measured in the same run."
	echo "Rows timed in the server as in the first section, or from Python (\`test/bench/national.py\`:"
	echo "psycopg, geopandas $(/usr/bin/python3 -c 'import geopandas; print(geopandas.__version__)' 2>/dev/null),"
	echo "libpysal $(/usr/bin/python3 -W ignore -c 'import libpysal; print(libpysal.__version__)' 2>/dev/null)); first-call rows in a new"
	echo "connection each time (connecting and loading PostGIS are not timed; both sides pay them). Reproduce"
	echo "with \`test/bench/national.sh\`."
	echo
	echo '| work | ours | baseline | ours (ms) | baseline (ms) | ours / baseline | target | | notes |'
	echo '| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |'
	q "SELECT '| ' || name || ' | ' || 'locate(point)' || ' | ' || baseline || ' | ' || round(ours_ms::numeric, 1) || ' | ' || round(baseline_ms::numeric, 1)
	          || ' | ' || round((ours_ms / baseline_ms)::numeric, 3) || 'x | ' || target || ' | ' || CASE WHEN met THEN 'met' ELSE '**missed**' END || ' | |'
	   FROM bench.result WHERE section = 'national' ORDER BY id"
	while IFS='|' read -r name ours base oms bms target met note; do
		ratio=""
		[ -n "$bms" ] && ratio=$(awk -v a="$oms" -v b="$bms" 'BEGIN { printf "%.3fx", a / b }')
		[ "${name#memory}" != "$name" ] && oms="" # memory rows: MB in the notes
		echo "| $name | $ours | $base | $oms | $bms | $ratio | $target | $met | $note |"
	done <"$tmp/py.rows"
	echo
	echo "Under pgbench (4 clients, 2 threads, $secs s each, one random point of China's extent per query;"
	echo "PostGIS: the first region in code order whose subdivided piece covers the point). The runs"
	echo "with persistent connections alternate without and with the updater, twice (means of the two;"
	echo "locate $p1 and $p2 without, $u1 and $u2 with; PostGIS $pb1 and $pb2 without, $ub1 and $ub2 with):"
	echo
	echo '| | locate() (queries/s) | PostGIS lookup in the subdivided pieces (queries/s) | target | |'
	echo '| --- | ---: | ---: | --- | --- |'
	echo "| a new connection per query (pgbench -C) | $c_ours | $c_base | locate >= PostGIS | $(awk -v a="$c_ours" -v b="$c_base" 'BEGIN { print (a >= b) ? "met" : "**missed**" }') |"
	echo "| persistent connections | $p_ours | $p_base | | |"
	echo "| persistent, while another session updates one region ($upd_code) once a second | $u_ours | $u_base | locate >= half of its rate without updates | $(awk -v a="$u_ours" -v b="$p_ours" 'BEGIN { print (a >= b / 2) ? "met" : "**missed**" }') |"
	echo
	echo "(The updater moved region $upd_code by 1e-7 degrees and back, once a second: $nupdates updates in all during the four runs with updates.)"
} >"$out"
if [ "$standalone" = true ]; then
	page=$ROOT/doc/benchmarks.md
	awk -v sect="$out" '
		/^## National layer/ { while ((getline line < sect) > 0) print line; print ""; skip = 1; done = 1; next }
		/^## Notes on the results/ && !done { while ((getline line < sect) > 0) print line; print ""; done = 1 }
		skip && /^## / { skip = 0 }
		!skip { print }
		END { if (!done) { print ""; while ((getline line < sect) > 0) print line } }' "$page" >"$tmp/page"
	cp "$tmp/page" "$page"
	say "wrote the national section of doc/benchmarks.md"
fi
