#!/bin/sh
# liblif as its users get it: installed into a prefix, found with
# pkg-config, used from C, C++ and CMake. The test
#   1. installs the built library into a temporary staging directory
#      ('make install DESTDIR=...'), which works in 'make distcheck' too;
#   2. checks the installed shared object's soname (liblif.so.SONAME_MAJOR)
#      and that pkg-config --modversion reports the package version;
#   3. builds tests/consumer/app.c with $CC and tests/consumer/app.cpp with
#      $CXX using only pkg-config --cflags --libs liblif (plus the build's
#      own CFLAGS/CXXFLAGS/LDFLAGS, as any consumer has its own), runs both
#      against the installed copy and checks what they print: the version
#      and the spike count or rate of the default neuron at 2 nA (7 spikes in
#      100 ms; 1000 / (10 ln 4) = 72.1348 Hz);
#   4. configures tests/consumer/CMakeLists.txt, which finds liblif with
#      pkg_check_modules(LIF REQUIRED IMPORTED_TARGET liblif), builds the
#      same two programs and runs them.
# These three files are the README's "Using liblif" snippets: README.md
# must show each of them verbatim (after a "<!-- verbatim: PATH -->" line),
# so that the README never shows code that does not build.
# pkg-config sees only the staged .pc file (PKG_CONFIG_LIBDIR) and maps its
# paths into the staging directory (PKG_CONFIG_SYSROOT_DIR), as for any
# staged install. Without cmake, steps 1-3 run and the test ends as SKIP.
# shellcheck source=tests/common.sh
. "${top_srcdir:-.}/tests/common.sh"

: "${MAKE:=make}"
: "${CC:=cc}"
: "${CXX:=c++}"
: "${PKG_CONFIG:=pkg-config}"
: "${OBJDUMP:=objdump}"
# What only the Makefile knows; AM_TESTS_ENVIRONMENT passes it.
PACKAGE_VERSION=${PACKAGE_VERSION-}
SONAME_MAJOR=${SONAME_MAJOR-}
libdir=${libdir-}
pkgconfigdir=${pkgconfigdir-}
if [ -z "$PACKAGE_VERSION" ] || [ -z "$SONAME_MAJOR" ] || [ -z "$libdir" ] ||
  [ -z "$pkgconfigdir" ]; then
  hard_error "PACKAGE_VERSION, SONAME_MAJOR, libdir or pkgconfigdir unset" \
    "(run me through 'make check')"
fi
# Our make and cmake runs are not part of the calling make's job pool.
unset MAKEFLAGS MFLAGS MAKELEVEL

new_scratch_dir
stage=$scratch/stage
src=$top_srcdir/tests/consumer

# 0. The README shows exactly these programs.
readme=$top_srcdir/README.md
for file in app.c app.cpp CMakeLists.txt; do
  awk -v marker="<!-- verbatim: tests/consumer/$file -->" '
    $0 == marker { armed = 1; next }
    armed && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }
  ' "$readme" >"$scratch/readme.$file"
  if ! diff -u "$src/$file" "$scratch/readme.$file" >"$scratch/readme.diff"; then
    cat "$scratch/readme.diff" >&2
    fail "README.md does not show tests/consumer/$file verbatim after" \
      "'<!-- verbatim: tests/consumer/$file -->' (diff above)"
  fi
done
echo "$lif_test: ok: README.md shows app.c, app.cpp and CMakeLists.txt verbatim"

# 1. Install.
if ! (cd "$top_builddir" && $MAKE install DESTDIR="$stage") \
  >"$scratch/install.log" 2>&1; then
  cat "$scratch/install.log" >&2
  fail "make install DESTDIR=$stage failed"
fi
staged_libdir=$stage$libdir
PKG_CONFIG_LIBDIR=$stage$pkgconfigdir
PKG_CONFIG_PATH=
PKG_CONFIG_SYSROOT_DIR=$stage
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
[ -f "$PKG_CONFIG_LIBDIR/liblif.pc" ] ||
  fail "make install put no liblif.pc in $pkgconfigdir"

