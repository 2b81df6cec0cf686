-- Step 2b of tools/load_regions.sh: write the reconciled layer (COPY text, hex
-- EWKB, through :'layer_program') and the figures of the reconciliation as JSON
-- (file :'figures'), so that a load into a database in the same state reuses them.
\set copy_layer '\\copy (SELECT code, name_zh, geom FROM layer ORDER BY code) TO PROGRAM ' :'layer_program'
:copy_layer
\pset tuples_only on
\pset format unaligned
\o :figures
SELECT json_build_object(
	'kept', (SELECT count(DISTINCT s.code) FROM src s
	         WHERE s.code IN (SELECT code::text FROM regional_dev.region)),
	'new_codes', (SELECT count(*) FROM raw),
	'made_valid', (SELECT sum(made_valid) FROM raw),
	'merged', (SELECT count(*) FROM raw WHERE polygons > 1),
	'cut_regions', (SELECT count(*) FROM cut),
	'cut_pairs', (SELECT coalesce(sum(n), 0) FROM cut),
	'emptied', (SELECT coalesce(json_agg(code || ' ' || name_zh ORDER BY code), '[]') FROM layer WHERE geom IS NULL),
	'raw_km2', (SELECT round(sum(raw_m2)::numeric / 1e6) FROM layer),
	'final_km2', (SELECT round(sum(ST_Area(geom::geography))::numeric / 1e6) FROM layer),
	'moved_km2', (SELECT round(sum(raw_m2 - coalesce(ST_Area(geom::geography), 0))::numeric / 1e6, 1) FROM layer),
	'most_cut', (SELECT json_build_object('code', code, 'name', name_zh,
	                    'share_pct', round((100 * (1 - ST_Area(geom::geography) / raw_m2))::numeric, 1))
	             FROM layer WHERE geom IS NOT NULL AND raw_m2 > 0
	             ORDER BY 1 - ST_Area(geom::geography) / raw_m2 DESC, code LIMIT 1));
\o
