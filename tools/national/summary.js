#!/usr/bin/env node
// Step 4 of tools/load_regions.sh: the summary of a load, from the matching report
// (china.js), the reconciliation's figures (save.sql) and the table after the
// insert.  Printed; with --doc FILE, also written between the markers of FILE
// (doc/region.md), which test/suites/45_national_layer.sh compares with a load.
//
// usage: node summary.js REPORT FIGURES TABLE [--doc FILE]
'use strict';
const fs = require('fs');
const [reportFile, figuresFile, tableFile, flag, docFile] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
const f = JSON.parse(fs.readFileSync(figuresFile, 'utf8'));
const t = JSON.parse(fs.readFileSync(tableFile, 'utf8'));

const matched = r.matched.exact + r.matched.stem;
const taiwan = r.taiwan.reduce((n, x) => n + x.names.length, 0);
const noScope = r.no_scope.reduce((n, x) => n + x.names.length, 0);
const pct = (a, b) => (100 * a / b).toFixed(1) + ' %';
const num = n => Number(n).toLocaleString('en-US');
const lines = [];
const row = (label, value) => lines.push(label.padEnd(48) + value);

row('city files', `${r.files} (${r.encoded_files} ECharts-encoded, decoded)`);
row('polygons', num(r.polygons));
row('matched to a code', `${num(matched)} (${pct(matched, r.polygons)}; ${pct(matched, r.polygons - taiwan)} outside Taiwan)`);
row('  by name', `${num(r.matched.exact)} (${r.prefecture_level.length} of them prefecture-level codes)`);
row('  by former name (suffix changed)', `${r.matched.stem}`);
row('not matched (not loaded)', `${r.polygons - matched}`);
row('  Taiwan townships (no county-level code)', `${taiwan} in ${r.taiwan.length} files`);
row('  name not found in its prefecture', `${r.unmatched.length}`);
row('  file with no prefecture', `${noScope}`);
row('  ambiguous (several codes)', `${r.ambiguous.length}`);
row('empty in its file, repaired by the package', `${r.patched.length}`);
row('empty in its file (not loaded)', `${r.empty.length}`);
row('codes given to several polygons (merged)', `${r.duplicates.length}`);
row('codes of those prefectures with no polygon', `${r.codes_without_polygon.length}`);
row('codes already in the table (kept as they are)', `${f.kept}`);
row('new regions', `${f.new_codes} (${f.made_valid} made valid)`);
row('  cut by an overlap', `${f.cut_regions} (${f.cut_pairs} overlapping pairs, ${f.moved_km2} km2 moved)`);
row('  most cut', f.most_cut ? `${f.most_cut.code} ${f.most_cut.name}: ${f.most_cut.share_pct} % of its area` : '-');
row('  emptied by the reconciliation', `${f.emptied.length}`);
row('  area before / after reconciliation', `${num(f.raw_km2)} / ${num(f.final_km2)} km2`);
row('inserted', `${t.inserted}`);
row('rows in regional_dev.region', `${num(t.rows)} (${num(t.area_km2)} km2)`);

const list = (title, items) => {
	lines.push('', title + ':');
	if (items.length === 0) lines.push('  (none)');
	for (const s of items) lines.push('  ' + s);
};
const byFile = l => {
	const m = new Map();
	for (const x of l) { if (!m.has(x.file)) m.set(x.file, []); m.get(x.file).push(x.name); }
	return [...m].map(([file, names]) => `${file}: ${names.join(', ')}`);
};
list('Not matched: name not found in its prefecture (file: names)', byFile(r.unmatched));
list('Not matched: file with no prefecture', r.no_scope.map(x => `${x.file}: ${x.names.join(', ')}`));
list('Not matched: ambiguous', r.ambiguous.map(x => `${x.file}: ${x.name} (${x.codes.join(', ')})`));
list('Not matched: Taiwan townships (file, count: names)',
	r.taiwan.map(x => `${x.file}, ${x.names.length}: ${x.names.join(', ')}`));
list('Matched by former name (file: name -> code, name in the list)',
	r.renamed.map(x => `${x.file}: ${x.name} -> ${x.code} ${x.code_name}`));
list('Matched to a prefecture-level code (no county-level units)',
	r.prefecture_level.map(x => `${x.file}: ${x.name} -> ${x.code}`));
list('Empty in the city file, replaced by the package\'s repair', r.patched.map(x => `${x.file}: ${x.name} from ${x.from}`));
list('Empty in the city file (not loaded)', r.empty.map(x => `${x.file}: ${x.name}`));
list('Codes given to several polygons (merged)', r.duplicates.map(x => `${x.code}: ${x.polygons.join(', ')}`));
list('Emptied by the reconciliation (not loaded)', f.emptied);
list('Codes of the matched prefectures with no polygon', [r.codes_without_polygon.join(', ')].filter(s => s));
const text = lines.join('\n') + '\n';

if (flag === '--doc') {
	const BEGIN = '<!-- BEGIN tools/load_regions.sh china --doc -->';
	const END = '<!-- END tools/load_regions.sh china --doc -->';
	const doc = fs.readFileSync(docFile, 'utf8');
	const a = doc.indexOf(BEGIN), b = doc.indexOf(END);
	if (a < 0 || b < a) { console.error(`${docFile}: no ${BEGIN} ... ${END} block`); process.exit(1); }
	fs.writeFileSync(docFile, doc.slice(0, a + BEGIN.length) + '\n```text\n' + text + '```\n' + doc.slice(b));
} else {
	process.stdout.write(text);
}
