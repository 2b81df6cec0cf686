/*
 * regional_dev.c
 *		Module entry of regional_dev.  Each type or feature has its own file:
 *		adcode.c, annual_series.c, ...; SQL declarations sit beside them in
 *		src/<feature>.sql.
 */
#include "regional_dev.h"

PG_MODULE_MAGIC;

int
CompareInt32(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

int
CompareFloat8(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

struct varlena *
GetMutableState(FunctionCallInfo fcinfo, int argno)
{
	Datum		d = PG_GETARG_DATUM(argno);
	struct varlena *v = PG_DETOAST_DATUM(d);

	if ((Pointer) v == DatumGetPointer(d) && !AggCheckCallContext(fcinfo, NULL))
		v = PG_DETOAST_DATUM_COPY(d);
	return v;
}
