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
