#!/bin/sh
# Bit-for-bit determinism of liblif across runs and optimisation levels.
#
# Builds the library and tests/determinism (a driver that prints every
# number it gets from liblif in %a notation) in scratch VPATH trees, once per
# build flavour, runs each driver twice, and compares all the outputs: they
# must be identical byte for byte. The flavours are "-O0" and "-O2" with the
# configured compiler, plus "-O2" with every compiler named in
# DETERMINISM_EXTRA_CCS (for example "clang") that is installed.
#
# Run by 'make check-determinism' from the build tree (MAKE, CC and
# top_srcdir come from there); the sources are taken from 'make distdir', so
# a source tree configured in place works too. Scratch files go to
# DETERMINISM_DIR (default tests/determinism.tmp), removed on success.
set -eu

: "${MAKE:=make}"
: "${CC:=cc}"
: "${DETERMINISM_DIR:=tests/determinism.tmp}"
: "${DETERMINISM_EXTRA_CCS:=}"

work=$DETERMINISM_DIR
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

echo "determinism: sources into $work/src"
$MAKE distdir distdir="$work/src" >/dev/null

flavours="$CC:-O0 $CC:-O2"
for cc in $DETERMINISM_EXTRA_CCS; do
  if command -v "$cc" >/dev/null 2>&1; then
    flavours="$flavours $cc:-O2"
  else
    echo "determinism: $cc not installed, skipped"
  fi
done

i=0
outputs=
for flavour in $flavours; do
  i=$((i + 1))
  cc=${flavour%%:*}
  opt=${flavour#*:}
  dir=$work/build$i
  mkdir "$dir"
  echo "determinism: building with $cc $opt"
  (cd "$dir" &&
    "$work/src/configure" CC="$cc" CFLAGS="$opt -g" --disable-shared \
      >configure.log 2>&1 &&
    $MAKE lib/error-table.h tests/determinism >make.log 2>&1) || {
    echo "determinism: build $i ($cc $opt) failed, see $dir"
    exit 1
  }
  "$dir/tests/determinism" >"$work/out$i.a"
  "$dir/tests/determinism" >"$work/out$i.b"
  if ! cmp "$work/out$i.a" "$work/out$i.b"; then
    echo "determinism: FAIL: two runs of the $cc $opt build differ"
    exit 1
  fi
  outputs="$outputs $i"
done

lines=$(wc -l <"$work/out1.a")
status=0
for j in $outputs; do
  [ "$j" = 1 ] && continue
  if cmp "$work/out1.a" "$work/out$j.a"; then
    :
  else
    echo "determinism: FAIL: build $j differs from build 1:"
    diff "$work/out1.a" "$work/out$j.a" | head -20
    status=1
  fi
done
if [ $status = 0 ]; then
  echo "determinism: $i builds ($flavours), two runs each: $lines lines identical bit for bit"
  rm -rf "$work"
fi
exit $status
