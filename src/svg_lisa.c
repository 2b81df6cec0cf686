/*
 * svg_lisa.c
 *		lisa_cluster_svg and hot_spot_svg: the maps of local statistics, in
 *		the style of choropleth_svg (same page, projection, fonts, legend
 *		place), drawn from the boundaries of regional_dev.region.
 *
 * A region is coloured by its class: for the LISA cluster map (GeoDa's
 * colours) HH, LL, LH, HL where p <= alpha, "not significant" elsewhere,
 * "no neighbours" where the statistic is NULL; for the hot-spot map "hot"
 * (z > 0) and "cold" (z < 0) where p <= alpha.  The legend states the
 * significance level; pass fdr_cutoff(p_values) as alpha for the false
 * discovery rate.  Projection as choropleth_svg: x = lon cos(lat0), y = -lat.
 */
#include "places.h"
#include "spatial_weights.h"
#include "summary_io.h"
#include "svg.h"

#include <limits.h>
#include <math.h>

#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#define LISA_WIDTH		960
#define LISA_HEIGHT		720
#define LISA_MAP_X		20.0
#define LISA_MAP_Y		64.0
#define LISA_MAP_W		680.0
#define LISA_MAP_H		616.0
#define LISA_LEGEND_X	724
#define LISA_BORDER		"#808080"

typedef struct MapClass
{
	const char *name;
	const char *color;
} MapClass;

/* GeoDa's LISA colours; the last two for every map */
static const MapClass lisa_classes[] = {
	{"High-High", "#ff0000"},
	{"Low-Low", "#0000ff"},
	{"Low-High", "#a7adf9"},
	{"High-Low", "#f4ada8"},
	{"not significant", "#eeeeee"},
	{"no neighbours", "#999999"},
};
static const char *const quadrant_names[] = {"HH", "LL", "LH", "HL"};
static const MapClass hot_classes[] = {
	{"hot spot", "#d7191c"},
	{"cold spot", "#2c7bb6"},
	{"not significant", "#eeeeee"},
	{"no neighbours", "#999999"},
};

/* The region's path (projected with the map's transform), appended to out. */
static void
AppendRegionPath(StringInfo out, const GEOSGeometry *geom, double minx, double maxy, double kx,
				 double scale, double offx, double offy, const char *fn)
{
	int			nrings;
	const GEOSGeometry **rings = RegionRings(geom, &nrings, fn);
	int			start = out->len;

	for (int r = 0; r < nrings; r++)
	{
		unsigned int np;
		double	   *xy = RingCoords(rings[r], &np, fn);
		long		px = LONG_MIN,
					py = LONG_MIN;
		int			m = 0;
		int			mark = out->len;

		for (unsigned int i = 0; i + 1 < np; i++)	/* the closing point repeats the first */
		{
			long		x = lrint((offx + (xy[2 * i] - minx) * kx * scale) * 10.0);
			long		y = lrint((offy + (maxy - xy[2 * i + 1]) * scale) * 10.0);

			if (x == px && y == py)
				continue;
			appendStringInfoString(out, m == 0 ? "M" : (m == 1 ? "L" : " "));
			AppendTenths(out, x);
			appendStringInfoChar(out, ',');
			AppendTenths(out, y);
			px = x;
			py = y;
			m++;
		}
		if (m >= 3)
			appendStringInfoChar(out, 'Z');
		else
		{
			out->len = mark;	/* collapsed below 0.1 px: left out */
			out->data[mark] = '\0';
		}
		pfree(xy);
	}
	if (out->len == start)
		appendStringInfoString(out, "M0,0");
}

/* The arguments both maps share, and what the map draws of each region. */
typedef struct MapArgs
{
	int			n;
	Adcode	   *codes;
	Datum	   *d2;				/* the second array: quadrants or z */
	bool	   *n2;
	double	   *p;				/* p_values, NaN for NULL */
	bool	   *np;
	double		alpha;
	char	   *title;
	int		   *cls;			/* each region's class, for the caller to fill */
	char	  **tips;			/* and its tooltip */
} MapArgs;

/*
 * The map: regions codes[i] in class cls[i] of classes (tooltip tips[i]),
 * the legend with each class's count and the significance level.
 */
