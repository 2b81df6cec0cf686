/*
 * locate.c
 *		locate(point) -> adcode: the region of regional_dev.region that covers
 *		a point, through the backend's cache of prepared region geometries.
 *		On a shared border the smallest code wins; outside every region (sea,
 *		the slivers between separately digitized provinces) the result is NULL.
 */
#include "places.h"

PG_FUNCTION_INFO_V1(locate_ewkb);
Datum
locate_ewkb(PG_FUNCTION_ARGS)
{
	bytea	   *ewkb = PG_GETARG_BYTEA_PP(0);
	double		x,
				y;
	RegionCache *cache;
	int			index;

	PointFromEwkb(ewkb, "locate", "point", &x, &y);
	cache = GetRegionCache();
	index = RegionCacheLocate(cache, x, y, "locate");
	if (index < 0)
		PG_RETURN_NULL();
	PG_RETURN_ADCODE(cache->regions[index].code);
}
