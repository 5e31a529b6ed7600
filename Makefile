# cstk — build, test, demo.  Quiet unless V=1; SANITIZE=address,undefined
# builds a separate instrumented tree under build/san.
#
#   make            build ./cstk
#   make demo       install missing build dependencies, build, show the demo store
#   make check      the same, then every unit and CLI test
#   make check-external  the imports of the large public data sets in
#                   ../shared/data/external (skipped, and said so, without it)
#   make crash      kill -9 writers at random 1000 times (CRASH_KILLS=N), then
#                   check that nothing acknowledged was lost or doubled
#   make coverage   line coverage of src/ by the whole suite (gcov)
#   make fuzz       the libFuzzer harnesses, FUZZ_SECONDS=60 each (tests/fuzz)
#   make bench      time the main commands on generated 1k/10k/100k stores
#                   (N=1000000: on 1k and 1M)
#   make install PREFIX=/usr/local DESTDIR=

VERSION   = 0.1.0
PREFIX   ?= /usr/local
CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-nonliteral
ALL_CFLAGS = -std=c11 -pthread $(WARNINGS) $(CFLAGS)
LOCALEDIR ?= $(PREFIX)/share/locale
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DCSTK_VERSION='"$(VERSION)"' \
            -DLOCALEDIR='"$(LOCALEDIR)"' -DBUILD_LOCALEDIR='"$(CURDIR)/build/locale"' \
            -Iinclude -MMD -MP $(CPPFLAGS)
YAML_LIBS := $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
LIBS      = $(YAML_LIBS) -lcsv -lzstd -lm -pthread
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

ifneq ($(SANITIZE),)
O   = build/san
BIN = $(O)/cstk
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
else ifneq ($(COVERAGE),)
O   = build/cov
BIN = $(O)/cstk
ALL_CFLAGS += --coverage -O0
LDFLAGS += --coverage
else
O   = build
BIN = cstk
endif

ifneq ($(V),1)
Q = @
say = @printf '  %-6s %s\n' $(1) $(2);
endif

