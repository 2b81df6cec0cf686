/*
 * regional_dev.h
 *		Declarations shared by the C files of regional_dev.
 */
#ifndef REGIONAL_DEV_H
#define REGIONAL_DEV_H

#include "postgres.h"
#include "fmgr.h"

#include <math.h>

/* adcode: a GB/T 2260 code stored as a pass-by-value int4 */
typedef int32 Adcode;

#define DatumGetAdcode(X)		((Adcode) DatumGetInt32(X))
#define AdcodeGetDatum(X)		Int32GetDatum(X)
#define PG_GETARG_ADCODE(n)		DatumGetAdcode(PG_GETARG_DATUM(n))
#define PG_RETURN_ADCODE(x)		return AdcodeGetDatum(x)

/* Administrative levels, ordered so that a higher level is a larger number. */
typedef enum AdLevel
{
	ADLEVEL_NONE = 0,
	ADLEVEL_COUNTY = 1,
	ADLEVEL_PREFECTURE = 2,
	ADLEVEL_PROVINCE = 3
} AdLevel;

/*
 * Neumaier compensated addition: *hi + *lo += x.  Summaries keep (hi, lo) so
 * totals do not depend on the order rows arrive in, in practice.
 */
static inline void
CompensatedAdd(double *hi, double *lo, double x)
{
	double		t = *hi + x;

	if (fabs(*hi) >= fabs(x))
		*lo += (*hi - t) + x;
	else
		*lo += (x - t) + *hi;
	*hi = t;
}

/* Shortest text that reads back as exactly v (as float8out with extra_float_digits = 1). */
struct StringInfoData;
extern void AppendShortestDouble(struct StringInfoData *buf, double v);

/* Validate a code from any source; "what" is the input as written, for the message. */
extern Adcode CheckAdcode(int64 code, const char *what);
extern AdLevel AdcodeLevel(Adcode code);
extern Adcode AdcodeProvince(Adcode code);
extern Adcode AdcodePrefecture(Adcode code);
extern bool AdcodeContains(Adcode a, Adcode b);
extern AdLevel BoundaryLevel(Adcode a, Adcode b);
extern const char *AdLevelName(AdLevel level);
extern AdLevel ParseBoundaryLevel(const char *name, const char *funcname);

#endif							/* REGIONAL_DEV_H */
