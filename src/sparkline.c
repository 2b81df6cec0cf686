/*
 * sparkline.c
 *		sparkline_svg: a small standalone SVG line chart of an annual_series.
 */
#include "svg.h"

#include "annual_series.h"

#include "utils/builtins.h"

/* ----------------------------------------------------------------
 * sparkline_svg
 * ---------------------------------------------------------------- */

#define SPARK_WIDTH		360
#define SPARK_HEIGHT	130
#define SPARK_X0		64.0		/* plot area */
#define SPARK_X1		296.0
#define SPARK_Y0		34.0
#define SPARK_Y1		92.0
#define SPARK_LINE		"#253494"
#define SPARK_MAX		"#e31a1c"
#define SPARK_MIN		"#2c7fb8"

static void
AppendDot(StringInfo out, double x, double y, double r, const char *fill)
{
	appendStringInfoString(out, "<circle cx=\"");
	AppendTenths(out, lrint(x * 10.0));
	appendStringInfoString(out, "\" cy=\"");
	AppendTenths(out, lrint(y * 10.0));
	appendStringInfo(out, "\" r=\"%.1f\" fill=\"%s\"/>", r, fill);
}

/*
 * Path data joining the points: with gaps false, runs of consecutive years
 * (a lone point is a zero-length segment, drawn as a dot by the round cap);
 * with gaps true, the jumps across missing years.
 */
static void
AppendSparkSegments(StringInfo out, const AnnualSeries *s, const double *px, const double *py, bool gaps)
{
	for (int i = 0; i < s->n; i++)
	{
		bool		joined = i > 0 && s->entries[i].year == s->entries[i - 1].year + 1;

		if (gaps ? (i == 0 || joined) : false)
			continue;
		if (gaps || !joined)
		{
			int			from = gaps ? i - 1 : i;

			appendStringInfoChar(out, 'M');
			AppendTenths(out, lrint(px[from] * 10.0));
			appendStringInfoChar(out, ',');
			AppendTenths(out, lrint(py[from] * 10.0));
		}
		appendStringInfoChar(out, 'L');
		AppendTenths(out, lrint(px[i] * 10.0));
		appendStringInfoChar(out, ',');
		AppendTenths(out, lrint(py[i] * 10.0));
	}
	if (out->data[out->len - 1] == '"')
		appendStringInfoString(out, "M0,0");	/* nothing to join */
}

/*
 * A small standalone SVG line chart of a series: years on x (spaced by their
 * value, the line dashed across missing years), values on y (from the
 * smallest to the largest, or a flat line in the middle when all are equal),
 * the first and last values labelled, the largest and smallest marked and
 * explained in a legend line.
 */
