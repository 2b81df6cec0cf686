-- Demo dataset, part 40: SYNTHETIC cross-boundary flows of the demonstration
-- zone and SYNTHETIC district GDP and population (schema demo).
--
-- Everything below is generated deterministically in SQL: pseudo-random
-- numbers come from md5() of a text key and arithmetic is done in numeric, so
-- every run on every machine gives the same rows.  Where the press release of
-- 2024-12-25 publishes a total (demo.seed_figures), the synthetic rows add up
-- to it exactly: bus passengers 3,846,000; 1,120 loans of 5.768 billion yuan;
-- 116,000 administrative cases; zone GDP 472.5 billion yuan in 2023.  How the
-- totals split between districts is invented.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;

CREATE FUNCTION demo.synthetic_uniform(key text) RETURNS numeric
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$SELECT ((('x' || substr(pg_catalog.md5(key), 1, 8))::bit(32)::bigint + 0.5) / 4294967296)::numeric$$;
COMMENT ON FUNCTION demo.synthetic_uniform(text) IS 'demo data generator: a reproducible pseudo-random number in (0, 1) from md5 of the key';

-- Integers proportional to weights that add up to exactly total (largest remainder).
CREATE FUNCTION demo.synthetic_split(total bigint, keys text[], weights numeric[])
	RETURNS TABLE (key text, amount bigint)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$
	WITH w AS (SELECT k, w FROM unnest(keys, weights) AS u(k, w)),
	q AS (SELECT k, total * w / sum(w) OVER () AS quota FROM w),
	f AS (SELECT k, floor(quota)::bigint AS base, quota - floor(quota) AS frac FROM q),
	r AS (SELECT k, base, row_number() OVER (ORDER BY frac DESC, k) AS rank,
	             total - sum(base) OVER () AS leftover FROM f)
	SELECT k, base + (rank <= leftover)::int FROM r
$$;
COMMENT ON FUNCTION demo.synthetic_split(bigint, text[], numeric[]) IS 'demo data generator: integers proportional to the weights adding up to exactly total (largest remainder method)';

-- The zone and the neighbours the synthetic flows connect.
CREATE TABLE demo.flow_districts (code adcode PRIMARY KEY, in_zone boolean NOT NULL);
INSERT INTO demo.flow_districts VALUES
	('310118', true), ('320509', true), ('330421', true),
	('310117', false), ('310116', false), ('320583', false), ('320506', false), ('330482', false), ('330411', false);
COMMENT ON TABLE demo.flow_districts IS 'districts connected by the SYNTHETIC demo flows: the three zone members and six neighbours';
COMMENT ON COLUMN demo.flow_districts.code IS 'district code';
COMMENT ON COLUMN demo.flow_districts.in_zone IS 'member of the demonstration zone';

-- Ordered pairs with at least one zone member, weighted so that most of the
-- volume crosses a provincial boundary: zone-zone 10, zone-neighbour across a
-- province 4, inside a province 2.
CREATE VIEW demo.flow_pairs AS
SELECT a.code AS origin, b.code AS destination,
       CASE WHEN a.in_zone AND b.in_zone THEN 10
            WHEN boundary_level(a.code, b.code) = 'province' THEN 4
            ELSE 2 END AS weight
FROM demo.flow_districts a JOIN demo.flow_districts b ON a.code <> b.code
WHERE a.in_zone OR b.in_zone;
COMMENT ON VIEW demo.flow_pairs IS 'origin-destination pairs of the SYNTHETIC demo flows with their relative weights';
COMMENT ON COLUMN demo.flow_pairs.origin IS 'origin district';
COMMENT ON COLUMN demo.flow_pairs.destination IS 'destination district';
COMMENT ON COLUMN demo.flow_pairs.weight IS 'relative weight of the pair';

