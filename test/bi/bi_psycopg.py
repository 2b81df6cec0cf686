"""psycopg 3 client of the driver tests (test/suites/52_bi_psycopg.sh).

Connects over TCP with a password (SCRAM) and runs every case of the table
bi_case (built from test/bi/types.sql) RUNS times, with prepare_threshold=2 so
the later runs use a statement prepared on the server, once with text results
and once with binary ones (cursor(binary=True): the server sends each type's
binary form, from its send function).  Every value of a regional_dev type must
arrive without error and round-trip: sent back as a parameter in binary, with
the type's OID (the server reads it with the receive function), it prints the
same text and comes back as the same bytes.  Prints "N passed, N failed";
exit status 1 on any failure.  Run with /usr/bin/python3 (Debian's psycopg).
"""
import json
import math
import os
import sys

import psycopg
from psycopg.adapt import Dumper
from psycopg.pq import Format

RUNS = 7
passed = 0
failed = 0


def check(ok, what, detail):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}: {detail}")


class Raw:
    """Bytes to send as the binary form of the type with OID `oid`."""

    def __init__(self, data, oid):
        self.data = data
        self.oid = oid


class RawDumper(Dumper):
    format = Format.BINARY

    def get_key(self, obj, format):
        return (Raw, obj.oid)

    def upgrade(self, obj, format):
        # One dumper per OID, so each parameter is declared with its own type.
        dumper = RawDumper(Raw, self.connection)
        dumper.oid = obj.oid
        return dumper

    def dump(self, obj):
        return obj.data


def native(sql):
    """What psycopg sends for a case: each ? becomes $1, $2, ..."""
    out, n = [], 0
    for ch in sql:
        if ch == "?":
            n += 1
            out.append(f"${n}")
        else:
            out.append(ch)
    return "".join(out)


def args(params):
    values = []
    for p in params.split("|") if params else []:
        kind, _, value = p.partition(":")
        values.append({"text": str, "int": int, "float": float}[kind](value))
    return values


def compare(conn, case, got, expected, binary):
    """None when got matches expected, else what differs."""
    cls = case["result_class"]
    if expected is None:
        return None if got is None else f"expected NULL, got {got!r}"
    if got is None:
        return f"expected {expected}, got NULL"
    if cls == "float":
        want = float(expected)
        return None if abs(float(got) - want) <= 1e-12 * abs(want) else f"expected {expected}, got {got!r}"
    if cls == "int":
        return None if isinstance(got, int) and got == int(expected) else f"expected {expected}, got {got!r}"
    if cls == "bool":
        return None if got is (expected == "true") else f"expected {expected}, got {got!r}"
    if cls == "json":
        return None if got == json.loads(expected) else f"expected {expected}, got {got!r}"
    if cls == "custom" and binary:
        # A regional_dev type in binary: bytes, which must round-trip through receive.
        if not isinstance(got, bytes):
            return f"binary value arrived as {type(got).__name__}"
        raw = Raw(got, case["result_oid"])
        with conn.cursor() as cur:
            cur.execute("SELECT %b::text", [raw])
            text = cur.fetchone()[0]
        with conn.cursor(binary=True) as cur:
            cur.execute("SELECT %b", [raw])
            again = cur.fetchone()[0]
        if text != expected:
            return f"binary sent back reads {text!r}, expected {expected}"
        if again != got:
            return f"binary sent back returns {again!r}, first {got!r}"
        return None
    return None if got == expected else f"expected {expected!r}, got {got!r}"


def main():
    dsn = dict(host=os.environ["BI_HOST"], port=os.environ["BI_PORT"], dbname=os.environ["BI_DB"],
               user=os.environ["BI_USER"], application_name="regional_dev psycopg test")
    try:
        psycopg.connect(password="wrong", **dsn).close()
        check(False, "wrong password", "connection accepted")
    except psycopg.OperationalError as e:
        check("password authentication failed" in str(e), "wrong password", str(e))

    def connect():
        conn = psycopg.connect(password=os.environ["BI_PASSWORD"], **dsn)
        conn.autocommit = True
        conn.prepare_threshold = 2
        conn.adapters.register_dumper(Raw, RawDumper)
        return conn

    with connect() as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        cur.execute("SELECT id, type_name, kind, sql, params, result_class, result_oid, expected"
                    " FROM bi_case ORDER BY id")
        cases = cur.fetchall()
    check(bool(cases), "cases", "bi_case is empty")

    # Text results, then binary ones, each on a new connection (its own prepared statements).
    for binary in (False, True):
        mode = "binary" if binary else "text"
        with connect() as conn:
            for case in cases:
                label = f"{mode} case {case['id']} ({case['type_name']} {case['kind']}: {case['sql']})"
                problem = None
                sql = case["sql"].replace("%", "%%").replace("?", "%s")
                try:
                    for run in range(1, RUNS + 1):
                        with conn.cursor(binary=binary) as cur:
                            cur.execute(sql, args(case["params"]))
                            rows = cur.fetchall()
                        if len(rows) != 1:
                            problem = f"run {run}: {len(rows)} rows"
                        else:
                            problem = compare(conn, case, rows[0][0], case["expected"], binary)
                            if problem:
                                problem = f"run {run}: {problem}"
                        if problem:
                            break
                except psycopg.Error as e:
                    problem = f"SQLSTATE {e.sqlstate}: {e}"
                check(problem is None, label, problem)
                with conn.cursor() as cur:
                    cur.execute("SELECT count(*) FROM pg_catalog.pg_prepared_statements"
                                " WHERE NOT from_sql AND statement = %s", [native(case["sql"])])
                    n = cur.fetchone()[0]
                check(n == 1, label + " prepared on the server", f"pg_prepared_statements has it {n} times")

            if binary:
                # Negative control: the comparison does fail on a wrong value.
                case = dict(cases[0], expected=cases[0]["expected"] + "9")
                with conn.cursor(binary=True) as cur:
                    cur.execute(case["sql"].replace("?", "%s"), args(case["params"]))
                    got = cur.fetchone()[0]
                check(compare(conn, case, got, case["expected"], True) is not None,
                      "negative control", "a wrong expected value was accepted")

    print(f"psycopg {psycopg.__version__}: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