# Library modules: everything but main.c and the commands.
LIB_SRCS = $(filter-out src/main.c src/cmd-%.c,$(wildcard src/*.c))
CMD_SRCS = $(wildcard src/cmd-*.c)
LIB_OBJS = $(LIB_SRCS:src/%.c=$(O)/%.o)
CMD_OBJS = $(CMD_SRCS:src/%.c=$(O)/%.o) $(O)/main.o
UNIT_SRCS = $(wildcard tests/unit/test-*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%) $(O)/tests/test-index-pack-portable

.PRECIOUS: $(O)/tests/%.o
.PHONY: po all deps demo check check-external crash coverage unit cli test install bench clean manlint valgrind
# The zh_CN message catalog (data/po/zh_CN.po), compiled where the
# uninstalled binary finds it; `make install` puts it under LOCALEDIR.
MO = build/locale/zh_CN/LC_MESSAGES/cstk.mo

all: $(BIN) $(MO)

$(MO): data/po/zh_CN.po
	@mkdir -p $(@D)
	$(call say,MSGFMT,$<)msgfmt --check -o $@ $<

# What is translated: strings in _(), N_() and ngettext(), and the format
# of every error, check problem, import problem and `why` line (error.c,
# ticket.c, import.c and cmd-why.c pass it through gettext).  `make po` brings the catalog up to
# date with the sources; tests/cli/test-i18n.sh fails while any string of
# build/cstk.pot has no translation.
XGETTEXT_KEYS = -k_ -kN_ -kngettext:1,2 -kerror_new:2 -kerror_sys:1 -kproblem:5 \
                -kbecause:1 -kproblem_add:2 -kPROBLEM:1 --flag=error_new:2:c-format \
                --flag=error_sys:1:c-format --flag=problem:5:c-format \
                --flag=because:1:c-format --flag=problem_add:2:c-format \
                --flag=PROBLEM:1:c-format
build/cstk.pot: $(wildcard src/*.c include/*.h)
	@mkdir -p $(@D)
	$(call say,XGETTEXT,$@)xgettext $(XGETTEXT_KEYS) --from-code=UTF-8 --no-location \
	    --sort-output --package-name=cstk -o $@ $^

po: build/cstk.pot
	msgmerge --quiet --update --backup=none --no-location --sort-output data/po/zh_CN.po $<

$(BIN): $(CMD_OBJS) $(LIB_OBJS)
	$(call say,LINK,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(O)/%.o: src/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/test-%: $(O)/tests/test-%.o $(LIB_OBJS)
	$(call say,LINK,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

# The byte shuffle as a machine without SSE2 runs it, tested here too.
$(O)/index-pack-portable.o: src/index-pack.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(ALL_CPPFLAGS) -DIX_PORTABLE $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/test-index-pack-portable: $(O)/tests/test-index-pack.o \
    $(filter-out $(O)/index-pack.o,$(LIB_OBJS)) $(O)/index-pack-portable.o
	$(call say,LINK,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

deps:
	$(Q)sh tests/deps.sh

# The demo store is dated: everything is seen as of its last day.
DEMO_NOW = 2026-11-20T17:30:00+08:00
demo: deps
	$(Q)$(MAKE) --no-print-directory all
	@echo
	@echo '== cstk list --overdue   (the demo store, as of $(DEMO_NOW))'
	$(Q)CSTK_NOW=$(DEMO_NOW) ./cstk -d data/demo list --overdue
	@echo
	@echo '== cstk revisit          (revisits due today)'
	$(Q)CSTK_NOW=$(DEMO_NOW) ./cstk -d data/demo revisit
	@echo
	@echo '== cstk list --status intake,classified,assigned   (work in progress)'
	$(Q)CSTK_NOW=$(DEMO_NOW) ./cstk -d data/demo list --status intake,classified,assigned
	@echo
	@echo '== cstk report --week 2026-W46   (the last full week; also --format html)'
	$(Q)CSTK_NOW=$(DEMO_NOW) ./cstk -d data/demo report --week 2026-W46

check: deps
	$(Q)$(MAKE) --no-print-directory test
	$(Q)if printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
	    $(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory fuzz-build >/dev/null && echo "fuzz harnesses: built"; \
	else echo "fuzz harnesses: not built (no $(FUZZ_CC) with libFuzzer here; make fuzz installs nothing, CI does)"; fi

test: unit cli manlint

unit: $(UNIT_BINS)
	$(Q)set -e; for t in $(UNIT_BINS); do $$t; done

cli: $(BIN) $(MO)
	$(Q)CSTK=$(abspath $(BIN)) CSTK_SANITIZED=$(SANITIZE) sh tests/cli/run.sh

check-external: deps
	$(Q)$(MAKE) --no-print-directory $(BIN)
	$(Q)CSTK=$(abspath $(BIN)) bash tests/external/test-external.sh

# Line coverage of src/ by the whole suite (unit, CLI, crash), with gcov.
coverage:
	$(Q)rm -rf build/cov
	$(Q)$(MAKE) --no-print-directory COVERAGE=1 test
	$(Q)$(MAKE) --no-print-directory COVERAGE=1 crash CRASH_KILLS=100 >/dev/null
	$(Q)sh tests/coverage.sh build/cov

# kill -9 at random moments of open, update, archive closes and imports.
CRASH_KILLS ?= 1000
crash: $(BIN)
	$(Q)CSTK=$(abspath $(BIN)) bash tests/crash/crash.sh $(CRASH_KILLS)

# The lifecycle and refusal tests again, every cstk run under valgrind.
valgrind: $(BIN)
	$(Q)for t in lifecycle refusals output; do \
	  CSTK_REAL=$(abspath $(BIN)) CSTK=$(abspath tests/valgrind-cstk.sh) \
	  bash tests/cli/test-$$t.sh || exit 1; done

manlint:
	$(Q)out=$$(groff -Tutf8 -mandoc -ww -z man/cstk.1 2>&1); \
	  if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; echo "man page: groff -Tutf8 -mandoc -ww -z clean"

install: $(BIN) $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/cstk
	install -m 0644 man/cstk.1 $(DESTDIR)$(PREFIX)/share/man/man1/cstk.1
	install -m 0644 $(MO) $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/cstk.mo
	install -m 0644 data/completion/cstk.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cstk
	install -m 0644 data/completion/_cstk $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_cstk

bench: all
	$(Q)python3 tests/bench/bench.py $(abspath $(BIN)) $(if $(N),1000 $(N),$(SIZES))

clean:
	rm -rf build cstk

-include $(wildcard $(O)/*.d $(O)/tests/*.d)
# libFuzzer harnesses (clang): make fuzz, make fuzz-build.
include tests/fuzz/fuzz.mk
