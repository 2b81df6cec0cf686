-- Step 3 of tools/load_regions.sh: insert temp table layer (code, name_zh, geom)
-- into regional_dev.region; codes already there keep their row.  The code list
-- has no English names: name holds the Chinese name too.  Prints the count.
WITH ins AS (
	INSERT INTO regional_dev.region (code, name, name_zh, province, in_demonstration_zone, geom)
	SELECT l.code::regional_dev.adcode, l.name_zh, l.name_zh,
	       regional_dev.province(l.code::regional_dev.adcode), false, l.geom
	FROM layer l
	WHERE l.geom IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM regional_dev.region r WHERE r.code::text = l.code)
	RETURNING 1
)
SELECT count(*) FROM ins;
