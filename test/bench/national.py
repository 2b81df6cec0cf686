"""National rows of the benchmark (test/bench/national.sh): regional_dev on the
county layer of the whole country (or its synthetic stand-in) against PostGIS,
geopandas and libpysal, same machine, same run.

    national.py DBNAME REPS OUT.md

Timed in this process (time.perf_counter), medians of REPS runs after a
warm-up, except the first-call rows, which are timed in a new connection each
time (the connection itself and PostGIS's loading are not timed: both sides
pay them).  Writes rows "name|ours|baseline|ours_ms|baseline_ms|target|met|note"
to OUT.md for national.sh to lay out.
"""
import statistics
import sys
import threading
import time

import geopandas as gpd
import numpy as np
import psycopg
from libpysal.weights import Queen
from shapely import wkb

DB, REPS, OUT = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []


def connect():
    c = psycopg.connect(dbname=DB, autocommit=True)
    c.execute('SET search_path = public, regional_dev')
    c.execute('SET max_parallel_workers_per_gather = 0')
    c.execute('SET jit = off')
    return c


def median_ms(fn, reps=REPS):
    result = fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def fresh_ms(query, reps=REPS):
    """Median time of query as the first one of a new session (after PostGIS is loaded)."""
    times = []
    for _ in range(reps + 1):
        c = connect()
        c.execute("SELECT 'SRID=4326;POINT(0 0)'::geometry IS NULL")
        t0 = time.perf_counter()
        c.execute(query).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
        c.close()
    return statistics.median(times[1:])


def row(name, ours, baseline, ours_ms, base_ms, target='', met='', note=''):
    rows.append('|'.join(str(x) for x in (name, ours, baseline, round(ours_ms, 1),
                                         '' if base_ms is None else round(base_ms, 1),
                                         target, met, note)))
    print(rows[-1], flush=True)


conn = connect()
point = "ST_SetSRID(ST_Point(104.07, 30.67), 4326)"

# First locate() of a fresh session against the first PostGIS lookup in the
# subdivided pieces of a fresh session; absolute target 50 ms.
ours = fresh_ms(f"SELECT locate({point})")
base = fresh_ms(f"SELECT code FROM bench.sub WHERE ST_Covers(geom, {point}) ORDER BY code LIMIT 1")
row('first locate() of a fresh session', 'locate(point)', 'PostGIS: ST_Covers on the subdivided pieces (GiST), first query of a fresh session',
    ours, base, '<= 50 ms', 'met' if ours <= 50 else '**missed**')

# Memory of a session: private resident memory (RssAnon) after its first
# locate(), and after locate() over all 200,000 points (every region loaded),
# the latter also timed (the cold first pass: the session builds its grid)
# and its peak sampled from /proc every 10 ms while it runs.
def rss_anon(c):
    return c.execute("SELECT substring(pg_read_file('/proc/self/status') FROM 'RssAnon:\\s*(\\d+)')::bigint").fetchone()[0]


