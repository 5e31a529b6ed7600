# tests/fuzz/fuzz.mk — libFuzzer harnesses; included from the top Makefile:
#
#   include tests/fuzz/fuzz.mk
#
#   make fuzz-build                 build build/fuzz/fuzz-{ticket,policy,csv,cell,merge,pack}
#   make fuzz [FUZZ_SECONDS=60]     build, then run each harness that long on a
#                                   copy of its seed corpus (build/fuzz/corpus-NAME),
#                                   one summary line each; fails if one finds
#                                   a crash (reproducer in build/fuzz/artifacts-NAME/)
#
# Needs clang with libFuzzer (Debian: clang-14, libclang-rt-14-dev).  The
# library objects (src/ but main.c and cmd-*.c) are built again here with
# -fsanitize=fuzzer-no-link,address,undefined; nothing is written to tests/.
# To try it before the include line exists:
#   make -f Makefile -f tests/fuzz/fuzz.mk fuzz FUZZ_SECONDS=30
# One harness by hand:  sh tests/fuzz/run-fuzz.sh csv 300 [libFuzzer flags]

FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES    = ticket policy csv cell merge pack
FUZZ_O        = build/fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
# The project's warnings; clang (unlike gcc) also flags `struct x v = { NULL };`
# under -Wextra, an idiom src/ uses, so that one is off here.
FUZZ_WARN     = $(if $(WARNINGS),$(WARNINGS),-Wall -Wextra -Werror) \
                -Wno-missing-field-initializers
FUZZ_CFLAGS   = -std=c11 -pthread $(FUZZ_WARN) -g -O1 \
                -fsanitize=fuzzer-no-link $(FUZZ_SAN)
FUZZ_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
                -DCSTK_VERSION='"$(if $(VERSION),$(VERSION),fuzz)"' -Iinclude -MMD -MP
FUZZ_LIBS     = $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml) \
                -lcsv -lzstd -lm -pthread
FUZZ_LIB_OBJS = $(patsubst src/%.c,$(FUZZ_O)/%.o,\
                  $(filter-out src/main.c src/cmd-%.c,$(wildcard src/*.c)))
FUZZ_BINS     = $(FUZZ_NAMES:%=$(FUZZ_O)/fuzz-%)

.PHONY: fuzz fuzz-build
.PRECIOUS: $(FUZZ_O)/%.o $(FUZZ_O)/fuzz-%.o

fuzz-build: $(FUZZ_BINS)

# Every harness runs even after one fails; the target fails at the end.
fuzz: fuzz-build
	@status=0; for n in $(FUZZ_NAMES); do \
	  sh tests/fuzz/run-fuzz.sh $$n $(FUZZ_SECONDS) || status=1; \
	done; exit $$status

$(FUZZ_O)/%.o: src/%.c
	@mkdir -p $(@D)
	$(call say,CC,$@)$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_O)/fuzz-%.o: tests/fuzz/fuzz-%.c
	@mkdir -p $(@D)
	$(call say,CC,$@)$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_O)/fuzz-%: $(FUZZ_O)/fuzz-%.o $(FUZZ_LIB_OBJS)
	$(call say,LINK,$@)$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(FUZZ_LIBS)

-include $(wildcard $(FUZZ_O)/*.d)

# Including this file must not change what plain `make` builds.
.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
