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
 * A Neumaier-compensated sum: s + c is the running total with about twice the
 * precision of a plain double, so sums of many rows barely depend on the order
 * of the rows (parallel plans, rollups).  Summaries store it; accessors fold it.
 */
typedef struct KSum
{
	double		s;
	double		c;
} KSum;

static inline void
KSumAdd(KSum *k, double x)
{
	double		t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

static inline void
KSumMerge(KSum *a, const KSum *b)
{
	KSumAdd(a, b->s);
	if (b->c != 0)
		KSumAdd(a, b->c);
}

static inline double
KSumValue(const KSum *k)
{
	return k->s + k->c;
}

/* Shortest text that reads back as exactly v, whatever extra_float_digits says. */
struct StringInfoData;
extern void AppendFloat8Exact(struct StringInfoData *buf, double v);
extern Datum JsonbFromCString(const char *json);

/*
 * The state argument argno of a transition or merge function, detoasted and
 * safe to change: inside an aggregate it is nodeAgg's and is updated in place;
 * called directly, it is copied first (the aggregate contract, doc/design.md).
 */
extern struct varlena *GetMutableState(FunctionCallInfo fcinfo, int argno);

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
