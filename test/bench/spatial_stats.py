"""Spatial statistics on the national layer (test/bench/spatial_stats.sh):
regional_dev's global and local statistics against libpysal on the same
weights, same machine, same run.

    spatial_stats.py DBNAME REPS OUT.md

Debian has libpysal but not esda, so the baseline statistics are numpy code
written from esda's algorithms (the published formulas; vectorised over the
permutations as esda's crand is without numba) over libpysal's W built from
the very pairs of regional_dev's weights (libpysal row-standardizes them
itself).  Timed in this process (time.perf_counter), medians of REPS runs
after a warm-up; regional_dev's rows are timed from Python too (the query, its
arrays and its result included).  The deterministic values of both sides are
compared (relative 1e-9) and the row says so.  Writes markdown table rows to
OUT.md.
"""
import statistics
import sys
import time
import warnings

import numpy as np
import psycopg
import scipy.sparse

warnings.filterwarnings("ignore")
import libpysal  # noqa: E402
from libpysal.weights import W  # noqa: E402

DB, REPS, OUT = sys.argv[1], int(sys.argv[2]), sys.argv[3]
PERM = 999
rows = []
conn = psycopg.connect(dbname=DB, autocommit=True)
conn.execute("SET search_path = public, regional_dev")
conn.execute("SET client_min_messages = warning")
conn.execute("SET max_parallel_workers_per_gather = 0")
conn.execute("SET jit = off")  # as the national section: compiling would cost more than the query


def q(sql, params=None):
    return conn.execute(sql, params).fetchall()


def median_ms(fn, reps=REPS):
    result = fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def close(a, b, tol=1e-9):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return bool(np.all(np.abs(a - b) <= tol * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1)))


def row(work, ours, base, ours_ms, base_ms, note):
    rows.append(f"| {work} | {ours} | {base} | {ours_ms:.1f} | {base_ms:.1f} | {ours_ms / base_ms:.3f}x | {note} |")


# The layer and SYNTHETIC values (a hash of the code; no published data).
codes = [r[0] for r in q("SELECT code::text FROM regional_dev.region ORDER BY code")]
n = len(codes)
y = np.array([1.0 + (int(c) * 7919 % 10007) / 100.0 for c in codes])
vals = list(map(float, y))
conn.execute("CREATE TEMP TABLE w AS SELECT contiguity_weights(%s::adcode[]) AS queen, "
             "contiguity_weights(%s::adcode[], transform => 'B') AS queen_b", (codes, codes))
pairs = q("SELECT code_a::text, code_b::text FROM spatial_weights_pairs((SELECT queen FROM w))")
neigh = {c: [] for c in codes}
for a, b in pairs:
    neigh[a].append(b)
wr = W(neigh, id_order=codes, silence_warnings=True)
wr.transform = "r"
wb = W(neigh, id_order=codes, silence_warnings=True)
wb.transform = "b"
Wr, Wb = wr.sparse.tocsr(), wb.sparse.tocsr()
rng = np.random.default_rng(1)


# ---------- baseline: esda's algorithms in numpy over libpysal's W ----------

def sums(w):
    return w.s0, w.s1, w.s2


def moran_np(yv, w, Ws):
    z = yv - yv.mean()
    s0, s1, s2 = sums(w)
    m2 = z @ z
    I = n / s0 * (z @ (Ws @ z)) / m2
    EI = -1 / (n - 1)
    VIn = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0) - EI * EI
    k = ((z ** 4).sum() / n) / (m2 / n) ** 2
    A = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0)
    B = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
    VIr = (A - B) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - EI * EI
    sim = np.array([n / s0 * (p @ (Ws @ p)) / m2 for p in (rng.permutation(z) for _ in range(PERM))])
    larger = (sim >= I).sum()
    larger = min(larger, PERM - larger)
    return I, VIn, VIr, (larger + 1) / (PERM + 1)


def geary_np(yv, w, Ws):
    z = yv - yv.mean()
    s0, s1, s2 = sums(w)
    m2 = z @ z
    den = 2 * s0 * m2
    coo = Ws.tocoo()

    def stat(v):
        return (n - 1) * (coo.data * (v[coo.row] - v[coo.col]) ** 2).sum() / den
    C = stat(yv)
    sim = np.array([stat(rng.permutation(yv)) for _ in range(PERM)])
    larger = (sim >= C).sum()
    larger = min(larger, PERM - larger)
    return C, (larger + 1) / (PERM + 1)


def g_np(yv, w, Ws):
    den = yv.sum() ** 2 - (yv * yv).sum()
    G = yv @ (Ws @ yv) / den
    sim = np.array([p @ (Ws @ p) / den for p in (rng.permutation(yv) for _ in range(PERM))])
    larger = (sim >= G).sum()
    larger = min(larger, PERM - larger)
    return G, (larger + 1) / (PERM + 1)


def crand(card, weights_rows, stat_rows, observed):
    """esda's conditional randomization: one (PERM x max_card) draw of
    positions among the n - 1 others, the first card_i for region i."""
    kmax = max(card)
    rids = np.array([rng.permutation(n - 1)[:kmax] for _ in range(PERM)])
    p = np.ones(n)
    for i in range(n):
        if card[i] == 0:
            p[i] = np.nan
            continue
        ids = rids[:, :card[i]]
        ids = ids + (ids >= i)
        sim = stat_rows(i, ids)
        larger = (sim >= observed[i]).sum()
        larger = min(larger, PERM - larger)
        p[i] = (larger + 1) / (PERM + 1)
    return p


