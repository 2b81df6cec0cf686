/*
 * annual_series.h
 *		Type annual_series: a yearly series (year -> value), also the state
 *		of series_agg and rollup.
 */
#ifndef ANNUAL_SERIES_H
#define ANNUAL_SERIES_H

#include "postgres.h"
#include "fmgr.h"

#include "regional_dev.h"
#include "summary_io.h"

#define ANNUAL_SERIES_VERSION	1	/* layout */
#define SERIES_SEND_VERSION		2	/* binary form: 2 adds the compensation term */
#define SERIES_MIN_YEAR			1
#define SERIES_MAX_YEAR			9999

/* One year; the value is a compensated sum (summary_math.h). */
typedef struct SeriesEntry
{
	int32		year;
	int32		reserved;		/* zero */
	DDouble		sum;
} SeriesEntry;

/* On-disk layout, version 1. */
typedef struct AnnualSeries
{
	int32		vl_len_;		/* varlena header */
	uint8		version;		/* ANNUAL_SERIES_VERSION */
	uint8		flags;			/* zero */
	uint16		reserved;		/* zero */
	int32		n;				/* number of years */
	int32		pad;			/* zero; keeps entries 8-byte aligned */
	SeriesEntry entries[FLEXIBLE_ARRAY_MEMBER];	/* ascending years */
} AnnualSeries;

#define SERIES_SIZE(n)		(offsetof(AnnualSeries, entries) + sizeof(SeriesEntry) * (n))
/*
 * Entries the varlena has room for: n, except for an aggregate's state, which
 * keeps room to grow (derived from the size, so it can never lie).
 */
#define SERIES_ROOM(s)		((int) ((VARSIZE(s) - offsetof(AnnualSeries, entries)) / sizeof(SeriesEntry)))
#define PG_GETARG_ANNUAL_SERIES(n) \
	((AnnualSeries *) SummaryGetArg(fcinfo, (n), ANNUAL_SERIES_VERSION, "annual_series"))

static inline double
SeriesValue(const AnnualSeries *s, int i)
{
	return DDValue(s->entries[i].sum);
}

/* Build a series from n (year, value) pairs in any order; checks every pair. */
extern AnnualSeries *MakeAnnualSeries(int n, const int32 *years, const double *values,
									  const char *what);
/* Index of year in s, or -1. */
extern int	SeriesFind(const AnnualSeries *s, int32 year);

#endif							/* ANNUAL_SERIES_H */
