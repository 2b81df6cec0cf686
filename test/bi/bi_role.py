#!/usr/bin/python3
"""test/suites/58_bi_role.sh: a BI login with no grants, over TCP, with the
default search_path, gets the superuser's results.

Three sets of SQL, each run once as the superuser (unix socket) and once as
the analyst (TCP, SCRAM), each piece in a session of its own, with
default_transaction_read_only on for both (but for the report, which
makes temporary tables, as any role may):
  - the manual's examples (sql/zz_manual.sql, one per "-- doc/...:N" marker)
    that are read-only, i.e. that the superuser runs without error in a
    read-only session; the others (CREATE, INSERT ...) are counted, not run;
  - the report (tools/report/*.sql, each file as tools/demo.sh runs it);
  - the SQL a BI tool generates, below, run with no SET at all.
A piece passes when the analyst's run succeeds and prints exactly what the
superuser's prints.  The BI pieces must also return rows.  Exit status 1 on
any failure."""
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.environ["ROOT"]
DB = os.environ["ROLE_DB"]
PSQL = os.environ["PSQL"]
tmp = tempfile.mkdtemp()

# What a BI tool writes: quoted, schema-qualified names, plain literals,
# no search_path.  (Metabase/Superset style; each returns rows.)
BI_SQL = [
    'SHOW search_path',
    'SELECT "source"."code" AS "code", "source"."name" AS "name" FROM "regional_dev"."region" "source" '
    "WHERE \"source\".\"code\" = '310118' LIMIT 2000",
    'SELECT "source"."code" AS "code" FROM "regional_dev"."region" "source" WHERE "source"."code" = 310118',
    "SELECT code, name FROM regional_dev.region WHERE code IN ('310118', '320509', '330421') ORDER BY code",
    "SELECT code, name FROM regional_dev.region WHERE code LIKE '3101%' ORDER BY code",
    "SELECT code, name FROM regional_dev.region WHERE code BETWEEN '320500' AND '320599' ORDER BY code",
    'SELECT "region"."province" AS "province", count(*) AS "count" FROM "regional_dev"."region" '
    'GROUP BY "region"."province" ORDER BY "region"."province" ASC',
    "SELECT r.province, round(sum(g.gdp)::numeric, 1) AS gdp FROM demo.district_gdp_population g "
    "JOIN regional_dev.region r ON r.code = g.code WHERE g.year = 2023 GROUP BY r.province ORDER BY 1",
    "SELECT r.name, g.year, g.gdp FROM regional_dev.region r JOIN demo.district_gdp_population g ON g.code = r.code "
    "WHERE r.code = '310118' ORDER BY g.year",
    "SELECT a.name AS origin, b.name AS destination, sum(f.amount) AS amount FROM demo.loans f "
    "JOIN regional_dev.region a ON a.code = f.origin JOIN regional_dev.region b ON b.code = f.destination "
    "WHERE f.origin <> f.destination GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 10",
    "SELECT n.a, n.b, round(n.shared_border_m) AS m FROM regional_dev.region_neighbor n "
    "WHERE n.a = '310118' OR n.b = '310118' ORDER BY 1, 2",
    "SELECT r.code, r.name, r.in_demonstration_zone FROM regional_dev.region r WHERE r.code = r.code "
    "AND r.province = '330000' ORDER BY r.code",
    "SELECT count(*) FROM regional_dev.region a JOIN regional_dev.region b ON a.province = b.province AND a.code < b.code",
    "SELECT regional_dev.province(code) AS p, count(*) FROM regional_dev.region GROUP BY 1 ORDER BY 1",
    "SELECT code, regional_dev.locate(ST_Centroid(geom)) = code AS centroid_inside FROM regional_dev.region "
    "WHERE in_demonstration_zone ORDER BY code",
    # information_schema and catalogue: the column types a BI tool reads
    "SELECT column_name, data_type, domain_name FROM information_schema.columns "
    "WHERE table_schema = 'regional_dev' AND table_name = 'region' ORDER BY ordinal_position",
]


