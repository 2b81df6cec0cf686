/*
 * svg_layer.c
 *		The svg_layer type, state of choropleth_svg and svg_layer_agg: its
 *		transition, combine and final (canonical form) functions, and its
 *		text and binary forms.
 *
 * Geometry reaches C as EWKB: the transition function runs the binary send
 * function of the argument's declared type (PostGIS's geometry_send, which
 * writes EWKB), found through the catalogue by type, so PostGIS may live in
 * any schema and no name is looked up at call time.  A thin SQL wrapper
 * calling ST_AsEWKB would do the same, but a SQL-language transition function
 * never sees the aggregate context, so the state could not be updated in
 * place (each row would copy the whole map).  The EWKB is checked by the
 * shared reader (ewkb.c).
 */
#include "svg.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

/* ----------------------------------------------------------------
 * svg_layer: building and reading
 * ---------------------------------------------------------------- */

static SvgLayer *
SvgLayerAlloc(int capacity)
{
	SvgLayer   *layer = palloc0(SVG_LAYER_HDRSZ + capacity);

	SET_VARSIZE(layer, SVG_LAYER_HDRSZ + capacity);
	layer->version = SVG_LAYER_VERSION;
	return layer;
}

/* A copy of layer with room for capacity bytes of data (at least used). */
static SvgLayer *
SvgLayerCopy(const SvgLayer *layer, int capacity)
{
	SvgLayer   *copy = SvgLayerAlloc(Max(capacity, layer->used));

	copy->flags = layer->flags;
	copy->title_len = layer->title_len;
	copy->nfeatures = layer->nfeatures;
	copy->used = layer->used;
	memcpy(copy->data, layer->data, layer->used);
	return copy;
}

/* Capacity for at least needed bytes, doubling so that appends cost O(1) on average. */
static int
SvgLayerGrow(int used, int64 needed, const char *who)
{
	int64		cap;

	if (needed > SVG_LAYER_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: map too large", who),
				 errdetail("A map holds at most %d MB of geometry and labels.",
						   SVG_LAYER_MAX_BYTES / (1024 * 1024)),
				 errhint("Simplify the geometries first, e.g. with ST_SimplifyPreserveTopology(geom, 0.001).")));
	cap = Max((int64) used * 2, 1024);
	cap = Max(cap, needed);
	return (int) Min(cap, SVG_LAYER_MAX_BYTES);
}

/* The features of a layer, in stored order. */
Feature *
SvgLayerFeatures(const SvgLayer *layer)
{
	Feature    *fs = palloc(sizeof(Feature) * Max(layer->nfeatures, 1));
	const char *p = layer->data + layer->title_len;

	for (int i = 0; i < layer->nfeatures; i++)
	{
		uint32		len;

		fs[i].flags = (uint8) p[0];
		memcpy(&fs[i].value, p + 1, 8);
		memcpy(&len, p + 9, 4);
		fs[i].label_len = (int) len;
		memcpy(&len, p + 13, 4);
		fs[i].wkb_len = (int) len;
		fs[i].label = p + FEATURE_HEADER;
		fs[i].wkb = (const uint8 *) (fs[i].label + fs[i].label_len);
		p = (const char *) fs[i].wkb + fs[i].wkb_len;
	}
	return fs;
}

static int64
FeatureSize(const Feature *f)
{
	return (int64) FEATURE_HEADER + f->label_len + f->wkb_len;
}

/* Write the in-memory entry of f at p. */
static void
PutFeature(char *p, const Feature *f)
{
	uint32		len;
	double		value = (f->flags & FEATURE_HAS_VALUE) ? f->value : 0.0;

	p[0] = (char) f->flags;
	memcpy(p + 1, &value, 8);
	len = (uint32) f->label_len;
	memcpy(p + 9, &len, 4);
	len = (uint32) f->wkb_len;
	memcpy(p + 13, &len, 4);
	if (f->label_len > 0)
		memcpy(p + FEATURE_HEADER, f->label, f->label_len);
	memcpy(p + FEATURE_HEADER + f->label_len, f->wkb, f->wkb_len);
}

