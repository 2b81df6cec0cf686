/*
 * summary_math.c
 *		The errors of the summaries' arithmetic (summary_math.h).
 */
#include "postgres.h"

#include "summary_math.h"

void
SumOutOfRange(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s: sum out of range", what),
			 errdetail("A sum exceeds the range of double precision.")));
	pg_unreachable();
}

void
CheckFiniteArg(double v, const char *funcname, const char *argname)
{
	if (unlikely(!isfinite(v)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: %s is not finite", funcname, argname),
				 errdetail("Values must be finite numbers, not %s.",
						   isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))));
}
