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
	rows=20000 groups=62 years=40 reps=1
	db=regional_dev_bench_smoke
else
	rows=3000000 groups=2850 years=40 reps=5
	db=regional_dev_bench
	setup
fi
load_before=$(uptime)
vars=(-v rows=$rows -v groups=$groups -v years=$years -v reps=$reps)
psql_q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
psql_q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE"
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
	[ "$has_places" = t ] && pypkgs="$pypkgs python3-geopandas python3-libpysal"
	ensure_packages $pypkgs
	/usr/bin/python3 "$bench/e2e.py" $db $reps "$has_places"
fi
load_after=$(uptime)

q() { psql_q -d $db -A -t -F ' | ' -c "$1"; }
ratio_table=$(q "
	SELECT '| ' || section, name, baseline, round(ours_ms::numeric, 1), round(baseline_ms::numeric, 1),
	       round((ours_ms / baseline_ms)::numeric, 2) || 'x', coalesce(target, ''),
	       CASE WHEN met THEN 'met' WHEN NOT met THEN '**missed**' ELSE '' END || ' |'
	FROM bench.result WHERE section NOT LIKE 'end to end%' ORDER BY id")
ratio_header='| area | ours | baseline | ours (ms) | baseline (ms) | ours / baseline | target | |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |'
scaling_table=$(q "
	SELECT '| ' || name, round(serial_ms::numeric, 1), round(parallel_ms::numeric, 1), workers_launched,
	       round((serial_ms / parallel_ms)::numeric, 2) || 'x', coalesce(target, ''),
	       CASE WHEN met THEN 'met' WHEN NOT met THEN '**missed**' ELSE '' END || ' |'
	FROM bench.scaling ORDER BY id")
scaling_header='| aggregate over the single table | 0 workers (ms) | 2 workers (ms) | workers launched | speed-up (0 / 2) | target | |
| --- | ---: | ---: | ---: | ---: | --- | --- |'
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
sizes=$(q "SELECT format('%s counties x %s years x 10 indicators (%s rows, table bench.panel); single table of %s rows (bench.single); %s distinct origin-destination pairs',
	(SELECT count(*) FROM bench.county), (SELECT count(DISTINCT year) FROM bench.panel), (SELECT count(*) FROM bench.panel),
	(SELECT count(*) FROM bench.single), (SELECT count(*) FROM (SELECT DISTINCT origin, destination FROM bench.single) AS p))")
settings=$(q "SELECT string_agg(name || ' = ' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings
	WHERE name IN ('shared_buffers', 'max_worker_processes', 'max_parallel_workers', 'jit')")
{
	echo "# Benchmarks"
	echo
	echo "Reproduce with \`test/bench/run.sh\` (full sizes, about 15 minutes on 2 cores; it"
	echo "builds, installs and starts the throwaway cluster like \`tools/test.sh\`, creates"
	echo "the database \`regional_dev_bench\` and rewrites this page)."
	echo
	echo "Method: every row runs our query and its baseline once and checks that they"
	echo "return the same numbers (relative difference at most 1e-9 unless a row says"
	echo "otherwise), then times both, alternating, $reps times after a warm-up, and"
	echo "shows medians. Timings are taken in the server (\`clock_timestamp()\` around"
	echo "\`EXECUTE\` in PL/pgSQL), one backend (\`max_parallel_workers_per_gather = 0\`)"
	echo "and \`work_mem = 256MB\` (so no baseline spills to disk) unless a row says"
	echo "otherwise. Ratios are ours / baseline from the same run, so the machine's"
	echo "speed cancels out: below 1 we are faster. All data is **synthetic**, generated"
	echo "reproducibly by \`test/bench/00_data.sql\` (no random(); hashes of row numbers)."
	echo
	echo "Run of $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'),"
	echo "$(free -g | awk '/^Mem/ {print $2}') GB RAM): $versions; $settings."
	echo "Data: $sizes."
	echo
	echo "Load of the machine (\`uptime\`; other jobs shared it):"
	echo "before the run \`${load_before#*load average: }\`, after \`${load_after#*load average: }\`."
	echo
	echo "Equality checks of ours against the baselines: $nchecks run, $(q "SELECT count(*) FROM bench.check WHERE NOT ok") failed."
	[ -n "$failed" ] && printf '\n%s\n' "$failed"
	echo
	echo "## Ours against pure SQL"
	echo
	printf '%s\n%s\n' "$ratio_header" "$ratio_table"
	echo
	echo "## Parallel scaling"
	echo
	echo "Median times with 0 and with 2 parallel workers (the leader takes part too,"
	echo "so 3 processes share the $(nproc) cores); speed-up = 0-worker time / 2-worker time."
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
	echo "Timed in one Python process (\`test/bench/e2e.py\`, Debian's python3-pandas and"
	echo "python3-psycopg) from sending the query to a finished result in Python; both"
	echo "sides read from the same server. Medians of $reps runs after a warm-up."
	echo
	printf '%s\n%s\n' "$e2e_header" "$e2e_table"
	if [ -s "$bench/notes.md" ]; then
		echo
		cat "$bench/notes.md"
	fi
} > "$ROOT/doc/benchmarks.md"
say "wrote doc/benchmarks.md"
