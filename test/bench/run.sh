#!/usr/bin/env bash
# The benchmark suite: `test/bench/run.sh` (full size, writes doc/benchmarks.md)
# or `test/bench/run.sh --smoke` (tiny sizes, seconds; run by the test suite).
# Timings come from the server (clock_timestamp() around EXECUTE), except the
# end-to-end Python rows, timed in one Python process.  Each row is a ratio
# against a baseline measured in the same run, after a check that both give
# the same numbers.  Asserts no times; the smoke run fails when a benchmark
# no longer runs or a check finds ours and the baseline disagree.
source "$(dirname "$0")/../../tools/lib.sh"
mode=full
[ "${1:-}" = --smoke ] && mode=smoke
bench=$ROOT/test/bench
if [ "$mode" = smoke ]; then
	rows=20000 groups=62 years=40 reps=1 points=2000 cell=0.2 smoke=true
	db=regional_dev_bench_smoke
else
	rows=3000000 groups=2850 years=40 reps=5 points=200000 cell=0.02 smoke=false
	db=regional_dev_bench
	setup
fi
load_before=$(uptime)
vars=(-v rows=$rows -v groups=$groups -v years=$years -v reps=$reps -v points=$points -v cell=$cell -v smoke=$smoke)
psql_q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
# JIT off: its compile time (tens to hundreds of ms per query, paid by both
# sides but mostly by the long pure-SQL baselines) would be timed, not the work.
psql_q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE" \
	-c "ALTER DATABASE $db SET jit = off"
psql_q -d $db -f "$bench/harness.sql" 2>/dev/null
has_places=$(psql_q -d $db -A -t -c "SELECT to_regprocedure('regional_dev.locate(geometry)') IS NOT NULL")

# Numbered SQL files in name order; the spatial ones (5x_*) only where the
# spatial functions exist.
for f in "$bench"/[0-9][0-9]_*.sql; do
	case $(basename "$f") in 5*) [ "$has_places" = t ] || continue ;; esac
	say "bench: $(basename "$f")"
	psql_q -d $db "${vars[@]}" -f "$f" >/dev/null
done

# Peak memory: one fresh backend per case, at a tenth of the rows and at all.
say "bench: memory"
mem_case() {
	psql_q -d $db -v name="$1" -v agg="$2" -v groups="$3" -v n="$4" -f "$bench/memory.sql" >/dev/null
}
for n in $((rows / 10)) $rows; do
	mem_case 'series_agg(year, value)' 'series_agg(year, value)' 'num_years(s) || '"' years'" $n
	mem_case 'flow_agg(origin, destination, value)' 'flow_agg(origin, destination, value)' \
		"(SELECT count(*) FROM flows(s, 'county')) || ' pairs'" $n
	mem_case 'inequality_agg(value, weight, prov)' 'inequality_agg(value, weight, prov)' \
		"jsonb_array_length(s::jsonb -> 'groups') || ' provinces'" $n
	mem_case 'array_agg(value) (reference: grows with rows)' 'array_agg(value)' "'one per row'" $n
done

# End to end against the Python tools (full run only: CI does not need them).
if [ "$mode" = full ]; then
	say "bench: end to end (Python)"
	pypkgs="python3-pandas python3-psycopg python3-numpy"
	[ "$has_places" = t ] && pypkgs="$pypkgs python3-geopandas python3-rtree python3-libpysal"
	ensure_packages $pypkgs
	/usr/bin/python3 "$bench/e2e.py" $db $reps "$has_places"
fi
# The national layer (full run only): its own database, its own section.
national=""
if [ "$mode" = full ] && [ "$has_places" = t ]; then
	national_md=$(mktemp)
	if bash "$bench/national.sh" "$national_md"; then
		national=$(cat "$national_md")
	else
		national="## National layer"$'\n\n'"The national benchmark (test/bench/national.sh) failed in this run; see its output."
	fi
	rm -f "$national_md"
fi
load_after=$(uptime)
q() { psql_q -d $db -A -t -F ' | ' -c "$1"; }