/* Write f at the end of layer's data; the caller made room. */
static void
SvgLayerPut(SvgLayer *layer, const Feature *f)
{
	PutFeature(layer->data + layer->used, f);
	layer->used += (int) FeatureSize(f);
	layer->nfeatures++;
}

/*
 * Append features to layer, a state the caller may change (GetMutableState):
 * in place when it has room; when it must grow, into a larger copy made in
 * CurrentMemoryContext, the input left alone (see the aggregate contract in
 * doc/design.md: nodeAgg frees the old state itself).
 */
static SvgLayer *
SvgLayerAppend(SvgLayer *layer, const Feature *fs, int n, const char *who)
{
	int64		add = 0;

	for (int i = 0; i < n; i++)
		add += FeatureSize(&fs[i]);
	if ((int64) layer->nfeatures + n > SVG_LAYER_MAX_FEATURES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many features", who),
				 errdetail("A map holds at most %d features.", SVG_LAYER_MAX_FEATURES)));
	if (layer->used + add > SvgLayerCapacity(layer))
		layer = SvgLayerCopy(layer, SvgLayerGrow(layer->used, layer->used + add, who));
	for (int i = 0; i < n; i++)
		SvgLayerPut(layer, &fs[i]);
	return layer;
}

/* Byte-wise order of two strings of given lengths. */
static int
CompareBytes(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* Order of features in the picture: label, value, then geometry bytes. */
int
CompareFeatures(const void *pa, const void *pb)
{
	const Feature *a = (const Feature *) pa;
	const Feature *b = (const Feature *) pb;
	bool		al = (a->flags & FEATURE_HAS_LABEL) != 0;
	bool		bl = (b->flags & FEATURE_HAS_LABEL) != 0;
	bool		av = (a->flags & FEATURE_HAS_VALUE) != 0;
	bool		bv = (b->flags & FEATURE_HAS_VALUE) != 0;
	int			c;

	if (al != bl)
		return al ? -1 : 1;		/* unlabelled last */
	if (al && (c = CompareBytes(a->label, a->label_len, b->label, b->label_len)) != 0)
		return c;
	if (av != bv)
		return av ? -1 : 1;		/* no data last */
	if (av && a->value != b->value)
		return a->value < b->value ? -1 : 1;
	if ((c = CompareBytes((const char *) a->wkb, a->wkb_len, (const char *) b->wkb, b->wkb_len)) != 0)
		return c;
	return (int) a->flags - (int) b->flags;
}

/*
 * Give layer the title, if it has none or title sorts before its own: the
 * smallest title wins, so the result does not depend on row order.
 */
static SvgLayer *
SvgLayerTitle(SvgLayer *layer, const char *title, int len, const char *who)
{
	int			oldlen = layer->title_len;
	SvgLayer   *out;

	if ((layer->flags & SVG_LAYER_HAS_TITLE) &&
		CompareBytes(title, len, layer->data, oldlen) >= 0)
		return layer;
	if (layer->used - oldlen + len <= SvgLayerCapacity(layer))
	{
		memmove(layer->data + len, layer->data + oldlen, layer->used - oldlen);
		out = layer;
	}
	else
	{
		out = SvgLayerAlloc(SvgLayerGrow(layer->used, (int64) layer->used - oldlen + len, who));
		out->flags = layer->flags;
		out->nfeatures = layer->nfeatures;
		memcpy(out->data + len, layer->data + oldlen, layer->used - oldlen);
	}
	/* a shorter title frees bytes at the end: zero them, spare room stays zero */
	if (out == layer && len < oldlen)
		memset(layer->data + layer->used - (oldlen - len), 0, oldlen - len);
	out->used = layer->used - oldlen + len;
	memcpy(out->data, title, len);
	out->title_len = (uint16) len;
	out->flags |= SVG_LAYER_HAS_TITLE;
	return out;
}

/* Merge b into a (the combine function, and rollup's transition). */
static SvgLayer *
SvgLayerMerge(SvgLayer *a, const SvgLayer *b, const char *who)
{
	Feature    *fs = SvgLayerFeatures(b);

	a = SvgLayerAppend(a, fs, b->nfeatures, who);
	if (b->flags & SVG_LAYER_HAS_TITLE)
		a = SvgLayerTitle(a, b->data, b->title_len, who);
	return a;
}

/*
 * A stored layer whose geometry cannot be read (input validates every
 * geometry, so only damaged storage gets here).
 */
void
SvgLayerCorrupt(int feature)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("corrupt svg_layer value"),
			 errdetail("The geometry of feature %d is unreadable.", feature + 1)));
}

