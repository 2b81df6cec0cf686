#!/usr/bin/env bash
# Upgrades (doc/packaging.md): for every older version the server can install
# (frozen full scripts upgrade/regional_dev--V.sql, upgrade scripts
# upgrade/regional_dev--A--B.sql), install it, store a value of every custom type
# of test/bi/types.sql that version has and a user row in region, run ALTER
# EXTENSION regional_dev UPDATE, and check that the data survived and that the
# catalogue (test/upgrade/catalog.sql) equals a fresh install of the newest.
# With a single version there is no upgrade to run: the suite says so and checks
# what it can (the snapshot is reproducible, UPDATE is a no-op that keeps data,
# the comparison catches each kind of change).
source "$ROOT/tools/lib.sh"
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DB_FRESH=regional_dev_upgrade_fresh
DB_OLD=regional_dev_upgrade_old

snapshot() {  # snapshot DB FILE [psql arguments run before it, in the same session]
	local db=$1 out=$2
	shift 2
	psql_q -d "$db" "$@" -f "$ROOT/test/upgrade/catalog.sql" >"$out"
}
same() {  # same A B WHAT: the two snapshots are equal
	if diff -u "$1" "$2" >"$tmp/diff"; then
		ok "$3"
	else
		fail "$3"
		head -n 40 "$tmp/diff" | cut -c1-300
	fi
}
newdb() {
	psql_q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" 2>/dev/null
}
# User data in custom-type columns: one table per type of test/bi/types.sql
# that the installed version has, holding the sample; and a row added to region.
add_user_data() {
	psql_q -d "$1" -f "$ROOT/test/bi/setup.sql" -f "$ROOT/test/bi/types.sql" >/dev/null
	psql_q -d "$1" >/dev/null <<'SQL'
SELECT format('CREATE TABLE %I (v regional_dev.%I); INSERT INTO %I VALUES (%L)',
	'user_' || type_name, type_name, 'user_' || type_name, sample)
FROM bi_type WHERE to_regtype('regional_dev.' || quote_ident(type_name)) IS NOT NULL ORDER BY ord
\gexec
INSERT INTO regional_dev.region (code, name, province, geom)
SELECT '320510', 'user row', '320000', ST_Multi(ST_Buffer(ST_Centroid(geom), 0.001))
FROM regional_dev.region WHERE code::integer = 320509;
-- adcode columns as users have them: indexed, a key, an array, a foreign key
-- to region (the 1.0 -> 1.1 upgrade converts adcode into a domain).
CREATE TABLE user_codes (code regional_dev.adcode PRIMARY KEY REFERENCES regional_dev.region (code),
	near regional_dev.adcode[], gdp float8);
CREATE INDEX user_codes_near ON user_codes (near);
CREATE INDEX user_codes_hash ON user_codes USING hash (code);
INSERT INTO user_codes SELECT code, ARRAY[code, province], length(name) FROM regional_dev.region;
SQL
}
user_data() {  # the stored values as text, and the user row of region
	psql_q -d "$1" -At <<'SQL'
SELECT format('SELECT %L || '': '' || v::text FROM %I', type_name, 'user_' || type_name)
FROM bi_type WHERE to_regclass(quote_ident('user_' || type_name)) IS NOT NULL ORDER BY ord
\gexec
SELECT 'region user row: ' || code::text || ' ' || name FROM regional_dev.region WHERE code::integer = 320510;
SELECT 'user_codes: ' || string_agg(format('%s %s %s', code, near, gdp), ', ' ORDER BY code::integer) FROM user_codes;
SELECT 'user_codes keys: ' || string_agg(conname || ' ' || contype::text, ', ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'user_codes'::regclass;
SQL
}

default=$(psql_q -d postgres -Atc "SELECT default_version FROM pg_available_extensions WHERE name = 'regional_dev'")
mapfile -t older < <(psql_q -d postgres -Atc "SELECT version FROM pg_available_extension_versions
	WHERE name = 'regional_dev' AND version <> '$default' ORDER BY version COLLATE \"C\"")
say "default version $default; older versions installable: ${older[*]:-none}"

# The repository's upgrade/ files are what the server sees (make install ships them).
for f in "$ROOT"/upgrade/regional_dev--*.sql; do
	[ -e "$f" ] || continue
	v=$(basename "$f" .sql)
	v=${v#regional_dev--}
	case $v in
	*--*)
		n=$(psql_q -d postgres -Atc "SELECT count(*) FROM pg_extension_update_paths('regional_dev')
			WHERE source = '${v%%--*}' AND target = '${v#*--}' AND path = '$v'")
		[ "$n" = 1 ] && ok "upgrade script $v is installed" || fail "upgrade script $v is not installed (make install)" ;;
	*)
		n=$(psql_q -d postgres -Atc "SELECT count(*) FROM pg_available_extension_versions
			WHERE name = 'regional_dev' AND version = '$v'")
		[ "$n" = 1 ] && ok "frozen script of version $v is installed" || fail "frozen script of $v is not installed (make install)" ;;
	esac
done

newdb $DB_FRESH
psql_q -d $DB_FRESH -c 'CREATE EXTENSION regional_dev CASCADE' 2>/dev/null
snapshot $DB_FRESH "$tmp/fresh"
say "catalogue of a fresh install of $default: $(wc -l <"$tmp/fresh") lines"

for v in "${older[@]}"; do
	path=$(psql_q -d postgres -Atc "SELECT path FROM pg_extension_update_paths('regional_dev')
		WHERE source = '$v' AND target = '$default'")
	if [ -z "$path" ]; then
		fail "no upgrade path from $v to $default (add upgrade/regional_dev--$v--<next>.sql)"
		continue
	fi
	newdb $DB_OLD
	if ! psql_q -d $DB_OLD -c "CREATE EXTENSION regional_dev VERSION '$v' CASCADE" 2>"$tmp/err"; then
		fail "version $v does not install with the current library: $(cat "$tmp/err")"
		continue
	fi
	ok "version $v installs (its C functions exist in the current library)"
	add_user_data $DB_OLD
	user_data $DB_OLD >"$tmp/data.before"
	# A view on an adcode column blocks the update (adcode becomes a domain in
	# 1.1): a clear error naming it, and nothing of the user's dropped.
	# So does one on region.geom (geometry(Geometry, 4326) in 1.1).
	psql_q -d $DB_OLD -c "CREATE VIEW user_view AS SELECT code FROM user_codes" \
		-c "CREATE VIEW user_geom_view AS SELECT name, geom FROM regional_dev.region"
	if [ "$v" = 1.0 ]; then
		if psql_q -d $DB_OLD -c 'ALTER EXTENSION regional_dev UPDATE' 2>"$tmp/err"; then
			fail "UPDATE from $v with user views on an adcode column and on region.geom went through"
		elif grep -q 'which these objects prevent:.* view user_geom_view.* view user_view' "$tmp/err" &&
			grep -q 'HINT:  Save their definitions' "$tmp/err"; then
			ok "user views on an adcode column and on region.geom stop UPDATE from $v with an error naming them"
		else
			fail "UPDATE from $v with user views: unexpected error $(cat "$tmp/err")"
		fi
		n=$(psql_q -d $DB_OLD -Atc "SELECT (SELECT count(*) FROM user_view) + (SELECT count(*) FROM user_geom_view)")
		[ "$n" = 66 ] && ok "the user views are still there ($n rows)" || fail "the user views lost: $n"
	fi
	psql_q -d $DB_OLD -c "DROP VIEW user_view" -c "DROP VIEW user_geom_view"
	if psql_q -d $DB_OLD -c 'ALTER EXTENSION regional_dev UPDATE' 2>"$tmp/err"; then
		ok "ALTER EXTENSION regional_dev UPDATE from $v (path $path)"
	else
		fail "ALTER EXTENSION regional_dev UPDATE from $v: $(cat "$tmp/err")"
		continue
	fi
	got=$(psql_q -d $DB_OLD -Atc "SELECT extversion FROM pg_extension WHERE extname = 'regional_dev'")
	[ "$got" = "$default" ] && ok "updated from $v to $default" || fail "updated from $v to $got, not $default"
	user_data $DB_OLD >"$tmp/data.after"
	same "$tmp/data.before" "$tmp/data.after" "data in custom-type columns and user rows survive $v -> $default ($(wc -l <"$tmp/data.before") values)"
	# The user's adcode columns are the domain now, their indexes work, the
	# foreign key holds.
	got=$(psql_q -d $DB_OLD -Atc "SELECT string_agg(attname || ':' || format_type(atttypid, atttypmod), ' ' ORDER BY attnum)
		FROM pg_attribute WHERE attrelid = 'user_codes'::regclass AND attnum > 0 AND atttypid IN ('regional_dev.adcode'::regtype, 'regional_dev.adcode[]'::regtype)")
	[ "$got" = "code:regional_dev.adcode near:regional_dev.adcode[]" ] && ok "user columns converted: $got" || fail "user columns: $got"
	got=$(psql_q -d $DB_OLD -Atc "SET enable_seqscan = off" -c "SELECT gdp FROM user_codes WHERE code = '310118'" \
		-c "EXPLAIN (COSTS OFF) SELECT gdp FROM user_codes WHERE code = '310118'" | tr '\n' ' ')
	case $got in
	*"6 "*"Index"*user_codes_*) ok "user index after $v -> $default: $got" ;;
	*) fail "user index after $v -> $default: $got" ;;
	esac
	if psql_q -d $DB_OLD -c "INSERT INTO user_codes VALUES (310119, NULL, 0)" 2>"$tmp/err"; then
		fail "the user's foreign key to region did not hold after $v -> $default"
	else
		grep -q 'violates foreign key constraint' "$tmp/err" && ok "the user's foreign key to region holds after $v -> $default" \
			|| fail "foreign key: $(cat "$tmp/err")"
	fi
	psql_q -d $DB_OLD -c "DROP TABLE user_codes"
	psql_q -d $DB_OLD -c "DELETE FROM regional_dev.region WHERE code::integer = 320510"
	snapshot $DB_OLD "$tmp/upgraded"
	same "$tmp/fresh" "$tmp/upgraded" "catalogue after $v -> $default equals a fresh install of $default"
done

if [ ${#older[@]} -eq 0 ]; then
	say "only one version ($default): there is no upgrade script to exercise yet"
	# The snapshot is reproducible: no OIDs or other accidents of one installation.
	psql_q -d $DB_FRESH -c 'DROP EXTENSION regional_dev' -c 'CREATE EXTENSION regional_dev'
	snapshot $DB_FRESH "$tmp/again"
	same "$tmp/fresh" "$tmp/again" "catalogue of $default is the same after DROP EXTENSION and CREATE EXTENSION"
	# UPDATE to the version installed keeps everything.
	add_user_data $DB_FRESH
	user_data $DB_FRESH >"$tmp/data.before"
	psql_q -d $DB_FRESH -c 'ALTER EXTENSION regional_dev UPDATE' 2>/dev/null
	user_data $DB_FRESH >"$tmp/data.after"
	same "$tmp/data.before" "$tmp/data.after" "ALTER EXTENSION UPDATE at $default (a no-op) keeps data in custom-type columns ($(wc -l <"$tmp/data.before") values)"
	psql_q -d $DB_FRESH -c "DROP TABLE user_codes" -c "DELETE FROM regional_dev.region WHERE code::integer = 320510"
	snapshot $DB_FRESH "$tmp/again"
	same "$tmp/fresh" "$tmp/again" "catalogue unchanged by user data and UPDATE"
fi

# Negative controls: each kind of difference an upgrade script could leave is caught.
while IFS='|' read -r what sql; do
	[ -n "$what" ] || continue
	# In one session: the change is rolled back when psql ends.
	snapshot $DB_FRESH "$tmp/changed" -c BEGIN -c "$sql"
	if cmp -s "$tmp/fresh" "$tmp/changed"; then
		fail "negative control: $what goes unnoticed"
	else
		ok "negative control: $what is caught"
	fi
done <<'CONTROLS'
a function's volatility|ALTER FUNCTION regional_dev.province(regional_dev.adcode) STABLE
a function's strictness|ALTER FUNCTION regional_dev.province(regional_dev.adcode) CALLED ON NULL INPUT
a function's parallel safety|ALTER FUNCTION regional_dev.province(regional_dev.adcode) PARALLEL RESTRICTED
a function's comment|COMMENT ON FUNCTION regional_dev.province(regional_dev.adcode) IS 'changed'
a function's privileges|REVOKE EXECUTE ON FUNCTION regional_dev.province(regional_dev.adcode) FROM PUBLIC
a missing function|ALTER EXTENSION regional_dev DROP FUNCTION regional_dev.prefecture(regional_dev.adcode)
an operator's estimator|ALTER OPERATOR regional_dev.@>(regional_dev.adcode, regional_dev.adcode) SET (RESTRICT = eqsel)
an operator's comment|COMMENT ON OPERATOR regional_dev.@>(regional_dev.adcode, regional_dev.adcode) IS 'changed'
a missing cast|ALTER EXTENSION regional_dev DROP CAST (regional_dev.flow_summary AS jsonb); DROP CAST (regional_dev.flow_summary AS jsonb)
a cast's comment|COMMENT ON CAST (regional_dev.flow_summary AS jsonb) IS 'changed'
a type's comment|COMMENT ON DOMAIN regional_dev.adcode IS 'changed'
a domain's check|ALTER DOMAIN regional_dev.adcode DROP CONSTRAINT adcode_valid
a schema's privileges|REVOKE USAGE ON SCHEMA regional_dev FROM PUBLIC
a column's comment|COMMENT ON COLUMN regional_dev.region.name IS 'changed'
a missing constraint|ALTER TABLE regional_dev.region DROP CONSTRAINT region_province_of_code
a table's privileges|REVOKE SELECT ON regional_dev.region FROM PUBLIC
a shipped row|UPDATE regional_dev.region SET name = 'changed' WHERE code::integer = 310118
CONTROLS

echo "upgrade: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