-- Medical insurance settlements: patients insured in origin, treated in destination.
CREATE TABLE demo.medical_settlement (
	month date NOT NULL,
	origin adcode NOT NULL,
	destination adcode NOT NULL,
	amount float8 NOT NULL
);
INSERT INTO demo.medical_settlement
SELECT m::date, p.origin, p.destination,
       round(p.weight * 120 * (0.7 + 0.6 * demo.synthetic_uniform('medical ' || p.origin || p.destination || m::date)))
FROM demo.flow_pairs p, generate_series('2024-01-01'::date, '2024-12-01', '1 month') AS m;
COMMENT ON TABLE demo.medical_settlement IS 'SYNTHETIC: direct settlements of medical insurance per month, origin = district where the patient is insured, destination = district of the hospital or pharmacy (invented numbers)';
COMMENT ON COLUMN demo.medical_settlement.month IS 'month of settlement';
COMMENT ON COLUMN demo.medical_settlement.origin IS 'district where the patient is insured';
COMMENT ON COLUMN demo.medical_settlement.destination IS 'district of the medical institution';
COMMENT ON COLUMN demo.medical_settlement.amount IS 'settled visits (person-times), synthetic';

-- The 8 inter-provincial bus routes, both directions: 3,846,000 passengers in all.
CREATE TABLE demo.bus_passengers (
	route smallint NOT NULL,
	origin adcode NOT NULL,
	destination adcode NOT NULL,
	amount float8 NOT NULL
);
WITH routes (route, a, b) AS (VALUES
	(1, '310118', '320509'), (2, '310118', '330421'), (3, '320509', '330421'), (4, '310118', '330421'),
	(5, '320509', '310118'), (6, '320583', '310118'), (7, '330421', '310116'), (8, '330482', '310116')),
legs AS (
	SELECT route, a::adcode AS origin, b::adcode AS destination FROM routes
	UNION ALL SELECT route, b::adcode, a::adcode FROM routes),
split AS (
	SELECT * FROM demo.synthetic_split(3846000,
		(SELECT array_agg(route || ' ' || origin ORDER BY route, origin) FROM legs),
		(SELECT array_agg(0.5 + demo.synthetic_uniform('bus ' || route || origin) ORDER BY route, origin) FROM legs)))
INSERT INTO demo.bus_passengers
SELECT l.route, l.origin, l.destination, s.amount
FROM legs l JOIN split s ON s.key = l.route || ' ' || l.origin;
COMMENT ON TABLE demo.bus_passengers IS 'SYNTHETIC: passengers of the 8 inter-provincial bus routes per direction, cumulative; the total is the published 3,846,000, the split is invented';
COMMENT ON COLUMN demo.bus_passengers.route IS 'route number (invented)';
COMMENT ON COLUMN demo.bus_passengers.origin IS 'district where the trip starts';
COMMENT ON COLUMN demo.bus_passengers.destination IS 'district where the trip ends';
COMMENT ON COLUMN demo.bus_passengers.amount IS 'passengers, synthetic';

-- 1,120 cross-regional loans of 5.768 billion yuan: lender district -> borrower district.
CREATE TABLE demo.loans (
	loan_id integer PRIMARY KEY,
	origin adcode NOT NULL,
	destination adcode NOT NULL,
	amount float8 NOT NULL
);
-- The lender is any of the nine districts; the borrower is in another
-- province for 85% of the loans, and in the zone when the lender is not.
WITH d AS (SELECT array_agg(code ORDER BY code) AS codes FROM demo.flow_districts),
loan AS (
	SELECT i, d.codes[1 + floor(demo.synthetic_uniform('loan lender ' || i) * 9)::int] AS origin,
	       demo.synthetic_uniform('loan cross ' || i) < 0.85 AS cross_province,
	       demo.synthetic_uniform('loan borrower ' || i) AS pick,
	       -- skewed sizes: exp of an Irwin-Hall approximately normal number
	       0.2 + exp(1.2 * sqrt(3.0) * (demo.synthetic_uniform('loan a ' || i) + demo.synthetic_uniform('loan b ' || i)
	                 + demo.synthetic_uniform('loan c ' || i) + demo.synthetic_uniform('loan d ' || i) - 2)) AS weight
	FROM generate_series(1, 1120) AS i, d),
