#!/usr/bin/python3
"""Spatial statistics of regional_dev against references computed here.

The reference is written from the published formulas (Cliff and Ord 1981 for
Moran's I and Geary's C under normality and randomization; Getis and Ord 1992
for General G; Anselin 1995 for local Moran; Ord and Getis 1995 for G_i and
G_i*; Benjamini and Hochberg 1995 for the FDR cut-off), with numpy on the dense
weights matrix, in the conventions of PySAL's esda (which is not packaged in
Debian).  libpysal (Debian's python3-libpysal) is the second reference for the
weights: it row-standardizes the raw pairs itself and gives S0, S1, S2.
Geodesic distances for k nearest neighbours and distance bands come from
pyproj (Karney's algorithm, WGS84), independently of the extension's Vincenty.

Everything must match to 1e-12 relative (|a - b| <= 1e-12 max(|a|, |b|, 1));
permutation inference: the same seed gives the same answer, and 9999
permutations agree with the randomization moments (mean within 5 standard
errors, variance within 10 %).

Connects with the libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE) to a
database with regional_dev installed.  Prints one "ok"/"FAIL" line per check
and "N passed, M failed, 0 skipped"; exit status 1 on a failure.
"""
import math
import sys
import warnings

import numpy as np
import psycopg

warnings.filterwarnings("ignore")
import libpysal  # noqa: E402
from pyproj import Geod  # noqa: E402

TOL = 1e-12
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}")


def close(a, b, tol=TOL):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(b, float) and math.isnan(b):
        return a is None
    return abs(a - b) <= tol * max(abs(a), abs(b), 1.0)


def compare(name, got, want):
    bad = [k for k in want if not close(got.get(k), want[k])]
    check(not bad, f"{name}: " + (", ".join(f"{k} {got.get(k)!r} != {want[k]!r}" for k in bad) if bad else
                                  f"{len(want)} values within {TOL:g}"))


def upper_tail(z):
    return 0.5 * math.erfc(abs(z) / math.sqrt(2.0))


# ---------- reference statistics (numpy, dense W) ----------

def sums(W):
    s0 = W.sum()
    s1 = 0.5 * ((W + W.T) ** 2).sum()
    s2 = ((W.sum(1) + W.sum(0)) ** 2).sum()
    return s0, s1, s2


def moran_ref(y, W):
    n = len(y)
    z = y - y.mean()
    s0, s1, s2 = sums(W)
    m2 = (z * z).sum()
    m4 = (z ** 4).sum()
    I = n / s0 * (z @ W @ z) / m2
    EI = -1.0 / (n - 1)
    VIn = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0) - EI * EI
    k = (m4 / n) / (m2 / n) ** 2
    A = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0)
    B = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
    VIr = (A - B) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - EI * EI
    zn = (I - EI) / math.sqrt(VIn)
    zr = (I - EI) / math.sqrt(VIr)
    return dict(i=I, ei=EI, vi_norm=VIn, sei_norm=math.sqrt(VIn), z_norm=zn, p_norm=2 * upper_tail(zn),
                vi_rand=VIr, sei_rand=math.sqrt(VIr), z_rand=zr, p_rand=2 * upper_tail(zr))


def geary_ref(y, W):
    n = len(y)
    z = y - y.mean()
    s0, s1, s2 = sums(W)
    m2 = (z * z).sum()
    diff = (y[:, None] - y[None, :]) ** 2
    C = (n - 1) * (W * diff).sum() / (2 * s0 * m2)
    k = ((z ** 4).sum() / n) / (m2 / n) ** 2
    A = (n - 1) * s1 * (n * n - 3 * n + 3 - (n - 1) * k)
    B = 0.25 * ((n - 1) * s2 * (n * n + 3 * n - 6 - (n * n - n + 2) * k))
    Cc = s0 * s0 * (n * n - 3 - (n - 1) ** 2 * k)
    VCr = (A - B + Cc) / (n * (n - 2) * (n - 3) * s0 * s0)
    VCn = ((2 * s1 + s2) * (n - 1) - 4 * s0 * s0) / (2 * (n + 1) * s0 * s0)
    zn = (C - 1) / math.sqrt(VCn)
    zr = (C - 1) / math.sqrt(VCr)
    return dict(c=C, ec=1.0, vc_norm=VCn, sec_norm=math.sqrt(VCn), z_norm=zn, p_norm=2 * upper_tail(zn),
                vc_rand=VCr, sec_rand=math.sqrt(VCr), z_rand=zr, p_rand=2 * upper_tail(zr))