static text *
ClassMap(const char *fn, const MapArgs *a, const MapClass *classes, int nclasses, const char *kind)
{
	const Adcode *codes = a->codes;
	const int  *cls = a->cls;
	char	  **tips = a->tips;
	int			n = a->n;
	double		alpha = a->alpha;
	const char *title = a->title;
	RegionCache *cache = GetRegionCache();
	int		   *idx;
	int		   *count = palloc0(sizeof(int) * nclasses);
	double		minx = HUGE_VAL,
				maxx = -HUGE_VAL,
				miny = HUGE_VAL,
				maxy = -HUGE_VAL,
				lat0 = 0,
				kx = 1,
				scale = 1,
				offx = LISA_MAP_X,
				offy = LISA_MAP_Y,
				w,
				h,
				titlewidth;
	StringInfoData out;
	StringInfoData tbuf;
	int			ly = 106;

	idx = RegionIndexes(cache, codes, n, true, fn, "The map draws the boundaries in regional_dev.region.");
	for (int i = 0; i < n; i++)
		count[cls[i]]++;
	for (int i = 0; i < n; i++)
	{
		const CachedRegion *r = &cache->regions[idx[i]];

		minx = Min(minx, r->xmin);
		maxx = Max(maxx, r->xmax);
		miny = Min(miny, r->ymin);
		maxy = Max(maxy, r->ymax);
	}
	if (n > 0)
	{
		lat0 = (miny + maxy) / 2.0;
		kx = Max(cos(lat0 * M_PI / 180.0), 0.01);
		w = (maxx - minx) * kx;
		h = maxy - miny;
		if (w > 0 && h > 0)
			scale = Min(LISA_MAP_W / w, LISA_MAP_H / h);
		offx = LISA_MAP_X + (LISA_MAP_W - w * scale) / 2.0;
		offy = LISA_MAP_Y + (LISA_MAP_H - h * scale) / 2.0;
	}

	initStringInfo(&tbuf);
	titlewidth = AppendXmlText(&tbuf, title, strlen(title));
	initStringInfo(&out);
	AppendSvgStart(&out, LISA_WIDTH, LISA_HEIGHT, tbuf.data,
				   psprintf("regional_dev %s: %d regions, significance p &#8804; %s; "
							"projection x = lon &#215; cos(%.2f&#176;), y = &#8722;lat",
							fn, n, Float8Text(alpha), lat0));
	appendStringInfo(&out, "<text x=\"20\" y=\"38\" font-size=\"%.1f\" font-weight=\"bold\" fill=\"#222222\">%s</text>\n",
					 Max(12.0, Min(20.0, (LISA_WIDTH - 40) / Max(titlewidth, 1.0))), tbuf.data);
	appendStringInfoString(&out, "<g id=\"features\" stroke=\"" LISA_BORDER "\" stroke-width=\"0.5\" "
						   "stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n");
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		appendStringInfo(&out, "<path class=\"k%d\" fill=\"%s\" d=\"", cls[i] + 1, classes[cls[i]].color);
		AppendRegionPath(&out, cache->regions[idx[i]].geom, minx, maxy, kx, scale, offx, offy, fn);
		appendStringInfo(&out, "\"><title>%06d: %s</title></path>\n", codes[i], tips[i]);
	}
	appendStringInfoString(&out, "</g>\n");

	appendStringInfo(&out, "<g id=\"legend\" font-size=\"13\" fill=\"#222222\">\n"
					 "<text x=\"%d\" y=\"92\" font-size=\"14\" font-weight=\"bold\">%s, p &#8804; %s</text>\n",
					 LISA_LEGEND_X, kind, Float8Text(alpha));
	for (int c = 0; c < nclasses; c++)
	{
		if (count[c] == 0 && c >= nclasses - 1)
			continue;			/* "no neighbours" only when there are some */
		appendStringInfo(&out, "<rect class=\"k%d\" x=\"%d\" y=\"%d\" width=\"26\" height=\"18\" fill=\"%s\" stroke=\"" LISA_BORDER "\" stroke-width=\"0.5\"/>"
						 "<text x=\"%d\" y=\"%d\">%s (%d)</text>\n",
						 c + 1, LISA_LEGEND_X, ly, classes[c].color, LISA_LEGEND_X + 34, ly + 14,
						 classes[c].name, count[c]);
		ly += 26;
	}
	appendStringInfoString(&out, "</g>\n");
	appendStringInfo(&out, "<text x=\"20\" y=\"708\" font-size=\"11\" fill=\"#555555\">%d regions; "
					 "significance p &#8804; %s; projection x = lon &#215; cos(%.2f&#176;), y = &#8722;lat; regional_dev</text>\n",
					 n, Float8Text(alpha), lat0);
	appendStringInfoString(&out, "</svg>\n");
	return cstring_to_text_with_len(out.data, out.len);
}

static char *
TitleArg(FunctionCallInfo fcinfo, const char *fn)
{
	text	   *t = PG_GETARG_TEXT_PP(4);

	CheckText(t, "title", fn);
	return text_to_cstring(t);
}

