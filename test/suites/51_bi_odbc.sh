#!/usr/bin/env bash
# BI driver test: psqlODBC through the unixODBC driver manager, over TCP with a
# SCRAM password, every custom type as text, through its casts and accessors
# (test/bi/bi_odbc.c).  The driver is declared in a private odbcinst.ini
# (ODBCSYSINI), the connection string is DSN-less: nothing in /etc is used.
source "$ROOT/test/bi/setup.sh"
ensure_packages odbc-postgresql unixodbc unixodbc-dev
bi_setup
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O1 -Wall -Wextra -o "$tmp/bi_odbc" "$BI/bi_odbc.c" -lodbc -lm
driver=$(dpkg -L odbc-postgresql | grep '/psqlodbcw\.so$' | head -n 1)
[ -n "$driver" ] || die "psqlodbcw.so not found in odbc-postgresql"
cat >"$tmp/odbcinst.ini" <<INI
[regional_dev psqlODBC]
Description = PostgreSQL ODBC driver (Unicode), for the regional_dev tests
Driver = $driver
INI
: >"$tmp/odbc.ini"
say "psqlODBC $(dpkg-query -W -f='${Version}' odbc-postgresql), unixODBC $(dpkg-query -W -f='${Version}' unixodbc)"
ODBCSYSINI=$tmp ODBCINI=$tmp/odbc.ini LC_ALL=C.UTF-8 "$tmp/bi_odbc" \
	"Driver={regional_dev psqlODBC};Server=$BI_HOST;Port=$BI_PORT;Database=$BI_DB;Uid=$BI_USER;UseServerSidePrepare=1"
