-- Demo dataset, part 0 (tools/demo.sh runs tools/demo_data/*.sql in order), schema demo.
-- Published figures: data/seed_figures.csv (each row names its source).
\set ON_ERROR_STOP 1
DROP SCHEMA IF EXISTS demo CASCADE;
CREATE SCHEMA demo;
-- Readable by every role, like regional_dev's own schema (doc/bi.md): a BI
-- login with no grants reads the demo tables and views created below.
GRANT USAGE ON SCHEMA demo TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA demo GRANT SELECT ON TABLES TO PUBLIC;
CREATE TABLE demo.seed_figures (
	indicator text NOT NULL,
	scope text NOT NULL,
	year text,
	value float8 NOT NULL,
	unit text NOT NULL,
	note text,
	source text NOT NULL
);
COMMENT ON TABLE demo.seed_figures IS 'published figures of the demonstration zone (press release 2024-12-25 and cited sources); not synthetic';
\copy demo.seed_figures FROM 'data/seed_figures.csv' WITH (FORMAT csv, HEADER true)
