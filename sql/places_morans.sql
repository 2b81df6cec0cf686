-- places: morans_i(code, value) and morans_i_state.
SET search_path = public, regional_dev;
SET extra_float_digits = 0;

-- Synthetic values: v = code mod 97 + (code mod 13) / 2.  The expected
-- numbers below were computed independently by this /usr/bin/python3 script
-- (Debian python3-libpysal 4.7 for the weights, numpy/scipy for esda.Moran's
-- formulas), with neighbours from PostGIS (regions less than 200 m apart on
-- the spheroid), not from region_neighbors():
--   import subprocess, sys, numpy as np, scipy.stats as st, libpysal
--   def psql(q):
--       out = subprocess.run([sys.argv[1], '-XAt', '-F', ' ', '-c', q], capture_output=True,
--                            text=True, check=True).stdout
--       return [l.split() for l in out.splitlines() if l]
--   codes = [int(r[0]) for r in psql("SELECT code FROM regional_dev.region ORDER BY code")]
--   pairs = [(int(a), int(b)) for a, b in psql(
--       "SELECT a.code, b.code FROM regional_dev.region a JOIN regional_dev.region b "
--       "ON a.code::int < b.code::int AND ST_DWithin(a.geom, b.geom, 0.012) "
--       "AND ST_Distance(a.geom::geography, b.geom::geography) < 200")]
--   value = lambda c: c % 97 + (c % 13) / 2.0
--   def moran(subset):
--       nb = {c: [] for c in sorted(subset)}
--       for a, b in pairs:
--           if a in nb and b in nb: nb[a].append(b); nb[b].append(a)
--       w = libpysal.weights.W(nb, silence_warnings=True); w.transform = 'r'
--       y = np.array([value(c) for c in w.id_order]); n = len(y); z = y - y.mean()
--       wz = np.array([sum(w.weights[c][k] * z[w.id_order.index(j)]
--                          for k, j in enumerate(w.neighbors[c])) for c in w.id_order])
--       I = n / w.s0 * (z @ wz) / (z @ z); EI = -1.0 / (n - 1)
--       VI = (n * n * w.s1 - n * w.s2 + 3 * w.s0 ** 2) / ((n - 1) * (n + 1) * w.s0 ** 2) - EI ** 2
--       zn = (I - EI) / VI ** 0.5
--       return w.islands, I, EI, VI, zn, 2 * st.norm.sf(abs(zn))
--   print(moran(codes)); print(moran([c for c in codes if c // 10000 == 31]))
--   print(moran([c for c in codes if c in (310118, 320509, 330421) or any(
--       (c, m) in pairs or (m, c) in pairs for m in (310118, 320509, 330421))]))
-- printed (run as: python3 script.py /path/to/psql, with PGDATABASE set):
--   all 32:        islands [310151], I 0.33539746536226, EI -0.03225806451612903,
--                  VI 0.012569578554319871, z 3.2792969441208566, p 0.001040660711789788
--   Shanghai (16): islands [310151], I 0.4169736380543859, EI -0.06666666666666667,
--                  VI 0.019060079537988033, z 3.5031612784429984, p 0.00045977099352845343
--   zone and neighbours (13): no island, I -0.0658368268880944, EI -0.08333333333333333,
--                  VI 0.02872895953253096, z 0.10322654513849193, p 0.9177831724716103
CREATE TEMP TABLE expected (name text, i float8, expected float8, variance float8, z float8, p_value float8);
INSERT INTO expected VALUES
	('all 32', 0.33539746536226, -0.03225806451612903, 0.012569578554319871, 3.2792969441208566, 0.001040660711789788),
	('Shanghai', 0.4169736380543859, -0.06666666666666667, 0.019060079537988033, 3.5031612784429984, 0.00045977099352845343),
	('zone and neighbours', -0.0658368268880944, -0.08333333333333333, 0.02872895953253096, 0.10322654513849193, 0.9177831724716103);
CREATE TEMP TABLE zone_and_neighbours AS
SELECT code FROM region WHERE in_demonstration_zone
UNION SELECT n.b FROM region_neighbors() n JOIN region r ON r.code = n.a AND r.in_demonstration_zone
UNION SELECT n.a FROM region_neighbors() n JOIN region r ON r.code = n.b AND r.in_demonstration_zone;
CREATE TEMP TABLE results AS
SELECT 'all 32' AS name, (morans_i(code, code::integer % 97 + (code::integer % 13) / 2.0)).* FROM region
UNION ALL
SELECT 'Shanghai', (morans_i(code, code::integer % 97 + (code::integer % 13) / 2.0)).* FROM region WHERE province = '310000'
UNION ALL
SELECT 'zone and neighbours', (morans_i(code, code::integer % 97 + (code::integer % 13) / 2.0)).*
FROM region WHERE code IN (SELECT code FROM zone_and_neighbours);
SELECT r.name, round(r.i::numeric, 6) AS i, round(r.expected::numeric, 6) AS expected,
       round(r.variance::numeric, 6) AS variance, round(r.z::numeric, 4) AS z, round(r.p_value::numeric, 6) AS p_value,
       abs(r.i - e.i) < 1e-12 AND abs(r.expected - e.expected) < 1e-15 AND abs(r.variance - e.variance) < 1e-14
           AND abs(r.z - e.z) < 1e-11 AND abs(r.p_value / e.p_value - 1) < 1e-9 AS as_python
FROM results r JOIN expected e USING (name) ORDER BY r.name;

-- By hand: three regions that are all neighbours of each other (the zone):
-- w = 1/2 everywhere, and as Σ z = 0 each lag is -z_i / 2, so I = 3/3 x
-- (-Σz²/2)/Σz² = -0.5 = EI = -1/(3-1); S0 = 3, S1 = 3 (three links of
-- (1/2 + 1/2)²), S2 = 3 x (1 + 1)² = 12, VI = (9x3 - 3x12 + 3x9)/(2x4x9) - 1/4
-- = 0: no z or p (NULL).  Two neighbours: z2 = -z1, so I = 2/2 x (2 z1 z2)/(z1² + z2²)
-- = -1 = EI; S0 = 2, S1 = (1 + 1)² = 4, S2 = 2 x (1 + 1)² = 8, VI = (4x4 - 2x8 +
-- 3x4)/(1x3x4) - 1 = 0.  One region: I, EI and VI are all undefined (n - 1 = 0).
SELECT (morans_i(code, code::integer % 97 + (code::integer % 13) / 2.0)).* FROM region WHERE in_demonstration_zone;
SELECT (morans_i(code, code::integer % 97)).* FROM region WHERE code IN ('310118', '320509');
SELECT (morans_i(code, 1)).* FROM region WHERE code = '310118';
-- All values equal (nine districts of Jiangsu): I undefined, EI = -1/8.
SELECT m.i, m.expected, m.z, m.p_value FROM (SELECT (morans_i(code, 5)).* FROM region WHERE province = '320000') AS m;
-- Islands among the regions given keep zero weights (one NOTICE): Chongming
-- has no neighbour at all; Qingpu has none among these.
SELECT (morans_i(code, code::integer % 97)).i IS NOT NULL AS i_defined
FROM region WHERE code IN ('310151', '310118', '310101', '310104', '310105');
-- No region with a neighbour: no I.
SELECT (morans_i(code, code::integer % 97)).* FROM region WHERE code IN ('310151', '310118');

-- NULL rows are skipped; no row used gives NULL; row order does not matter.
SELECT (morans_i(code, v)).i = (SELECT (morans_i(code, code::integer % 97)).i FROM region WHERE province = '330000') AS nulls_skipped
FROM (SELECT code, code::integer % 97 + 0.0 AS v FROM region WHERE province = '330000'
      UNION ALL SELECT NULL, 5 UNION ALL SELECT '320509', NULL) AS t;
SELECT morans_i(code, 1) IS NULL AS no_rows FROM region WHERE false;
SELECT morans_i(code, code::integer % 97 ORDER BY code) = morans_i(code, code::integer % 97 ORDER BY code DESC) AS order_independent
FROM region;

-- The state type: sorted by code whatever the input order; text and binary
-- round trips; jsonb; the support functions called directly.
SELECT s::text, s::text::morans_i_state::text = s::text AS text_round_trip, s::jsonb
FROM (VALUES ('{330421:2.5,310118:1,320509:-3e-05}'::morans_i_state), ('{}'), (' { 310118 : 7 } ')) AS t(s);
SELECT morans_i_trans(morans_i_trans(NULL, '320509', 2), '310118', 1)::text AS transfn,
       morans_i_combine('{310118:1}', '{320509:2,330421:3}')::text AS combine;
CREATE TEMP TABLE state_in (s morans_i_state);
CREATE TEMP TABLE state_out (s morans_i_state);
INSERT INTO state_in VALUES ('{330421:2.5,310118:1,320509:-3e-05}'), ('{}');
\copy state_in TO 'results/morans_i_state.bin' WITH (FORMAT binary)
\copy state_out FROM 'results/morans_i_state.bin' WITH (FORMAT binary)
SELECT s::text FROM state_out;
-- A stored state may be compressed on disk: an aggregate that merges stored
-- states with morans_i_combine starts from such a value, which the function
-- must detoast before reading or changing it (GetMutableState).
CREATE AGGREGATE pg_temp.collect_morans(adcode, float8) (SFUNC = morans_i_trans, STYPE = morans_i_state);
CREATE AGGREGATE pg_temp.merge_morans(morans_i_state) (SFUNC = morans_i_combine, STYPE = morans_i_state);
CREATE TEMP TABLE stored_states (i int, s morans_i_state);
INSERT INTO stored_states
SELECT 1, pg_temp.collect_morans((p * 10000 + 100 + k)::text::adcode, k)
FROM generate_series(11, 12) AS p, generate_series(1, 70) AS k;
INSERT INTO stored_states VALUES (2, '{310118:1}');
SELECT pg_column_size(s) < octet_length(morans_i_state_send(s)) AS compressed FROM stored_states WHERE i = 1;
SELECT m::text = morans_i_combine(a.s, b.s)::text AS merged_right, length(m::text)
FROM (SELECT pg_temp.merge_morans(s ORDER BY i) AS m FROM stored_states) AS agg,
     stored_states AS a, stored_states AS b
WHERE a.i = 1 AND b.i = 2;

-- Bad input.
\set VERBOSITY default
SELECT morans_i(code, v) FROM (VALUES ('310118'::adcode, 1.0::float8), ('310118', 2)) AS t(code, v);
SELECT morans_i(code, v) FROM (VALUES ('310118'::adcode, 1.0::float8), ('110101', 2)) AS t(code, v);
SELECT morans_i(code, v) FROM (VALUES ('310118'::adcode, 'NaN'::float8)) AS t(code, v);
SELECT morans_i(code, v) FROM (VALUES ('310118'::adcode, 'Infinity'::float8)) AS t(code, v);
SELECT morans_i_combine('{310118:1}', '{310118:2}');
SELECT '{310118:1,310118:2}'::morans_i_state;
SELECT '{310118:1,990101:2}'::morans_i_state;
SELECT '{310118:NaN}'::morans_i_state;
SELECT '{310118:1'::morans_i_state;
SELECT '{310118 1}'::morans_i_state;
SELECT '{310118:1} junk'::morans_i_state;
