-- The synthetic panel of the scale-out suites.
-- psql variables: panel = the table to create; fill = true to fill it;
-- exact = true for values that are multiples of 1/16, false for values with
-- one or two decimals (as in statistical yearbooks).
-- One row per district and year, one column per indicator: SYNTHETIC figures
-- (deterministic formulas, not statistics) for the 32 shipped districts of
-- Shanghai, Suzhou and Jiaxing (regional_dev.region), 2000-2023.
CREATE TABLE :panel (
	province regional_dev.adcode NOT NULL,	-- partition / grouping key
	province_name text NOT NULL,	-- group label (a text column: see doc/scale-out.md)
	code regional_dev.adcode NOT NULL,		-- district (the Citus distribution column)
	year integer NOT NULL,
	gdp float8,					-- 100 million yuan
	rd_spending float8,			-- 100 million yuan
	population float8,			-- 10,000 residents
	flow_to regional_dev.adcode,	-- another district (origin code -> flow_to)
	flow float8					-- e.g. commuters, 10,000 trips
);
COMMENT ON TABLE :panel IS 'synthetic panel (not statistics) for the scale-out suites: district x year x indicator';

\if :fill
-- Multiples of 1/16 below 2^24: every sum of them is exact in float8, so no
-- result can depend on how rows are split between servers.  Decimals are not
-- exact in binary: see doc/scale-out.md, "Exactness".
INSERT INTO :panel
SELECT province,
	   CASE province::text WHEN '310000' THEN 'Shanghai' WHEN '320000' THEN 'Jiangsu'
		   ELSE 'Zhejiang' END,
	   code, year,
	   CASE WHEN :'exact' THEN round(gdp * 16) / 16 ELSE round(gdp::numeric, 1)::float8 END,
	   CASE WHEN :'exact' THEN round(rd * 16) / 16 ELSE round(rd::numeric, 2)::float8 END,
	   CASE WHEN :'exact' THEN round(pop * 16) / 16 ELSE round(pop::numeric, 2)::float8 END,
	   flow_to,
	   CASE WHEN :'exact' THEN round(flow * 16) / 16 ELSE round(flow::numeric, 2)::float8 END
FROM (SELECT d.province, d.code, y AS year,
			 (150 + (d.i * 73) % 900) * power(1.04 + (d.i % 7) * 0.01, y - 2000) AS gdp,
			 (150 + (d.i * 73) % 900) * power(1.04 + (d.i % 7) * 0.01, y - 2000)
				 * (0.015 + (d.i % 5) * 0.006) AS rd,
			 30 + (d.i * 17) % 120 + (y - 2000) * 0.3 * (d.i % 3) AS pop,
			 e.code AS flow_to,
			 (1 + (d.i + y) % 13) / 3.0 AS flow
	  FROM (SELECT code, province, row_number() OVER (ORDER BY code)::int - 1 AS i
			FROM regional_dev.region) AS d
	  CROSS JOIN generate_series(2000, 2023) AS y
	  JOIN (SELECT code, row_number() OVER (ORDER BY code)::int - 1 AS i
			FROM regional_dev.region) AS e ON e.i = (d.i + 1 + y % 31) % 32) AS raw;
\endif