borrower AS (
	SELECT l.*, (SELECT array_agg(f.code ORDER BY f.code) FROM demo.flow_districts f
	             WHERE f.code <> l.origin AND (province(f.code) <> province(l.origin)) = l.cross_province
	               AND (f.in_zone OR (SELECT o.in_zone FROM demo.flow_districts o WHERE o.code = l.origin))) AS choices
	FROM loan l),
split AS (
	SELECT * FROM demo.synthetic_split(576800,
		(SELECT array_agg(lpad(i::text, 4, '0') ORDER BY i) FROM loan),
		(SELECT array_agg(weight ORDER BY i) FROM loan)))
INSERT INTO demo.loans
SELECT b.i, b.origin, b.choices[1 + floor(b.pick * cardinality(b.choices))::int], s.amount * 10000
FROM borrower b JOIN split s ON s.key = lpad(b.i::text, 4, '0');
COMMENT ON TABLE demo.loans IS 'SYNTHETIC: the 1,120 cross-regional loans of the E-Enterprise Financing platform, 5.768 billion yuan in all (published totals); lender and borrower districts and loan sizes are invented';
COMMENT ON COLUMN demo.loans.loan_id IS 'loan number (invented)';
COMMENT ON COLUMN demo.loans.origin IS 'district of the lending bank';
COMMENT ON COLUMN demo.loans.destination IS 'district of the borrowing firm';
COMMENT ON COLUMN demo.loans.amount IS 'loan amount in yuan, synthetic';

-- 116,000 cross-boundary administrative cases: applicant's district -> handling district.
CREATE TABLE demo.admin_cases (
	origin adcode NOT NULL,
	destination adcode NOT NULL,
	amount float8 NOT NULL,
	PRIMARY KEY (origin, destination)
);
WITH split AS (
	SELECT * FROM demo.synthetic_split(116000,
		(SELECT array_agg(origin || '>' || destination ORDER BY origin, destination) FROM demo.flow_pairs),
		(SELECT array_agg(weight * (0.6 + 0.8 * demo.synthetic_uniform('cases ' || origin || destination)) ORDER BY origin, destination)
		 FROM demo.flow_pairs)))
INSERT INTO demo.admin_cases
SELECT p.origin, p.destination, s.amount
FROM demo.flow_pairs p JOIN split s ON s.key = p.origin || '>' || p.destination;
COMMENT ON TABLE demo.admin_cases IS 'SYNTHETIC: cross-boundary administrative cases handled for applicants of another district, 116,000 in all (published total); the split between districts is invented';
COMMENT ON COLUMN demo.admin_cases.origin IS 'district of the applicant';
COMMENT ON COLUMN demo.admin_cases.destination IS 'district that handled the case';
COMMENT ON COLUMN demo.admin_cases.amount IS 'cases, synthetic';

-- GDP and residents of the 32 districts, 2019 and 2023.  Rough, plausible
-- magnitudes (residents in 10,000, GDP per resident in 10,000 yuan in 2023)
-- with ±8% pseudo-random noise; the growth 2019-2023 is faster where the
-- level is lower (a converging panel).  The three zone members are scaled to
-- the published zone GDP: 472.5 billion yuan in 2023 and 472.5/1.0594^4 in
-- 2019 (average annual growth 5.94%).
CREATE TABLE demo.district_gdp_population (
	code adcode NOT NULL,
	year integer NOT NULL,
	gdp float8 NOT NULL,
	population float8 NOT NULL,
	PRIMARY KEY (code, year)
);
WITH profile (code, residents, per_capita) AS (VALUES
	('310101', 65, 45), ('310104', 111, 23), ('310105', 69, 23), ('310106', 97, 30), ('310107', 123, 11),
	('310109', 70, 11), ('310110', 123, 24), ('310112', 268, 11), ('310113', 224, 8), ('310114', 184, 14),
	('310115', 578, 29), ('310116', 82, 9), ('310117', 196, 9), ('310118', 128, 12), ('310120', 114, 12),
	('310151', 63, 6), ('320505', 84, 14), ('320506', 140, 12), ('320507', 90, 11), ('320508', 95, 8),
	('320509', 155, 15), ('320581', 168, 15), ('320582', 144, 22), ('320583', 212, 24), ('320585', 84, 21),
	('330402', 67, 12), ('330411', 68, 12), ('330421', 66, 12), ('330424', 45, 15), ('330481', 108, 13),
	('330482', 69, 14), ('330483', 84, 14)),
