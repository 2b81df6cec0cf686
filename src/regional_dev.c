/*
 * regional_dev.c
 *		Module entry of regional_dev.  Each type or feature has its own file:
 *		adcode.c, annual_series.c, ...; SQL declarations sit beside them in
 *		src/<feature>.sql.
 */
#include "regional_dev.h"

#include "common/shortest_dec.h"
#include "lib/stringinfo.h"

PG_MODULE_MAGIC;

void
AppendShortestDouble(StringInfo buf, double v)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, digits);
	appendStringInfoString(buf, digits);
}
