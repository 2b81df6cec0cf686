-- Benchmark data, all SYNTHETIC and reproducible: every number is a function
-- of row numbers through PostgreSQL's hashint8extended (stable across runs
-- and machines of one PostgreSQL major version), no random().
-- Sizes come from psql variables: groups (county codes), years, rows (the
-- single big table).
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';

-- A uniform number in [0, 1) from (k, salt).
CREATE FUNCTION bench.u(k bigint, salt bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (pg_catalog.hashint8extended(k, salt) & 16777215) / 16777216.0::float8 $$;

-- County codes: county k (0-based) sits in province k % 31 (the 31 GB/T 2260
-- provinces of the mainland), prefecture slot / 10 + 1, county slot % 10 + 1
-- with slot = k / 31; so any number of groups spreads over all provinces.
CREATE TABLE bench.county AS
SELECT k, adcode(p.prov * 10000 + ((k / 31) / 10 + 1) * 100 + (k / 31) % 10 + 1) AS code,
       adcode(p.prov * 10000) AS province
FROM generate_series(0, :groups - 1) AS k
JOIN (SELECT i - 1 AS i, prov
      FROM unnest('{11,12,13,14,15,21,22,23,31,32,33,34,35,36,37,41,42,43,44,45,46,50,51,52,53,54,61,62,63,64,65}'::int[])
           WITH ORDINALITY AS a(prov, i)) AS p ON p.i = k % 31;
ALTER TABLE bench.county ADD PRIMARY KEY (k);
COMMENT ON TABLE bench.county IS 'SYNTHETIC county codes for the benchmarks (valid GB/T 2260 province parts, invented counties)';

-- The county panel: one row per county and year, ten indicators (wide form,
-- as statistical yearbooks are published), stored year by year (as a panel
-- grows when each year's yearbook is loaded).  GDP grows at a county-specific
-- rate of 3-12 % a year with +-3 % noise; population drifts -1..+2 % a year;
-- the other indicators are county-specific shares of GDP with noise.
CREATE TABLE bench.panel AS
SELECT c.code, c.province, y AS year,
       round(pop0 * power(1 + gp, y - 1990) * (0.99 + 0.02 * bench.u(c.k * 100 + y, 2))) AS population,
       gdp * 1.0 AS gdp,
       gdp * (0.005 + 0.03 * bench.u(c.k, 4)) * (0.9 + 0.2 * bench.u(c.k * 100 + y, 5)) AS rd,
       gdp * (0.25 + 0.30 * bench.u(c.k, 6)) AS industry,
       gdp * (0.30 + 0.30 * bench.u(c.k, 7)) AS services,
       gdp * (0.02 + 0.15 * bench.u(c.k, 8)) AS agriculture,
       pop0 * (0.45 + 0.15 * bench.u(c.k * 100 + y, 9)) AS employment,
       gdp * (0.30 * bench.u(c.k, 10)) * (0.8 + 0.4 * bench.u(c.k * 100 + y, 11)) AS exports,
       gdp * (0.20 + 0.30 * bench.u(c.k * 100 + y, 12)) AS investment,
       gdp * (0.05 + 0.07 * bench.u(c.k, 13)) AS fiscal_revenue
FROM bench.county AS c
CROSS JOIN generate_series(1990, 1989 + :years) AS y
CROSS JOIN LATERAL (SELECT 2e5 * exp(2 * bench.u(c.k, 1)) AS pop0,
                           -0.01 + 0.03 * bench.u(c.k, 3) AS gp) AS p
CROSS JOIN LATERAL (SELECT pop0 * 2000 * exp(1.5 * bench.u(c.k, 14))
                           * power(1.03 + 0.09 * bench.u(c.k, 15), y - 1990)
                           * (0.97 + 0.06 * bench.u(c.k * 100 + y, 16)) AS gdp) AS g
ORDER BY y, c.k;
COMMENT ON TABLE bench.panel IS 'SYNTHETIC county panel: counties x years x 10 indicators (GDP and population in yuan and persons)';

-- The single big table: one row per record (a firm, a patient, a trip), a
-- year, a value (100,000 distinct values), a positive weight, an origin county
-- and a destination county (70 % within 3 slots in the same province, 25 % a
-- neighbour in the next or previous province, 5 % one of 31 provincial
-- capitals, so the number of origin-destination pairs stays bounded), and the
-- origin's province as text (the group label of inequality_agg).
CREATE TABLE bench.single AS
SELECT year, value, weight, o.code AS origin, d.code AS destination, o.province::text AS prov
FROM (SELECT g, 1990 + (g % :years)::int AS year,
             1 + (pg_catalog.hashint8extended(g, 21) & 1048575) % 100000 / 100.0::float8 AS value,
             (1 + (pg_catalog.hashint8extended(g, 22) & 1048575) % 1000)::float8 AS weight,
             (pg_catalog.hashint8extended(g, 23) & 1048575) % :groups AS ko,
             bench.u(g, 24) AS r, (pg_catalog.hashint8extended(g, 25) & 1048575) % 7 - 3 AS step
      FROM generate_series(1, :rows) AS g) AS s
CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.70 THEN ko + 31 * step
                                WHEN r < 0.95 THEN ko + sign(step + 0.5)::int
                                ELSE (pg_catalog.hashint8extended(g, 26) & 1048575) % 31 END AS kd) AS dk
JOIN bench.county AS o ON o.k = s.ko
JOIN bench.county AS d ON d.k = ((dk.kd % :groups) + :groups) % :groups
ORDER BY s.g;
COMMENT ON TABLE bench.single IS 'SYNTHETIC single big table: year, value, weight, origin and destination county per row';

-- Parallel scaling compares 0 and 2 workers on the same tables.
ALTER TABLE bench.single SET (parallel_workers = 2);
ALTER TABLE bench.panel SET (parallel_workers = 2);
VACUUM ANALYZE bench.county;
VACUUM ANALYZE bench.panel;
VACUUM ANALYZE bench.single;
