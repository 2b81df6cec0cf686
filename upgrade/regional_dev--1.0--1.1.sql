-- regional_dev 1.0 -> 1.1: what ALTER EXTENSION regional_dev UPDATE runs on an
-- existing installation.  Every change made to src/*.sql for 1.1 goes here too,
-- written for a database that has 1.0 (CREATE for new objects, ALTER or
-- DROP + CREATE for changed ones, never CREATE OR REPLACE on a changed
-- signature); test/suites/56_upgrade.sh compares the result with a fresh install.
\echo Use "ALTER EXTENSION regional_dev UPDATE TO '1.1'" to load this file. \quit
