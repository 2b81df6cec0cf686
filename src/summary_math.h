/*
 * summary_math.h
 *		The arithmetic of every summary type: one compensated sum (double-double,
 *		about 106 bits), checked, so that a sum out of the range of float8
 *		raises 22003 instead of becoming Infinity or NaN.
 *
 * A sum is an unevaluated hi + lo with |lo| <= ulp(hi)/2.  The order in which
 * rows, partial states and parallel workers arrive changes at most lo: the
 * result, rounded once to float8, is the same for every order (short of a sum
 * lying within 2^-100 of a rounding boundary).  Layouts written by 1.0 with a
 * Neumaier sum (s, c) read as (hi, lo): the value is the same hi + lo.
 */
#ifndef SUMMARY_MATH_H
#define SUMMARY_MATH_H

#include "postgres.h"

#include <math.h>

#include "compat.h"

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

/* a * 2^e, exact unless it underflows. */
static inline DDouble
DDScale(DDouble a, int e)
{
	a.hi = ldexp(a.hi, e);
	a.lo = ldexp(a.lo, e);
	return a;
}

static inline double
DDValue(DDouble a)
{
	return a.hi + a.lo;
}

/* The same value with |lo| <= ulp(hi)/2 (1.0's Neumaier sums were not). */
static inline DDouble
DDNormalize(DDouble a)
{
	return DDTwoSum(a.hi, a.lo);
}

/* Both words finite and lo no larger than half an ulp of hi. */
static inline bool
DDValid(DDouble a)
{
	return isfinite(a.hi) && isfinite(a.lo) && a.hi + a.lo == a.hi;
}

/* 22003 "<what>: sum out of range": the one error of a sum that overflows. */
pg_noreturn extern void SumOutOfRange(const char *what);

static inline DDouble
SumChecked(DDouble s, const char *what)
{
	if (unlikely(!isfinite(s.hi) || !isfinite(s.lo)))
		SumOutOfRange(what);
	return s;
}

/* A value from a row: finite, else 22003 naming the function and the argument. */
extern void CheckFiniteArg(double v, const char *funcname, const char *argname);

/* *s += x, or += a sum; 22003 when the result leaves the range of float8. */
static inline void
SumAdd(DDouble *s, double x, const char *what)
{
	*s = SumChecked(DDAddDouble(*s, x), what);
}

static inline void
SumMerge(DDouble *s, DDouble x, const char *what)
{
	*s = SumChecked(DDAdd(*s, x), what);
}

/* A plain float8 a + b (or a * b), checked the same way. */
static inline double
AddChecked(double a, double b, const char *what)
{
	double		r = a + b;

	if (unlikely(!isfinite(r)))
		SumOutOfRange(what);
	return r;
}

/*
 * v clamped to [lo, hi] against rounding noise.  Min/Max would turn a NaN
 * (an overflow upstream) into a bound; here it is 22003.
 */
static inline double
ClampChecked(double v, double lo, double hi, const char *what)
{
	if (unlikely(isnan(v)))
		SumOutOfRange(what);
	return v < lo ? lo : (v > hi ? hi : v);
}

#endif							/* SUMMARY_MATH_H */