def local_moran_np(yv, Ws):
    z = (yv - yv.mean()) / yv.std()
    lag = Ws @ z
    scale = (n - 1) / (z @ z)
    I = scale * z * lag
    card = np.diff(Ws.indptr)

    def stat(i, ids):
        wi = Ws.data[Ws.indptr[i]:Ws.indptr[i + 1]]
        return scale * z[i] * (z[ids] @ wi)
    return I, crand(card, None, stat, I)


def local_gstar_np(yv, Wb_star):
    """G_i* with binary weights plus the diagonal (esda G_Local, star=True, transform B)."""
    tot = yv.sum()
    N = n
    G = (Wb_star @ yv) / tot
    ybar = tot / N
    s2 = (yv ** 2).sum() / N - ybar ** 2
    Wi = np.asarray(Wb_star.sum(1)).ravel()
    E = Wi / N
    V = Wi * (N - Wi) / ((N - 1) * N * N) * s2 / ybar ** 2
    Z = (G - E) / np.sqrt(V)
    card = np.diff(Wb.indptr)

    def stat(i, ids):
        return (yv[ids].sum(1) + yv[i]) / tot
    return G, Z, crand(card, None, stat, G)


# ---------- the rows ----------

def sql_row(sql, params):
    return q(sql, params)


args = (codes, vals)
# Global statistics, 999 permutations each.
ours_ms, ours = median_ms(lambda: sql_row(
    "SELECT i, vi_norm, vi_rand, p_sim FROM morans_i(%s::adcode[], %s, (SELECT queen FROM w), 999, 1)", args)[0])
base_ms, base = median_ms(lambda: moran_np(y, wr, Wr))
row("global Moran's I, moments and 999 permutations", "`morans_i(codes, vals, weights)`",
    "numpy (esda's algorithm) on libpysal W", ours_ms, base_ms,
    f"I, VI_norm, VI_rand agree: {close(ours[:3], base[:3])}; p_sim {ours[3]} / {base[3]:.3f}")
ours_ms, ours = median_ms(lambda: sql_row(
    "SELECT c, p_sim FROM gearys_c(%s::adcode[], %s, (SELECT queen FROM w), 999, 1)", args)[0])
base_ms, base = median_ms(lambda: geary_np(y, wr, Wr))
row("Geary's C, moments and 999 permutations", "`gearys_c(...)`", "numpy on libpysal W", ours_ms, base_ms,
    f"C agrees: {close(ours[0], base[0])}; p_sim {ours[1]} / {base[1]:.3f}")
ours_ms, ours = median_ms(lambda: sql_row(
    "SELECT g, p_sim FROM getis_ord_g(%s::adcode[], %s, (SELECT queen_b FROM w), 999, 1)", args)[0])
base_ms, base = median_ms(lambda: g_np(y, wb, Wb))
row("General G (binary), moments and 999 permutations", "`getis_ord_g(...)`", "numpy on libpysal W", ours_ms, base_ms,
    f"G agrees: {close(ours[0], base[0])}; p_sim {ours[1]} / {base[1]:.3f}")

# Local statistics, 999 conditional permutations.
ours_ms, ours = median_ms(lambda: sql_row(
    "SELECT ii, p_value FROM local_morans_i(%s::adcode[], %s, (SELECT queen FROM w), 999, 1)", args))
base_ms, base = median_ms(lambda: local_moran_np(y, Wr))
oi = np.array([np.nan if r[0] is None else r[0] for r in ours])
defined = ~np.isnan(oi)
mean_dp = np.nanmean(np.abs(np.array([np.nan if r[1] is None else r[1] for r in ours]) - base[1]))
row(f"local Moran, {n} regions, 999 conditional permutations", "`local_morans_i(codes, vals, weights)`",
    "numpy (esda's crand) on libpysal W", ours_ms, base_ms,
    f"I_i agree: {close(oi[defined], base[0][defined])}; mean absolute p_sim difference {mean_dp:.3f} (other random draws)")
Wstar = (Wb + scipy.sparse.identity(n, format="csr")).tocsr()
ours_ms, ours = median_ms(lambda: sql_row(
    "SELECT g, z FROM local_getis_ord_g(%s::adcode[], %s, (SELECT queen_b FROM w), true, 999, 1)", args))
base_ms, base = median_ms(lambda: local_gstar_np(y, Wstar))
row(f"Getis-Ord G_i*, {n} regions, 999 conditional permutations", "`local_getis_ord_g(..., star => true)`",
    "numpy (esda's G_Local) on libpysal W", ours_ms, base_ms,
    f"G_i*, z agree: {close([r[0] for r in ours], base[0]) and close([r[1] for r in ours], base[1])}")

# Weights: k nearest neighbours between the centroids.
cent = q("SELECT ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM regional_dev.region ORDER BY code")
pts = np.array(cent)
ours_ms, _ = median_ms(lambda: q("SELECT knn_weights(%s::adcode[], 6) IS NOT NULL", (codes,)))
base_ms, kw = median_ms(lambda: libpysal.weights.KNN.from_array(pts, k=6, radius=6371.0088))
row("6 nearest neighbours between the centroids", "`knn_weights(codes, 6)` (WGS84 geodesic)",
    "libpysal KNN.from_array, radius (sphere, KD-tree)", ours_ms, base_ms,
    "centroids computed by each side: ours from the region cache (GEOS), libpysal's from the table (not timed)")

with open(OUT, "w") as f:
    f.write("\n".join(rows) + "\n")
print("\n".join(rows))
