/*
 * regional_dev.h
 *		Declarations shared by the C files of regional_dev.
 */
#ifndef REGIONAL_DEV_H
#define REGIONAL_DEV_H

#include "postgres.h"
#include "fmgr.h"

#include "compat.h"

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
 * The state argument argno of a transition or merge function, detoasted and
 * safe to change: inside an aggregate it is nodeAgg's and is updated in place;
 * called directly, it is copied first (the aggregate contract, doc/design.md).
 */
extern struct varlena *GetMutableState(FunctionCallInfo fcinfo, int argno);

/* qsort/bsearch comparators of int32 (and Adcode) and of float8 values. */
extern int	CompareInt32(const void *a, const void *b);
extern int	CompareFloat8(const void *a, const void *b);

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
