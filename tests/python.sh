#!/bin/sh
# Runs the Python tests (the ctypes binding, the sliders, the plots) with
# Debian's /usr/bin/python3 against the liblif.so just built. Skips (77)
# only when that interpreter is absent; a build without a shared library
# cannot be loaded by ctypes, and fails here.

: "${top_srcdir:=.}" "${top_builddir:=.}"
PYTHON=${LIF_TEST_PYTHON:-/usr/bin/python3}
if [ ! -x "$PYTHON" ]; then
  echo "SKIP: $PYTHON is absent"
  exit 77
fi
LIF_LIBRARY=$(cd "$top_builddir/lib/.libs" 2>/dev/null && pwd)/liblif.so
if [ ! -f "$LIF_LIBRARY" ]; then
  echo "FAIL: no shared library at $LIF_LIBRARY (configured with --disable-shared?)"
  exit 1
fi
# A library built with -fsanitize=address,undefined needs its runtimes
# loaded before the interpreter's own libraries; Python's deliberate
# leaks at exit are not ours, so leak detection stays off here (the C
# tests keep it on).
sanitizers=$(ldd "$LIF_LIBRARY" 2>/dev/null |
  awk '/lib(asan|ubsan)\.so/ { printf "%s%s", sep, $3; sep = ":" }')
if [ -n "$sanitizers" ]; then
  LD_PRELOAD="$sanitizers${LD_PRELOAD:+:$LD_PRELOAD}"
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
  export LD_PRELOAD ASAN_OPTIONS
fi
PYTHONPATH="$top_srcdir/examples/python${PYTHONPATH:+:$PYTHONPATH}"
MPLBACKEND=Agg
MPLCONFIGDIR=$(mktemp -d "${TMPDIR:-/tmp}/lif-mpl.XXXXXX") || exit 99
trap 'rm -rf "$MPLCONFIGDIR"' EXIT
PYTHONDONTWRITEBYTECODE=1
export LIF_LIBRARY PYTHONPATH MPLBACKEND MPLCONFIGDIR PYTHONDONTWRITEBYTECODE \
  top_srcdir top_builddir

status=0
for t in "$top_srcdir"/tests/python/test_*.py; do
  echo "== $t"
  "$PYTHON" "$t" -v || status=1
done
exit $status
