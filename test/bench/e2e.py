"""End-to-end rows of the benchmark: regional_dev queried through psycopg
against the Python tools an analyst would otherwise use (pandas, and, once the
spatial functions exist, geopandas and libpysal), in one Python process.

Run by test/bench/run.sh (full run only) with /usr/bin/python3 and the libpq
environment (PGHOST, PGPORT, PGUSER) set:  e2e.py DBNAME REPS

Both sides are timed in this process with time.perf_counter() from the query
to a finished result in Python (the interpreter's start-up and imports are
not timed); medians of REPS runs after a warm-up run.  Results of both sides
are compared before timing and the comparison is stored in bench.check;
timings go to bench.result (section 'end to end').
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd
import psycopg

DB = sys.argv[1]
REPS = int(sys.argv[2])
SECTION = 'end to end (Python)'

conn = psycopg.connect(dbname=DB, autocommit=True)
conn.execute('SET search_path = public, regional_dev')
conn.execute('SET max_parallel_workers_per_gather = 0')


def median_ms(fn):
    """Median wall time of fn() in ms over REPS runs after a warm-up; returns (ms, last result)."""
    result = fn()
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def check(name, ours, theirs, tol=1e-9):
    """Store whether two dicts key -> tuple of floats agree within tol (relative)."""
    ok = set(ours) == set(theirs)
    worst = 0.0
    if ok:
        for k in ours:
            for a, b in zip(np.atleast_1d(ours[k]), np.atleast_1d(theirs[k])):
                if a is None or b is None or np.isnan(a) or np.isnan(b):
                    ok = ok and (a is None or np.isnan(a)) and (b is None or np.isnan(b))
                    continue
                d = 0.0 if a == b else abs(a - b) / max(abs(a), abs(b))
                worst = max(worst, d)
        ok = bool(ok and worst <= tol)
        detail = f'{len(ours)} keys, largest relative difference {worst:g} (tolerance {tol:g})'
    else:
        detail = f'keys differ: {len(ours)} against {len(theirs)}'
    conn.execute('INSERT INTO bench.check (name, ok, detail) VALUES (%s, %s, %s)', (name, ok, detail))
    print(f'check {name}: {"ok" if ok else "FAILED"} ({detail})')
    return ok


def record(name, ours_ms, baseline, baseline_ms, note=None):
    conn.execute('INSERT INTO bench.result (section, name, ours_ms, baseline, baseline_ms, note) '
                 'VALUES (%s, %s, %s, %s, %s, %s)', (SECTION, name, ours_ms, baseline, baseline_ms, note))


def fetch(sql):
    return conn.execute(sql).fetchall()


# --- per-county CAGR of GDP, first to last year ---------------------------

def cagr_ours():
    return {code: (c,) for code, c in fetch(
        'SELECT code::integer, cagr(series_agg(year, gdp)) FROM bench.panel GROUP BY code')}


def panel_frame(columns, names):
    return pd.DataFrame(fetch(f'SELECT {columns} FROM bench.panel'), columns=names)


def cagr_pandas_compute(df):
    df = df.sort_values(['code', 'year'])
    g = df.groupby('code')
    first, last = g.first(), g.last()
    c = (last['gdp'] / first['gdp']) ** (1.0 / (last['year'] - first['year'])) - 1
    return {int(k): (float(v),) for k, v in c.items()}


read_ms, df = median_ms(lambda: panel_frame('code::integer, year, gdp', ['code', 'year', 'gdp']))
compute_ms, _ = median_ms(lambda: cagr_pandas_compute(df))
ours_ms, ours = median_ms(cagr_ours)
pandas_ms, theirs = median_ms(lambda: cagr_pandas_compute(panel_frame('code::integer, year, gdp', ['code', 'year', 'gdp'])))
check('per-county CAGR: series_agg + cagr = pandas groupby', ours, theirs)
record('per-county CAGR: series_agg + cagr, rows to Python via psycopg', ours_ms,
       'pandas: read the rows with psycopg, groupby first/last', pandas_ms,
       f'pandas: reading {read_ms:.0f} ms, groupby {compute_ms:.0f} ms')


# --- Theil T by province, per year ----------------------------------------

def theil_ours():
    return {y: (t, b, w) for y, t, b, w in fetch(
        'SELECT year, theil_t(s), theil_t_between(s), theil_t_within(s) FROM '
        '(SELECT year, inequality_agg(gdp, population, province::text) AS s FROM bench.panel GROUP BY year) AS t')}


def theil_pandas_compute(df):
    # T = sum (y/Y) ln((y/Y)/(p/P)); between over provinces; within = sum (y/Y) ln((y/Y_g)/(p/P_g)).
    yt = df.groupby('year')['gdp'].transform('sum')
    pt = df.groupby('year')['population'].transform('sum')
    yg = df.groupby(['year', 'province'])['gdp'].transform('sum')
    pg = df.groupby(['year', 'province'])['population'].transform('sum')
    s = df['gdp'] / yt
    parts = pd.DataFrame({'year': df['year'],
                          't': s * np.log(s / (df['population'] / pt)),
                          'b': s * np.log((yg / yt) / (pg / pt)),
                          'w': s * np.log((df['gdp'] / yg) / (df['population'] / pg))})
    r = parts.groupby('year')[['t', 'b', 'w']].sum()
    return {int(y): (float(row.t), float(row.b), float(row.w)) for y, row in r.iterrows()}


cols = ('year, province::integer, gdp, population', ['year', 'province', 'gdp', 'population'])
read_ms, df = median_ms(lambda: panel_frame(*cols))
compute_ms, _ = median_ms(lambda: theil_pandas_compute(df))
ours_ms, ours = median_ms(theil_ours)
pandas_ms, theirs = median_ms(lambda: theil_pandas_compute(panel_frame(*cols)))
check('Theil T by province per year: inequality_agg = pandas', ours, theirs)
record('Theil T by province per year: inequality_agg, results to Python via psycopg', ours_ms,
       'pandas: read the rows with psycopg, groupby transform', pandas_ms,
       f'pandas: reading {read_ms:.0f} ms, computing {compute_ms:.0f} ms')

conn.close()