/* Check a label or title argument; returns its length. */
int
CheckText(text *t, const char *what, const char *who)
{
	int			len = VARSIZE_ANY_EXHDR(t);

	if (len > SVG_TEXT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s too long", who, what),
				 errdetail("A %s has at most %d bytes; this one has %d.", what, SVG_TEXT_MAX, len)));
	return len;
}

/* What a transition or combine function looks up once per query. */
typedef struct CallCache
{
	const char *name;			/* the calling aggregate, for messages */
	bool		has_send;
	FmgrInfo	send;			/* binary send function of geometry */
} CallCache;

/*
 * The cache of this call site: the name of the aggregate that calls us
 * (fallback outside an aggregate) and, if need_send, the binary send function
 * of the geometry argument's declared type.
 */
static CallCache *
GetCallCache(FunctionCallInfo fcinfo, bool need_send, const char *fallback)
{
	CallCache  *cache = (CallCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		Aggref	   *aggref = AggGetAggref(fcinfo);
		char	   *name = aggref ? get_func_name(aggref->aggfnoid) : NULL;

		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallCache));
		cache->name = name ? MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, name) : fallback;
		fcinfo->flinfo->fn_extra = cache;
	}
	if (need_send && !cache->has_send)
	{
		Oid		   *argtypes;
		int			nargs;
		Oid			sendfn;
		bool		isvarlena;

		/* the declared type (geometry), resolved when the function was created */
		get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
		getTypeBinaryOutputInfo(argtypes[1], &sendfn, &isvarlena);
		fmgr_info_cxt(sendfn, &cache->send, fcinfo->flinfo->fn_mcxt);
		cache->has_send = true;
	}
	return cache;
}

/*
 * Transition function of choropleth_svg and svg_layer_agg:
 * (state, geom, value, label [, title, outlined [, second label]]).  Rows
 * with a NULL geometry are skipped; a NULL value is a feature without data.
 */
PG_FUNCTION_INFO_V1(svg_layer_trans);
Datum
svg_layer_trans(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_ARGISNULL(0) ? NULL : (SvgLayer *) GetMutableState(fcinfo, 0);
	Feature		f;
	bytea	   *ewkb;
	EwkbInfo	info;
	EwkbStatus	st;
	CallCache  *cache;

	if (PG_ARGISNULL(1))
	{
		if (layer == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(layer);
	}

	cache = GetCallCache(fcinfo, true, "svg_layer_trans");
	f.flags = 0;
	f.value = 0.0;
	f.label = NULL;
	f.label_len = 0;
	if (!PG_ARGISNULL(2))
	{
		f.value = PG_GETARG_FLOAT8(2);
		if (!isfinite(f.value))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: value must be finite", cache->name),
					 errdetail("Got %g.", f.value),
					 errhint("Pass NULL for a feature without data.")));
		f.flags |= FEATURE_HAS_VALUE;
	}
	if (!PG_ARGISNULL(3))
	{
		text	   *label = PG_GETARG_TEXT_PP(3);

		f.label_len = CheckText(label, "label", cache->name);
		f.label = VARDATA_ANY(label);
		f.flags |= FEATURE_HAS_LABEL;
	}
	/* a second label (choropleth_svg's second_label) is the label's second line */
	if (PG_NARGS() > 6 && !PG_ARGISNULL(6))
	{
		text	   *second = PG_GETARG_TEXT_PP(6);
		int			len = CheckText(second, "second label", cache->name);
		char	   *both = palloc(f.label_len + 1 + len);

		if (f.label_len > 0)
			memcpy(both, f.label, f.label_len);
		if (f.flags & FEATURE_HAS_LABEL)
			both[f.label_len++] = '\n';
		memcpy(both + f.label_len, VARDATA_ANY(second), len);
		f.label_len += len;
		f.label = both;
		f.flags |= FEATURE_HAS_LABEL;
		if (f.label_len > SVG_TEXT_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: label and second label too long", cache->name),
					 errdetail("Together they have at most %d bytes; these have %d.", SVG_TEXT_MAX, f.label_len)));
	}
	if (PG_NARGS() > 5 && !PG_ARGISNULL(5) && PG_GETARG_BOOL(5))
		f.flags |= FEATURE_OUTLINED;

	ewkb = SendFunctionCall(&cache->send, PG_GETARG_DATUM(1));
	f.wkb = (const uint8 *) VARDATA_ANY(ewkb);
	f.wkb_len = VARSIZE_ANY_EXHDR(ewkb);
	st = EwkbReadPolygonal(f.wkb, f.wkb_len, NULL, &info);
	if (st != EWKB_OK)
		EwkbError(st, &info, ACCEPT_POLYGONAL, cache->name, "geom");

	if (layer == NULL)
		layer = SvgLayerAlloc(SvgLayerGrow(0, FeatureSize(&f), cache->name));
	layer = SvgLayerAppend(layer, &f, 1, cache->name);

	if (PG_NARGS() > 4 && !PG_ARGISNULL(4))
	{
		text	   *title = PG_GETARG_TEXT_PP(4);

		layer = SvgLayerTitle(layer, VARDATA_ANY(title), CheckText(title, "title", cache->name), cache->name);
	}
	PG_RETURN_POINTER(layer);
}

