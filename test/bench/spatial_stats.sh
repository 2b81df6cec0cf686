#!/usr/bin/env bash
# Spatial statistics section of the benchmark (doc/benchmarks.md, "Spatial
# statistics"): regional_dev's global and local statistics over the county
# layer of the whole country against libpysal on the same weights
# (test/bench/spatial_stats.py).  Its own database; the layer from
# tools/load_regions.sh china (cached after the first load), else the
# SYNTHETIC stand-in of the national section, and the page says which.
# Rewrites that section of doc/benchmarks.md in place.  Asserts no times.
source "$(dirname "$0")/../../tools/lib.sh"
bench=$ROOT/test/bench
db=regional_dev_bench_spatial
reps=${SPATIAL_REPS:-3}
setup
ensure_packages python3-libpysal python3-psycopg python3-scipy
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q() { psql_q -d $db -A -t -c "$1"; }

say "bench: spatial statistics"
if [ "${SPATIAL_REUSE:-0}" = 1 ] && [ "$(psql_q -d postgres -A -t -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ] \
	&& [ "$(q "SELECT count(*) FROM regional_dev.region")" -gt 1000 ]; then
	layer=$(q "SELECT coalesce(obj_description('regional_dev.region'::regclass), '')")
	layer="the county layer of China loaded by \`tools/load_regions.sh china\` (published boundaries, see doc/region.md)"
else
	psql_q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
	psql_q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION regional_dev CASCADE" \
		-c "ALTER DATABASE $db SET jit = off"
	if bash "$ROOT/tools/load_regions.sh" china -d $db >"$tmp/load.log" 2>&1 \
		&& [ "$(q "SELECT count(*) FROM regional_dev.region")" -gt 1000 ]; then
		layer="the county layer of China loaded by \`tools/load_regions.sh china\` (published boundaries, see doc/region.md)"
	else
		[ -s "$tmp/load.log" ] && { say "tools/load_regions.sh china did not load the layer; its last lines:"; tail -n 5 "$tmp/load.log" >&2; }
		psql_q -d $db -c "DELETE FROM regional_dev.region" >/dev/null
		psql_q -d $db -f "$bench/national_synthetic.sql" >/dev/null
		layer="a SYNTHETIC stand-in, $(q "SELECT count(*) FROM regional_dev.region") Voronoi cells (\`test/bench/national_synthetic.sql\`; the published layer was not loaded)"
	fi
fi
nreg=$(q "SELECT count(*) FROM regional_dev.region")
npairs=$(q "SET client_min_messages = warning; SELECT count(*) FROM regional_dev.spatial_weights_pairs((SELECT regional_dev.contiguity_weights(array_agg(code)) FROM regional_dev.region))" | tail -n 1)
/usr/bin/python3 "$bench/spatial_stats.py" $db $reps "$tmp/rows" >/dev/null
{
	echo "## Spatial statistics"
	echo
	echo "Issue #17 on the national layer: $layer, $nreg regions, $npairs ordered pairs of queen"
	echo "contiguity (\`contiguity_weights(codes)\`, the stored \`region_neighbors(200)\`); values SYNTHETIC (a hash of"
	echo "each code). Run $(date -u +%Y-%m-%d) on the machine described above, **shared with other jobs** (load averages"
	echo "$(uptime | sed 's/.*load average: //')). Debian has libpysal $(/usr/bin/python3 -W ignore -c 'import libpysal; print(libpysal.__version__)' 2>/dev/null)"
	echo "but not esda, so the baseline is numpy code of esda's algorithms (the published formulas; the"
	echo "permutations vectorised as esda's \`crand\` without numba) over libpysal's \`W\` built from the very"
	echo "pairs of regional_dev's weights; libpysal row-standardizes them itself. Both timed from Python"
	echo "(\`test/bench/spatial_stats.py\`; ours includes sending the arrays and reading the result), medians of"
	echo "$reps runs after a warm-up, one session, JIT off as in the national section; the notes say whether the"
	echo "deterministic values agree (relative 1e-9)."
	echo "p-values differ by the random draws only. Reproduce with \`test/bench/spatial_stats.sh\`."
	echo
	echo '| work | ours | baseline | ours (ms) | baseline (ms) | ours / baseline | notes |'
	echo '| --- | --- | --- | ---: | ---: | ---: | --- |'
	cat "$tmp/rows"
} >"$tmp/section"
page=$ROOT/doc/benchmarks.md
awk -v sect="$tmp/section" '
	/^## Spatial statistics/ { while ((getline line < sect) > 0) print line; print ""; skip = 1; done = 1; next }
	/^## Notes on the results/ && !done { while ((getline line < sect) > 0) print line; print ""; done = 1 }
	skip && /^## / { skip = 0 }
	!skip { print }
	END { if (!done) { print ""; while ((getline line < sect) > 0) print line } }' "$page" >"$tmp/page"
cp "$tmp/page" "$page"
say "wrote the spatial statistics section of doc/benchmarks.md"
