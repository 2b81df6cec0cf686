/*
 * svg_render.c
 *		Drawing an svg_layer as a choropleth map (choropleth_svg's final
 *		function), and the SVG writing helpers the pictures share.
 */
#include "svg.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"

/* ----------------------------------------------------------------
 * SVG writing
 * ---------------------------------------------------------------- */

#define SVG_WIDTH		960
#define SVG_HEIGHT		720
#define MAP_X			20.0
#define MAP_Y			64.0
#define MAP_W			680.0
#define MAP_H			616.0
#define LEGEND_X		724
#define LABEL_SIZE		12
#define VALUE_SIZE		10
#define NODATA_COLOR	"#d9d9d9"
#define BORDER_COLOR	"#808080"
#define OUTLINE_COLOR	"#e31a1c"
#define LABEL_LINES		3		/* lines of a label drawn on the map; more are joined into the last */
#define KM_PER_DEGREE	111.19492664455873	/* of a meridian, sphere of radius 6371 km */
#define SCALEBAR_Y		660
#define SCALEBAR_MAX	200.0	/* pixels */

/* Sequential ColorBrewer YlGnBu schemes (Cynthia Brewer, colorbrewer2.org) by class count. */
static const char *const ramps[6][5] = {
	{NULL},
	{"#41b6c4"},
	{"#a1dab4", "#225ea8"},
	{"#edf8b1", "#7fcdbb", "#2c7fb8"},
	{"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
	{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
};

/*
 * The start of a standalone SVG document: XML declaration, the svg element,
 * its title and description (XML text already), a white background.
 */
void
AppendSvgStart(StringInfo out, int width, int height, const char *title, const char *desc)
{
	appendStringInfo(out,
					 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
					 "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
					 "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n",
					 width, height, width, height);
	appendStringInfo(out, "<title>%s</title>\n", title);
	appendStringInfo(out, "<desc>%s</desc>\n", desc);
	appendStringInfo(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
					 width, height);
}

/*
 * Append text in the server encoding as XML character data, pure ASCII:
 * markup characters escaped, other non-ASCII characters as references,
 * characters XML 1.0 forbids (controls) as U+FFFD, line breaks as blanks.
 * Returns the estimated width in ems (for fitting labels).
 */
double
AppendXmlText(StringInfo out, const char *s, int len)
{
	char	   *z = pnstrdup(s, len);
	const unsigned char *u = (const unsigned char *) pg_server_to_any(z, len, PG_UTF8);
	bool		utf8 = pg_verify_mbstr(PG_UTF8, (const char *) u, strlen((const char *) u), true);
	double		width = 0.0;

	while (*u)
	{
		pg_wchar	c;

		if (utf8)
		{
			c = utf8_to_unicode(u);
			u += pg_utf_mblen(u);
		}
		else
			c = (*u++ < 0x80) ? u[-1] : 0xFFFD;	/* SQL_ASCII bytes that are no UTF-8 */
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
			c = 0xFFFD;
		width += c < 0x80 ? 0.6 : (c >= 0x2E80 ? 1.0 : 0.65);
		switch (c)
		{
			case '<':
				appendStringInfoString(out, "&lt;");
				break;
			case '>':
				appendStringInfoString(out, "&gt;");
				break;
			case '&':
				appendStringInfoString(out, "&amp;");
				break;
			case '"':
				appendStringInfoString(out, "&quot;");
				break;
			case '\'':
				appendStringInfoString(out, "&#39;");
				break;
			default:
				if (c < 0x80)
					appendStringInfoChar(out, (char) c);
				else
					appendStringInfo(out, "&#%u;", (unsigned int) c);
				break;
		}
	}
	return width;
}

/* A value as shown to people: about four significant digits, no trailing zeros. */
void
AppendNumber(StringInfo out, double v)
{
	char		buf[64];
	double		a = fabs(v);

	if (a == 0.0)
	{
		appendStringInfoChar(out, '0');
		return;
	}
	if (a >= 1e9 || a < 1e-4)
		snprintf(buf, sizeof(buf), "%.3e", v);
	else
	{
		int			mag = (int) floor(log10(a));

		snprintf(buf, sizeof(buf), "%.*f", Max(0, 3 - mag), v);
		if (strchr(buf, '.'))
		{
			char	   *e = buf + strlen(buf) - 1;

			while (*e == '0')
				*e-- = '\0';
			if (*e == '.')
				*e = '\0';
		}
		if (strcmp(buf, "-0") == 0)
			strcpy(buf, "0");
	}
	appendStringInfoString(out, buf);
}

/* A pixel coordinate in tenths, without a trailing ".0". */
void
AppendTenths(StringInfo out, long t)
{
	if (t < 0)
	{
		appendStringInfoChar(out, '-');
		t = -t;
	}
	if (t % 10 == 0)
		appendStringInfo(out, "%ld", t / 10);
	else
		appendStringInfo(out, "%ld.%ld", t / 10, t % 10);
}

/* Text at x, y (pixels, to 0.1). */
void
AppendTextAt(StringInfo out, double x, double y, const char *attrs)
{
	appendStringInfoString(out, "<text x=\"");
	AppendTenths(out, lrint(x * 10.0));
	appendStringInfoString(out, "\" y=\"");
	AppendTenths(out, lrint(y * 10.0));
	appendStringInfo(out, "\"%s%s>", attrs[0] ? " " : "", attrs);
}

/* Path data of a projected shape; rings that collapse below 0.1 px are left out. */
static void
AppendPath(StringInfo out, const Shape *s)
{
	int			start = out->len;

	for (int p = 0; p < s->npolys; p++)
	{
		for (int r = 0; r < s->polys[p].nrings; r++)
		{
			const Ring *ring = &s->polys[p].rings[r];
			long	   *tx = palloc(sizeof(long) * 2 * Max(ring->npoints, 1));
			int			m = 0;

			for (int i = 0; i < ring->npoints; i++)
			{
				long		x = lrint(ring->xy[2 * i] * 10.0);
				long		y = lrint(ring->xy[2 * i + 1] * 10.0);

				if (m > 0 && tx[2 * m - 2] == x && tx[2 * m - 1] == y)
					continue;
				tx[2 * m] = x;
				tx[2 * m + 1] = y;
				m++;
			}
			/* a closed ring repeats its first point: drop the copy */
			if (m > 1 && tx[0] == tx[2 * m - 2] && tx[1] == tx[2 * m - 1])
				m--;
			if (m >= 3)
			{
				for (int i = 0; i < m; i++)
				{
					appendStringInfoString(out, i == 0 ? "M" : (i == 1 ? "L" : " "));
					AppendTenths(out, tx[2 * i]);
					appendStringInfoChar(out, ',');
					AppendTenths(out, tx[2 * i + 1]);
				}
				appendStringInfoChar(out, 'Z');
			}
			pfree(tx);
		}
	}
	if (out->len == start)
		appendStringInfoString(out, "M0,0");	/* nothing visible is left */
}

/* Absolute area of a projected polygon (outer ring minus holes). */
static double
PolyArea(const Poly *poly)
{
	double		area = 0.0;

	for (int r = 0; r < poly->nrings; r++)
	{
		const Ring *ring = &poly->rings[r];
		double		a = 0.0;

		for (int i = 0; i + 1 < ring->npoints; i++)
			a += ring->xy[2 * i] * ring->xy[2 * i + 3] - ring->xy[2 * i + 2] * ring->xy[2 * i + 1];
		if (ring->npoints > 1)
			a += ring->xy[2 * ring->npoints - 2] * ring->xy[1] - ring->xy[0] * ring->xy[2 * ring->npoints - 1];
		area += (r == 0 ? 1.0 : -1.0) * fabs(a) / 2.0;
	}
	return fabs(area);
}

/*
 * Where to put a label: on the largest polygon of the shape, the middle of
 * the widest horizontal run inside it among a few scan lines, so the point
 * is inside even for concave shapes.  Returns false for an empty shape;
 * *span is the run's width, *height the polygon's.
 */
static bool
LabelPoint(const Shape *s, double *x, double *y, double *span, double *height)
{
	const Poly *best = NULL;
	double		bestarea = -1.0;
	double		miny = HUGE_VAL,
				maxy = -HUGE_VAL;
	static const double fractions[] = {0.5, 0.4, 0.6, 0.3, 0.7};
	double	   *xs;
	int			total = 0;

	for (int p = 0; p < s->npolys; p++)
	{
		double		a = PolyArea(&s->polys[p]);

		if (s->polys[p].nrings > 0 && s->polys[p].rings[0].npoints > 2 && a > bestarea)
		{
			bestarea = a;
			best = &s->polys[p];
		}
	}
	if (best == NULL)
		return false;
	for (int r = 0; r < best->nrings; r++)
		total += best->rings[r].npoints;
	for (int i = 0; i < best->rings[0].npoints; i++)
	{
		miny = Min(miny, best->rings[0].xy[2 * i + 1]);
		maxy = Max(maxy, best->rings[0].xy[2 * i + 1]);
	}
	xs = palloc(sizeof(double) * (total + 1));
	*span = -1.0;
	*height = maxy - miny;
	for (int k = 0; k < (int) lengthof(fractions); k++)
	{
		/* a scan line that avoids vertices: shift by a tiny odd amount */
		double		sy = miny + fractions[k] * (maxy - miny) + 1e-7;
		int			n = 0;

		for (int r = 0; r < best->nrings; r++)
		{
			const Ring *ring = &best->rings[r];

			for (int i = 0; i < ring->npoints; i++)
			{
				int			j = (i + 1) % ring->npoints;
				double		x1 = ring->xy[2 * i],
							y1 = ring->xy[2 * i + 1];
				double		x2 = ring->xy[2 * j],
							y2 = ring->xy[2 * j + 1];

				if ((y1 > sy) != (y2 > sy))
					xs[n++] = x1 + (sy - y1) * (x2 - x1) / (y2 - y1);
			}
		}
		qsort(xs, n, sizeof(double), CompareFloat8);
		for (int i = 0; i + 1 < n; i += 2)
		{
			if (xs[i + 1] - xs[i] > *span)
			{
				*span = xs[i + 1] - xs[i];
				*x = (xs[i] + xs[i + 1]) / 2.0;
				*y = sy;
			}
		}
	}
	pfree(xs);
	if (*span < 0.0)
	{
		/* degenerate: fall back to the middle of the bounding box */
		*x = best->rings[0].xy[0];
		*y = (miny + maxy) / 2.0;
		*span = 0.0;
	}
	return true;
}

/* Quantile classes of the features with data. */
typedef struct Classes
{
	int			k;				/* number of classes, 0..5 */
	double		upper[5];		/* upper bound of each class (a data value) */
	double		min[5];			/* smallest and largest member, for the legend */
	double		max[5];
	int			count[5];
	int			nodata;			/* features without a value */
} Classes;

/*
 * Quantile classes by rank: with n sorted values and k = min(5, distinct
 * values) classes, class i (1..k) ends at the value of rank ceil(i*n/k);
 * equal bounds merge, so every class has members and ties stay together.
 */
static void
ComputeClasses(const Feature *fs, int n, Classes *cl)
{
	double	   *v = palloc(sizeof(double) * Max(n, 1));
	int			m = 0,
				distinct = 0,
				k;

	memset(cl, 0, sizeof(Classes));
	for (int i = 0; i < n; i++)
	{
		if (fs[i].flags & FEATURE_HAS_VALUE)
			v[m++] = fs[i].value;
		else
			cl->nodata++;
	}
	qsort(v, m, sizeof(double), CompareFloat8);
	for (int i = 0; i < m; i++)
		if (i == 0 || v[i] != v[i - 1])
			distinct++;
	k = Min(5, distinct);
	for (int i = 1; i <= k; i++)
	{
		double		u = v[((int64) i * m + k - 1) / k - 1];

		if (cl->k == 0 || u > cl->upper[cl->k - 1])
			cl->upper[cl->k++] = u;
	}
	for (int c = 0; c < cl->k; c++)
	{
		cl->min[c] = HUGE_VAL;
		cl->max[c] = -HUGE_VAL;
	}
	pfree(v);
}

static int
ClassOf(const Classes *cl, double v)
{
	for (int c = 0; c < cl->k; c++)
		if (v <= cl->upper[c])
			return c;
	return cl->k - 1;
}

/* A map being drawn: its features in drawing order, projected, classified. */
typedef struct Map
{
	int			n;
	Feature    *fs;
	Shape	   *shapes;			/* projected to pixels */
	int		   *cls;			/* class of each feature, -1 for no data */
	Classes		cl;
	double		lat0;			/* latitude of the projection */
	double		px_per_km;		/* at lat0, both ways; 0 for an empty map */
	bool		anyoutlined;
} Map;

/*
 * Decode the features' geometries and project them onto the map area:
 * x = lon * cos(lat0), y = -lat, lat0 the middle latitude of the extent
 * (areas look right near lat0), scaled to fit.
 */
static void
ProjectShapes(Map *map)
{
	double		minx = HUGE_VAL,
				maxx = -HUGE_VAL,
				miny = HUGE_VAL,
				maxy = -HUGE_VAL;
	double		kx,
				w,
				h,
				scale = 1.0,
				offx,
				offy;
	bool		anypoint = false;

	/* decode, and find the extent in lon/lat */
	for (int i = 0; i < map->n; i++)
	{
		EwkbInfo	info;

		CHECK_FOR_INTERRUPTS();
		if (EwkbReadPolygonal(map->fs[i].wkb, map->fs[i].wkb_len, &map->shapes[i], &info) != EWKB_OK)
			SvgLayerCorrupt(i);
		for (int p = 0; p < map->shapes[i].npolys; p++)
			for (int r = 0; r < map->shapes[i].polys[p].nrings; r++)
			{
				const Ring *ring = &map->shapes[i].polys[p].rings[r];

				for (int j = 0; j < ring->npoints; j++)
				{
					minx = Min(minx, ring->xy[2 * j]);
					maxx = Max(maxx, ring->xy[2 * j]);
					miny = Min(miny, ring->xy[2 * j + 1]);
					maxy = Max(maxy, ring->xy[2 * j + 1]);
					anypoint = true;
				}
			}
		if (map->fs[i].flags & FEATURE_OUTLINED)
			map->anyoutlined = true;
	}
	if (!anypoint)
		return;

	map->lat0 = (miny + maxy) / 2.0;
	kx = Max(cos(map->lat0 * M_PI / 180.0), 0.01);
	w = (maxx - minx) * kx;
	h = maxy - miny;
	if (w > 0.0 && h > 0.0)
		scale = Min(MAP_W / w, MAP_H / h);
	else if (w > 0.0)
		scale = MAP_W / w;
	else if (h > 0.0)
		scale = MAP_H / h;
	/* no scale bar for features that all lie on one point */
	map->px_per_km = (w > 0.0 || h > 0.0) ? scale / KM_PER_DEGREE : 0.0;
	offx = MAP_X + (MAP_W - w * scale) / 2.0;
	offy = MAP_Y + (MAP_H - h * scale) / 2.0;
	for (int i = 0; i < map->n; i++)
		for (int p = 0; p < map->shapes[i].npolys; p++)
			for (int r = 0; r < map->shapes[i].polys[p].nrings; r++)
			{
				Ring	   *ring = &map->shapes[i].polys[p].rings[r];

				for (int j = 0; j < ring->npoints; j++)
				{
					ring->xy[2 * j] = offx + (ring->xy[2 * j] - minx) * kx * scale;
					ring->xy[2 * j + 1] = offy + (maxy - ring->xy[2 * j + 1]) * scale;
				}
			}
}

/* The class of every feature, and each class's count and range for the legend. */
static void
ClassifyFeatures(Map *map)
{
	ComputeClasses(map->fs, map->n, &map->cl);
	for (int i = 0; i < map->n; i++)
	{
		map->cls[i] = -1;
		if (map->fs[i].flags & FEATURE_HAS_VALUE)
		{
			int			c = ClassOf(&map->cl, map->fs[i].value);

			map->cls[i] = c;
			map->cl.count[c]++;
			map->cl.min[c] = Min(map->cl.min[c], map->fs[i].value);
			map->cl.max[c] = Max(map->cl.max[c], map->fs[i].value);
		}
	}
}

/* A feature's value as shown, or "no data". */
static void
AppendValue(StringInfo out, const Feature *f)
{
	if (f->flags & FEATURE_HAS_VALUE)
		AppendNumber(out, f->value);
	else
		appendStringInfoString(out, "no data");
}

/* The filled features, each with a tooltip "label: value". */
static void
AppendFeatures(StringInfo out, const Map *map)
{
	appendStringInfoString(out, "<g id=\"features\" stroke=\"" BORDER_COLOR "\" stroke-width=\"0.5\" "
						   "stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n");
	for (int i = 0; i < map->n; i++)
	{
		const Feature *f = &map->fs[i];

		CHECK_FOR_INTERRUPTS();
		if (map->cls[i] >= 0)
			appendStringInfo(out, "<path class=\"c%d\" fill=\"%s\" d=\"", map->cls[i] + 1,
							 ramps[map->cl.k][map->cls[i]]);
		else
			appendStringInfoString(out, "<path class=\"nodata\" fill=\"" NODATA_COLOR "\" d=\"");
		AppendPath(out, &map->shapes[i]);
		appendStringInfoString(out, "\"><title>");
		if (f->flags & FEATURE_HAS_LABEL)
		{
			AppendXmlText(out, f->label, f->label_len);
			appendStringInfoString(out, ": ");
		}
		AppendValue(out, f);
		appendStringInfoString(out, "</title></path>\n");
	}
	appendStringInfoString(out, "</g>\n");
}

/* The outlines of the outlined features, drawn over all fills. */
static void
AppendOutlines(StringInfo out, const Map *map)
{
	if (!map->anyoutlined)
		return;
	appendStringInfoString(out, "<g id=\"outlined\" fill=\"none\" stroke=\"" OUTLINE_COLOR "\" "
						   "stroke-width=\"2.5\" stroke-linejoin=\"round\">\n");
	for (int i = 0; i < map->n; i++)
	{
		if (!(map->fs[i].flags & FEATURE_OUTLINED))
			continue;
		appendStringInfoString(out, "<path d=\"");
		AppendPath(out, &map->shapes[i]);
		appendStringInfoString(out, "\"/>\n");
	}
	appendStringInfoString(out, "</g>\n");
}

/* Text with a white halo, legible on any fill: the halo, then the text over it. */
static void
AppendOutlinedText(StringInfo out, double x, double y, const char *attrs, const char *content)
{
	AppendTextAt(out, x, y, psprintf("%s stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\"", attrs));
	appendStringInfo(out, "%s</text>", content);
	AppendTextAt(out, x, y, attrs);
	appendStringInfo(out, "%s</text>\n", content);
}

/*
 * Labels: at a point inside the feature, with a white halo; left out when
 * they would not fit inside it, unless the feature is outlined.  A label may
 * hold line breaks (choropleth_svg's second_label is a second line): each
 * line is drawn under the one before, the first in bold.  The value goes
 * under the label when it fits too.
 */
static void
AppendLabels(StringInfo out, const Map *map)
{
	char	   *label_attrs = psprintf("font-size=\"%d\" font-weight=\"bold\"", LABEL_SIZE);
	char	   *line_attrs = psprintf("font-size=\"%d\"", LABEL_SIZE);
	char	   *value_attrs = psprintf("font-size=\"%d\"", VALUE_SIZE);

	appendStringInfoString(out, "<g id=\"labels\" text-anchor=\"middle\" fill=\"#111111\">\n");
	for (int i = 0; i < map->n; i++)
	{
		const Feature *f = &map->fs[i];
		double		x = 0.0,
					y = 0.0,
					span,
					height;
		StringInfoData lines[LABEL_LINES];
		int			nlines = 0;
		const char *p = f->label;
		const char *end = f->label + f->label_len;
		StringInfoData val;
		double		lw = 0.0;
		double		vw;
		double		step = LABEL_SIZE + 2;
		bool		force = (f->flags & FEATURE_OUTLINED) != 0;
		bool		showvalue;

		if (!(f->flags & FEATURE_HAS_LABEL) || f->label_len == 0)
			continue;
		if (!LabelPoint(&map->shapes[i], &x, &y, &span, &height))
			continue;
		for (;;)
		{
			const char *nl = nlines < LABEL_LINES - 1 ? memchr(p, '\n', end - p) : NULL;
			double		w;

			initStringInfo(&lines[nlines]);
			w = AppendXmlText(&lines[nlines], p, nl ? nl - p : end - p) * LABEL_SIZE;
			lw = Max(lw, w);
			nlines++;
			if (nl == NULL)
				break;
			p = nl + 1;
		}
		initStringInfo(&val);
		AppendValue(&val, f);
		vw = val.len * 0.6 * VALUE_SIZE;
		if (!force && (lw + 4.0 > span || height < LABEL_SIZE + 2 + (nlines - 1) * step))
			continue;
		showvalue = force || (vw + 4.0 <= span && height >= LABEL_SIZE + VALUE_SIZE + 6 + (nlines - 1) * step);
		y -= (nlines - 1) * step / 2.0;
		if (showvalue)
			y -= VALUE_SIZE / 2.0;
		for (int l = 0; l < nlines; l++)
		{
			AppendOutlinedText(out, x, y + LABEL_SIZE * 0.35 + l * step, l == 0 ? label_attrs : line_attrs,
							   lines[l].data);
			pfree(lines[l].data);
		}
		if (showvalue)
			AppendOutlinedText(out, x, y + LABEL_SIZE * 0.35 + (nlines - 1) * step + VALUE_SIZE + 2,
							   value_attrs, val.data);
		pfree(val.data);
	}
	appendStringInfoString(out, "</g>\n");
}

/*
 * The scale bar, under the legend: the longest of 1, 2 or 5 times a power of
 * ten kilometres that fits SCALEBAR_MAX pixels, true at the projection's
 * latitude (the map's scale varies little across a region).
 */
static void
AppendScaleBar(StringInfo out, const Map *map)
{
	double		km,
				px;

	if (map->px_per_km <= 0.0)
		return;
	km = pow(10.0, floor(log10(SCALEBAR_MAX / map->px_per_km)));
	if (5.0 * km * map->px_per_km <= SCALEBAR_MAX)
		km *= 5.0;
	else if (2.0 * km * map->px_per_km <= SCALEBAR_MAX)
		km *= 2.0;
	px = km * map->px_per_km;
	appendStringInfo(out, "<g id=\"scalebar\" font-size=\"12\" fill=\"#222222\">\n"
					 "<path d=\"M%d,%dV%dH", LEGEND_X, SCALEBAR_Y - 6, SCALEBAR_Y);
	AppendTenths(out, lrint((LEGEND_X + px) * 10.0));
	appendStringInfo(out, "V%d\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.5\"/>\n"
					 "<text x=\"%d\" y=\"%d\">0</text>", SCALEBAR_Y - 6, LEGEND_X, SCALEBAR_Y - 10);
	AppendTextAt(out, LEGEND_X + px, SCALEBAR_Y - 10, "text-anchor=\"middle\"");
	AppendNumber(out, km);
	appendStringInfo(out, " km</text>\n<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555555\">scale at %.1f&#176; latitude</text>\n</g>\n",
					 LEGEND_X, SCALEBAR_Y + 16, map->lat0);
}

/* The legend: one swatch per class with its range and count, then no data, outlined. */
static void
AppendLegend(StringInfo out, const Map *map)
{
	const Classes *cl = &map->cl;
	int			ly = 106;

	appendStringInfo(out, "<g id=\"legend\" font-size=\"13\" fill=\"#222222\">\n"
					 "<text x=\"%d\" y=\"92\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
					 LEGEND_X, cl->k > 0 ? "Quantile classes" : "No values");
	for (int c = 0; c < cl->k; c++, ly += 26)
	{
		appendStringInfo(out, "<rect class=\"c%d\" x=\"%d\" y=\"%d\" width=\"26\" height=\"18\" fill=\"%s\" stroke=\"" BORDER_COLOR "\" stroke-width=\"0.5\"/>",
						 c + 1, LEGEND_X, ly, ramps[cl->k][c]);
		appendStringInfo(out, "<text x=\"%d\" y=\"%d\">", LEGEND_X + 34, ly + 14);
		AppendNumber(out, cl->min[c]);
		if (cl->max[c] != cl->min[c])
		{
			appendStringInfoString(out, " &#8211; ");
			AppendNumber(out, cl->max[c]);
		}
		appendStringInfo(out, " (%d)</text>\n", cl->count[c]);
	}
	if (cl->nodata > 0)
	{
		appendStringInfo(out, "<rect class=\"nodata\" x=\"%d\" y=\"%d\" width=\"26\" height=\"18\" fill=\"" NODATA_COLOR "\" stroke=\"" BORDER_COLOR "\" stroke-width=\"0.5\"/>"
						 "<text x=\"%d\" y=\"%d\">no data (%d)</text>\n",
						 LEGEND_X, ly, LEGEND_X + 34, ly + 14, cl->nodata);
		ly += 26;
	}
	if (map->anyoutlined)
		appendStringInfo(out, "<rect x=\"%d\" y=\"%d\" width=\"26\" height=\"18\" fill=\"none\" stroke=\"" OUTLINE_COLOR "\" stroke-width=\"2.5\"/>"
						 "<text x=\"%d\" y=\"%d\">outlined</text>\n",
						 LEGEND_X, ly, LEGEND_X + 34, ly + 14);
	appendStringInfoString(out, "</g>\n");
}

/* The SVG document of a layer. */
static text *
ChoroplethSvg(const SvgLayer *layer)
{
	Map			map;
	StringInfoData out;
	StringInfoData titlebuf;
	double		titlewidth;

	memset(&map, 0, sizeof(Map));
	map.n = layer->nfeatures;
	map.fs = SvgLayerFeatures(layer);
	map.shapes = palloc(sizeof(Shape) * Max(map.n, 1));
	map.cls = palloc(sizeof(int) * Max(map.n, 1));
	qsort(map.fs, map.n, sizeof(Feature), CompareFeatures);
	ProjectShapes(&map);
	ClassifyFeatures(&map);

	initStringInfo(&titlebuf);
	if (layer->flags & SVG_LAYER_HAS_TITLE)
		titlewidth = AppendXmlText(&titlebuf, layer->data, layer->title_len);
	else
	{
		appendStringInfoString(&titlebuf, "Choropleth map");
		titlewidth = 14 * 0.6;
	}

	initStringInfo(&out);
	AppendSvgStart(&out, SVG_WIDTH, SVG_HEIGHT, titlebuf.data,
				   psprintf("regional_dev choropleth_svg: %d features, %d quantile classes; "
							"projection x = lon &#215; cos(%.2f&#176;), y = &#8722;lat",
							map.n, map.cl.k, map.lat0));
	appendStringInfo(&out, "<text x=\"20\" y=\"38\" font-size=\"%.1f\" font-weight=\"bold\" fill=\"#222222\">%s</text>\n",
					 Max(12.0, Min(20.0, (SVG_WIDTH - 40) / Max(titlewidth, 1.0))), titlebuf.data);
	AppendFeatures(&out, &map);
	AppendOutlines(&out, &map);
	AppendLabels(&out, &map);
	AppendLegend(&out, &map);
	AppendScaleBar(&out, &map);
	appendStringInfo(&out, "<text x=\"20\" y=\"708\" font-size=\"11\" fill=\"#555555\">%d features; "
					 "quantile classes; projection x = lon &#215; cos(%.2f&#176;), y = &#8722;lat; regional_dev</text>\n",
					 map.n, map.lat0);
	appendStringInfoString(&out, "</svg>\n");

	return cstring_to_text_with_len(out.data, out.len);
}

/* Final function of choropleth_svg: the map as an SVG document. */
PG_FUNCTION_INFO_V1(choropleth_svg_final);
Datum
choropleth_svg_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(ChoroplethSvg(PG_GETARG_SVGLAYER_P(0)));
}
