-- Benchmark harness: server-side timing (clock_timestamp() around EXECUTE),
-- medians of repeated runs, results collected in tables of schema bench.
-- Each row compares our query with a baseline measured in the same run (the
-- two alternate, run by run), so the machine's speed and its load drifts
-- cancel out of the ratio.  Before timing, both queries run once and their
-- results are compared (bench.check): a comparison is only honest when both
-- sides compute the same numbers.
\set ON_ERROR_STOP 1
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
COMMENT ON SCHEMA bench IS 'Benchmark suite of regional_dev (test/bench/run.sh); all data in it is synthetic';

CREATE TABLE bench.result (
	id serial PRIMARY KEY,
	section text NOT NULL,
	name text NOT NULL,
	ours_ms float8 NOT NULL,
	baseline text NOT NULL,
	baseline_ms float8 NOT NULL,
	target text,
	met boolean,
	note text,
	ours_q text,
	baseline_q text
);
COMMENT ON TABLE bench.result IS 'Benchmark rows: medians (ms) of our query and of its baseline, same run (synthetic data)';

CREATE TABLE bench.check (
	id serial PRIMARY KEY,
	name text NOT NULL,
	ok boolean NOT NULL,
	detail text NOT NULL
);
COMMENT ON TABLE bench.check IS 'Equality checks: our result against the baseline''s before they are timed';

CREATE TABLE bench.scaling (
	id serial PRIMARY KEY,
	name text NOT NULL,
	serial_ms float8 NOT NULL,
	parallel_ms float8 NOT NULL,
	serial_min_ms float8 NOT NULL,
	parallel_min_ms float8 NOT NULL,
	workers_launched integer NOT NULL,
	target text,
	met boolean,
	q text
);
COMMENT ON TABLE bench.scaling IS 'Parallel scaling: medians (ms) with 0 and 2 workers per Gather';

CREATE TABLE bench.memory (
	id serial PRIMARY KEY,
	name text NOT NULL,
	nrows bigint NOT NULL,
	groups text NOT NULL,
	state_bytes bigint,
	peak_growth_kb bigint NOT NULL
);
COMMENT ON TABLE bench.memory IS 'Peak resident memory growth (VmHWM) of a fresh backend running one aggregate';

-- Relative difference of two numbers, 0 when both are NULL, 1 when only one is.
CREATE FUNCTION bench.reldiff(a float8, b float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN a IS NULL AND b IS NULL THEN 0
		WHEN a IS NULL OR b IS NULL THEN 1
		WHEN a = b THEN 0
		ELSE abs(a - b) / greatest(abs(a), abs(b))
	END
$$;

-- Run both queries (each returns one float8[]) and record whether they agree
-- element by element within the relative tolerance tol.
CREATE FUNCTION bench.same(name text, ours text, baseline text, tol float8 DEFAULT 1e-9)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	a float8[];
	b float8[];
	worst float8;
	ok boolean;
BEGIN
	EXECUTE ours INTO a;
	EXECUTE baseline INTO b;
	IF a IS NULL OR b IS NULL OR cardinality(a) <> cardinality(b) OR cardinality(a) = 0 THEN
		INSERT INTO bench.check (name, ok, detail)
		VALUES (name, false, format('shapes differ: %s values against %s', cardinality(a), cardinality(b)));
		RETURN false;
	END IF;
	SELECT max(bench.reldiff(x, y)) INTO worst FROM unnest(a, b) AS u(x, y);
	ok := worst <= tol;
	INSERT INTO bench.check (name, ok, detail)
	VALUES (name, ok, format('%s values, largest relative difference %s (tolerance %s)',
	                         cardinality(a), worst, tol));
	RETURN ok;
END $$;

-- Median time of ours and of baseline in ms, alternating runs after one
-- warm-up run of each; ours_setup (untimed) runs before each run of ours.
CREATE FUNCTION bench.time_pair(ours text, baseline text, reps integer, ours_setup text DEFAULT NULL,
                                OUT ours_ms float8, OUT baseline_ms float8)
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	o float8[] := '{}';
	b float8[] := '{}';
BEGIN
	EXECUTE ours;
	EXECUTE baseline;
	FOR i IN 1..reps LOOP
		IF ours_setup IS NOT NULL THEN
			EXECUTE ours_setup;
		END IF;
		t0 := clock_timestamp();
		EXECUTE ours;
		o := o || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
		t0 := clock_timestamp();
		EXECUTE baseline;
		b := b || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
	END LOOP;
	ours_ms := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(o) AS x);
	baseline_ms := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(b) AS x);
