-- Demo dataset, part 10: yearly district series for growth and intensity, the
-- water-quality figures, and a GDP figure for every shipped district (the map).
--
-- Nobody publishes the district series 2019-2023 in full, so most of it is
-- SYNTHETIC, generated here deterministically (no random(): a wiggle in
-- [-1, 1] comes from md5 of a fixed seed string, the code, the indicator and
-- the year).  What it reproduces exactly is what the press release publishes
-- for the zone (demo.seed_figures, press release 2024-12-25):
--   GDP 2023 = 472.5 billion yuan, average annual growth 2019->2023 = 5.94%
--     (so the 2019 total is 472.5 / 1.0594^4),
--   industrial output 2023 = 872.9 billion yuan, growth 8.19% a year,
--   R&D spending 2023 = 4.2% of 2023 GDP.
-- Published district figures (Wujiang GDP 2020-2023, Jiashan GDP 2020-2021)
-- are used as they are and marked synthetic = false.
\set ON_ERROR_STOP 1
SET search_path = public, regional_dev;

CREATE TABLE demo.district_series (
	code adcode NOT NULL,
	indicator text NOT NULL CHECK (indicator IN ('gdp', 'industrial_output', 'rd_spending')),
	year integer NOT NULL,
	value float8 NOT NULL,
	synthetic boolean NOT NULL,
	PRIMARY KEY (code, indicator, year)
);
COMMENT ON TABLE demo.district_series IS 'SYNTHETIC yearly district series 2019-2023 (Qingpu, Wujiang, Jiashan), generated with a fixed seed so that zone totals reproduce the press release (GDP 472.5 and 5.94%/yr, industrial output 872.9 and 8.19%/yr, R&D 4.2% of GDP in 2023); rows with synthetic = false are published district figures';
COMMENT ON COLUMN demo.district_series.code IS 'district code (310118 Qingpu, 320509 Wujiang, 330421 Jiashan)';
COMMENT ON COLUMN demo.district_series.indicator IS 'gdp, industrial_output (enterprises above designated size) or rd_spending; all in billion yuan';
COMMENT ON COLUMN demo.district_series.year IS 'calendar year';
COMMENT ON COLUMN demo.district_series.value IS 'billion yuan';
COMMENT ON COLUMN demo.district_series.synthetic IS 'true: generated (synthetic); false: a published figure from demo.seed_figures';

