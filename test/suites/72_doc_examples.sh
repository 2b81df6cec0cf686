#!/usr/bin/env bash
# The manual's examples run: every doc/*.md that contains the line
#   <!-- examples: tested by test/suites/72_doc_examples.sh -->
# has each ```sql block run by psql (own session, ON_ERROR_STOP, search_path
# public, regional_dev, in a database loaded with the demo data); when a ```text
# block follows right after, it must equal what psql printed (trailing blanks
# ignored).  So the pages cannot drift from the code.
#   test/suites/72_doc_examples.sh [--print]   (--print: show each block's output)
# Run by tools/test.sh (environment: ROOT, PGHOST, PGPORT, PGUSER, BINDIR, ...).
set -uo pipefail
source "$ROOT/tools/lib.sh"
set +e
DB=regional_dev_doc_examples
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
export PGDATABASE=$DB

psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null &&
	psql_q -c "CREATE EXTENSION regional_dev CASCADE" 2>/dev/null &&
	(cd "$ROOT" && for f in tools/demo_data/*.sql; do psql_q -f "$f" 2>/dev/null || exit 1; done) ||
	{ echo "0 passed, 1 failed (demo database)"; exit 1; }

PSQL="$BINDIR/psql" /usr/bin/python3 - "$ROOT" "$WORK" "${1:-}" <<'PY'
import glob, os, re, subprocess, sys
root, work, mode = sys.argv[1], sys.argv[2], sys.argv[3]
marker = '<!-- examples: tested by test/suites/72_doc_examples.sh -->'
env = dict(os.environ, PGOPTIONS='-c search_path=public,regional_dev')
passed = failed = 0
for doc in sorted(glob.glob(os.path.join(root, 'doc', '*.md'))):
    lines = open(doc, encoding='utf-8').read().split('\n')
    if marker not in lines:
        continue
    i = 0
    while i < len(lines):
        if lines[i].strip() != '```sql':
            i += 1
            continue
        start = i + 1
        j = start
        while lines[j].strip() != '```':
            j += 1
        sql = '\n'.join(lines[start:j]) + '\n'
        expect = None
        k = j + 1
        if k < len(lines) and lines[k].strip() == '```text':
            m = k + 1
            while lines[m].strip() != '```':
                m += 1
            expect = lines[k + 1:m]
            j = m
        r = subprocess.run([os.environ['PSQL'], '-X', '-q', '-v', 'ON_ERROR_STOP=1'], input=sql,
                           capture_output=True, text=True, cwd=work, env=env)
        where = '%s:%d' % (os.path.relpath(doc, root), start)
        got = r.stdout.rstrip('\n').split('\n')
        norm = lambda ls: [l.rstrip() for l in ls]
        if mode == '--print':
            print('--- %s\n%s' % (where, r.stdout + r.stderr))
        if r.returncode != 0:
            failed += 1
            print('not ok - %s: psql failed:\n%s' % (where, r.stderr))
        elif expect is not None and norm(got) != norm(expect):
            failed += 1
            print('not ok - %s: output differs\n--- documented\n%s\n--- got\n%s' % (where, '\n'.join(expect), r.stdout))
        else:
            passed += 1
            print('ok - %s%s' % (where, '' if expect is None else ' (output as documented)'))
        i = j + 1
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed or not passed else 0)
PY
rc=$?
psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB"
exit $rc
