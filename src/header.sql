-- regional_dev 1.1 install script, concatenated from src/*.sql by the Makefile.
\echo Use "CREATE EXTENSION regional_dev" to load this file. \quit

-- PostGIS and pg_catalog are qualified everywhere below: a hostile search_path
-- at install or call time cannot hijack what regional_dev calls.

-- Every role may use what the extension offers, as with an extension in
-- public: functions are EXECUTE to PUBLIC (PostgreSQL's default), tables
-- SELECT to PUBLIC.  doc/bi.md says how a DBA revokes.
GRANT USAGE ON SCHEMA regional_dev TO PUBLIC;
