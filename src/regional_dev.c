/*
 * regional_dev.c
 *		Module entry of regional_dev.  Each type or feature has its own file:
 *		adcode.c, annual_series.c, ...; SQL declarations sit beside them in
 *		src/<feature>.sql.
 */
#include "regional_dev.h"

PG_MODULE_MAGIC;

struct varlena *
GetMutableState(FunctionCallInfo fcinfo, int argno)
{
	Datum		d = PG_GETARG_DATUM(argno);
	struct varlena *v = PG_DETOAST_DATUM(d);

	if ((Pointer) v == DatumGetPointer(d) && !AggCheckCallContext(fcinfo, NULL))
		v = PG_DETOAST_DATUM_COPY(d);
	return v;
}
