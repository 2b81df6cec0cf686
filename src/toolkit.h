/*
 * toolkit.h
 *		Helpers shared by the regional economics toolkit (structure.c,
 *		dispersion.c): double-double sums and the text form of summary states.
 *
 * Sums in aggregate states are double-double (about 106 bits), so the order in
 * which rows, partial states and parallel workers arrive changes at most the
 * low word: the result, rounded once to float8, is the same for every order
 * (short of a sum lying within 2^-100 of a rounding boundary).
 */
#ifndef TOOLKIT_H
#define TOOLKIT_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "compat.h"
#include "lib/stringinfo.h"

/* An unevaluated sum hi + lo with |lo| <= ulp(hi)/2. */
typedef struct DDouble
{
	float8		hi;
	float8		lo;
} DDouble;

/* a + b exactly, as s + e (Knuth's TwoSum). */
static inline DDouble
DDTwoSum(double a, double b)
{
	DDouble		r;
	double		bb;

	r.hi = a + b;
	bb = r.hi - a;
	r.lo = (a - (r.hi - bb)) + (b - bb);
	return r;
}

/* a + b exactly when |a| >= |b| (or a == 0). */
static inline DDouble
DDQuickTwoSum(double a, double b)
{
	DDouble		r;

	r.hi = a + b;
	r.lo = b - (r.hi - a);
	return r;
}

static inline DDouble
DDAdd(DDouble a, DDouble b)
{
	DDouble		s = DDTwoSum(a.hi, b.hi);
	DDouble		t = DDTwoSum(a.lo, b.lo);

	s.lo += t.hi;
	s = DDQuickTwoSum(s.hi, s.lo);
	s.lo += t.lo;
	return DDQuickTwoSum(s.hi, s.lo);
}

static inline DDouble
DDAddDouble(DDouble a, double b)
{
	DDouble		s = DDTwoSum(a.hi, b);

	s.lo += a.lo;
	return DDQuickTwoSum(s.hi, s.lo);
}

/* a * b exactly, as hi + lo (needs a correctly rounded fma). */
static inline DDouble
DDTwoProd(double a, double b)
{
	DDouble		r;

	r.hi = a * b;
	r.lo = fma(a, b, -r.hi);
	return r;
}

static inline DDouble
DDMul(DDouble a, DDouble b)
{
	DDouble		p = DDTwoProd(a.hi, b.hi);

	p.lo += a.hi * b.lo + a.lo * b.hi;
	return DDQuickTwoSum(p.hi, p.lo);
}

static inline DDouble
DDMulDouble(DDouble a, double b)
{
	DDouble		p = DDTwoProd(a.hi, b);

	p.lo += a.lo * b;
	return DDQuickTwoSum(p.hi, p.lo);
}

/* a / b, to about 106 bits. */
static inline DDouble
DDDivDouble(DDouble a, double b)
{
	double		q1 = a.hi / b;
	DDouble		p = DDTwoProd(q1, b);
	DDouble		s = DDTwoSum(a.hi, -p.hi);

	s.lo -= p.lo;
	s.lo += a.lo;
	return DDQuickTwoSum(q1, (s.hi + s.lo) / b);
}

static inline DDouble
DDNeg(DDouble a)
{
	a.hi = -a.hi;
	a.lo = -a.lo;
	return a;
}

static inline double
DDValue(DDouble a)
{
	return a.hi + a.lo;
}

/* Both words finite and lo no larger than half an ulp of hi. */
static inline bool
DDValid(DDouble a)
{
	return isfinite(a.hi) && isfinite(a.lo) && a.hi + a.lo == a.hi;
}

/*
 * Text form of summary states: "name=value;name=value", fields in a fixed
 * order, double-double values written "hi" or "hi+lo" / "hi-lo", every float
 * in the shortest form that reads back exactly (AppendFloat8Exact).  TkParser reads it strictly,
 * reporting 22P02 with the type name and a detail saying what was expected.
 */
typedef struct TkParser
{
	const char *p;				/* next character */
	const char *orig;			/* whole input, for messages */
	const char *typname;		/* type being read, for messages */
} TkParser;

extern void TkParserInit(TkParser *ps, const char *str, const char *typname);
pg_noreturn extern void TkSyntaxError(TkParser *ps, const char *detail);
extern bool TkAccept(TkParser *ps, const char *literal);
extern void TkExpect(TkParser *ps, const char *literal);
extern void TkExpectField(TkParser *ps, const char *name, bool first);
extern double TkNumber(TkParser *ps);
extern DDouble TkDDouble(TkParser *ps);
extern int64 TkInteger(TkParser *ps, int64 min, int64 max);
extern void TkEnd(TkParser *ps);

extern void TkAppendDDouble(StringInfo buf, DDouble v);

/* A value from a row: must be finite, else 22003 naming the function and argument. */
extern void TkCheckFinite(double v, const char *funcname, const char *argname);

/* "key": v for jsonb casts; NaN is written as null. */
extern void TkAppendJsonNumber(StringInfo buf, const char *key, double v, bool first);

#endif							/* TOOLKIT_H */