y2023 AS (
	SELECT code::adcode AS code,
	       residents * 10000 * (0.92 + 0.16 * demo.synthetic_uniform('residents ' || code)) AS population,
	       per_capita * 10000 * (0.92 + 0.16 * demo.synthetic_uniform('gdp ' || code)) AS per_capita
	FROM profile),
raw AS (
	SELECT code, population, per_capita * population / 1e9 AS gdp2023,
	       population / (1.004 + 0.012 * demo.synthetic_uniform('growth residents ' || code)) AS population2019,
	       -- annual per-capita growth 9% at 60,000 yuan, less at higher levels
	       power(1.09 - 0.022 * ln(per_capita / 60000) + 0.01 * (demo.synthetic_uniform('growth ' || code) - 0.5), 4) AS growth
	FROM y2023),
scaled AS (
	SELECT r.*, r.gdp2023 / r.growth * r.population2019 / r.population AS gdp2019,
	       CASE WHEN z.in_demonstration_zone THEN 472.5 / sum(r.gdp2023) FILTER (WHERE z.in_demonstration_zone) OVER ()
	            ELSE 1 END AS f2023,
	       CASE WHEN z.in_demonstration_zone THEN 472.5 / power(1.0594, 4)
	            / sum(r.gdp2023 / r.growth * r.population2019 / r.population) FILTER (WHERE z.in_demonstration_zone) OVER ()
	            ELSE 1 END AS f2019
	FROM raw r JOIN regional_dev.region z ON z.code = r.code)
INSERT INTO demo.district_gdp_population
SELECT code, 2023, gdp2023 * f2023, round(population) FROM scaled
UNION ALL
SELECT code, 2019, gdp2019 * f2019, round(population2019) FROM scaled;
-- One GDP for the whole demo: 2023 as in demo.region_gdp (the map; zone members
-- as in demo.district_series, Wujiang published), 2019 of zone members as in
-- demo.district_series; the other districts' 2019 values keep their synthetic growth.
WITH old AS (SELECT code, gdp AS gdp2023 FROM demo.district_gdp_population WHERE year = 2023),
new AS (
	SELECT d.code, d.year,
	       CASE WHEN d.year = 2023 THEN g.gdp ELSE coalesce(s.value, d.gdp * g.gdp / o.gdp2023) END AS gdp
	FROM demo.district_gdp_population d
	JOIN demo.region_gdp g ON g.code = d.code
	JOIN old o ON o.code = d.code
	LEFT JOIN demo.district_series s ON s.code = d.code AND s.year = d.year AND s.indicator = 'gdp')
UPDATE demo.district_gdp_population d SET gdp = n.gdp FROM new n WHERE n.code = d.code AND n.year = d.year;
COMMENT ON TABLE demo.district_gdp_population IS 'SYNTHETIC: GDP and residents of the 32 districts in 2019 and 2023 (plausible magnitudes, invented; the zone members add up to the published zone GDP)';
COMMENT ON COLUMN demo.district_gdp_population.code IS 'district code';
COMMENT ON COLUMN demo.district_gdp_population.year IS 'year';
COMMENT ON COLUMN demo.district_gdp_population.gdp IS 'GDP in billion yuan, synthetic';
COMMENT ON COLUMN demo.district_gdp_population.population IS 'resident population (persons), synthetic';