static text *
SparklineSvg(const AnnualSeries *s, const char *title, int title_len)
{
	StringInfoData out;
	StringInfoData t;
	int			n = s->n;
	double		vmin = HUGE_VAL,
				vmax = -HUGE_VAL;
	int			imin = 0,
				imax = 0;
	int32		y0 = n > 0 ? s->entries[0].year : 0;
	int32		y1 = n > 0 ? s->entries[n - 1].year : 0;
	double	   *px = palloc(sizeof(double) * Max(n, 1));
	double	   *py = palloc(sizeof(double) * Max(n, 1));
	double		tw;

	for (int i = 0; i < n; i++)
	{
		double		v = SeriesValue(s, i);

		if (v < vmin)
		{
			vmin = v;
			imin = i;
		}
		if (v > vmax)
		{
			vmax = v;
			imax = i;
		}
	}
	for (int i = 0; i < n; i++)
	{
		double		v = SeriesValue(s, i);

		px[i] = (y1 > y0) ? SPARK_X0 + (SPARK_X1 - SPARK_X0) * (s->entries[i].year - y0) / (double) (y1 - y0)
			: (SPARK_X0 + SPARK_X1) / 2.0;
		py[i] = (vmax > vmin) ? SPARK_Y1 - (SPARK_Y1 - SPARK_Y0) * (v - vmin) / (vmax - vmin)
			: (SPARK_Y0 + SPARK_Y1) / 2.0;
	}

	initStringInfo(&t);
	if (title)
		tw = AppendXmlText(&t, title, title_len);
	else if (n > 0)
	{
		appendStringInfo(&t, "%d&#8211;%d", y0, y1);
		tw = 9 * 0.6;
	}
	else
	{
		appendStringInfoString(&t, "empty series");
		tw = 12 * 0.6;
	}

	initStringInfo(&out);
	AppendSvgStart(&out, SPARK_WIDTH, SPARK_HEIGHT, t.data,
				   psprintf("regional_dev sparkline_svg: %d years", n));
	appendStringInfo(&out, "<text x=\"8\" y=\"20\" font-size=\"%.1f\" font-weight=\"bold\" fill=\"#222222\">%s</text>\n",
					 Max(8.0, Min(13.0, (SPARK_WIDTH - 16) / Max(tw, 1.0))), t.data);
	if (n == 0)
	{
		appendStringInfoString(&out, "<text x=\"180\" y=\"68\" font-size=\"12\" text-anchor=\"middle\" fill=\"#555555\">no data</text>\n"
							   "</svg>\n");
		return cstring_to_text_with_len(out.data, out.len);
	}

	/* the line: solid between consecutive years, dashed across missing ones */
	appendStringInfoString(&out, "<path id=\"line\" fill=\"none\" stroke=\"" SPARK_LINE "\" stroke-width=\"2\" "
						   "stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"");
	AppendSparkSegments(&out, s, px, py, false);
	appendStringInfoString(&out, "\"/>\n");
	if (n > 1 && y1 - y0 + 1 > n)
	{
		appendStringInfoString(&out, "<path id=\"gaps\" fill=\"none\" stroke=\"" SPARK_LINE "\" stroke-width=\"1.5\" "
							   "stroke-dasharray=\"4,3\" d=\"");
		AppendSparkSegments(&out, s, px, py, true);
		appendStringInfoString(&out, "\"/>\n");
	}
	appendStringInfoString(&out, "<g id=\"points\">");
	for (int i = 0; i < n; i++)
	{
		StringInfoData tip;

		initStringInfo(&tip);
		appendStringInfo(&tip, "%d: ", s->entries[i].year);
		AppendNumber(&tip, SeriesValue(s, i));
		appendStringInfoString(&out, "<g><title>");
		appendStringInfoString(&out, tip.data);
		appendStringInfoString(&out, "</title>");
		AppendDot(&out, px[i], py[i], 2.5, SPARK_LINE);
		appendStringInfoString(&out, "</g>");
		pfree(tip.data);
	}
	appendStringInfoString(&out, "</g>\n");
	AppendDot(&out, px[imax], py[imax], 4.0, SPARK_MAX);
	AppendDot(&out, px[imin], py[imin], 4.0, SPARK_MIN);
	appendStringInfoChar(&out, '\n');

	/* first and last value beside the line, years under it */
	appendStringInfoString(&out, "<g id=\"labels\" font-size=\"11\" fill=\"#222222\">");
	AppendTextAt(&out, SPARK_X0 - 8, py[0] + 4, "text-anchor=\"end\"");
	AppendNumber(&out, SeriesValue(s, 0));
	appendStringInfoString(&out, "</text>");
	if (n > 1)
	{
		AppendTextAt(&out, SPARK_X1 + 8, py[n - 1] + 4, "text-anchor=\"start\"");
		AppendNumber(&out, SeriesValue(s, n - 1));
		appendStringInfoString(&out, "</text>");
	}
	AppendTextAt(&out, px[0], SPARK_Y1 + 16, "text-anchor=\"middle\" fill=\"#555555\"");
	appendStringInfo(&out, "%d</text>", y0);
	if (n > 1)
	{
		AppendTextAt(&out, px[n - 1], SPARK_Y1 + 16, "text-anchor=\"middle\" fill=\"#555555\"");
		appendStringInfo(&out, "%d</text>", y1);
	}
	appendStringInfoString(&out, "</g>\n");

	/* legend: what the coloured dots are */
	appendStringInfoString(&out, "<g id=\"legend\" font-size=\"10\" fill=\"#555555\">");
	AppendDot(&out, 12, 122, 4.0, SPARK_MAX);
	AppendTextAt(&out, 20, 125.5, "");
	appendStringInfoString(&out, "max ");
	AppendNumber(&out, vmax);
	appendStringInfo(&out, " (%d)</text>", s->entries[imax].year);
	AppendDot(&out, 182, 122, 4.0, SPARK_MIN);
	AppendTextAt(&out, 190, 125.5, "");
	appendStringInfoString(&out, "min ");
	AppendNumber(&out, vmin);
	appendStringInfo(&out, " (%d)</text>", s->entries[imin].year);
	appendStringInfoString(&out, "</g>\n</svg>\n");
	return cstring_to_text_with_len(out.data, out.len);
}

/* sparkline_svg(annual_series [, title]): a small line chart of the series. */
PG_FUNCTION_INFO_V1(sparkline_svg);
Datum
sparkline_svg(PG_FUNCTION_ARGS)
{
	AnnualSeries *s = PG_GETARG_ANNUAL_SERIES(0);
	const char *title = NULL;
	int			title_len = 0;

	if (PG_NARGS() > 1)
	{
		text	   *t = PG_GETARG_TEXT_PP(1);

		title_len = CheckText(t, "title", "sparkline_svg");
		title = VARDATA_ANY(t);
	}
	PG_RETURN_TEXT_P(SparklineSvg(s, title, title_len));
}