END $$;

-- Check, time and record one row.  max_ratio is the target on ours / baseline
-- (NULL: no target); tol NULL skips the equality check (only for baselines
-- that compute something else on purpose, e.g. a plain sum as a speed floor).
CREATE FUNCTION bench.compare(section text, name text, ours text, baseline_name text, baseline text,
                              reps integer, max_ratio float8 DEFAULT NULL, target text DEFAULT NULL,
                              tol float8 DEFAULT 1e-9, note text DEFAULT NULL, ours_setup text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t record;
BEGIN
	IF tol IS NOT NULL THEN
		PERFORM bench.same(name || ' = ' || baseline_name, ours, baseline, tol);
	END IF;
	t := bench.time_pair(ours, baseline, reps, ours_setup);
	INSERT INTO bench.result (section, name, ours_ms, baseline, baseline_ms, target, met, note, ours_q, baseline_q)
	VALUES (section, name, t.ours_ms, baseline_name, t.baseline_ms, target,
	        CASE WHEN max_ratio IS NULL THEN NULL ELSE t.ours_ms / t.baseline_ms <= max_ratio END, note, ours, baseline);
END $$;

-- Workers launched by the Gather of q under the current settings.
CREATE FUNCTION bench.workers_launched(q text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	plan json;
BEGIN
	EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || q INTO plan;
	RETURN coalesce((SELECT sum((m[1])::int) FROM regexp_matches(plan::text, '"Workers Launched": (\d+)', 'g') AS m), 0);
END $$;

-- Parallel scaling of q: medians (and minima) with 0 and with 2 workers per
-- Gather, alternating; the result with 2 workers is checked against the
-- serial one.
-- The table must have parallel_workers = 2 set.
CREATE FUNCTION bench.scale(name text, q text, reps integer, min_speedup float8 DEFAULT 1.6,
                            tol float8 DEFAULT 1e-9)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	s float8[] := '{}';
	p float8[] := '{}';
	serial_result float8[];
	parallel_result float8[];
	w integer;
	ser float8;
	par float8;
BEGIN
	PERFORM set_config('max_parallel_workers_per_gather', '0', true);
	EXECUTE q INTO serial_result;
	PERFORM set_config('max_parallel_workers_per_gather', '2', true);
	EXECUTE q INTO parallel_result;
	w := bench.workers_launched(q);
	PERFORM bench.same(name || ': 2 workers = serial',
	                   format('SELECT %L::float8[]', parallel_result), format('SELECT %L::float8[]', serial_result), tol);
	FOR i IN 1..reps LOOP
		PERFORM set_config('max_parallel_workers_per_gather', '0', true);
		t0 := clock_timestamp();
		EXECUTE q;
		s := s || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
		PERFORM set_config('max_parallel_workers_per_gather', '2', true);
		t0 := clock_timestamp();
		EXECUTE q;
		p := p || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
	END LOOP;
	PERFORM set_config('max_parallel_workers_per_gather', '0', true);
	ser := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(s) AS x);
	par := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(p) AS x);
	INSERT INTO bench.scaling (name, serial_ms, parallel_ms, serial_min_ms, parallel_min_ms, workers_launched, target, met, q)
	VALUES (name, ser, par, (SELECT min(x) FROM unnest(s) AS x), (SELECT min(x) FROM unnest(p) AS x),
	        w, '>= ' || min_speedup || 'x', ser / par >= min_speedup, q);
END $$;
