/*
 * region_citus.c
 *		regional_dev.region on a Citus cluster (doc/scale-out.md, "Places on
 *		Citus").
 *
 * Every node of a Citus cluster has the extension, hence its own table
 * regional_dev.region: the shipped districts everywhere, but a region
 * inserted on the coordinator only there.  A shard query that calls locate()
 * on a worker would read the worker's table and answer NULL for regions the
 * coordinator has.  The supported set-up makes region a Citus reference
 * table (region_to_reference_table() in src/places.sql): one shard, a
 * placement of it on every node, written by Citus on all of them in one
 * two-phase-commit transaction.  The triggers of region come with every
 * placement, so each node keeps its own derived tables (region_index,
 * region_neighbor: local tables) and its sessions' caches in step with its
 * own placement, which is what the spatial functions read.
 *
 * The guard: on a Citus worker whose region is not a reference table the
 * spatial functions refuse to answer (its regions may differ from the
 * coordinator's); a node with no placement of the reference table (a
 * coordinator left out of Citus's metadata, or removed from it: its table
 * region_<shardid> stays, no longer written) refuses too.  And inside a
 * distributed transaction that changed the regions: Citus may run a later
 * query's shards over other connections to a worker than the one that
 * changed its placement, and those would read the committed regions.  The
 * trigger on a worker's placement takes a shared advisory lock named after
 * the distributed transaction (RegionCitusMarkChange); a statement of that
 * transaction in another backend finds it held and refuses
 * (RegionCitusCheckStatement).
 *
 * Nothing here links Citus: its catalogue tables (pg_dist_partition,
 * pg_dist_shard, pg_dist_placement, pg_dist_local_group) are read through SPI,
 * and only when the citus extension is installed in the database.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "access/parallel.h"
#include "access/xact.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "region_citus.h"

/* Whether the last RegionReadRelid found this node to be a Citus worker. */
static bool on_worker = false;

/*
 * Run a query of Citus's catalogue under SPI; left connected for the caller
 * to read the result, then SPI_finish.
 */
static void
RunCitusQuery(const char *query, int nargs, Oid *argtypes, Datum *args, bool read_only)
{
	int			rc;

	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: SPI_connect failed")));
	rc = SPI_execute_with_args(query, nargs, argtypes, args, NULL, read_only, 1);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: \"%s\" failed: %s", query, SPI_result_code_string(rc))));
}

/*
 * Fill rc for regional_dev.region (region_relid) on this node.  Citus's
 * metadata changes send a relcache invalidation of the table, so a cache
 * that asked this stays right as long as it does.
 */
void
RegionCitusGet(Oid region_relid, RegionCitus *rc)
{
	Oid			argtype = OIDOID;
	Datum		arg = ObjectIdGetDatum(region_relid);
	bool		isnull;
	Datum		d;

	memset(rc, 0, sizeof(*rc));
	if (!OidIsValid(get_extension_oid("citus", true)))
		return;
	rc->citus = true;
	RunCitusQuery("SELECT (SELECT p.partmethod::pg_catalog.text FROM pg_catalog.pg_dist_partition p"
				  "  WHERE p.logicalrelid OPERATOR(pg_catalog.=) $1::pg_catalog.regclass),"
				  " (SELECT pg_catalog.min(s.shardid) FROM pg_catalog.pg_dist_shard s"
				  "  WHERE s.logicalrelid OPERATOR(pg_catalog.=) $1::pg_catalog.regclass),"
				  " (SELECT pg_catalog.min(g.groupid) FROM pg_catalog.pg_dist_local_group g),"
				  " EXISTS (SELECT FROM pg_catalog.pg_dist_placement pl, pg_catalog.pg_dist_shard s, pg_catalog.pg_dist_local_group g"
				  "  WHERE s.logicalrelid OPERATOR(pg_catalog.=) $1::pg_catalog.regclass"
				  "  AND pl.shardid OPERATOR(pg_catalog.=) s.shardid AND pl.groupid OPERATOR(pg_catalog.=) g.groupid)",
				  1, &argtype, &arg, true);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("regional_dev: reading Citus's metadata of regional_dev.region gave " UINT64_FORMAT " rows", (uint64) SPI_processed)));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (!isnull)
	{
		char	   *method = TextDatumGetCString(d);

		rc->distributed = true;
		rc->reference = strcmp(method, "n") == 0;
	}
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
	if (!isnull && rc->reference)
	{
		/* Citus names a shard after its table: region_<shardid>, same schema */
		char	   *name = psprintf("%s_" INT64_FORMAT, get_rel_name(region_relid), DatumGetInt64(d));

		rc->placement = get_relname_relid(name, get_rel_namespace(region_relid));
	}
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull);
	rc->group = isnull ? 0 : DatumGetInt32(d);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4, &isnull);
	rc->listed = !isnull && DatumGetBool(d);
	SPI_finish();
}

/*
 * The table this node reads its regions from: regional_dev.region, or its
 * placement when it is a Citus reference table.  With guard, a Citus worker
 * whose region is a table of its own refuses (see the file's comment).
 */
