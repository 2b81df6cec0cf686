#!/usr/bin/env bash
# No data lost (doc/reliability.md): a database with columns of every type
# listed in reliability.types (test/reliability/registry.sql), adcode keys,
# domains, generated columns, a view, the demo data and user rows added to
# regional_dev.region goes through text COPY, binary COPY, pg_dump/psql (plain)
# and pg_dump/pg_restore (custom) into fresh databases; every table and view
# must read back identical, in text and in binary (send) form.
source "$(dirname "$0")/../reliability/lib.sh"

SRC=regional_dev_rt_src
W=$CLUSTER/roundtrip
rm -rf "$W"
mkdir -p "$W"
mark=$(log_mark)

say "roundtrip: building the source database"
fresh_db "$SRC"
(cd "$ROOT" && for f in tools/demo_data/*.sql; do [ -e "$f" ] && "${PSQL[@]}" -d "$SRC" -f "$f"; done)
"${PSQL[@]}" -d "$SRC" -f "$REL/registry.sql" -f "$REL/roundtrip.sql"

# The tables and views compared; each is written ordered by its rows' text.
relations() {
	"${PSQL[@]}" -d "$1" -At -c "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname IN ('regional_dev', 'keep', 'demo', 'reliability')
		ORDER BY 1"
}
# The columns of relation $2 in database $1 for the binary snapshot.  An array
# of an extension type carries the type's OID, which differs between
# databases, so it is compared as its dimensions and its elements' send bytes.
binary_columns() {
	"${PSQL[@]}" -d "$1" -At -c "SELECT string_agg(CASE WHEN et.oid >= 16384
			THEN format('array_dims(%1\$I), ARRAY(SELECT %2\$s(e) FROM unnest(%1\$I) AS e)', a.attname, et.typsend::regproc)
			ELSE quote_ident(a.attname) END, ', ' ORDER BY a.attnum)
		FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
		LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typsubscript = 'array_subscript_handler'::regproc
		WHERE a.attrelid = '$2'::regclass AND a.attnum > 0 AND NOT a.attisdropped"
}
# snapshot DB DIR: every relation in text and in binary COPY form.
snapshot() {
	local rel
	mkdir -p "$2"
	relations "$1" >"$2/relations"
	for rel in $(cat "$2/relations"); do
		"${PSQL[@]}" -d "$1" -c "COPY (SELECT * FROM $rel t ORDER BY t::text) TO STDOUT" >"$2/$rel.txt"
		"${PSQL[@]}" -d "$1" -c "COPY (SELECT $(binary_columns "$1" "$rel") FROM $rel t ORDER BY t::text)
			TO STDOUT (FORMAT binary)" >"$2/$rel.bin"
	done
}
# The definitions in schema keep (without pg_dump's random \restrict keys).
schema_of() { "$BINDIR/pg_dump" --schema-only -n keep -d "$1" | grep -v -E '^\\(un)?restrict '; }
# same DIR1 DIR2: identical snapshots (prints the first differences).
same() {
	diff -r "$1" "$2" >"$W/diff" 2>&1 && return 0
	head -n 20 "$W/diff" | sed 's/^/      /'
	return 1
}
snapshot "$SRC" "$W/src"
schema_of "$SRC" >"$W/src/keep.schema"
nrel=$(wc -l <"$W/src/relations")
nuser=$("${PSQL[@]}" -d "$SRC" -At -c "SELECT count(*) FROM regional_dev.region WHERE name LIKE '%(synthetic test row)'")
echo "   source: $nrel tables and views, $nuser user rows in regional_dev.region"

# Columns that COPY can write (not generated ones), comma-separated.
copy_columns() {
	"${PSQL[@]}" -d "$SRC" -At -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
		WHERE attrelid = '$1'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''"
}
# copy_path FORMAT: schema from pg_dump --schema-only, then every table's rows
# by COPY in FORMAT (region: the rows the extension's dump filter selects, the
# user rows; the shipped ones come with CREATE EXTENSION).
copy_path() {
	local fmt=$1 db=regional_dev_rt_$1 rel cols filter
	"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	"$BINDIR/pg_dump" --schema-only -d "$SRC" | "${PSQL[@]}" -d "$db" >/dev/null
	filter=$("${PSQL[@]}" -d "$SRC" -At -c "SELECT e.extcondition[array_position(e.extconfig, 'regional_dev.region'::regclass)]
		FROM pg_extension e WHERE e.extname = 'regional_dev'")
	"${PSQL[@]}" -d "$SRC" -c "COPY (SELECT * FROM regional_dev.region $filter) TO STDOUT (FORMAT $fmt)" |
		"${PSQL[@]}" -d "$db" -c "COPY regional_dev.region FROM STDIN (FORMAT $fmt)"
	for rel in $("${PSQL[@]}" -d "$SRC" -At -c "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relkind = 'r' AND n.nspname IN ('keep', 'demo', 'reliability') ORDER BY 1"); do
		cols=$(copy_columns "$rel")
		"${PSQL[@]}" -d "$SRC" -c "COPY $rel ($cols) TO STDOUT (FORMAT $fmt)" |
			"${PSQL[@]}" -d "$db" -c "COPY $rel ($cols) FROM STDIN (FORMAT $fmt)"
	done
}
dump_path() {
	local db=regional_dev_rt_dump_$1
	"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	if [ "$1" = plain ]; then
		"$BINDIR/pg_dump" -Fp -d "$SRC" -f "$W/dump.sql" && "${PSQL[@]}" -d "$db" -f "$W/dump.sql" >/dev/null
	else
		"$BINDIR/pg_dump" -Fc -d "$SRC" -f "$W/dump.custom" && "$BINDIR/pg_restore" --exit-on-error -d "$db" "$W/dump.custom"
	fi
}

for path in "text COPY:copy_path text:regional_dev_rt_text" "binary COPY:copy_path binary:regional_dev_rt_binary" \
	"pg_dump plain + psql:dump_path plain:regional_dev_rt_dump_plain" \
	"pg_dump custom + pg_restore:dump_path custom:regional_dev_rt_dump_custom"; do
	IFS=: read -r name cmd db <<<"$path"
	say "roundtrip: $name"
	if ! $cmd >"$W/$db.log" 2>&1; then
		fail "$name: the copy failed:"
		tail -n 10 "$W/$db.log" | sed 's/^/      /'
		continue
	fi
	snapshot "$db" "$W/$db"
	schema_of "$db" >"$W/$db/keep.schema"
	if same "$W/src" "$W/$db"; then
		pass "$name: $nrel tables and views identical in text and binary form, same definitions in schema keep"
	else
		fail "$name: differences (above; all in $W)"
	fi
done

# The comparison sees a change: one digit of one value, in a copy.
"${PSQL[@]}" -d regional_dev_rt_dump_custom -c "UPDATE keep.places SET nearby = '{310119}' WHERE code OPERATOR(pg_catalog.=) '320509'"
snapshot regional_dev_rt_dump_custom "$W/changed"
if ! same "$W/src" "$W/changed" >/dev/null; then pass "self-test: a changed value is seen"
else fail "self-test: a changed value is not seen"; fi

# A documented limit, shown not tested: edits to the 32 shipped rows of region
# are not dumped (the extension's dump filter leaves them out; CREATE
# EXTENSION brings back the originals).
"${PSQL[@]}" -d "$SRC" -c "UPDATE regional_dev.region SET name = name || ' (edited)' WHERE code OPERATOR(pg_catalog.=) '310118'"
"$BINDIR/pg_dump" -Fc -d "$SRC" -t regional_dev.region --data-only -f "$W/region.custom"
if "$BINDIR/pg_restore" -l "$W/region.custom" | grep 'TABLE DATA regional_dev region' >/dev/null &&
	! "$BINDIR/pg_restore" -a -f - "$W/region.custom" | grep '(edited)' >/dev/null; then
	echo "   note (documented limit): an edit to a shipped region row is not in the dump"
fi

if crashed_since "$mark"; then fail "a backend crashed (lines above, from $LOGFILE)"
else pass "no backend crash in the server log"; fi
finish
