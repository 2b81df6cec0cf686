-- The catalogue of regional_dev as sorted text lines, one per object (or per
-- member of an operator family), for comparing an upgraded installation with a
-- fresh one (test/suites/56_upgrade.sh).  Covers every extension member with
-- what defines it: functions and aggregates (full definition: signature,
-- defaults, result, language, volatility, strictness, parallel safety,
-- security, cost, settings, body), types, operators, casts, operator classes
-- and families with their members, tables (columns, defaults, constraints,
-- indexes, triggers, options, shipped rows as a count and an md5), the schema,
-- comments and privileges everywhere, and the extension's own settings.  No
-- OIDs: names only, all schema-qualified (search_path is pg_catalog alone).
SET search_path = pg_catalog;
\pset tuples_only on
\pset format unaligned

WITH ext AS (
	SELECT oid, extnamespace FROM pg_extension WHERE extname = 'regional_dev'
), member AS (
	SELECT d.classid, d.objid, d.objsubid FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
), line AS (
	-- Every member, whatever its kind: an object of a kind not detailed below still shows.
	SELECT 'member ' || pg_describe_object(classid, objid, objsubid) AS l FROM member
	UNION ALL
	SELECT format('extension version=%s relocatable=%s schema=%s config=%s conditions=%s',
		e.extversion, e.extrelocatable, e.extnamespace::regnamespace,
		(SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(e.extconfig) AS c),
		e.extcondition)
	FROM pg_extension e WHERE e.extname = 'regional_dev'
	UNION ALL
	SELECT format('schema %s owner=%s acl=%s comment=%s', n.nspname, n.nspowner::regrole, n.nspacl,
		obj_description(n.oid, 'pg_namespace'))
	FROM pg_namespace n, ext WHERE n.oid = ext.extnamespace
	UNION ALL
	-- Functions and procedures: pg_get_functiondef has all of the definition.
	SELECT format('function %s kind=%s acl=%s comment=%s def=%s', p.oid::regprocedure, p.prokind, p.proacl,
		obj_description(p.oid, 'pg_proc'), regexp_replace(pg_get_functiondef(p.oid), '\s+', ' ', 'g'))
	FROM pg_proc p JOIN member m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
	WHERE p.prokind <> 'a'
	UNION ALL
	SELECT format('aggregate %s acl=%s comment=%s strict=%s parallel=%s kind=%s direct=%s transfn=%s finalfn=%s '
		'finalextra=%s finalmodify=%s combinefn=%s serialfn=%s deserialfn=%s mtransfn=%s minvtransfn=%s '
		'mfinalfn=%s stype=%s sspace=%s mstype=%s initval=%s minitval=%s sortop=%s',
		p.oid::regprocedure, p.proacl, obj_description(p.oid, 'pg_proc'), p.proisstrict, p.proparallel,
		a.aggkind, a.aggnumdirectargs, a.aggtransfn::regprocedure, a.aggfinalfn::regprocedure,
		a.aggfinalextra, a.aggfinalmodify, a.aggcombinefn::regprocedure, a.aggserialfn::regprocedure,
		a.aggdeserialfn::regprocedure, a.aggmtransfn::regprocedure, a.aggminvtransfn::regprocedure,
		a.aggmfinalfn::regprocedure, a.aggtranstype::regtype, a.aggtransspace, a.aggmtranstype::regtype,
		a.agginitval, a.aggminitval, a.aggsortop::regoperator)
	FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
	JOIN member m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
	UNION ALL
	SELECT format('type %s type=%s len=%s byval=%s category=%s preferred=%s delim=%s align=%s storage=%s '
		'input=%s output=%s receive=%s send=%s typmodin=%s typmodout=%s analyze=%s subscript=%s elem=%s '
		'array=%s base=%s typmod=%s ndims=%s notnull=%s default=%s collation=%s acl=%s comment=%s '
		'labels=%s domain_checks=%s',
		t.oid::regtype, t.typtype, t.typlen, t.typbyval, t.typcategory, t.typispreferred, t.typdelim,
		t.typalign, t.typstorage, t.typinput::regprocedure, t.typoutput::regprocedure,
		t.typreceive::regprocedure, t.typsend::regprocedure, t.typmodin::regprocedure,
		t.typmodout::regprocedure, t.typanalyze::regprocedure, t.typsubscript::regprocedure,
		t.typelem::regtype, t.typarray::regtype, t.typbasetype::regtype, t.typtypmod, t.typndims,
		t.typnotnull, t.typdefault, t.typcollation::regcollation, t.typacl, obj_description(t.oid, 'pg_type'),
		(SELECT array_agg(enumlabel ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid),
		(SELECT array_agg(conname || ' ' || pg_get_constraintdef(c.oid) ORDER BY conname)
		 FROM pg_constraint c WHERE c.contypid = t.oid))
	FROM pg_type t JOIN member m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
	UNION ALL
	SELECT format('operator %s code=%s commutator=%s negator=%s restrict=%s join=%s hashes=%s merges=%s comment=%s',
		o.oid::regoperator, o.oprcode::regprocedure, o.oprcom::regoperator, o.oprnegate::regoperator,
		o.oprrest::regprocedure, o.oprjoin::regprocedure, o.oprcanhash, o.oprcanmerge,
		obj_description(o.oid, 'pg_operator'))
	FROM pg_operator o JOIN member m ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid
	UNION ALL
	SELECT format('cast (%s AS %s) function=%s context=%s method=%s comment=%s',
		c.castsource::regtype, c.casttarget::regtype, c.castfunc::regprocedure, c.castcontext, c.castmethod,
		obj_description(c.oid, 'pg_cast'))
	FROM pg_cast c JOIN member m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
	UNION ALL
	SELECT format('operator class %s.%s using %s for %s default=%s storage=%s family=%s comment=%s',
		c.opcnamespace::regnamespace, c.opcname, am.amname, c.opcintype::regtype, c.opcdefault,
		c.opckeytype::regtype, f.opfname, obj_description(c.oid, 'pg_opclass'))
	FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily
	JOIN member m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
	UNION ALL
	-- Members of the operator families the extension's classes and families use.
	SELECT format('operator family %s.%s using %s: operator %s (%s, %s) %s purpose=%s sortfamily=%s',
		f.opfnamespace::regnamespace, f.opfname, am.amname, o.amopstrategy, o.amoplefttype::regtype,
		o.amoprighttype::regtype, o.amopopr::regoperator, o.amoppurpose, (SELECT opfname FROM pg_opfamily WHERE oid = o.amopsortfamily))
	FROM pg_amop o JOIN pg_opfamily f ON f.oid = o.amopfamily JOIN pg_am am ON am.oid = f.opfmethod
	WHERE f.oid IN (SELECT c.opcfamily FROM pg_opclass c JOIN member m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
	                UNION SELECT m.objid FROM member m WHERE m.classid = 'pg_opfamily'::regclass)
	UNION ALL
	SELECT format('operator family %s.%s using %s: function %s (%s, %s) %s',
		f.opfnamespace::regnamespace, f.opfname, am.amname, p.amprocnum, p.amproclefttype::regtype,
		p.amprocrighttype::regtype, p.amproc::regprocedure)
	FROM pg_amproc p JOIN pg_opfamily f ON f.oid = p.amprocfamily JOIN pg_am am ON am.oid = f.opfmethod
	WHERE f.oid IN (SELECT c.opcfamily FROM pg_opclass c JOIN member m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
	                UNION SELECT m.objid FROM member m WHERE m.classid = 'pg_opfamily'::regclass)
	UNION ALL
	SELECT format('relation %s kind=%s persistence=%s options=%s acl=%s comment=%s',
		c.oid::regclass, c.relkind, c.relpersistence, c.reloptions, c.relacl, obj_description(c.oid, 'pg_class'))
	FROM pg_class c JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
	UNION ALL
	SELECT format('column %s.%s %s notnull=%s default=%s identity=%s generated=%s collation=%s acl=%s comment=%s',
		c.oid::regclass, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
		pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated, a.attcollation::regcollation,
		a.attacl, col_description(c.oid, a.attnum))
	FROM pg_class c JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
	UNION ALL
	SELECT format('constraint %s on %s: %s comment=%s', k.conname, c.oid::regclass, pg_get_constraintdef(k.oid),
		obj_description(k.oid, 'pg_constraint'))
	FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
	JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
	UNION ALL
	SELECT format('index %s comment=%s', pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class'))
	FROM pg_index i JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = i.indrelid
	UNION ALL
	SELECT format('trigger %s', pg_get_triggerdef(g.oid))
	FROM pg_trigger g JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = g.tgrelid
	WHERE NOT g.tgisinternal
)
SELECT l FROM line ORDER BY l COLLATE "C";

-- Shipped rows of the extension's tables: count and md5 of the sorted rows.
-- The version column of region_index is left out: it numbers changes from a
-- sequence, so its values depend on the history of the database, not on the
-- rows themselves.
SELECT format('SELECT %L || count(*) || '' md5='' || md5(coalesce(string_agg(%s, E''\n'' ORDER BY %s COLLATE "C"), '''')) FROM %s AS t',
	'rows of ' || c.oid::regclass || ': ', r.row_text, r.row_text, c.oid::regclass)
FROM pg_class c
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'regional_dev'
CROSS JOIN LATERAL (SELECT CASE WHEN c.relname = 'region_index' THEN '(to_jsonb(t) - ''version'')::text'
	ELSE 't::text' END AS row_text) r
WHERE c.relkind IN ('r', 'p', 'm')
ORDER BY c.oid::regclass::text
\gexec
