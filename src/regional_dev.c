/*
 * regional_dev.c
 *		Module entry of regional_dev.  Each type or feature has its own file:
 *		adcode.c, annual_series.c, ...; SQL declarations sit beside them in
 *		src/<feature>.sql.
 */
#include "regional_dev.h"

PG_MODULE_MAGIC;
