# pg_preflight: the PostgreSQL extension (PGXS). `make && make install`,
# then `make installcheck` against a running server (PGHOST/PGPORT).
EXTENSION = pg_preflight
# The one version of pg_preflight: the library (preflight.version()), the
# client (CMakeLists.txt reads this line), and, as its major.minor, the
# SQL (the control file's default_version and the install script's name).
EXTVERSION = 1.2.0
EXTSQLVERSION = $(basename $(EXTVERSION))
MODULE_big = pg_preflight
# Every release's install script and every upgrade script between releases.
DATA = $(sort $(wildcard extension/pg_preflight--*.sql))
ifeq ($(wildcard extension/pg_preflight--$(EXTSQLVERSION).sql),)
$(error extension/pg_preflight--$(EXTSQLVERSION).sql is missing: each release ships its install script)
endif

CORE_OBJS = $(patsubst %.cpp,%.o,$(wildcard core/*.cpp))
EXTENSION_OBJS = $(patsubst %.cpp,%.o,$(wildcard extension/*.cpp))
OBJS = $(CORE_OBJS) $(EXTENSION_OBJS)

# install.sql creates the extension; the rest run in name order after it.
REGRESS = install $(filter-out install,$(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql))))
# Where their outputs go: build/regress and build/isolation unless told.
TEST_OUTPUT ?= build
REGRESS_OPTS = --inputdir=. --outputdir=$(TEST_OUTPUT)/regress

# Isolation tests (pg_isolation_regress): a check racing other sessions' DDL.
ISOLATION = $(patsubst tests/isolation/specs/%.spec,%,$(sort $(wildcard tests/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=tests/isolation --outputdir=$(TEST_OUTPUT)/isolation

PG_CONFIG ?= pg_config
# -MMD: rebuild what includes a changed header (PGXS tracks no headers).
PG_CPPFLAGS = -DPREFLIGHT_VERSION=\"$(EXTVERSION)\"
PG_CXXFLAGS = -std=c++17 -fexceptions -Wall -Werror=narrowing -Wno-register -Wno-missing-field-initializers -MMD -MP
SHLIB_LINK = -lstdc++

# Debian's server is built with LLVM JIT, and PGXS would also emit clang
# bitcode for inlining; C++ functions gain nothing from it. `override`
# wins over the assignment in PGXS's Makefile.global.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

-include $(OBJS:.o=.d)

# The control file names the SQL version; PGXS installs it from here.
all: $(EXTENSION).control
$(EXTENSION).control: $(EXTENSION).control.in Makefile
	sed 's/@EXTSQLVERSION@/$(EXTSQLVERSION)/' $< >$@
# The version is compiled in (-D): rebuild when the Makefile moves it.
$(OBJS): Makefile
# Objects compiled against one major's headers must not go into another
# major's library (PGXS tracks no server headers, and the -MMD files name
# the old major's): they depend on a stamp naming the pg_config they were
# built with, which a build with another pg_config replaces.
PG_STAMP := build/pg_config.$(shell $(PG_CONFIG) --version | tr -c 'A-Za-z0-9.\n' _)
$(OBJS): $(PG_STAMP)
$(PG_STAMP):
	mkdir -p build && rm -f build/pg_config.* && touch $@

installcheck: | $(TEST_OUTPUT)/regress $(TEST_OUTPUT)/isolation
$(TEST_OUTPUT)/regress $(TEST_OUTPUT)/isolation:
	mkdir -p $@

EXTRA_CLEAN = build/regress build/isolation build/pg_config.* $(OBJS:.o=.d) $(EXTENSION).control

# ---------------------------------------------------------------------------
# Distribution. `make dist`: the PGXN zip, dist/pg_preflight-$(EXTVERSION).zip,
# from `git archive` of HEAD (committed files only; META.json at the top of
# pg_preflight-$(EXTVERSION)/), after scripts/check-version has checked that
# META.json states EXTVERSION. The Debian packages: bash scripts/package.
# ---------------------------------------------------------------------------
DISTNAME = $(EXTENSION)-$(EXTVERSION)

.PHONY: dist
dist:
	bash scripts/check-version >/dev/null || { bash scripts/check-version; exit 1; }
	mkdir -p dist
	git archive --format=zip --prefix=$(DISTNAME)/ -o dist/$(DISTNAME).zip HEAD
	@echo "dist/$(DISTNAME).zip"

# ---------------------------------------------------------------------------
# Against one major's server headers alone: Debian's postgresql-server-dev-17
# (trixie) and -18 (sid) carry no PGXS, so `make headers-build MAJOR=17`
# compiles with -I against what scripts/server-headers unpacks, into
# build/ext/17/ (pg_preflight.so, the control file, the SQL), leaving the
# tree's PGXS objects to the normal `make PG_CONFIG=... install`.
# ---------------------------------------------------------------------------
ifdef MAJOR
HB_DIR = build/ext/$(MAJOR)
HB_INCLUDE := $(shell bash scripts/server-headers $(MAJOR))
HB_OBJS = $(addprefix $(HB_DIR)/,$(OBJS))
HB_CXX ?= $(CXX)
# PGXS hides a module's symbols from 16 on (PGDLLEXPORT marks the entry points).
HB_VISIBILITY = $(if $(filter 15,$(MAJOR)),,-fvisibility=hidden -fvisibility-inlines-hidden)
HB_CXXFLAGS = -O2 -fPIC -fno-strict-aliasing -fwrapv $(HB_VISIBILITY) -I$(HB_INCLUDE) \
	$(PG_CPPFLAGS) $(PG_CXXFLAGS)

.PHONY: headers-build
headers-build: $(HB_DIR)/$(MODULE_big).so $(HB_DIR)/$(EXTENSION).control
$(HB_DIR)/%.o: %.cpp Makefile
	@mkdir -p $(dir $@)
	$(HB_CXX) $(HB_CXXFLAGS) -c $< -o $@
$(HB_DIR)/$(MODULE_big).so: $(HB_OBJS)
	$(HB_CXX) -shared -o $@ $^ $(SHLIB_LINK)
$(HB_DIR)/$(EXTENSION).control: $(EXTENSION).control
	cp $< $@
-include $(HB_OBJS:.o=.d)

# `make headers-syntax MAJOR=18 HB_CXX=clang++`: the files that include the
# server's headers, compiled for errors only (-Werror=narrowing included;
# clang ignores the headers' gnu_printf attributes, which is no error).
.PHONY: headers-syntax
headers-syntax:
	@for f in $(EXTENSION_OBJS:.o=.cpp); do \
		$(HB_CXX) $(filter-out -MMD -MP,$(HB_CXXFLAGS)) -Wno-ignored-attributes -fsyntax-only $$f || exit 1; \
	done
endif