# Where a target is missed (full run): a perf profile of the query, ours and
# the baseline, each run 5 times in a fresh serial backend; for parallel
# scaling the plan with the workers' times.
profile() {
	local q=$1 dir
	dir=$(mktemp -d)
	{
		echo "SET search_path = public, regional_dev; SET max_parallel_workers_per_gather = 0; SET work_mem = '256MB';"
		echo "$q;"
		echo "SELECT pg_backend_pid() \\g $dir/pid"
		echo "SELECT pg_sleep(0.5);"
		for _ in 1 2 3 4 5; do echo "$q;"; done
	} > "$dir/q.sql"
	chmod -R a+rwX "$dir"
	psql_q -d $db -A -t -f "$dir/q.sql" >/dev/null &
	local job=$!
	while [ ! -s "$dir/pid" ] && kill -0 $job 2>/dev/null; do sleep 0.1; done
	perf record -F 999 -o "$dir/perf.data" -p "$(tr -dc 0-9 < "$dir/pid")" >/dev/null 2>&1 &
	local rec=$!
	wait $job || true
	kill -INT $rec 2>/dev/null || true
	wait $rec 2>/dev/null || true
	perf report -i "$dir/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | awk '
		/%/ {
			p = $1 + 0; dso[$2] += p
			sym = $4; for (i = 5; i <= NF; i++) sym = sym " " $i
			if (sym !~ /^0x/ && p >= 1.5) { n++; line[n] = sprintf("%5.1f%%  %s (%s)", p, substr(sym, 1, 70), $2) }
		}
		END {
			out = "by library:"
			while (1) {
				best = ""
				for (d in dso) if (dso[d] >= 1 && (best == "" || dso[d] > dso[best])) best = d
				if (best == "") break
				out = out sprintf(" %s %.0f%%,", best, dso[best]); delete dso[best]
			}
			print substr(out, 1, length(out) - 1)
			for (i = 1; i <= n && i <= 10; i++) print line[i]
		}' || true
	rm -rf "$dir"
}
profiles=""
# doc/benchmarks.md's profile and plan blocks are measured, not checked output (tools/doc_examples.py)
measured=$'<!-- illustrative: measured in one benchmark run; profiles and plans vary with the machine and the run -->\n'
if [ "$mode" = full ] && ensure_packages linux-perf && perf --version >/dev/null 2>&1; then
	say "bench: profiles of missed targets"
	while IFS=$'\t' read -r id; do
		[ -n "$id" ] || continue
		name=$(q "SELECT name || ' against ' || baseline || ': ' || round((ours_ms / baseline_ms)::numeric, 2) || 'x, target ' || target FROM bench.result WHERE id = $id")
		ours_q=$(q "SELECT ours_q FROM bench.result WHERE id = $id")
		base_q=$(q "SELECT baseline_q FROM bench.result WHERE id = $id")
		profiles+=$'\n'"### $name"$'\n\n'"Ours:"$'\n\n'"$measured"$'```\n'"$(profile "$ours_q")"$'\n```\n\n'"Baseline:"$'\n\n'"$measured"$'```\n'"$(profile "$base_q")"$'\n```\n'
	done <<< "$(q "SELECT id FROM bench.result WHERE NOT met ORDER BY id")"
	while IFS=$'\t' read -r id; do
		[ -n "$id" ] || continue
		name=$(q "SELECT name || ', parallel scaling: ' || round((serial_ms / parallel_ms)::numeric, 2) || 'x, target ' || target FROM bench.scaling WHERE id = $id")
		sq=$(q "SELECT q FROM bench.scaling WHERE id = $id")
		plan=$(psql_q -d $db -A -t -c "SET search_path = public, regional_dev" -c "SET work_mem = '256MB'" \
			-c "SET max_parallel_workers_per_gather = 2" -c "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF) $sq" | grep -v '^SET$')
		profiles+=$'\n'"### $name"$'\n\n'"Serial profile:"$'\n\n'"$measured"$'```\n'"$(profile "$sq")"$'\n```\n\n'"Plan with 2 workers:"$'\n\n'"$measured"$'```\n'"$plan"$'\n```\n'
	done <<< "$(q "SELECT id FROM bench.scaling WHERE NOT met ORDER BY id")"
fi

