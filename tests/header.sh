#!/bin/sh
# lif.h is the one thing every consumer compiles, in whatever language
# standard and with whatever warnings they use. A translation unit that
# includes only lif.h (twice, to exercise the include guard) must compile
# without a single warning under -Wall -Wextra -Werror -pedantic:
#   - as C89 (with -Wstrict-prototypes -Wdeclaration-after-statement), C99
#     and C11, with gcc and with clang;
#   - as C++98, C++11 and C++17, with g++ and with clang++.
# The header must also stand alone: it may include <stddef.h> and nothing
# else, and must not depend on configure's output (config.h, HAVE_*), which
# consumers never have. The compilers see only the installed-style include
# directory, never the build tree.
#
# A compiler that is not installed is reported and the test ends as SKIP
# (exit 77) once everything else has passed, so that a partial check never
# looks like a full pass. CI installs all four compilers.
# shellcheck source=tests/common.sh
. "${top_srcdir:-.}/tests/common.sh"

header=$top_srcdir/include/lif.h
[ -f "$header" ] || hard_error "$header not found"
status=0
missing=

# What the header may include: <stddef.h> and <stdint.h> (the seeds'
# fixed-width integers), once each, and nothing else.
includes=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*//p' "$header")
if [ "$includes" != "<stddef.h>
<stdint.h>" ]; then
  echo "$lif_test: FAIL: lif.h may include <stddef.h> and <stdint.h> only; it includes:" >&2
  printf '%s\n' "$includes" >&2
  status=1
fi
# What configure defines must not steer it.
if grep -n -E 'config\.h|HAVE_[A-Z0-9_]+|PACKAGE_[A-Z]+' "$header" >&2; then
  echo "$lif_test: FAIL: lif.h refers to configure's output (lines above)" >&2
  status=1
fi

new_scratch_dir
# The compilers find lif.h in a directory of its own, as in an installed
# prefix, so that no config.h or private header can be picked up.
mkdir "$scratch/include" "$scratch/empty"
cp "$header" "$scratch/include/lif.h"
for ext in c cpp; do
  cat >"$scratch/tu.$ext" <<'TU'
#include <lif.h>
#include <lif.h>

/* Use a little of everything the header declares, so that the declarations
   are not only parsed but checked for use. */
static const char *(*version_string) (void) = lif_version_string;

int
main (void)
{
  lif_neuron *neuron = NULL;
  lif_input *input = NULL;
  int status = lif_neuron_new (&neuron);
  if (status == LIF_OK)
    status = lif_input_new_constant (1.0, &input);
  lif_input_free (input);
  lif_neuron_free (neuron);
  return (status == LIF_OK && version_string () != NULL
          && LIF_VERSION_HEX >= 0 && LIF_STEPPER_EXACT > 0)
             ? 0
             : 1;
}
TU
done

common_flags="-Wall -Wextra -Werror -pedantic -fsyntax-only"
try ()
{
  compiler=$1
  std=$2
  src=$3
  shift 3
  if ! command -v "$compiler" >/dev/null 2>&1; then
    case " $missing " in
      *" $compiler "*) ;;
      *) missing="$missing $compiler" ;;
    esac
    echo "$lif_test: SKIP: $compiler is not installed: lif.h not checked as $std with it" >&2
    return
  fi
  # Run from an empty directory: nothing but the copy of lif.h is in reach.
  # shellcheck disable=SC2086 # common_flags holds several flags
  if (cd "$scratch/empty" &&
    "$compiler" -std="$std" $common_flags "$@" -I"$scratch/include" \
      "$scratch/$src") >"$scratch/out" 2>&1; then
    echo "$lif_test: ok: $compiler -std=$std"
  else
    echo "$lif_test: FAIL: $compiler -std=$std $*:" >&2
    cat "$scratch/out" >&2
    status=1
  fi
}

for cc in gcc clang; do
  try "$cc" c89 tu.c -Wstrict-prototypes -Wdeclaration-after-statement \
    -Wundef
  try "$cc" c99 tu.c -Wstrict-prototypes -Wundef
  try "$cc" c11 tu.c -Wstrict-prototypes -Wundef
done
for cxx in g++ clang++; do
  for std in c++98 c++11 c++17; do
    try "$cxx" "$std" tu.cpp -Wundef -Wold-style-cast
  done
done

[ "$status" -eq 0 ] || fail "lif.h is not clean (see above)"
if [ -n "$missing" ]; then
  echo "$lif_test: SKIP: everything available passed, but not checked with:$missing" >&2
  exit 77
fi
echo "$lif_test: lif.h is clean C89, C99, C11, C++98, C++11 and C++17"
