-- Regional economics toolkit: the API.md signatures, state types of the
-- aggregates (summary types, never internal), volatility and parallel safety.
BEGIN;
SELECT plan(24);

SELECT has_type('regional_dev', t, 'type ' || t)
FROM unnest(ARRAY['shift_share_summary', 'concentration_summary', 'dissimilarity_summary',
                  'dispersion_summary', 'shift_share_components']) AS t;

-- Aggregates as API.md names them, with the state type each keeps.
SELECT is((SELECT aggtranstype::regtype::text FROM pg_aggregate
           WHERE aggfnoid = to_regprocedure(sig)), state, sig || ' keeps a ' || state)
FROM (VALUES
	('regional_dev.shift_share(float8, float8, float8, float8, float8, float8)', 'regional_dev.shift_share_summary'),
	('regional_dev.herfindahl(float8)', 'regional_dev.concentration_summary'),
	('regional_dev.hoover(float8, float8)', 'regional_dev.dissimilarity_summary'),
	('regional_dev.krugman_specialization(float8, float8)', 'regional_dev.dissimilarity_summary'),
	('regional_dev.dispersion_by_year(integer, float8)', 'regional_dev.dispersion_summary')) AS a(sig, state);

-- Results.
SELECT is(pg_get_function_result(to_regprocedure(sig)), res, sig || ' returns ' || res)
FROM (VALUES
	('regional_dev.shift_share(float8, float8, float8, float8, float8, float8)', 'regional_dev.shift_share_components'),
	('regional_dev.herfindahl(float8)', 'double precision'),
	('regional_dev.hoover(float8, float8)', 'double precision'),
	('regional_dev.krugman_specialization(float8, float8)', 'double precision'),
	('regional_dev.dispersion_by_year(integer, float8)', 'regional_dev.annual_series')) AS f(sig, res);
SELECT is((SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
           FROM pg_attribute WHERE attrelid = 'regional_dev.shift_share_components'::regclass AND attnum > 0),
          'national_share double precision, industry_mix double precision, regional_shift double precision',
          'shift_share returns (national_share, industry_mix, regional_shift)');

-- local_morans_i: the API.md form (defaults 999 and 0, STABLE: it reads the
-- boundaries) and the form with explicit neighbour pairs.
SELECT is(pg_get_function_result('regional_dev.local_morans_i(regional_dev.adcode[], float8[], integer, integer)'::regprocedure),
          'TABLE(code regional_dev.adcode, ii double precision, z double precision, p_value double precision, quadrant text)',
          'local_morans_i returns TABLE(code, ii, z, p_value, quadrant)');
SELECT is(pg_get_function_arguments('regional_dev.local_morans_i(regional_dev.adcode[], float8[], integer, integer)'::regprocedure),
          'codes regional_dev.adcode[], vals double precision[], permutations integer DEFAULT 999, seed integer DEFAULT 0',
          'local_morans_i(codes, vals, permutations DEFAULT 999, seed DEFAULT 0)');
SELECT is((SELECT provolatile::text FROM pg_proc WHERE oid = 'regional_dev.local_morans_i(regional_dev.adcode[], float8[], integer, integer)'::regprocedure),
          's', 'local_morans_i is STABLE');
SELECT is(pg_get_function_arguments('regional_dev.local_morans_i_neighbors(regional_dev.adcode[], float8[], regional_dev.adcode[], regional_dev.adcode[], integer, integer)'::regprocedure),
          'codes regional_dev.adcode[], vals double precision[], neighbor_a regional_dev.adcode[], neighbor_b regional_dev.adcode[], permutations integer DEFAULT 999, seed integer DEFAULT 0',
          'local_morans_i_neighbors(codes, vals, neighbor_a, neighbor_b, permutations DEFAULT 999, seed DEFAULT 0)');

-- The state types cast to jsonb for BI tools.
SELECT ok(EXISTS (SELECT FROM pg_cast WHERE castsource = to_regtype(t) AND casttarget = 'jsonb'::regtype),
          t || ' casts to jsonb')
FROM unnest(ARRAY['regional_dev.shift_share_summary', 'regional_dev.concentration_summary',
                  'regional_dev.dissimilarity_summary', 'regional_dev.dispersion_summary']) AS t;

SELECT * FROM finish();
ROLLBACK;