ratio_table=$(q "
	SELECT '| ' || section, name, baseline, round(ours_ms::numeric, 1), round(baseline_ms::numeric, 1),
	       round((ours_ms / baseline_ms)::numeric, 2) || 'x', coalesce(target, ''),
	       CASE WHEN met THEN 'met' WHEN NOT met THEN '**missed**' ELSE '' END || ' |'
	FROM bench.result WHERE section NOT LIKE 'end to end%' ORDER BY id")
ratio_header='| area | ours | baseline | ours (ms) | baseline (ms) | ours / baseline | target | |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |'
scaling_table=$(q "
	SELECT '| ' || name, round(serial_ms::numeric, 1), round(parallel_ms::numeric, 1), workers_launched,
	       round((serial_ms / parallel_ms)::numeric, 3) || 'x', round((serial_min_ms / parallel_min_ms)::numeric, 3) || 'x',
	       coalesce(target, ''),
	       CASE WHEN met THEN 'met' WHEN NOT met THEN '**missed**' ELSE '' END || ' |'
	FROM bench.scaling ORDER BY id")
scaling_header='| aggregate over the single table | 0 workers (ms) | 2 workers (ms) | workers launched | speed-up (0 / 2) | speed-up, fastest runs | target | |
| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |'
memory_table=$(q "
	SELECT '| ' || name, nrows, groups, coalesce(pg_size_pretty(state_bytes), ''),
	       pg_size_pretty(peak_growth_kb * 1024) || ' |'
	FROM bench.memory ORDER BY name, nrows")
memory_header='| aggregate | rows | groups in the result | result size | backend peak RSS growth |
| --- | ---: | --- | ---: | ---: |'
e2e_table=$(q "
	SELECT '| ' || name, baseline, round(ours_ms::numeric, 1), round(baseline_ms::numeric, 1),
	       round((ours_ms / baseline_ms)::numeric, 2) || 'x', coalesce(note, '') || ' |'
	FROM bench.result WHERE section LIKE 'end to end%' ORDER BY id")
e2e_header='| ours | baseline | ours (ms) | baseline (ms) | ours / baseline | notes |
| --- | --- | ---: | ---: | ---: | --- |'
nchecks=$(q "SELECT count(*) FROM bench.check")
failed=$(q "SELECT '- ' || name || ': ' || detail FROM bench.check WHERE NOT ok ORDER BY id")
nresults=$(q "SELECT (SELECT count(*) FROM bench.result) + (SELECT count(*) FROM bench.scaling) + (SELECT count(*) FROM bench.memory)")

printf '%s\n%s\n\n%s\n%s\n\n%s\n%s\n' "$ratio_header" "$ratio_table" "$scaling_header" "$scaling_table" \
	"$memory_header" "$memory_table"
[ -n "$failed" ] && printf 'checks that FAILED (ours and the baseline disagree):\n%s\n' "$failed"

if [ "$mode" = smoke ]; then
	# Targets the smoke run missed (tiny sizes: informational): tools/test.sh
	# lists them at the end of its run from the file REGIONAL_DEV_BENCH_MISSED names.
	missed=$(q "SELECT name || ' against ' || baseline || ': ' || round((ours_ms / baseline_ms)::numeric, 2) || 'x, target ' || target
	            FROM bench.result WHERE NOT met
	            UNION ALL
	            SELECT name || ', parallel scaling: ' || round((serial_ms / parallel_ms)::numeric, 2) || 'x, target ' || target
	            FROM bench.scaling WHERE NOT met")
	if [ -n "${REGIONAL_DEV_BENCH_MISSED:-}" ]; then
		printf '%s\n' "$missed" | sed '/^$/d' >"$REGIONAL_DEV_BENCH_MISSED"
	fi
	psql_q -d postgres -c "DROP DATABASE $db"
	# The smoke run checks that every benchmark still runs and that each
	# baseline still computes what ours computes; not the speed.
	if [ "$nresults" -gt 0 ] && [ -z "$failed" ]; then
		echo "bench smoke: 1 passed, 0 failed ($nresults rows, $nchecks checks)"
	else
		echo "bench smoke: 0 passed, 1 failed"; exit 1
	fi
	exit 0
fi

versions=$(q "SELECT split_part(version(), ' on ', 1) || ', PostGIS ' || postgis_lib_version() || ', GEOS ' || split_part(postgis_geos_version(), '-', 1)")
sizes=$(q "SELECT format('%s counties x %s years x 10 indicators (%s rows, table bench.panel); a single table of %s rows (bench.single) with %s distinct origin-destination pairs',
	(SELECT count(*) FROM bench.county), (SELECT count(DISTINCT year) FROM bench.panel), (SELECT count(*) FROM bench.panel),
	(SELECT count(*) FROM bench.single), (SELECT count(*) FROM (SELECT DISTINCT origin, destination FROM bench.single) AS p))")
if [ "$has_places" = t ]; then
	sizes+="; $(q "SELECT format('%s points in the 32 shipped districts (bench.points), %s pieces of ST_Subdivide(geom, 64), a grid of %s cells of %s degrees (bench.grid)',
		(SELECT count(*) FROM bench.points), (SELECT count(*) FROM bench.region_sub), (SELECT count(*) FROM bench.grid), $cell)")"
fi
settings=$(q "SELECT string_agg(name || ' = ' || setting || coalesce(' ' || unit, ''), ', ' ORDER BY name) FROM pg_settings
	WHERE name IN ('shared_buffers', 'max_parallel_workers')")
neighbor_table="" cross_table="" neighbor_checks=""
if [ "$(q "SELECT to_regclass('bench.neighbor_diff') IS NOT NULL")" = t ]; then
	neighbor_checks=$(q "SELECT '- ' || regexp_replace(name, '^neighbouring districts: ', '') || ': ' || detail FROM bench.check WHERE name LIKE '%Queen%' ORDER BY id")
	neighbor_table=$(q "
		SELECT '| ' || boundaries, found_by, a || ' ' || (SELECT name FROM regional_dev.region WHERE code::integer = a),
		       b || ' ' || (SELECT name FROM regional_dev.region WHERE code::integer = b), boundary_level,
		       round(gap_m::numeric, 1), round(exactly_shared_m::numeric) || ' |'
		FROM bench.neighbor_diff ORDER BY boundaries DESC, found_by DESC, a, b")
	# Queen needs one vertex in common: how many the cross-province neighbours share in the raw data.
	cross_table=$(q "
		SELECT '| ' || n.a || ' ' || ra.name, n.b || ' ' || rb.name, round(n.shared_border_m::numeric),
		       (SELECT count(*) FROM (SELECT ST_X(geom), ST_Y(geom) FROM ST_DumpPoints(wa.geom)
		                              INTERSECT SELECT ST_X(geom), ST_Y(geom) FROM ST_DumpPoints(wb.geom)) AS v),
		       round(ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(wa.geom), ST_Boundary(wb.geom)), 2)::geography)::numeric) || ' |'
		FROM regional_dev.region_neighbors(200) AS n
		JOIN regional_dev.region ra ON ra.code::integer = n.a::integer JOIN regional_dev.region rb ON rb.code::integer = n.b::integer
		JOIN bench.raw_district wa ON wa.code = n.a::integer JOIN bench.raw_district wb ON wb.code = n.b::integer
		WHERE n.boundary_level = 'province' ORDER BY n.a, n.b")
fi
{
	echo "# Benchmarks"
	echo
	echo "Reproduce with \`test/bench/run.sh\` (full sizes, about ten minutes on 2 cores, more the first time;"
	echo "it installs what is missing, builds, installs and starts the throwaway cluster"
	echo "like \`tools/test.sh\`, creates the database \`regional_dev_bench\` and rewrites"
	echo "this page). \`test/bench/run.sh --smoke\` runs everything at tiny sizes in seconds"
	echo "(part of \`tools/test.sh\`): it fails when a benchmark no longer runs or ours and a"
	echo "baseline no longer compute the same numbers, and asserts no times."
	echo
	echo "**Method.** Every row runs our query and its baseline once and checks that they"
	echo "return the same numbers (relative difference at most 1e-9 unless a row's check"
	echo "says otherwise), then times both, alternating, $reps times after a warm-up run"
	echo "(3 times for the slowest PostGIS baselines), and shows the medians. Timings are"
	echo "taken in the server (\`clock_timestamp()\` around \`EXECUTE\` in PL/pgSQL), in one"
	echo "backend (\`max_parallel_workers_per_gather = 0\`), with \`work_mem = 256MB\` (no"
	echo "baseline spills to disk) and \`jit = off\` (JIT compile time would be timed"
	echo "instead of the work) unless a section says otherwise. Ratios are ours / baseline"
	echo "from the same run, so the machine's speed cancels out: below 1 we are faster."
	echo "All data is **synthetic**, generated reproducibly by \`test/bench/00_data.sql\` and"
	echo "\`test/bench/50_places.sql\` (hashes of row numbers and a fixed seed, no random())."
	echo
	hv=$(lscpu 2>/dev/null | sed -n 's/^Hypervisor vendor: *//p')
	echo "**This run**: $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')${hv:+, virtual CPUs under $hv}, $(free -g | awk '/^Mem/ {print $2}') GB RAM),"
	echo "$versions; $settings. Data: $sizes."
	echo "The machine was shared with other jobs; load averages (1, 5, 15 min, \`uptime\`)"
	echo "before the run ${load_before#*load average: }, after it ${load_after#*load average: }."
	echo
	echo "**Checks**: $nchecks comparisons of ours with a baseline or of parallel with"
	echo "serial results, $(q "SELECT count(*) FROM bench.check WHERE NOT ok") failed (\`bench.check\` in the database keeps the details)."
	[ -n "$failed" ] && printf '\n%s\n' "$failed"
	echo
	echo "Places on Citus (points per county for 2,000,000 points on the national layer, one"
	echo "server against a coordinator with two workers) are in [scale-out.md](scale-out.md),"
	echo "\"Places on Citus\", from \`test/bench/citus_places.sh\`, which sets up its own cluster."
	echo
	echo "## Ours against SQL and PostGIS"
	echo
	printf '%s\n%s\n' "$ratio_header" "$ratio_table"
	echo
	echo "## Parallel scaling"
	echo
	echo "Median times with 0 and with 2 parallel workers on the same query, alternating,"
	echo "$((2 * reps + 1)) runs each"
	echo "(the leader takes part too, so 3 processes share the $(nproc) cores); speed-up ="
	echo "0-worker time / 2-worker time, of the medians (what the target is judged on) and"
	echo "of the fastest run of each (the least disturbed by other jobs on the machine)."
	echo "Each result with 2 workers is checked equal to the serial one."
	echo
	printf '%s\n%s\n' "$scaling_header" "$scaling_table"
	echo
	echo "## Memory"
	echo
	echo "Growth of the backend's peak resident set (VmHWM of /proc/<pid>/status) while it"
	echo "runs one aggregate over the first n rows of the single table, in a fresh backend"
	echo "that has already scanned the table and loaded the code (\`test/bench/memory.sql\`)."
	echo "\`array_agg(value)\` is the reference of memory that grows with the rows."
	echo
	printf '%s\n%s\n' "$memory_header" "$memory_table"
	echo
	echo "## End to end against the Python tools"
	echo
	echo "Timed in one Python process (\`test/bench/e2e.py\`, Debian's python3-pandas,"
	echo "python3-psycopg, python3-geopandas, python3-libpysal) from sending the query to"
	echo "a finished result in Python, both sides reading the same server; medians of"
	echo "$reps runs after a warm-up; the results are checked equal (except the neighbour"
	echo "lists, compared below)."
	echo
	printf '%s\n%s\n' "$e2e_header" "$e2e_table"
	if [ -n "$neighbor_checks" ]; then
		echo
		echo "Neighbour lists of \`region_neighbors(200)\` and of libpysal's Queen contiguity"
		echo "(\`Queen.from_dataframe\`), on the shipped districts and on the boundaries as"
		echo "published (\`data/yrd_districts.geojson\`, before the reconciliation described in"
		echo "[region.md](region.md)):"
		echo
		echo "$neighbor_checks"
	fi
	if [ -n "$neighbor_table" ]; then
		echo
		echo "The pairs they disagree on, with the geodesic gap between the two districts and"
		echo "the length of border they share exactly, on the boundaries Queen was given:"
		echo
		echo '| boundaries | found by | a | b | boundary | gap (m) | exactly shared border (m) |'
		echo '| --- | --- | --- | --- | --- | ---: | ---: |'
		echo "$neighbor_table"
	fi
	if [ -n "$cross_table" ]; then
		echo
		echo "The neighbours across a provincial border (digitized separately in the raw data):"
		echo "the shared border \`region_neighbors(200)\` measures, and on the published"
		echo "boundaries the vertices the two districts have in common (Queen's criterion) and"
		echo "the length of linework they share exactly:"
		echo
		echo '| a | b | shared border within 200 m (m) | vertices in common, raw | exactly shared linework, raw (m) |'
		echo '| --- | --- | ---: | ---: | ---: |'
		echo "$cross_table"
	fi
	if [ -n "$national" ]; then
		echo
		echo "$national"
	fi
	if [ -s "$bench/notes.md" ]; then
		echo
		cat "$bench/notes.md"
	fi
	if [ -n "$profiles" ]; then
		echo
		echo "## Profiles of the missed targets"
		echo
		echo "\`perf record\` of a fresh serial backend running the query 5 times (after a"
		echo "warm-up), by library and the functions with at least 1.5 % of the samples"
		echo "(PostgreSQL's own functions without symbols are counted in its library's share only)."
		echo "$profiles"
	fi
} > "$ROOT/doc/benchmarks.md"
say "wrote doc/benchmarks.md"
