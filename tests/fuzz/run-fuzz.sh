#!/bin/sh
# run-fuzz.sh NAME SECONDS — run build/fuzz/fuzz-NAME for SECONDS seconds
# on a copy of tests/fuzz/corpus/NAME in build/fuzz/corpus-NAME (kept
# between runs, so the corpus grows), then print one summary line:
#
#   fuzz-NAME: 1234567 execs, 4115 exec/s, cov 1234, ft 5678, corpus 300, 60 s: ok
#
# Exit status 1 when the harness found a crash, a leak, a timeout or a
# failed round trip; the reproducer is in build/fuzz/artifacts-NAME/.
# Run from the top of the repository (the Makefile does).
set -u
name=$1
secs=$2
shift 2
dir=build/fuzz
bin=$dir/fuzz-$name
corpus=$dir/corpus-$name
art=$dir/artifacts-$name
log=$dir/fuzz-$name.log

[ -x "$bin" ] || { echo "run-fuzz.sh: $bin is not built" >&2; exit 2; }
mkdir -p "$corpus" "$art"
cp tests/fuzz/corpus/"$name"/* "$corpus"/
dict=
[ -f tests/fuzz/fuzz-"$name".dict ] && dict=-dict=tests/fuzz/fuzz-"$name".dict

# Sanitizer reports must abort so libFuzzer keeps the input.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1} \
"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
    -artifact_prefix="$art/" $dict "$@" "$corpus" >"$log" 2>&1
rc=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
[ "${rate:-0}" != 0 ] || rate=$(grep -E "^#[0-9]+.*exec/s: " "$log" | tail -1 | sed -n "s/.* exec\/s: \([0-9]*\).*/\1/p")
# The last status line (DONE, or the last one before a crash).
last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
units=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
[ -n "$execs" ] || execs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')

if [ $rc -eq 0 ]; then
	verdict=ok
else
	found=$(ls -t "$art" 2>/dev/null | head -1)
	verdict="FAILED (exit $rc), reproducer: $art/${found:-?}, log: $log"
fi
printf 'fuzz-%s: %s execs, %s exec/s, cov %s, ft %s, corpus %s, %s s: %s\n' \
    "$name" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${units:-?}" "$secs" \
    "$verdict"
if [ $rc -ne 0 ]; then
	grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz-[a-z]+: )' "$log" | head -5 | sed 's/^/    /'
	exit 1
fi
exit 0