def run(sql, analyst, setup="", readonly=True):
    """psql output (stdout and stderr) and exit status of sql in a new session."""
    env = dict(os.environ)
    if readonly:
        env["PGOPTIONS"] = "-c default_transaction_read_only=on"
    if analyst:
        env.update(PGHOST=os.environ["ROLE_HOST"], PGPORT=os.environ["ROLE_PORT"],
                   PGUSER=os.environ["ROLE_USER"], PGPASSWORD=os.environ["ROLE_PASSWORD"])
    path = os.path.join(tmp, "piece.sql")
    with open(path, "w") as f:
        f.write("\\set ON_ERROR_STOP 1\n" + setup + sql + "\n")
    p = subprocess.run([PSQL, "-X", "-d", DB, "-f", path], env=env, cwd=tmp,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.stdout, p.returncode


passed = failed = 0


def check(name, sql, setup="", need_rows=False, readonly=True):
    global passed, failed
    su, su_rc = run(sql, False, setup, readonly)
    an, an_rc = run(sql, True, setup, readonly)
    problem = None
    if su_rc != 0:
        problem = "fails for the superuser:\n" + su
    elif an_rc != 0:
        problem = "fails for the analyst:\n" + an
    elif su != an:
        problem = "differs:\n--- superuser\n%s\n--- analyst\n%s" % (su, an)
    elif need_rows and re.search(r"^\((0 rows|1 row|\d+ rows)\)$", an, re.M) is None:
        problem = "no result:\n" + an
    elif need_rows and "(0 rows)" in an:
        problem = "no rows:\n" + an
    if problem:
        failed += 1
        print("FAIL - %s %s" % (name, problem[:3000]))
    else:
        passed += 1
        print("ok - %s" % name)


# 0. The analyst is who we say: no superuser, no grant of its own, over TCP.
out, rc = run("SELECT rolsuper, rolinherit, (SELECT count(*) FROM pg_auth_members WHERE member = r.oid) AS memberships, "
              "(SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = current_user) AS table_grants, "
              "inet_client_addr() IS NOT NULL AS tcp, current_setting('search_path') AS search_path "
              "FROM pg_roles r WHERE rolname = current_user", True)
if rc == 0 and re.search(r"^ f +\| t +\| +0 \| +0 \| t +\| \"\$user\", public *$", out, re.M):
    passed += 1
    print("ok - the analyst: no superuser, no memberships, no table grants, TCP, default search_path")
else:
    failed += 1
    print("FAIL - the analyst is not a bare login over TCP:\n" + out)

# 1. The manual's read-only examples.
text = open(os.path.join(ROOT, "sql", "zz_manual.sql"), encoding="utf-8").read()
pieces = re.split(r"^(?=-- doc/\S+:\d+$)", text, flags=re.M)[1:]
readonly = written = 0
for piece in pieces:
    name = piece.split("\n", 1)[0][3:]
    # each piece ends with the next example's reset lines: cut them off
    body = re.split(r"^\\pset format aligned$", piece, flags=re.M)[0]
    body = body.replace("\\o results/", "\\o " + tmp + "/")
    setup = "SET search_path = public, regional_dev;\n"
    out, rc = run(body, False, setup)
    if rc != 0:
        written += 1  # writes something (or needs more than a reader has): not a read-only example
        continue
    readonly += 1
    check("manual " + name, body, setup)
print("# manual: %d read-only examples compared, %d that write left out" % (readonly, written))
if readonly < 20:
    failed += 1
    print("FAIL - only %d of the manual's examples are read-only: the split of sql/zz_manual.sql broke" % readonly)

# 2. The report, file by file.
reports = sorted(glob.glob(os.path.join(ROOT, "tools", "report", "*.sql")))
for f in reports:
    check("report " + os.path.basename(f), open(f, encoding="utf-8").read(), readonly=False)
if not reports:
    failed += 1
    print("FAIL - no report files")

# 3. A BI tool's SQL, with the role's default search_path.
for sql in BI_SQL:
    check("BI: " + sql[:90], sql, need_rows=True)

# Negative control: without USAGE on regional_dev for PUBLIC, the analyst fails.
subprocess.run([PSQL, "-X", "-q", "-d", DB, "-c", "REVOKE USAGE ON SCHEMA regional_dev FROM PUBLIC"], check=True)
out, rc = run(BI_SQL[1], True)
subprocess.run([PSQL, "-X", "-q", "-d", DB, "-c", "GRANT USAGE ON SCHEMA regional_dev TO PUBLIC"], check=True)
if rc != 0 and "permission denied for schema regional_dev" in out:
    passed += 1
    print("ok - negative control: with USAGE revoked from PUBLIC the analyst is refused")
else:
    failed += 1
    print("FAIL - negative control: with USAGE revoked from PUBLIC the analyst got\n" + out)

print("bi role: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