/*
 * The arguments both maps share: codes, a second array, p-values, alpha,
 * title (checked first); cls and tips allocated for the caller to fill.
 */
static void
ReadMapArgs(FunctionCallInfo fcinfo, const char *fn, const char *second_name, MapArgs *a)
{
	int			nc,
				m2,
				mp;
	Datum	   *dc,
			   *dp;

	a->title = TitleArg(fcinfo, fn);
	dc = ArrayElements(PG_GETARG_ARRAYTYPE_P(0), "codes", &nc, fn);
	a->d2 = ArrayElementsWithNulls(PG_GETARG_ARRAYTYPE_P(1), second_name, &m2, &a->n2, fn);
	dp = ArrayElementsWithNulls(PG_GETARG_ARRAYTYPE_P(2), "p_values", &mp, &a->np, fn);
	a->alpha = PG_GETARG_FLOAT8(3);
	if (nc != m2 || nc != mp)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: codes, %s and p_values must have the same length", fn, second_name),
				 errdetail("codes has %d elements, %s %d, p_values %d.", nc, second_name, m2, mp)));
	if (!(a->alpha > 0 && a->alpha <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: alpha must be greater than 0 and at most 1, not %s", fn, Float8Text(a->alpha)),
				 errhint("The significance level, e.g. 0.05, or fdr_cutoff(p_values).")));
	a->codes = palloc(sizeof(Adcode) * Max(nc, 1));
	a->p = palloc(sizeof(double) * Max(nc, 1));
	for (int i = 0; i < nc; i++)
	{
		a->codes[i] = DatumGetAdcode(dc[i]);
		a->p[i] = a->np[i] ? NAN : DatumGetFloat8(dp[i]);
		if (!a->np[i] && !(a->p[i] >= 0 && a->p[i] <= 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: p-value %s of %06d is not between 0 and 1", fn, Float8Text(a->p[i]), a->codes[i])));
	}
	a->n = nc;
	a->cls = palloc(sizeof(int) * Max(nc, 1));
	a->tips = palloc(sizeof(char *) * Max(nc, 1));
}

/*
 * lisa_cluster_svg(codes adcode[], quadrants text[], p_values float8[],
 *		alpha float8, title text) -> text: the LISA cluster map.
 */
PG_FUNCTION_INFO_V1(lisa_cluster_svg);
Datum
lisa_cluster_svg(PG_FUNCTION_ARGS)
{
	const char *fn = "lisa_cluster_svg";
	MapArgs		a;

	ReadMapArgs(fcinfo, fn, "quadrants", &a);
	for (int i = 0; i < a.n; i++)
	{
		char	   *q = a.n2[i] ? NULL : TextDatumGetCString(a.d2[i]);
		int			k = -1;

		if (q != NULL)
		{
			for (int c = 0; c < 4; c++)
				if (strcmp(q, quadrant_names[c]) == 0)
					k = c;
			if (k < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: quadrant of %06d must be HH, LL, LH or HL, not \"%s\"", fn, a.codes[i], q)));
		}
		if (q == NULL || a.np[i])
		{
			a.cls[i] = 5;
			a.tips[i] = "no neighbours";
		}
		else
		{
			a.cls[i] = a.p[i] <= a.alpha ? k : 4;
			a.tips[i] = psprintf("%s, p = %s", q, Float8Text(a.p[i]));
		}
	}
	PG_RETURN_TEXT_P(ClassMap(fn, &a, lisa_classes, lengthof(lisa_classes), "LISA clusters"));
}

/*
 * hot_spot_svg(codes adcode[], z float8[], p_values float8[], alpha float8,
 *		title text) -> text: the hot-spot map (Getis-Ord G_i*).
 */
PG_FUNCTION_INFO_V1(hot_spot_svg);
Datum
hot_spot_svg(PG_FUNCTION_ARGS)
{
	const char *fn = "hot_spot_svg";
	MapArgs		a;

	ReadMapArgs(fcinfo, fn, "z", &a);
	for (int i = 0; i < a.n; i++)
	{
		double		z = a.n2[i] ? NAN : DatumGetFloat8(a.d2[i]);

		if (a.n2[i] || a.np[i] || isnan(z))
		{
			a.cls[i] = 3;
			a.tips[i] = "no neighbours";
			continue;
		}
		a.cls[i] = a.p[i] <= a.alpha && z != 0 ? (z > 0 ? 0 : 1) : 2;
		a.tips[i] = psprintf("z = %s, p = %s", Float8Text(z), Float8Text(a.p[i]));
	}
	PG_RETURN_TEXT_P(ClassMap(fn, &a, hot_classes, lengthof(hot_classes), "Hot and cold spots"));
}
