# regional_dev: PGXS build.  `make`, `make install`, `make installcheck`
# (against the server that PGHOST/PGPORT point to).

EXTENSION   = regional_dev
EXTVERSION  = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big  = regional_dev
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script is these sources, concatenated in dependency order.
SQL_SRCS    = src/header.sql \
              src/adcode.sql \
              src/region.sql \
              src/region_data.sql \
              src/places.sql \
              src/annual_series.sql \
              src/ratio_summary.sql \
              src/inequality.sql \
              src/gini.sql \
              src/convergence.sql \
              src/flow.sql \
              src/svg.sql \
              src/structure.sql \
              src/dispersion.sql \
              src/spatial_weights.sql \
              src/local_moran.sql \
              src/spatial_stats.sql \
              src/svg_lisa.sql

DATA_built  = $(EXTENSION)--$(EXTVERSION).sql
# Older versions' frozen install scripts and the upgrade scripts (doc/packaging.md).
DATA        = $(wildcard upgrade/$(EXTENSION)--*.sql)
DOCS        = README.md

# Every sql/*.sql is a pg_regress test, run in name order; zz_manual runs the
# manual's examples (generated from doc/*.md by tools/doc_examples.py).
REGRESS      = $(sort $(patsubst sql/%.sql,%,$(wildcard sql/*.sql)) zz_manual)
REGRESS_OPTS = --load-extension=postgis --load-extension=$(EXTENSION)

PG_CPPFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
              $(shell geos-config --cflags)
SHLIB_LINK  = $(shell geos-config --clibs)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: rebuild every object when a header changes
# (a stale object with an old struct layout crashes the backend).
$(OBJS): $(wildcard src/*.h)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SRCS)
	cat $^ > $@

installcheck: manual-examples
manual-examples:
	/usr/bin/python3 tools/doc_examples.py
.PHONY: manual-examples
