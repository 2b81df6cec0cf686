/*
 * regional_dev.c
 *		Module entry of regional_dev.  Each type or feature has its own file:
 *		adcode.c, annual_series.c, ...; SQL declarations sit beside them in
 *		src/<feature>.sql.
 */
#include "regional_dev.h"

#include "common/shortest_dec.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

PG_MODULE_MAGIC;

void
AppendFloat8Exact(StringInfo buf, double v)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, digits);
	appendStringInfoString(buf, digits);
}

Datum
JsonbFromCString(const char *json)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(json));
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
