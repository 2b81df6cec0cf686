-- Demo dataset, part 60 (regional economics toolkit), schema demo.  SYNTHETIC:
-- no district-by-sector series of the zone is published in
-- data/seed_figures.csv, so the sector split is generated here,
-- deterministically, and labelled synthetic everywhere it is shown.  It uses
-- the demo's one GDP per district: each district's sectors add up, year by
-- year, to its GDP in demo.district_series (tools/demo_data/10_series.sql:
-- Wujiang published, the zone total the press release's 472.5 billion yuan in
-- 2023 and 5.94 % a year since 2019).  The GDP per resident of the 32 districts
-- used by the report comes from demo.district_gdp_population (40_flows.sql).
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;

-- Value added by district and sector: a base structure and growth rates per
-- district and sector (invented, plausible for the zone: manufacturing-heavy
-- Wujiang, services-heavy Qingpu, Jiashan in between), scaled so that each
-- district's sectors add up to its GDP of the year in demo.district_series.
CREATE TABLE demo.sector_value_added (
	code adcode NOT NULL,
	sector text NOT NULL,
	year integer NOT NULL,
	value float8 NOT NULL,
	PRIMARY KEY (code, sector, year)
);
COMMENT ON TABLE demo.sector_value_added IS 'SYNTHETIC value added (billion yuan) by district of the demonstration zone, sector and year 2019-2023: the sector split is invented; each district-year adds up to its GDP in demo.district_series (zone: the published 472.5 in 2023, 5.94 % a year since 2019)';
COMMENT ON COLUMN demo.sector_value_added.code IS 'district (Qingpu 310118, Wujiang 320509, Jiashan 330421)';
COMMENT ON COLUMN demo.sector_value_added.sector IS 'sector (GB/T 4754 sections grouped into six)';
COMMENT ON COLUMN demo.sector_value_added.year IS 'year';
COMMENT ON COLUMN demo.sector_value_added.value IS 'value added, billion yuan (synthetic)';

WITH base (code, sector, share2019, growth) AS (VALUES
	-- weight in the district's 2019 value added; annual growth before calibration
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
SELECT r.code, r.sector, r.year, r.v / sum(r.v) OVER (PARTITION BY r.code, r.year) * g.value
FROM raw r
JOIN demo.district_series g ON g.code = r.code AND g.year = r.year AND g.indicator = 'gdp';

-- The reference economy (the nation) by sector, for shift-share and
-- specialization: an invented structure and growth, roughly China's shape
-- (primary about 7 %, manufacturing about 27 %, services over half).
CREATE TABLE demo.national_sector_value_added (
	sector text NOT NULL,
	year integer NOT NULL,
	value float8 NOT NULL,
	PRIMARY KEY (sector, year)
);
COMMENT ON TABLE demo.national_sector_value_added IS 'SYNTHETIC reference economy: value added (billion yuan) by sector, 2019-2023, invented with a national-like structure for shift-share and specialization demos';
COMMENT ON COLUMN demo.national_sector_value_added.sector IS 'sector, as in demo.sector_value_added';
COMMENT ON COLUMN demo.national_sector_value_added.year IS 'year';
COMMENT ON COLUMN demo.national_sector_value_added.value IS 'value added, billion yuan (synthetic)';
INSERT INTO demo.national_sector_value_added
SELECT sector, y, v2019 * (1 + growth) ^ (y - 2019)
FROM (VALUES ('agriculture', 7000.0, 0.040), ('manufacturing', 26500, 0.050),
             ('construction', 7000, 0.030), ('trade_logistics', 15000, 0.055),
             ('finance_real_estate', 15500, 0.045), ('other_services', 28000, 0.060)) AS n(sector, v2019, growth),
     generate_series(2019, 2023) AS y;