# 2. The soname and the version pkg-config reports.
soname=liblif.so.$SONAME_MAJOR
[ -f "$staged_libdir/$soname" ] || fail "no $soname installed in $libdir"
[ -e "$staged_libdir/liblif.so" ] || fail "no liblif.so link installed in $libdir"
got=$("$OBJDUMP" -p "$staged_libdir/liblif.so" | awk '$1 == "SONAME" { print $2 }')
[ "$got" = "$soname" ] || fail "installed soname is '$got', expected $soname"
echo "$lif_test: ok: installed soname $soname"
got=$($PKG_CONFIG --modversion liblif) || fail "pkg-config does not find liblif"
[ "$got" = "$PACKAGE_VERSION" ] ||
  fail "pkg-config --modversion liblif is '$got', the package is $PACKAGE_VERSION"
echo "$lif_test: ok: pkg-config --modversion liblif = $got"
pc_cflags=$($PKG_CONFIG --cflags liblif) || fail "pkg-config --cflags liblif failed"
pc_libs=$($PKG_CONFIG --libs liblif) || fail "pkg-config --libs liblif failed"

# Runs a consumer program against the staged library; checks that it is
# the staged library it loads and that it prints what it must.
run_consumer ()
{
  what=$1
  prog=$2
  want=$3
  LD_LIBRARY_PATH=$staged_libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export LD_LIBRARY_PATH
  loaded=$(ldd "$prog" 2>/dev/null | awk -v so="$soname" '$1 == so { print $3 }')
  case $loaded in
    "$staged_libdir"/*) ;;
    *) fail "$what loads $soname from '$loaded', not from the staged $libdir" ;;
  esac
  out=$("$prog" 2>&1) || fail "$what failed: $out"
  [ "$out" = "$want" ] || fail "$what printed '$out', expected '$want'"
  echo "$lif_test: ok: $what: $out"
}
want_c="liblif $PACKAGE_VERSION: 7 spikes in 100 ms"
want_cxx="liblif $PACKAGE_VERSION: 72.1348 Hz at 2 nA"

# 3. C and C++ with pkg-config's flags only.
# shellcheck disable=SC2086 # flags are lists of words
$CC $CFLAGS $pc_cflags -o "$scratch/app" "$src/app.c" \
  $LDFLAGS $pc_libs >"$scratch/cc.log" 2>&1 || {
  cat "$scratch/cc.log" >&2
  fail "app.c does not build with: $CC $pc_cflags ... $pc_libs"
}
run_consumer "C (pkg-config)" "$scratch/app" "$want_c"
# shellcheck disable=SC2086
$CXX $CXXFLAGS $pc_cflags -o "$scratch/app_cxx" "$src/app.cpp" \
  $LDFLAGS $pc_libs >"$scratch/cxx.log" 2>&1 || {
  cat "$scratch/cxx.log" >&2
  fail "app.cpp does not build with: $CXX $pc_cflags ... $pc_libs"
}
run_consumer "C++ (pkg-config)" "$scratch/app_cxx" "$want_cxx"

# 4. CMake.
if ! command -v "${CMAKE:=cmake}" >/dev/null 2>&1; then
  echo "$lif_test: SKIP: $CMAKE is not installed: the CMake consumer was not tried" >&2
  exit 77
fi
export CC CXX
if ! "$CMAKE" -S "$src" -B "$scratch/cmake" -DPKG_CONFIG_EXECUTABLE="$(command -v "$PKG_CONFIG")" \
  >"$scratch/cmake.log" 2>&1 ||
  ! "$CMAKE" --build "$scratch/cmake" >>"$scratch/cmake.log" 2>&1; then
  cat "$scratch/cmake.log" >&2
  fail "the CMake consumer (pkg_check_modules IMPORTED_TARGET) does not build"
fi
run_consumer "C (CMake)" "$scratch/cmake/app" "$want_c"
run_consumer "C++ (CMake)" "$scratch/cmake/app_cxx" "$want_cxx"
