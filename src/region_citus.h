/*
 * region_citus.h
 *		Which table holds this node's regions on a Citus cluster, and the
 *		guard against a worker answering from regions that may differ from
 *		the coordinator's (src/region_citus.c).
 */
#ifndef REGION_CITUS_H
#define REGION_CITUS_H

#include "postgres.h"
#include "utils/relcache.h"

/* What Citus makes of regional_dev.region on this node. */
typedef struct RegionCitus
{
	bool		citus;			/* the citus extension is installed in this database */
	bool		distributed;	/* region is a Citus table: its rows live in shard placements */
	bool		reference;		/* ... a reference table (one shard, on every node) */
	Oid			placement;		/* this node's placement of that shard, if it has one */
	bool		listed;			/* Citus's metadata lists a placement on this node */
	int32		group;			/* this node's Citus group: 0 the coordinator (or no cluster) */
} RegionCitus;

extern void RegionCitusGet(Oid region_relid, RegionCitus *rc);
extern Oid	RegionReadRelid(Oid region_relid, bool guard);
extern bool RegionIsPlacement(Relation rel, const RegionCitus *rc);
extern void RegionCitusMarkChange(void);
extern void RegionCitusCheckStatement(void);

#endif							/* REGION_CITUS_H */