/* Combine function of the aggregates, and transition function of rollup(svg_layer). */
PG_FUNCTION_INFO_V1(svg_layer_combine);
Datum
svg_layer_combine(PG_FUNCTION_ARGS)
{
	SvgLayer   *a = (SvgLayer *) GetMutableState(fcinfo, 0);
	SvgLayer   *b = PG_GETARG_SVGLAYER_P(1);

	PG_RETURN_POINTER(SvgLayerMerge(a, b, GetCallCache(fcinfo, false, "svg_layer_combine")->name));
}

/*
 * Final function of svg_layer_agg and rollup: the layer in canonical form,
 * features sorted as the map draws them and no spare room, so the value does
 * not depend on the order of the rows.
 */
PG_FUNCTION_INFO_V1(svg_layer_final);
Datum
svg_layer_final(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_GETARG_SVGLAYER_P(0);
	Feature    *fs = SvgLayerFeatures(layer);
	SvgLayer   *out = SvgLayerAlloc(layer->used);

	qsort(fs, layer->nfeatures, sizeof(Feature), CompareFeatures);
	out->flags = layer->flags;
	out->title_len = layer->title_len;
	out->used = layer->title_len;
	memcpy(out->data, layer->data, layer->title_len);
	for (int i = 0; i < layer->nfeatures; i++)
		SvgLayerPut(out, &fs[i]);
	PG_RETURN_POINTER(out);
}

/* ----------------------------------------------------------------
 * svg_layer: text and binary forms
 *
 * Both are the same portable byte string (the binary form as is, the text
 * form as \x and hex digits):
 *		uint8 version, uint8 flags, int32 nfeatures,
 *		[int32 title length, title]			if flags has SVG_LAYER_HAS_TITLE
 *		per feature: uint8 flags, float8 value, int32 label length, label,
 *					 int32 EWKB length, EWKB
 * integers and floats in network byte order, texts in UTF-8.
 * ---------------------------------------------------------------- */

static void
SerializeText(StringInfo buf, const char *s, int len)
{
	char	   *utf8 = pg_server_to_any(s, len, PG_UTF8);
	int			ulen = (utf8 == s) ? len : (int) strlen(utf8);

	pq_sendint32(buf, ulen);
	pq_sendbytes(buf, utf8, ulen);
}

static void
SvgLayerSerialize(StringInfo buf, const SvgLayer *layer)
{
	Feature    *fs = SvgLayerFeatures(layer);

	pq_sendbyte(buf, layer->version);
	pq_sendbyte(buf, layer->flags);
	pq_sendint32(buf, layer->nfeatures);
	if (layer->flags & SVG_LAYER_HAS_TITLE)
		SerializeText(buf, layer->data, layer->title_len);
	for (int i = 0; i < layer->nfeatures; i++)
	{
		pq_sendbyte(buf, fs[i].flags);
		pq_sendfloat8(buf, fs[i].value);
		SerializeText(buf, fs[i].label, fs[i].label_len);
		pq_sendint32(buf, fs[i].wkb_len);
		pq_sendbytes(buf, (const char *) fs[i].wkb, fs[i].wkb_len);
	}
}

