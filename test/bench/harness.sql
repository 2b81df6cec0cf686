-- Benchmark harness: server-side timing (clock_timestamp() around EXECUTE),
-- medians of repeated runs, results collected in bench.result.
-- Each row compares our query with a baseline measured in the same run, so the
-- machine's speed cancels out of the ratio.
\set ON_ERROR_STOP 1
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
CREATE TABLE bench.result (
	id serial PRIMARY KEY,
	name text NOT NULL,
	ours_ms float8 NOT NULL,
	baseline text NOT NULL,
	baseline_ms float8 NOT NULL,
	target text,
	met boolean
);

-- Median execution time of q in milliseconds over reps runs, after one warm-up run.
CREATE FUNCTION bench.median_ms(q text, reps integer) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	times float8[] := '{}';
BEGIN
	EXECUTE q;
	FOR i IN 1..reps LOOP
		t0 := clock_timestamp();
		EXECUTE q;
		times := times || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
	END LOOP;
	RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(times) AS x);
END $$;

-- Time ours and the baseline alternately-paired; record; check = ratio test on ours/baseline.
CREATE FUNCTION bench.compare(name text, ours text, baseline_name text, baseline text,
                              reps integer, max_ratio float8 DEFAULT NULL, target text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	o float8 := bench.median_ms(ours, reps);
	b float8 := bench.median_ms(baseline, reps);
BEGIN
	INSERT INTO bench.result (name, ours_ms, baseline, baseline_ms, target, met)
	VALUES (name, o, baseline_name, b, target,
	        CASE WHEN max_ratio IS NULL THEN NULL ELSE o / b <= max_ratio END);
END $$;
