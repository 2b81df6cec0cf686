"""End-to-end rows of the benchmark: regional_dev queried through psycopg
against the Python tools an analyst would otherwise use (pandas, and, once the
spatial functions exist, geopandas and libpysal), in one Python process.

Run by test/bench/run.sh (full run only) with /usr/bin/python3 and the libpq
environment (PGHOST, PGPORT, PGUSER) set:  e2e.py DBNAME REPS HAS_PLACES
(HAS_PLACES 't' when the spatial functions and their bench tables exist).

Both sides are timed in this process with time.perf_counter() from the query
to a finished result in Python (the interpreter's start-up and imports are
not timed); medians of REPS runs after a warm-up run.  Results of both sides
are compared before timing and the comparison is stored in bench.check;
timings go to bench.result (section 'end to end').
"""
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd
import psycopg

DB = sys.argv[1]
REPS = int(sys.argv[2])
HAS_PLACES = len(sys.argv) > 3 and sys.argv[3] == 't'
SECTION = 'end to end (Python)'
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

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


if HAS_PLACES:
    import warnings

    import geopandas as gpd
    from shapely import wkb

    warnings.filterwarnings('ignore', category=UserWarning)
    from libpysal.weights import Queen

    def regions_frame():
        rows = fetch('SELECT code::integer, ST_AsBinary(geom) FROM regional_dev.region ORDER BY code')
        return gpd.GeoDataFrame({'code': [r[0] for r in rows]},
                                geometry=[wkb.loads(bytes(r[1])) for r in rows], crs='EPSG:4326')

    # --- points per district: locate() against geopandas sjoin -------------

    def locate_ours():
        return {code: (float(n),) for code, n in fetch(
            'SELECT code, count(*) FROM (SELECT locate(geom)::integer AS code FROM bench.points) AS p '
            'WHERE code IS NOT NULL GROUP BY code')}

    def points_frame():
        rows = fetch('SELECT id, ST_X(geom), ST_Y(geom) FROM bench.points')
        return gpd.GeoDataFrame({'id': [r[0] for r in rows]},
                                geometry=gpd.points_from_xy([r[1] for r in rows], [r[2] for r in rows]), crs='EPSG:4326')

    def sjoin_compute(points, regions):
        j = gpd.sjoin(points, regions, how='inner', predicate='within')
        return {int(k): (float(v),) for k, v in j.groupby('code').size().items()}

    read_ms, pts = median_ms(points_frame)
    regions = regions_frame()
    compute_ms, _ = median_ms(lambda: sjoin_compute(pts, regions))
    ours_ms, ours = median_ms(locate_ours)
    gpd_ms, theirs = median_ms(lambda: sjoin_compute(points_frame(), regions_frame()))
    check('points per district: locate = geopandas sjoin(within)', ours, theirs)
    record('points per district: locate, counts to Python via psycopg', ours_ms,
           'geopandas: read x, y with psycopg, sjoin(predicate=within), groupby', gpd_ms,
           f'geopandas: reading {read_ms:.0f} ms, sjoin and count {compute_ms:.0f} ms')

    # --- areal interpolation: apportion() against geopandas overlay -------

    def apportion_ours():
        return {code: (float(v),) for code, v in fetch(
            'SELECT r.code::integer, apportion(g.geom, g.population, r.geom) FROM bench.grid g '
            'JOIN regional_dev.region r ON g.geom && r.geom GROUP BY r.code')}

    def grid_frame():
        rows = fetch('SELECT population, ST_AsBinary(geom) FROM bench.grid')
        return gpd.GeoDataFrame({'population': [r[0] for r in rows]},
                                geometry=[wkb.loads(bytes(r[1])) for r in rows], crs='EPSG:4326')

    def overlay_compute(grid, regions):
        grid = grid.assign(cell_area=grid.area)
        pieces = gpd.overlay(grid, regions, how='intersection', keep_geom_type=True)
        value = pieces['population'] * pieces.area / pieces['cell_area']
        got = value.groupby(pieces['code']).sum()
        # districts whose box meets a cell but no area: 0, as apportion() gives
        return {int(k): (float(got.get(k, 0.0)),) for k in ours_codes}

    ours_ms, ours = median_ms(apportion_ours)
    ours_codes = sorted(ours)
    read_ms, grid = median_ms(grid_frame)
    compute_ms, _ = median_ms(lambda: overlay_compute(grid, regions))
    gpd_ms, theirs = median_ms(lambda: overlay_compute(grid_frame(), regions_frame()))
    check('population per district: apportion = geopandas overlay', ours, theirs)
    record('population grid to districts: apportion, results to Python via psycopg', ours_ms,
           'geopandas: read the cells with psycopg, overlay(intersection), area shares, groupby', gpd_ms,
           f'geopandas: reading {read_ms:.0f} ms, overlay and sums {compute_ms:.0f} ms')

    # --- contiguity: region_neighbors() against libpysal Queen -------------

    invalidate = 'UPDATE regional_dev.region SET name = name WHERE false'

    def neighbors_ours():
        # cold: the cache keeps the result otherwise; 200 m are stored (read,
        # not computed), so a micrometre more makes the session compute them
        conn.execute(invalidate)
        return {(a, b) for a, b in fetch('SELECT a::integer, b::integer FROM region_neighbors(200.000001)')}

    def queen_compute(regions):
        w = Queen.from_dataframe(regions, ids=list(regions['code']), silence_warnings=True)
        return {(min(a, b), max(a, b)) for a, ns in w.neighbors.items() for b in ns}

    ours_ms, ours = median_ms(neighbors_ours)
    read_ms, regions = median_ms(regions_frame)
    compute_ms, _ = median_ms(lambda: queen_compute(regions))
    pysal_ms, theirs = median_ms(lambda: queen_compute(regions_frame()))
    record('neighbouring districts: region_neighbors(200 m + 1 µm), computed, cold cache, pairs to Python', ours_ms,
           'libpysal: read the districts with psycopg, Queen.from_dataframe', pysal_ms,
           f'libpysal: reading {read_ms:.0f} ms, Queen {compute_ms:.0f} ms; {len(ours)} pairs against {len(theirs)}')
    # The same on the raw boundaries (data/yrd_districts.geojson, before the
    # reconciliation that made the shipped coverage): each province digitized
    # separately, so cross-province neighbours share few or no vertices.
    raw = gpd.read_file(os.path.join(ROOT, 'data', 'yrd_districts.geojson'))
    conn.execute('CREATE TABLE bench.raw_district (code integer PRIMARY KEY, geom geometry(MultiPolygon, 4326))')
    conn.execute("COMMENT ON TABLE bench.raw_district IS 'The district boundaries as published "
                 "(data/yrd_districts.geojson), before reconciliation'")
    for code, geom in zip(raw['adcode'], raw.geometry):
        conn.execute('INSERT INTO bench.raw_district VALUES (%s, ST_Multi(ST_GeomFromWKB(%s, 4326)))',
                     (int(code), geom.wkb))
    raw_theirs = queen_compute(gpd.GeoDataFrame({'code': raw['adcode'].astype(int)}, geometry=raw.geometry))

    # Where the lists differ: the boundary level, the gap between the two
    # districts and the length of border they share exactly, on the
    # geometries Queen was given.
    conn.execute('CREATE TABLE bench.neighbor_diff (boundaries text, a integer, b integer, found_by text, '
                 'boundary_level text, gap_m float8, exactly_shared_m float8)')
    conn.execute("COMMENT ON TABLE bench.neighbor_diff IS 'Pairs of districts that region_neighbors(200) and "
                 "libpysal Queen contiguity disagree on'")
    for boundaries, table, queen in (('shipped', 'regional_dev.region', theirs),
                                     ('raw', 'bench.raw_district', raw_theirs)):
        for found_by, pairs in (('region_neighbors only', ours - queen), ('Queen only', queen - ours)):
            for a, b in sorted(pairs):
                conn.execute(
                    f'INSERT INTO bench.neighbor_diff SELECT %s, %s, %s, %s, '
                    f'boundary_level(%s::integer::adcode, %s::integer::adcode), '
                    f'ST_Distance(ra.geom::geography, rb.geom::geography), '
                    f'ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(ra.geom), ST_Boundary(rb.geom)), 2)::geography) '
                    f'FROM {table} ra, {table} rb WHERE ra.code::integer = %s AND rb.code::integer = %s',
                    (boundaries, a, b, found_by, a, b, a, b))
        both = len(ours & queen)
        detail = (f'{both} pairs in both, {len(ours - queen)} only in region_neighbors, '
                  f'{len(queen - ours)} only in Queen')
        conn.execute('INSERT INTO bench.check (name, ok, detail) VALUES (%s, true, %s)',
                     (f'neighbouring districts: region_neighbors(200) against libpysal Queen on the {boundaries} '
                      'boundaries (compared, not expected equal)', detail))
        print(f'neighbours, {boundaries} boundaries: {detail}')

conn.close()