/* Bounds-checked reader of the portable form. */
typedef struct SerialReader
{
	const char *p;
	const char *end;
} SerialReader;

pg_noinline static void
BadSvgLayer(const char *detail, int feature)
{
	if (feature >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input for type svg_layer"),
				 errdetail("Feature %d: %s.", feature + 1, detail)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input for type svg_layer"),
			 errdetail("%c%s.", pg_toupper((unsigned char) detail[0]), detail + 1)));
}

static uint32
SerialUint32(SerialReader *r, int feature)
{
	uint32		v;

	if (r->end - r->p < 4)
		BadSvgLayer("the data end too early", feature);
	memcpy(&v, r->p, 4);
	r->p += 4;
	return pg_ntoh32(v);
}

/* A length-prefixed UTF-8 text, converted to the server encoding. */
static const char *
SerialText(SerialReader *r, int *len, int feature, const char *what)
{
	uint32		n = SerialUint32(r, feature);
	const char *s;

	if (n > SVG_TEXT_MAX)
		BadSvgLayer(psprintf("the %s is longer than %d bytes", what, SVG_TEXT_MAX), feature);
	if (n > (uint32) (r->end - r->p))
		BadSvgLayer("the data end too early", feature);
	s = r->p;
	r->p += n;
	if (!pg_verify_mbstr(PG_UTF8, s, (int) n, true))
		BadSvgLayer(psprintf("the %s is not valid UTF-8", what), feature);
	{
		const char *conv = pg_any_to_server(s, (int) n, PG_UTF8);

		*len = (conv == s) ? (int) n : (int) strlen(conv);
		s = conv;
	}
	if (*len > SVG_TEXT_MAX)
		BadSvgLayer(psprintf("the %s is longer than %d bytes in the database encoding", what, SVG_TEXT_MAX), feature);
	return s;
}

/*
 * The one check of text and binary input: parse the portable form, validate
 * every part (version, flags, lengths, finite values, each geometry) and
 * build the layer.
 */
static SvgLayer *
SvgLayerDeserialize(const char *data, int len)
{
	SerialReader r;
	uint8		version,
				flags;
	uint32		nfeatures;
	const char *title = NULL;
	int			title_len = 0;
	SvgLayer   *layer;
	StringInfoData feats;

	r.p = data;
	r.end = data + len;
	if (len < 6)
		BadSvgLayer("the data end too early", -1);
	version = (uint8) *r.p++;
	flags = (uint8) *r.p++;
	if (version != SVG_LAYER_VERSION)
		BadSvgLayer(psprintf("version %d is not supported; this build reads version %d",
							 version, SVG_LAYER_VERSION), -1);
	if (flags & ~SVG_LAYER_HAS_TITLE)
		BadSvgLayer("unknown header flags", -1);
	nfeatures = SerialUint32(&r, -1);
	if (nfeatures > SVG_LAYER_MAX_FEATURES)
		BadSvgLayer(psprintf("more than %d features", SVG_LAYER_MAX_FEATURES), -1);
	if (flags & SVG_LAYER_HAS_TITLE)
		title = SerialText(&r, &title_len, -1, "title");

	initStringInfo(&feats);
	for (int i = 0; i < (int) nfeatures; i++)
	{
		Feature		f;
		uint64		v;
		EwkbInfo	info;
		EwkbStatus	st;
		uint32		n;

		CHECK_FOR_INTERRUPTS();
		if (r.end - r.p < 9)
			BadSvgLayer("the data end too early", i);
		f.flags = (uint8) *r.p++;
		memcpy(&v, r.p, 8);
		r.p += 8;
		v = pg_ntoh64(v);
		memcpy(&f.value, &v, 8);
		if (f.flags & ~FEATURE_FLAGS)
			BadSvgLayer("unknown feature flags", i);
		if ((f.flags & FEATURE_HAS_VALUE) && !isfinite(f.value))
			BadSvgLayer("the value is not finite", i);
		if (!(f.flags & FEATURE_HAS_VALUE) && f.value != 0.0)
			BadSvgLayer("a feature without a value must store 0", i);
		f.label = SerialText(&r, &f.label_len, i, "label");
		if (!(f.flags & FEATURE_HAS_LABEL) && f.label_len != 0)
			BadSvgLayer("a feature without a label must store an empty one", i);
		n = SerialUint32(&r, i);
		if (n > (uint32) (r.end - r.p))
			BadSvgLayer("the data end too early", i);
		f.wkb = (const uint8 *) r.p;
		f.wkb_len = (int) n;
		r.p += n;
		st = EwkbReadPolygonal(f.wkb, f.wkb_len, NULL, &info);
		if (st != EWKB_OK)
			BadSvgLayer(psprintf("the geometry %s", EwkbProblem(st, &info, ACCEPT_POLYGONAL)), i);
		if (feats.len + FeatureSize(&f) + title_len > SVG_LAYER_MAX_BYTES)
			BadSvgLayer("the layer is larger than the limit", i);
		enlargeStringInfo(&feats, (int) FeatureSize(&f));
		PutFeature(feats.data + feats.len, &f);
		feats.len += (int) FeatureSize(&f);
	}
	if (r.p != r.end)
		BadSvgLayer("trailing bytes after the last feature", -1);

	layer = SvgLayerAlloc(title_len + feats.len);
	layer->flags = flags;
	layer->title_len = (uint16) title_len;
	layer->nfeatures = (int32) nfeatures;
	layer->used = title_len + feats.len;
	if (title_len > 0)
		memcpy(layer->data, title, title_len);
	memcpy(layer->data + title_len, feats.data, feats.len);
	return layer;
}

