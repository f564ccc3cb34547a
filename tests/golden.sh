#!/bin/sh
# The golden outputs: what tests/golden prints (spike times, V traces and
# the other numbers of a fixed set of runs, in %a) must equal
# tests/golden.expected byte for byte. That file was written by the same
# program from the release's code, so a change to lib/ that is meant to
# change no result fails here on the first bit it changes. When results
# are meant to change, 'make golden-update' rewrites the file, and its diff
# is reviewed and committed with the change.
#
# The numbers go through the C library's exp, log and sin, so they hold for
# the platform that made the file (x86-64, glibc); elsewhere the test is
# skipped unless LIF_GOLDEN_ANY_PLATFORM=1.
#
# Under 'make check-valgrind' the program runs under valgrind: the command
# comes in LIF_TEST_RUNNER (split into words on purpose). Needs top_srcdir
# and top_builddir, which 'make check' sets.
# shellcheck source=tests/common.sh
. "${top_srcdir:-.}/tests/common.sh"

prog=$top_builddir/tests/golden
expected=$top_srcdir/tests/golden.expected
[ -f "$expected" ] || hard_error "$expected not found"
[ -x "$prog" ] || hard_error "$prog not found: 'make check' builds it"

if [ "${LIF_GOLDEN_ANY_PLATFORM:-0}" != 1 ]; then
  machine=$(uname -m)
  case $machine in
    x86_64 | amd64) ;;
    *)
      echo "$lif_test: SKIP: $expected was made on x86-64, not $machine" >&2
      exit 77
      ;;
  esac
  if ! getconf GNU_LIBC_VERSION >/dev/null 2>&1; then
    echo "$lif_test: SKIP: $expected was made with glibc's libm" >&2
    exit 77
  fi
fi

# The batches' second thread sleeps between steps instead of spinning, so
# that a machine whose other cores are busy does not make the run crawl
# (results never depend on it).
OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
export OMP_WAIT_POLICY

new_scratch_dir
# shellcheck disable=SC2086
if ! ${LIF_TEST_RUNNER:-} "$prog" >"$scratch/out" 2>"$scratch/err"; then
  cat "$scratch/err" >&2
  fail "$prog failed (above)"
fi
if cmp -s "$expected" "$scratch/out"; then
  echo "$lif_test: $(wc -l <"$expected") lines identical to $expected"
  exit 0
fi
# The config of the first difference: the last "== " line before it.
line=$(cmp "$expected" "$scratch/out" 2>&1 | sed -n 's/.*line \([0-9][0-9]*\).*/\1/p')
if [ -n "$line" ]; then
  config=$(awk -v n="$line" 'NR > n { exit } /^== / { h = $0 } END { print h }' \
    "$expected")
  echo "$lif_test: the output differs from $expected from line $line on," \
    "in the config: $config" >&2
fi
echo "$lif_test: the first differences (< expected, > now):" >&2
diff "$expected" "$scratch/out" | head -n 40 >&2
fail "results changed; if that was meant, run 'make golden-update' and review the diff"
