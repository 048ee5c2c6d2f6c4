# Counting test cases: every suite of scripts/test ends its output with one
# line "N passed, N failed" over its own cases. Source this file; it defines
# count_result, which reads that line, and the wrappers for the runners that
# do not print it themselves (ctest, pg_regress).
# shellcheck shell=bash

# count_result RC LOG: sets count_passed and count_failed from the last line
# of LOG, "N passed, N failed", for a suite that exited with status RC. A
# suite that exits non-zero fails at least once; one whose last line is not
# that line passed nothing and failed once. Returns 1 when anything failed.
# shellcheck disable=SC2034 # count_passed is for the caller
count_result() {
    local rc=$1 line
    line=$(tail -n 1 "$2")
    if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        count_passed=${BASH_REMATCH[1]}
        count_failed=${BASH_REMATCH[2]}
        [ "$rc" -ne 0 ] && [ "$count_failed" -eq 0 ] && count_failed=1
    else
        count_passed=0
        count_failed=1
    fi
    [ "$count_failed" -eq 0 ]
}

# counted_ctest ARGS...: runs ctest with ARGS and prints its output, then
# ctest's own numbers (one case per test, which is one GoogleTest test) as
# "N passed, N failed"; no such line when ctest printed no summary.
counted_ctest() {
    local out rc total bad
    out=$(ctest "$@" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    total=$(sed -n 's/.* tests failed out of \([0-9]*\).*/\1/p' <<<"$out")
    bad=$(sed -n 's/.*, \([0-9]*\) tests failed out of.*/\1/p' <<<"$out")
    [ -n "$total" ] && [ -n "$bad" ] || return 1
    echo "$((total - bad)) passed, $bad failed"
    return "$rc"
}

# counted_regress: `make installcheck` against libpq's environment, run twice
# so that a failure of one does not skip the other: pg_regress over sql/,
# then pg_isolation_regress over tests/isolation/. Prints their output, the
# start of the differences when a test failed, and one case per test file
# ("... ok" or "... FAILED") as "N passed, N failed"; no such line when no
# test ran at all. counted_regress DIR writes their outputs under DIR instead
# of build/ (the Makefile's TEST_OUTPUT; tests/versions uses one per major).
counted_regress() {
    local out="" rc=0 ok bad diffs only base=${1:-build}
    rm -f "$base/regress/regression.diffs" "$base/isolation/regression.diffs"
    for only in ISOLATION= REGRESS=; do
        out+=$(make -s installcheck "$only" TEST_OUTPUT="$base" 2>&1)$'\n' || rc=1
    done
    printf '%s' "$out"
    ok=$(grep -cE '\.\.\. +ok' <<<"$out")
    bad=$(grep -cE '\.\.\. +FAILED' <<<"$out")
    for diffs in "$base/regress/regression.diffs" "$base/isolation/regression.diffs"; do
        [ -s "$diffs" ] || continue
        echo "== the first 50 lines of $diffs"
        head -n 50 "$diffs"
    done
    [ $((ok + bad)) -gt 0 ] || return 1
    echo "$ok passed, $bad failed"
    return "$rc"
}