def g_ref(y, W):
    n = len(y)
    s0, s1, s2 = sums(W)
    den = y.sum() ** 2 - (y * y).sum()
    G = (y @ W @ y) / den
    EG = s0 / (n * (n - 1))
    b0 = (n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0
    b1 = -((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
    b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s0 * s0)
    b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s0 * s0
    b4 = s1 - s2 + s0 * s0
    S1, S2, S3, S4 = y.sum(), (y ** 2).sum(), (y ** 3).sum(), (y ** 4).sum()
    EG2 = (b0 * S2 ** 2 + b1 * S4 + b2 * S1 ** 2 * S2 + b3 * S1 * S3 + b4 * S1 ** 4) / \
        (den ** 2 * n * (n - 1) * (n - 2) * (n - 3))
    VG = EG2 - EG * EG
    zn = (G - EG) / math.sqrt(VG)
    return dict(g=G, eg=EG, vg=VG, seg=math.sqrt(VG), z_norm=zn, p_norm=upper_tail(zn))


def local_moran_ref(y, W):
    n = len(y)
    z = (y - y.mean()) / y.std()
    lag = W @ z
    I = (n - 1) * z * lag / (z * z).sum()
    quad = ["HH" if zi > 0 and li > 0 else "HL" if zi > 0 else "LH" if li > 0 else "LL" for zi, li in zip(z, lag)]
    return I, quad


def local_g_ref(y, Wt, star):
    """Wt: transformed weights, with the diagonal for G_i*."""
    n = len(y)
    out = []
    for i in range(n):
        w = Wt[i]
        N = n if star else n - 1
        others = y if star else np.delete(y, i)
        tot = others.sum()
        ybar = tot / N
        s2 = (others ** 2).sum() / N - ybar ** 2
        W_i = w.sum()
        S_i = (w * w).sum()
        G = (w @ y) / tot
        E = W_i / N
        V = (N * S_i - W_i ** 2) / ((N - 1) * N * N) * s2 / ybar ** 2
        Z = (G - E) / math.sqrt(V)
        out.append(dict(g=G, eg=E, vg=V, z=Z, p_norm=upper_tail(Z)) if W_i > 0 else None)
    return out


def fdr_ref(p, alpha):
    p = np.sort(np.asarray(p))[::-1]
    n = len(p)
    cut = np.arange(n, 0, -1) * alpha / n
    hit = np.where(p < cut)[0]
    return alpha / n if len(hit) == 0 else cut[hit[0]]


# ---------- the extension ----------

conn = psycopg.connect(autocommit=True)
conn.execute("SET search_path = public, regional_dev")
conn.execute("SET client_min_messages = warning")


def q(sql, params=None):
    return conn.execute(sql, params).fetchall()


def dense(weights_sql, codes, params=None):
    idx = {c: i for i, c in enumerate(codes)}
    W = np.zeros((len(codes), len(codes)))
    for a, b, w in q(f"SELECT code_a::text, code_b::text, weight FROM spatial_weights_pairs({weights_sql})", params):
        W[idx[a], idx[b]] = w
    return W


def row(sql, params=None):
    cur = conn.execute(sql, params)
    names = [d.name for d in cur.description]
    return dict(zip(names, cur.fetchone()))


def run_case(name, codes, y, wsql, wparams=(), star_ok=True):
    """All statistics of regional_dev over the weights wsql (a SQL expression
    with %s parameters wparams) against the references."""
    W = dense(wsql, codes, wparams)
    args = (codes, list(map(float, y))) + tuple(wparams)
    compare(f"{name}: morans_i", row(f"SELECT * FROM morans_i(%s::adcode[], %s, {wsql}, 0)", args),
            moran_ref(y, W))
    compare(f"{name}: gearys_c", row(f"SELECT * FROM gearys_c(%s::adcode[], %s, {wsql}, 0)", args),
            geary_ref(y, W))
    compare(f"{name}: getis_ord_g", row(f"SELECT * FROM getis_ord_g(%s::adcode[], %s, {wsql}, 0)", args),
            g_ref(y, W))
    I, quad = local_moran_ref(y, W)
    island = W.sum(1) == 0
    got = q(f"SELECT ii, quadrant FROM local_morans_i(%s::adcode[], %s, {wsql}, 9) ORDER BY code", args)
    order = np.argsort(codes)
    # a region without neighbours: NULLs (esda: 0 and a quadrant by the sign of z)
    bad = [codes[i] for k, i in enumerate(order)
           if not ((got[k][0] is None and got[k][1] is None) if island[i]
                   else (close(got[k][0], I[i]) and got[k][1] == quad[i]))]
    check(not bad, f"{name}: local_morans_i I_i and quadrants of {len(codes)} regions" +
          (f" differ for {bad[:5]}" if bad else ""))
    for star in (False, True):
        Wt = W.copy()
        if star:
            # G_i*: each region its own neighbour, weight 1 before the transform
            raw = dense(f"spatial_weights_transform({wsql}, 'O')", codes, wparams)
            np.fill_diagonal(raw, 1.0)
            t = q(f"SELECT substr(({wsql})::text, 1, 1)", wparams)[0][0]
            if t == "B":
                raw = (raw > 0).astype(float)
            elif t == "R":
                raw = raw / raw.sum(1)[:, None]
            Wt = raw
        want = local_g_ref(y, Wt, star)
        got = q(f"SELECT code::text, g, eg, vg, z, p_norm, label FROM local_getis_ord_g(%s::adcode[], %s, {wsql}, %s, 9)",
                args + (star,))
        pos = {c: i for i, c in enumerate(codes)}
        bad = []
        for c, g, eg, vg, z, p, label in got:
            ref = want[pos[c]]
            if not star and island[pos[c]]:
                if (g, eg, vg, z, p, label) != (None,) * 6:
                    bad.append(c)
                continue
            ok = all(close(v, ref[k]) for v, k in ((g, "g"), (eg, "eg"), (vg, "vg"), (z, "z"), (p, "p_norm")))
            ok = ok and label == ("hot" if ref["z"] > 0 else "cold")
            if not ok:
                bad.append(c)
        check(not bad and len(got) == len(codes),
              f"{name}: local_getis_ord_g star={star} (G, E, V, z, p_norm, label)" + (f" differ for {bad[:5]}" if bad else ""))


# 1. A 6 x 6 lattice (codes 650101 .., row by row), rook pairs with random
#    positive weights, values from a seeded generator: transforms R, B and O.
rng = np.random.default_rng(20261206)
side = 6
lat_codes = [str(650101 + r * side + c) for r in range(side) for c in range(side)]
pa, pb, pw = [], [], []
for r in range(side):
    for c in range(side):
        for dr, dc in ((0, 1), (1, 0)):
            if r + dr < side and c + dc < side:
                pa.append(lat_codes[r * side + c])
                pb.append(lat_codes[(r + dr) * side + c + dc])
                pw.append(float(rng.integers(1, 10)))
y_lat = rng.lognormal(3.0, 0.6, side * side)
for t in ("R", "B", "O"):
    run_case(f"lattice, weighted pairs, transform {t}", lat_codes, y_lat,
             "pair_weights(%s::adcode[], %s::adcode[], %s::adcode[], %s::float8[], %s)",
             (lat_codes, pa, pb, pw, t))

# libpysal as the second reference for the weights: its W from the raw pairs,
# row-standardized by libpysal, against the extension's R weights.
neigh = {c: [] for c in lat_codes}
wts = {c: [] for c in lat_codes}
for a, b, w in zip(pa, pb, pw):
    neigh[a].append(b); wts[a].append(w)
    neigh[b].append(a); wts[b].append(w)
lw = libpysal.weights.W(neigh, wts, id_order=lat_codes)
lw.transform = "r"
Wl = lw.full()[0]
Wx = dense("pair_weights(%s::adcode[], %s::adcode[], %s::adcode[], %s::float8[], 'R')", lat_codes,
           (lat_codes, pa, pb, pw))
check(np.all(np.abs(Wl - Wx) <= TOL * np.maximum(np.abs(Wl), 1)),
      "lattice: row-standardized weights equal libpysal's W.transform = 'r'")
s0, s1, s2 = sums(Wx)
check(close(s0, lw.s0) and close(s1, lw.s1) and close(s2, lw.s2), "lattice: S0, S1, S2 equal libpysal's")
got = row("SELECT * FROM morans_i(%s::adcode[], %s, pair_weights(%s::adcode[], %s::adcode[], %s::adcode[], %s::float8[]), 0)",
          (lat_codes, list(y_lat), lat_codes, pa, pb, pw))
z = y_lat - y_lat.mean()
lag = libpysal.weights.lag_spatial(lw, z)
check(close(got["i"], len(z) / lw.s0 * (z @ lag) / (z @ z)), "lattice: Moran's I from libpysal's lag_spatial")

# 2. The 32 shipped districts, synthetic values (the demo's rule is not needed:
#    any values do), over contiguity (queen-like, rook-like), k nearest, distance band.
codes = [r[0] for r in q("SELECT code::text FROM region ORDER BY code")]
y = np.array([1.0 + (int(c) * 7919 % 1000) / 10.0 for c in codes])
run_case("districts, contiguity_weights R", codes, y, "contiguity_weights(%s::adcode[])", (codes,))
run_case("districts, contiguity_weights rook 2 km B", codes, y,
         "contiguity_weights(%s::adcode[], 200, 2000, 'B')", (codes,))
run_case("districts, knn_weights 4 R", codes, y, "knn_weights(%s::adcode[], 4)", (codes,))
run_case("districts, distance_band_weights 40 km B", codes, y, "distance_band_weights(%s::adcode[], 40000)", (codes,))

# Rook-like: exactly the pairs of region_neighbors(200) with shared_border_m >= 2000.
want = {(a, b) for a, b in q("SELECT a::text, b::text FROM region_neighbors(200) WHERE shared_border_m >= 2000")}
want |= {(b, a) for a, b in want}
got = {(a, b) for a, b, _ in q("SELECT code_a::text, code_b::text, weight FROM spatial_weights_pairs(contiguity_weights(%s::adcode[], 200, 2000))", (codes,))}
check(got == want, f"rook-like contiguity: the {len(want) // 2} pairs of region_neighbors(200) sharing >= 2 km")

# k nearest and distance band against pyproj's geodesics between the centroids.
geod = Geod(ellps="WGS84")
pts = {c: (x, yy) for c, x, yy in q("SELECT code::text, ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM region")}
dist = {(a, b): geod.inv(*pts[a], *pts[b])[2] for a in codes for b in codes if a != b}
for k in (1, 4, 7):
    want = set()
    for a in codes:
        near = sorted((dist[(a, b)], b) for b in codes if b != a)[:k]
        want |= {(a, b) for _, b in near}
    got = {(a, b) for a, b, _ in q("SELECT code_a::text, code_b::text, weight FROM spatial_weights_pairs(knn_weights(%s::adcode[], %s))", (codes, k))}
    check(got == want, f"knn_weights k={k}: the k nearest centroids by pyproj's WGS84 geodesic")
for d in (15000.0, 40000.0):
    want = {(a, b) for (a, b), v in dist.items() if v <= d}
    got = {(a, b) for a, b, _ in q("SELECT code_a::text, code_b::text, weight FROM spatial_weights_pairs(distance_band_weights(%s::adcode[], %s))", (codes, d))}
    check(got == want, f"distance_band_weights {d:g} m: the pairs within it by pyproj's WGS84 geodesic")
# Given points: the same as centroids when the centroids are passed.
lon = [pts[c][0] for c in codes]
lat = [pts[c][1] for c in codes]
a = q("SELECT knn_weights(%s::adcode[], 4)::text", (codes,))[0][0]
b = q("SELECT knn_weights(%s::adcode[], %s, %s, 4)::text", (codes, lon, lat))[0][0]
check(a == b, "knn_weights on given points equals knn_weights on the centroids passed as points")

# 3. The global aggregate morans_i(code, value) and the new form agree.
conn.execute("CREATE TEMP TABLE v (code adcode, value float8)")
with conn.cursor() as cur:
    cur.executemany("INSERT INTO v VALUES (%s, %s)", list(zip(codes, map(float, y))))
old = row("SELECT (morans_i(code, value)).* FROM v")
new = row("SELECT * FROM morans_i(%s::adcode[], %s, contiguity_weights(%s::adcode[]), 0)", (codes, list(y), codes))
check(all(close(old[a], new[b]) for a, b in (("i", "i"), ("expected", "ei"), ("variance", "vi_norm"),
                                            ("z", "z_norm"), ("p_value", "p_norm"))),
      "morans_i(code, value) equals morans_i(codes, vals, contiguity_weights(codes))")
agg = q("SELECT r.code::text, r.ii, r.z, r.p_value, r.quadrant FROM (SELECT local_morans_i(code, value) AS a FROM v) s, unnest(s.a) r ORDER BY 1")
srf = q("SELECT code::text, ii, z, p_value, quadrant FROM local_morans_i(%s::adcode[], %s) ORDER BY 1", (codes, list(y)))
check(agg == srf, "the aggregate local_morans_i(code, value) returns the rows of local_morans_i(codes, vals)")

# 4. Permutations: the same seed gives the same answer; another seed other
#    draws; 9999 permutations agree with the randomization moments.
args = (codes, list(y), codes)
for fn, e, v in (("morans_i", "ei", "vi_rand"), ("gearys_c", "ec", "vc_rand"), ("getis_ord_g", "eg", "vg")):
    sim = {"morans_i": ("ei_sim", "vi_sim"), "gearys_c": ("ec_sim", "vc_sim"), "getis_ord_g": ("eg_sim", "vg_sim")}[fn]
    wexpr = "contiguity_weights(%s::adcode[])" if fn != "getis_ord_g" else "contiguity_weights(%s::adcode[], transform => 'B')"
    r1 = row(f"SELECT * FROM {fn}(%s::adcode[], %s, {wexpr}, 999, 7)", args)
    r2 = row(f"SELECT * FROM {fn}(%s::adcode[], %s, {wexpr}, 999, 7)", args)
    r3 = row(f"SELECT * FROM {fn}(%s::adcode[], %s, {wexpr}, 999, 8)", args)
    check(r1 == r2 and r1[sim[0]] != r3[sim[0]], f"{fn}: same seed, same answer; another seed, other draws")
    big = row(f"SELECT * FROM {fn}(%s::adcode[], %s, {wexpr}, 9999, 1)", args)
    se = math.sqrt(big[v] / 9999)
    check(abs(big[sim[0]] - big[e]) <= 5 * se and abs(big[sim[1]] / big[v] - 1) <= 0.1,
          f"{fn}: 9999 permutations: mean {big[sim[0]]:.6f} vs {big[e]:.6f} (se {se:.2g}), variance {big[sim[1]]:.4g} vs {big[v]:.4g}")
    p = big["p_sim"]
    check(0 < p <= 0.5 and abs(p * 10000 - round(p * 10000)) < 1e-9, f"{fn}: p_sim is (larger + 1)/(9999 + 1), folded")

# 4b. Conditional permutations against their exact distribution: 8 cells in a
#     ring plus two chords, unequal weights as given (transform O, so each drawn
#     region takes the weight of the neighbour it stands in for), values from a
#     seeded generator.  For every region, all ordered draws of its neighbours
#     from the 7 others are enumerated; the folded pseudo p-value of 99999
#     permutations must lie within 4 standard errors of the exact one.
import itertools  # noqa: E402
ring = [str(650201 + i) for i in range(8)]
ra = ring + [ring[0], ring[2]]
rb = ring[1:] + [ring[0], ring[4], ring[6]]
rw = [float(v) for v in rng.integers(1, 6, len(ra))]
yr = rng.normal(10.0, 3.0, 8)
wsql = "pair_weights(%s::adcode[], %s::adcode[], %s::adcode[], %s::float8[], 'O')"
Wring = dense(wsql, ring, (ring, ra, rb, rw))
zr = (yr - yr.mean()) / yr.std()
PERMS = 99999


def exact_folded(i, stat):
    nb = [j for j in range(8) if Wring[i, j] > 0]
    wts = [Wring[i, j] for j in nb]
    others = [j for j in range(8) if j != i]
    obs = stat(i, nb, wts)
    draws = list(itertools.permutations(others, len(nb)))
    q_ge = sum(stat(i, d, wts) >= obs for d in draws) / len(draws)
    return min(q_ge, 1 - q_ge), q_ge


def moran_stat(i, nb, wts):
    return zr[i] * sum(w * zr[j] for j, w in zip(nb, wts))


def gstar_stat(i, nb, wts):
    return (yr[i] + sum(w * yr[j] for j, w in zip(nb, wts))) / yr.sum()


for name, sql, stat in (
        ("local_morans_i", f"SELECT code::text, p_value FROM local_morans_i(%s::adcode[], %s, {wsql}, {PERMS}, 3)", moran_stat),
        ("local_getis_ord_g star", f"SELECT code::text, p_sim FROM local_getis_ord_g(%s::adcode[], %s, {wsql}, true, {PERMS}, 3)", gstar_stat)):
    got = dict(q(sql, (ring, list(yr), ring, ra, rb, rw)))
    bad = []
    for i, c in enumerate(ring):
        pf, q_ge = exact_folded(i, stat)
        se = math.sqrt(max(q_ge * (1 - q_ge), 1e-12) / PERMS)
        if not abs(got[c] - pf) <= 4 * se + 2.0 / PERMS:
            bad.append(f"{c}: {got[c]} vs exact {pf:.5f}")
    check(not bad, f"{name}: p_sim of 99999 conditional permutations within 4 se of the exact folded p (unequal weights)"
          + (f": {bad}" if bad else ""))

# 5. fdr_cutoff against the reference on the local p-values and on fixed lists.
ps = [r[0] for r in q("SELECT p_value FROM local_morans_i(%s::adcode[], %s) WHERE p_value IS NOT NULL", (codes, list(y)))]
for alpha in (0.05, 0.1, 0.5):
    check(close(q("SELECT fdr_cutoff(%s, %s)", (ps, alpha))[0][0], fdr_ref(ps, alpha)), f"fdr_cutoff alpha {alpha}")
fixed = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
check(close(q("SELECT fdr_cutoff(%s, 0.05)", (fixed,))[0][0], fdr_ref(fixed, 0.05)), "fdr_cutoff on a fixed list")

print(f"{passed} passed, {failed} failed, 0 skipped")
sys.exit(1 if failed else 0)