Oid
RegionReadRelid(Oid region_relid, bool guard)
{
	RegionCitus rc;

	RegionCitusGet(region_relid, &rc);
	on_worker = rc.group > 0;
	if (rc.distributed && !rc.reference)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("regional_dev: table regional_dev.region is distributed by Citus but is not a reference table"),
				 errdetail("Every node needs every region: the spatial functions read a copy on each node."),
				 errhint("Citus cannot undistribute a table of an extension. On the coordinator: SELECT run_command_on_all_nodes('ALTER EXTENSION regional_dev DROP TABLE regional_dev.region'); DROP TABLE regional_dev.region; DROP EXTENSION regional_dev; CREATE EXTENSION regional_dev; CALL regional_dev.region_to_reference_table();")));
	if (rc.distributed)
	{
		/*
		 * The metadata too: a node removed from it (citus_remove_node of the
		 * coordinator) keeps its table region_<shardid>, which Citus no
		 * longer writes.
		 */
		if (!OidIsValid(rc.placement) || !rc.listed)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("regional_dev: this node has no copy of the Citus reference table regional_dev.region"),
					 errdetail("The spatial functions read the regions from this node's placement of the table."),
					 errhint("Add the node to Citus's metadata (on the coordinator: SELECT citus_set_coordinator_host(...)), then SELECT replicate_reference_tables().")));
		return rc.placement;
	}
	if (guard && rc.group > 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("regional_dev: table regional_dev.region is not shared with this Citus worker"),
				 errdetail("Each node would read its own regional_dev.region: a region added or changed on the coordinator would be missing or different here, and the answer could differ from the coordinator's."),
				 errhint("On the coordinator: CALL regional_dev.region_to_reference_table();")));
	return region_relid;
}

/*
 * Whether rel, on which a trigger of region fired, is a placement of
 * region as a Citus table: a table region_<shardid> beside it.  Told by
 * its name, not the metadata: Citus fills a new placement (when it makes
 * the reference table, or copies it to a node added later) before that
 * node's metadata may show it.
 */
bool
RegionIsPlacement(Relation rel, const RegionCitus *rc)
{
	const char *name = RelationGetRelationName(rel);

	if (!rc->citus || RelationGetNamespace(rel) != get_namespace_oid("regional_dev", false) ||
		strncmp(name, "region_", 7) != 0 || name[7] == '\0')
		return false;
	for (const char *p = name + 7; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* Advisory locks (class, key) of "regions changed in this distributed transaction". */
#define REGION_CHANGE_LOCK_CLASS 0x52474456	/* 'RGDV' */

/* The key: a hash of this backend's distributed transaction id, NULL outside one. */
#define TRANSACTION_KEY \
	"(SELECT pg_catalog.hashtext(t.initiator_node_identifier::pg_catalog.text OPERATOR(pg_catalog.||) ':'" \
	" OPERATOR(pg_catalog.||) t.transaction_number::pg_catalog.text) OPERATOR(pg_catalog.&) 2147483647" \
	" FROM pg_catalog.get_current_transaction_id() t WHERE t.transaction_number OPERATOR(pg_catalog.<>) 0)"

/*
 * A trigger of region fired on this worker's placement: mark the
 * distributed transaction (nothing on the coordinator, or outside one).
 */
void
RegionCitusMarkChange(void)
{
	RunCitusQuery(psprintf("SELECT pg_catalog.pg_advisory_xact_lock_shared(%d, s.k)"
						   " FROM (SELECT " TRANSACTION_KEY " AS k) s, pg_catalog.pg_dist_local_group g"
						   " WHERE s.k IS NOT NULL AND g.groupid OPERATOR(pg_catalog.<>) 0",
						   REGION_CHANGE_LOCK_CLASS), 0, NULL, NULL, false);
	SPI_finish();
}

/*
 * First spatial call of a statement on a node that reads a placement:
 * refuse when another backend of this distributed transaction changed the
 * regions here (this backend's own change, or its parallel leader's, is
 * visible to it).  Only a worker's backends can be several in one
 * distributed transaction, and only inside a transaction block (Citus
 * begins one on every connection of such a transaction).  A parallel worker
 * leaves it to its leader, which runs the plan too and has the distributed
 * transaction's id.
 */
void
RegionCitusCheckStatement(void)
{
	Oid			argtype = INT4OID;
	Datum		arg = Int32GetDatum(MyProc->lockGroupLeader != NULL ? MyProc->lockGroupLeader->pid : MyProcPid);
	bool		isnull;
	bool		changed;

	if (!on_worker || !IsTransactionBlock() || IsParallelWorker())
		return;
	RunCitusQuery(psprintf("SELECT EXISTS (SELECT FROM pg_catalog.pg_locks l"
						   " WHERE l.locktype OPERATOR(pg_catalog.=) 'advisory' AND l.granted"
						   " AND l.database OPERATOR(pg_catalog.=) %u AND l.classid OPERATOR(pg_catalog.=) %u"
						   " AND l.objid OPERATOR(pg_catalog.=) (" TRANSACTION_KEY ")::pg_catalog.oid"
						   " AND l.objsubid OPERATOR(pg_catalog.=) 2 AND l.pid OPERATOR(pg_catalog.<>) $1)",
						   MyDatabaseId, (unsigned) REGION_CHANGE_LOCK_CLASS), 1, &argtype, &arg, true);
	changed = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();
	if (changed)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("regional_dev: regions changed earlier in this transaction are not visible to this connection"),
				 errdetail("Citus ran this part of the query over another connection to this node than the one that changed regional_dev.region; it would have answered from the committed regions."),
				 errhint("Commit the change first, or begin the transaction with SET LOCAL citus.multi_shard_modify_mode TO 'sequential'.")));
}
