-- Demo dataset, part 60 (regional economics toolkit), schema demo.  SYNTHETIC:
-- no district-by-sector or district-per-capita series of the zone is published
-- in data/seed_figures.csv, so these tables are generated here, deterministically,
-- and labelled synthetic everywhere they are shown.  The sector table is
-- calibrated so that the zone's total reproduces the press release's GDP:
-- 472.5 billion CNY in 2023, 5.94 % average annual growth since 2019.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;

-- Value added by district and sector: a base structure and growth rates per
-- district and sector (invented, plausible for the zone: manufacturing-heavy
-- Wujiang, services-heavy Qingpu, Jiashan in between), scaled year by year so
-- the three districts sum to 472.5 / 1.0594^(2023 - year).
CREATE TABLE demo.sector_value_added (
	code adcode NOT NULL,
	sector text NOT NULL,
	year integer NOT NULL,
	value float8 NOT NULL,
	PRIMARY KEY (code, sector, year)
);
COMMENT ON TABLE demo.sector_value_added IS 'SYNTHETIC value added (billion CNY) by district of the demonstration zone, sector and year 2019-2023; zone totals reproduce the published GDP (472.5 in 2023, 5.94 % a year since 2019); district and sector split invented';
COMMENT ON COLUMN demo.sector_value_added.code IS 'district (Qingpu 310118, Wujiang 320509, Jiashan 330421)';
COMMENT ON COLUMN demo.sector_value_added.sector IS 'sector (GB/T 4754 sections grouped into six)';
COMMENT ON COLUMN demo.sector_value_added.year IS 'year';
COMMENT ON COLUMN demo.sector_value_added.value IS 'value added, billion CNY (synthetic)';

WITH base (code, sector, share2019, growth) AS (VALUES
	-- share of the zone's 2019 value added; annual growth before calibration
	('310118'::adcode, 'agriculture',   0.004, -0.010), ('310118', 'manufacturing', 0.090, 0.030),
	('310118', 'construction',  0.020, 0.020), ('310118', 'trade_logistics', 0.080, 0.090),
	('310118', 'finance_real_estate', 0.050, 0.060), ('310118', 'other_services', 0.090, 0.080),
	('320509', 'agriculture',   0.008, -0.020), ('320509', 'manufacturing', 0.260, 0.055),
	('320509', 'construction',  0.025, 0.010), ('320509', 'trade_logistics', 0.080, 0.070),
	('320509', 'finance_real_estate', 0.040, 0.050), ('320509', 'other_services', 0.090, 0.070),
	('330421', 'agriculture',   0.006, 0.000), ('330421', 'manufacturing', 0.090, 0.075),
	('330421', 'construction',  0.012, 0.020), ('330421', 'trade_logistics', 0.025, 0.060),
	('330421', 'finance_real_estate', 0.015, 0.040), ('330421', 'other_services', 0.025, 0.065)
), raw AS (
	SELECT code, sector, y AS year, share2019 * (1 + growth) ^ (y - 2019) AS v
	FROM base, generate_series(2019, 2023) AS y
)
INSERT INTO demo.sector_value_added
SELECT code, sector, year, v / sum(v) OVER (PARTITION BY year) * 472.5 / 1.0594 ^ (2023 - year)
FROM raw;

-- The reference economy (the nation) by sector, for shift-share and
-- specialization: an invented structure and growth, roughly China's shape
-- (primary about 7 %, manufacturing about 27 %, services over half).
CREATE TABLE demo.national_sector_value_added (
	sector text NOT NULL,
	year integer NOT NULL,
	value float8 NOT NULL,
	PRIMARY KEY (sector, year)
);
COMMENT ON TABLE demo.national_sector_value_added IS 'SYNTHETIC reference economy: value added (billion CNY) by sector, 2019-2023, invented with a national-like structure for shift-share and specialization demos';
COMMENT ON COLUMN demo.national_sector_value_added.sector IS 'sector, as in demo.sector_value_added';
COMMENT ON COLUMN demo.national_sector_value_added.year IS 'year';
COMMENT ON COLUMN demo.national_sector_value_added.value IS 'value added, billion CNY (synthetic)';
INSERT INTO demo.national_sector_value_added
SELECT sector, y, v2019 * (1 + growth) ^ (y - 2019)
FROM (VALUES ('agriculture', 7000.0, 0.040), ('manufacturing', 26500, 0.050),
             ('construction', 7000, 0.030), ('trade_logistics', 15000, 0.055),
             ('finance_real_estate', 15500, 0.045), ('other_services', 28000, 0.060)) AS n(sector, v2019, growth),
     generate_series(2019, 2023) AS y;

-- GDP per resident of the 32 shipped districts, 2019-2023: higher near central
-- Shanghai (People's Square, 121.475 E 31.232 N), falling with distance, with
-- faster growth where it is lower (so the districts converge), and a fixed
-- pseudo-random wiggle per district.  Spatially structured on purpose, for the
-- local Moran demo.
CREATE TABLE demo.district_gdp_per_capita (
	code adcode NOT NULL,
	year integer NOT NULL,
	value float8 NOT NULL,
	PRIMARY KEY (code, year)
);
COMMENT ON TABLE demo.district_gdp_per_capita IS 'SYNTHETIC GDP per resident (thousand CNY) of the 32 shipped districts, 2019-2023: falls with distance from central Shanghai, grows faster where lower; invented for the dispersion and local-cluster demos';
COMMENT ON COLUMN demo.district_gdp_per_capita.code IS 'district';
COMMENT ON COLUMN demo.district_gdp_per_capita.year IS 'year';
COMMENT ON COLUMN demo.district_gdp_per_capita.value IS 'GDP per resident, thousand CNY (synthetic)';
WITH d AS (
	SELECT code,
	       ST_Distance(ST_PointOnSurface(geom)::geography, ST_SetSRID(ST_MakePoint(121.475, 31.232), 4326)::geography) / 1000 AS km,
	       ((code::integer::bigint * 7919) % 101) / 100.0 - 0.5 AS wiggle
	FROM regional_dev.region
), lvl AS (
	SELECT code, 250 * exp(-km / 60) + 80 + 20 * wiggle AS v2019 FROM d
)
INSERT INTO demo.district_gdp_per_capita
SELECT code, y, v2019 * (1 + 0.09 - 0.02 * ln(v2019 / 120)) ^ (y - 2019)
FROM lvl, generate_series(2019, 2023) AS y;