-- A deterministic wiggle in [-1, 1] (the "fixed seed" is the string below).
CREATE FUNCTION pg_temp.wiggle(key text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT ((('x' || substr(md5('regional_dev demo seed 2024-12-25:' || key), 1, 8))::bit(32)::integer)::float8
	        + 2147483648.0) / 4294967295.0 * 2.0 - 1.0
$$;

-- Zone targets, read from the published figures.
CREATE TEMP TABLE target AS
SELECT max(value) FILTER (WHERE indicator = 'gdp' AND year = '2023') AS gdp_2023,
       max(value) FILTER (WHERE indicator = 'gdp_avg_annual_growth') AS gdp_growth,
       max(value) FILTER (WHERE indicator = 'industrial_output_above_designated_size' AND year = '2023') AS ind_2023,
       max(value) FILTER (WHERE indicator = 'industrial_output_avg_annual_growth') AS ind_growth,
       max(value) FILTER (WHERE indicator = 'rd_intensity' AND year = '2023') AS rd_intensity_2023
FROM demo.seed_figures WHERE scope = 'demonstration_zone';

-- Anchors: published district figures, synthetic choices, and the remainders
-- that make the zone totals exact.  The synthetic constants (billion yuan,
-- fractions) are plausible magnitudes, not statistics.
CREATE TEMP TABLE anchor (code adcode, indicator text, year integer, value float8, synthetic boolean);
-- GDP: Wujiang and Jiashan where published.
INSERT INTO anchor
SELECT CASE scope WHEN 'wujiang' THEN '320509'::adcode ELSE '330421'::adcode END, 'gdp', year::integer, value, false
FROM demo.seed_figures WHERE indicator = 'gdp' AND scope IN ('wujiang', 'jiashan');
-- GDP: synthetic end points, Qingpu as the remainder of the zone totals.
INSERT INTO anchor VALUES ('320509', 'gdp', 2019, 193.5, true),
                          ('330421', 'gdp', 2019, 62.0, true),
                          ('330421', 'gdp', 2023, 84.0, true);
INSERT INTO anchor
SELECT '310118', 'gdp', y.year,
       CASE y.year WHEN 2023 THEN t.gdp_2023 ELSE t.gdp_2023 / (1 + t.gdp_growth) ^ 4 END
       - (SELECT sum(value) FROM anchor a WHERE a.indicator = 'gdp' AND a.year = y.year), true
FROM target t, (VALUES (2019), (2023)) AS y(year);
-- Industrial output: synthetic shares of the zone totals (Qingpu the remainder).
INSERT INTO anchor
SELECT s.code, 'industrial_output', s.year,
       CASE s.year WHEN 2023 THEN t.ind_2023 ELSE t.ind_2023 / (1 + t.ind_growth) ^ 4 END * s.share, true
FROM target t, (VALUES ('320509'::adcode, 2019, 0.58), ('330421', 2019, 0.19), ('310118', 2019, 0.23),
                       ('320509', 2023, 0.56), ('330421', 2023, 0.21), ('310118', 2023, 0.23)) AS s(code, year, share);
-- R&D spending: synthetic district intensities times GDP; in 2023 Wujiang is the
-- remainder of 4.2% of the zone's GDP.
INSERT INTO anchor
SELECT s.code, 'rd_spending', s.year, s.intensity * g.value, true
FROM (VALUES ('310118'::adcode, 2019, 0.038), ('320509', 2019, 0.034), ('330421', 2019, 0.031),
             ('310118', 2023, 0.046), ('330421', 2023, 0.040)) AS s(code, year, intensity)
JOIN anchor g ON g.indicator = 'gdp' AND g.code = s.code AND g.year = s.year;
INSERT INTO anchor
SELECT '320509', 'rd_spending', 2023,
       t.rd_intensity_2023 * t.gdp_2023 - (SELECT sum(value) FROM anchor WHERE indicator = 'rd_spending' AND year = 2023), true
FROM target t;

-- Years between anchors: geometric interpolation times (1 + 1.5% wiggle).
INSERT INTO demo.district_series (code, indicator, year, value, synthetic)
SELECT code, indicator, year, value, synthetic FROM anchor;
INSERT INTO demo.district_series (code, indicator, year, value, synthetic)
SELECT k.code, k.indicator, y.year,
       round((lo.value * (hi.value / lo.value) ^ ((y.year - lo.year)::float8 / (hi.year - lo.year))
              * (1 + 0.015 * pg_temp.wiggle(k.code::text || ':' || k.indicator || ':' || y.year)))::numeric, 3)::float8,
       true
FROM (SELECT DISTINCT code, indicator FROM anchor) AS k
CROSS JOIN generate_series(2019, 2023) AS y(year)
CROSS JOIN LATERAL (SELECT year, value FROM anchor a WHERE a.code = k.code AND a.indicator = k.indicator AND a.year < y.year
                    ORDER BY year DESC LIMIT 1) AS lo
CROSS JOIN LATERAL (SELECT year, value FROM anchor a WHERE a.code = k.code AND a.indicator = k.indicator AND a.year > y.year
                    ORDER BY year LIMIT 1) AS hi
WHERE NOT EXISTS (SELECT 1 FROM anchor a WHERE a.code = k.code AND a.indicator = k.indicator AND a.year = y.year);

-- Share of surface water rated Class III or better: published, two years.
CREATE TABLE demo.water_quality (
	year integer PRIMARY KEY,
	share float8 NOT NULL CHECK (share BETWEEN 0 AND 1)
);
COMMENT ON TABLE demo.water_quality IS 'published (not synthetic): share of surface water of the demonstration zone rated Class III or better, from the press release 2024-12-25 (0.75 at establishment in 2019, 0.981 in 2024)';
COMMENT ON COLUMN demo.water_quality.year IS 'calendar year';
COMMENT ON COLUMN demo.water_quality.share IS 'share of surface water rated Class III or better, as a fraction';
INSERT INTO demo.water_quality
SELECT year::integer, value FROM demo.seed_figures
WHERE indicator = 'surface_water_class_iii_or_better_share' AND scope = 'demonstration_zone';

-- GDP 2023 of every shipped district, for the map.  Zone members come from
-- demo.district_series (Wujiang published, Qingpu and Jiashan synthetic); the
-- others are SYNTHETIC: a plausible magnitude times a deterministic 5% wiggle.
CREATE TABLE demo.region_gdp (
	code adcode PRIMARY KEY,
	year integer NOT NULL,
	gdp float8 NOT NULL,
	synthetic boolean NOT NULL
);
COMMENT ON TABLE demo.region_gdp IS 'GDP 2023 in billion yuan of the 32 shipped districts, SYNTHETIC except Wujiang (published, Suzhou Statistical Yearbook 2024); for the demo map only';
COMMENT ON COLUMN demo.region_gdp.code IS 'district code (regional_dev.region)';
COMMENT ON COLUMN demo.region_gdp.year IS 'calendar year (2023)';
COMMENT ON COLUMN demo.region_gdp.gdp IS 'GDP, billion yuan';
COMMENT ON COLUMN demo.region_gdp.synthetic IS 'true: generated (synthetic); false: published';
INSERT INTO demo.region_gdp
SELECT code, year, value, synthetic FROM demo.district_series WHERE indicator = 'gdp' AND year = 2023;
INSERT INTO demo.region_gdp
SELECT m.code, 2023, round((m.magnitude * (1 + 0.05 * pg_temp.wiggle(m.code::text || ':region_gdp')))::numeric, 1)::float8, true
FROM (VALUES ('310101'::adcode, 300.0), ('310104', 270.0), ('310105', 190.0), ('310106', 280.0),
             ('310107', 130.0), ('310109', 120.0), ('310110', 250.0), ('310112', 300.0),
             ('310113', 190.0), ('310114', 270.0), ('310115', 1670.0), ('310116', 120.0),
             ('310117', 190.0), ('310120', 140.0), ('310151', 40.0),
             ('320505', 180.0), ('320506', 170.0), ('320507', 110.0), ('320508', 110.0),
             ('320581', 290.0), ('320582', 350.0), ('320583', 510.0), ('320585', 180.0),
             ('330402', 90.0), ('330411', 85.0), ('330424', 70.0), ('330481', 140.0),
             ('330482', 110.0), ('330483', 120.0)) AS m(code, magnitude);
