#!/usr/bin/env bash
# A BI login as it comes (issue 18): a role created with LOGIN and a password,
# granted nothing, with the default search_path, connected over TCP as
# Metabase, Superset, Tableau or Excel would, runs the manual's read-only
# examples, the report's queries and the SQL a BI tool generates (filters and
# joins on adcode columns with plain literals, GROUP BY province), with the
# superuser's results (test/bi/bi_role.py).  A negative control revokes USAGE
# on the schema from PUBLIC and checks that the comparison then fails.
source "$ROOT/test/bi/bare_login.sh"
bare_login regional_dev_bi_role regional_dev_bi_analyst
# What the administrator does: the extension (above) and the demo data, nothing for the role.
(cd "$ROOT" && for f in tools/demo_data/*.sql; do PGOPTIONS='-c client_min_messages=warning' psql_q -d $ROLE_DB -f "$f" >/dev/null; done)
# The manual's examples as tools/doc_examples.py writes them (sql/zz_manual.sql).
/usr/bin/python3 "$ROOT/tools/doc_examples.py"
/usr/bin/python3 "$ROOT/test/bi/bi_role.py"
