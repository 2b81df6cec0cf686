#!/usr/bin/env bash
# BI driver test: pgJDBC over TCP with a SCRAM password, every custom type as text,
# through its casts and accessors, prepared on the server (test/bi/BiCheck.java).
source "$ROOT/test/bi/setup.sh"
ensure_packages libpostgresql-jdbc-java default-jdk-headless
bi_setup
jar=/usr/share/java/postgresql.jar
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" -cp "$jar" "$BI/BiCheck.java"
say "pgJDBC $(dpkg-query -W -f='${Version}' libpostgresql-jdbc-java), $(javac -version 2>&1)"
java -cp "$jar:$classes" BiCheck