static int
HexValue(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

PG_FUNCTION_INFO_V1(svg_layer_in);
Datum
svg_layer_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	size_t		slen = strlen(str);
	char	   *bytes;
	int			n;

	if (slen < 2 || str[0] != '\\' || str[1] != 'x')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type svg_layer"),
				 errdetail("The text form is \\x followed by hexadecimal digits, as svg_layer output writes it.")));
	if ((slen - 2) % 2 != 0 || slen - 2 > (size_t) SVG_LAYER_MAX_BYTES * 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type svg_layer"),
				 errdetail("The number of hexadecimal digits must be even and within the size limit.")));
	n = (int) ((slen - 2) / 2);
	bytes = palloc(Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		int			hi = HexValue(str[2 + 2 * i]);
		int			lo = HexValue(str[3 + 2 * i]);

		if (hi < 0 || lo < 0)
		{
			const char *bad = &str[hi < 0 ? 2 + 2 * i : 3 + 2 * i];

			/* name the whole character: a lone byte of one is not valid text */
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type svg_layer"),
					 errdetail("\"%.*s\" at position %d is not a hexadecimal digit.",
							   pg_mblen(bad), bad, (int) (bad - str) + 1)));
		}
		bytes[i] = (char) (hi << 4 | lo);
	}
	PG_RETURN_POINTER(SvgLayerDeserialize(bytes, n));
}

PG_FUNCTION_INFO_V1(svg_layer_out);
Datum
svg_layer_out(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_GETARG_SVGLAYER_P(0);
	StringInfoData buf;
	char	   *out;
	uint64		n;

	initStringInfo(&buf);
	SvgLayerSerialize(&buf, layer);
	out = palloc((Size) buf.len * 2 + 3);
	out[0] = '\\';
	out[1] = 'x';
	n = hex_encode(buf.data, buf.len, out + 2);
	out[2 + n] = '\0';
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(svg_layer_recv);
Datum
svg_layer_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SvgLayer   *layer;

	layer = SvgLayerDeserialize(buf->data + buf->cursor, buf->len - buf->cursor);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(layer);
}

PG_FUNCTION_INFO_V1(svg_layer_send);
Datum
svg_layer_send(PG_FUNCTION_ARGS)
{
	SvgLayer   *layer = PG_GETARG_SVGLAYER_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	SvgLayerSerialize(&buf, layer);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