def proc_rss_anon(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('RssAnon:'):
                return int(line.split()[1])
    return 0


class PeakSampler(threading.Thread):
    def __init__(self, pid):
        super().__init__()
        self.pid, self.peak, self.done = pid, proc_rss_anon(pid), False

    def run(self):
        while not self.done:
            self.peak = max(self.peak, proc_rss_anon(self.pid))
            time.sleep(0.01)


all_points = "SELECT count(*) FROM (SELECT locate(geom), count(*) FROM bench.points GROUP BY 1) AS t"
c = connect()
c.execute("SELECT 'SRID=4326;POINT(0 0)'::geometry IS NULL")
a0 = rss_anon(c)
c.execute(f"SELECT locate({point})")
a1 = rss_anon(c)
sampler = PeakSampler(c.info.backend_pid)
sampler.start()
t0 = time.perf_counter()
c.execute(all_points).fetchall()
cold_ms = (time.perf_counter() - t0) * 1000
sampler.done = True
sampler.join()
a2 = rss_anon(c)
loads = c.execute("SELECT region_cache_loads()").fetchone()[0]
settings = c.execute("SELECT current_setting('regional_dev.region_cache_size'), "
                     "current_setting('regional_dev.region_cache_statement_size')").fetchone()
c.close()
# the PostGIS join as the first query of a fresh session (one run each side)
c = connect()
c.execute("SELECT 'SRID=4326;POINT(0 0)'::geometry IS NULL")
t0 = time.perf_counter()
c.execute("SELECT count(*) FROM (SELECT r.code, count(*) FROM bench.points p JOIN bench.sub r "
          "ON ST_Covers(r.geom, p.geom) GROUP BY r.code) AS t").fetchall()
cold_base_ms = (time.perf_counter() - t0) * 1000
c.close()
mb1, mb2, peak = (a1 - a0) / 1024, (a2 - a0) / 1024, (sampler.peak - a0) / 1024
row('locate over 200,000 points, the first pass of a fresh session (cold: builds the grid)',
    'locate(geom), counts per region', 'PostGIS ST_Covers join, ST_Subdivide(geom, 64) pieces (GiST), first query of a fresh session',
    cold_ms, cold_base_ms, 'faster than PostGIS', 'met' if cold_ms < cold_base_ms else '**missed**',
    f'one run each; {loads} region geometries read (each of the layer\'s regions once when equal to their number), '
    f'peak private memory growth {peak:.0f} MB (region_cache_size {settings[0]}, region_cache_statement_size {settings[1]})')
row('memory of a session after its first locate()', 'private resident memory (RssAnon) growth', '', mb1, None,
    '<= 50 MB', 'met' if mb1 <= 50 else '**missed**', f'{mb1:.1f} MB')
row('memory of a session after locate() over the 200,000 points', 'private resident memory (RssAnon) growth', '', mb2, None,
    '<= 50 MB', 'met' if mb2 <= 50 else '**missed**',
    f'{mb2:.0f} MB held after the statement (peak {peak:.0f} MB during it, sampled every 10 ms); '
    f'{loads} region geometries read (one evicted and read again counts again)')

# morans_i over every region in a fresh session (the neighbours are stored).
ours = fresh_ms("SELECT (morans_i(code, (code::integer % 97)::float8)).i FROM regional_dev.region")
row('morans_i over every region, first query of a fresh session', 'morans_i(code, value)', '', ours, None,
    '<= 1 s', 'met' if ours <= 1000 else '**missed**')

# Points per region: locate() (the query's time seen from Python) against
# geopandas sjoin on the same points, already in memory.
q = "SELECT code::integer, count(*) FROM (SELECT locate(geom) AS code FROM bench.points) AS t WHERE code IS NOT NULL GROUP BY 1"
ours_ms, ours_res = median_ms(lambda: dict(conn.execute(q).fetchall()))
pts = conn.execute("SELECT id, ST_X(geom), ST_Y(geom) FROM bench.points ORDER BY id").fetchall()
points = gpd.GeoDataFrame({'id': [r[0] for r in pts]}, geometry=gpd.points_from_xy([r[1] for r in pts], [r[2] for r in pts]), crs=4326)
regs = conn.execute("SELECT code::integer, ST_AsBinary(geom) FROM regional_dev.region ORDER BY code").fetchall()
regions = gpd.GeoDataFrame({'code': [r[0] for r in regs]}, geometry=[wkb.loads(bytes(r[1])) for r in regs], crs=4326)


def sjoin_counts():
    j = gpd.sjoin(points, regions, how='inner', predicate='within')
    return j.groupby('code').size().to_dict()


gpd_ms, theirs = median_ms(sjoin_counts)
same = ours_res == theirs
row('points per region, 200,000 points', 'locate(), counts to Python via psycopg', 'geopandas sjoin(predicate=within), data in memory',
    ours_ms, gpd_ms, 'faster', 'met' if ours_ms < gpd_ms else '**missed**',
    'same counts' if same else f'counts differ: {sum(1 for k in set(ours_res) | set(theirs) if ours_res.get(k) != theirs.get(k))} regions')

# Neighbours from nothing: region_index_rebuild() (every region read, parsed,
# and every pair computed and stored; rolled back) against libpysal's Queen
# contiguity on the same polygons in memory.
def rebuild():
    with conn.transaction(force_rollback=True):
        conn.execute("CALL region_index_rebuild()")


ours_ms, _ = median_ms(rebuild, reps=3)
queen_ms, w = median_ms(lambda: Queen.from_dataframe(regions, ids=list(regions['code']), silence_warnings=True),
                        reps=3)
ours_pairs = set(conn.execute("SELECT a::integer, b::integer FROM region_neighbor").fetchall())
queen_pairs = {(min(i, j), max(i, j)) for i, ns in w.neighbors.items() for j in ns}
missing = queen_pairs - ours_pairs
extra = ours_pairs - queen_pairs
extra_gap = ''
if extra:
    gaps = conn.execute("""SELECT max(ST_Distance(a.geom::geography, b.geom::geography)) FROM region a, region b,
        unnest(%s::int[], %s::int[]) AS e(x, y) WHERE a.code::integer = e.x AND b.code::integer = e.y""",
                        ([p[0] for p in extra], [p[1] for p in extra])).fetchone()[0]
    extra_gap = f' (their regions at most {gaps:.0f} m apart: within the 200 m tolerance, not touching)'
row('neighbours from nothing', 'region_index_rebuild(): every pair of region_neighbors(200), stored',
    'libpysal Queen.from_dataframe, polygons in memory', ours_ms, queen_ms, '>= 5x faster',
    'met' if ours_ms * 5 <= queen_ms else '**missed**',
    f'{len(queen_pairs)} Queen pairs, {len(queen_pairs) - len(missing)} of them found, {len(extra)} more{extra_gap}')

with open(OUT, 'w') as f:
    f.write('\n'.join(rows) + '\n')
