#!/bin/sh
# The inside keeps its shape (docs/numerics.md, "How liblif is built"):
#   - no code outside the stepper files chooses by stepper: no `case
#     LIF_STEPPER_...`, `== LIF_STEPPER_...` or `!= LIF_STEPPER_...` in lib/
#     outside lib/stepper*.{c,h} (a driver that switches on the stepper
#     compiles and runs wrong when a stepper is added);
#   - every stepper file is in the table of lib/stepper.c, and every table
#     row has its file: adding a stepper is a file, a row and a Makefile.am
#     line, and none can be forgotten silently.
# shellcheck source=tests/common.sh
. "${top_srcdir:-.}/tests/common.sh"

lib=$top_srcdir/lib
[ -f "$lib/stepper.c" ] || hard_error "no $lib/stepper.c"

status=0
for f in "$lib"/*.c "$lib"/*.h; do
  case $(basename "$f") in stepper*.c | stepper*.h) continue ;; esac
  if grep -nE '(case +|[=!]= *)LIF_STEPPER_' "$f" >&2; then
    echo "$lif_test: FAIL: $f chooses by stepper (above)" >&2
    status=1
  fi
done

for f in "$lib"/stepper_*.c; do
  name=$(basename "$f" .c)
  name=${name#stepper_}
  grep -q "&lif__stepper_$name," "$lib/stepper.c" || {
    echo "$lif_test: FAIL: $f has no row in lib/stepper.c's table" >&2
    status=1
  }
done
for name in $(sed -n 's/^ *&lif__stepper_\([a-z0-9_]*\),$/\1/p' "$lib/stepper.c"); do
  [ -f "$lib/stepper_$name.c" ] || {
    echo "$lif_test: FAIL: lib/stepper.c names $name, which has no lib/stepper_$name.c" >&2
    status=1
  }
done
exit $status
