#!/bin/sh
# The exported interface is exactly what was promised, in three places that
# must agree:
#   - the functions include/lif.h declares with LIF_API;
#   - the names lib/liblif.map exports (one node per release);
#   - tests/exports.expected, the reviewed list of the dynamic symbols the
#     built liblif.so defines, each with its version node (as nm -D prints
#     them: "T lif_version@@LIF_0.1", and "A LIF_0.1" for the node itself).
# A symbol that leaks out (an internal function without static, a missing
# local: in the map), one that goes missing, or one that changes its version
# node fails the test with a diff. Updating exports.expected is a deliberate
# act that a reviewer sees; see docs/abi.md.
# shellcheck source=tests/common.sh
. "${top_srcdir:-.}/tests/common.sh"

so=$(built_shared_library) || exit
expected=$top_srcdir/tests/exports.expected
map=$top_srcdir/lib/liblif.map
[ -f "$expected" ] || hard_error "$expected not found"
[ -f "$map" ] || hard_error "$map not found"
new_scratch_dir

# Everything the library defines in its dynamic symbol table.
$NM -D --defined-only "$so" >"$scratch/nm.raw" ||
  hard_error "$NM -D --defined-only $so failed"
awk 'NF == 3 { print $2, $3 }' "$scratch/nm.raw" | LC_ALL=C sort \
  >"$scratch/built"
[ -s "$scratch/built" ] || hard_error "$NM found no symbol in $so"

# The expected list without its comments and blank lines.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$expected" | LC_ALL=C sort \
  >"$scratch/expected"

# The function names of each source, one a line.
header_api_names >"$scratch/header"
[ -s "$scratch/header" ] || hard_error "no LIF_API declaration found in lif.h"
awk '
  { sub(/#.*/, "") }                      # no comment ends on a # line
  { text = text $0 "\n" }
  END {
    gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, "", text)  # drop /* comments */
    n = split(text, tok, /[ \t\n]+/)
    for (i = 1; i <= n; i++) {
      t = tok[i]
      if (t == "global:") { global = 1; continue }
      if (t == "local:") { global = 0; continue }
      if (t ~ /^}/) { global = 0; continue }
      if (global && t ~ /^[A-Za-z_][A-Za-z0-9_]*;$/) {
        sub(/;$/, "", t); print t
      }
    }
  }
' "$map" | LC_ALL=C sort >"$scratch/map"
sed -n 's/^[A-Za-z] \([A-Za-z0-9_]*\)@.*/\1/p' "$scratch/expected" \
  | LC_ALL=C sort >"$scratch/expected.names"

status=0
compare ()
{
  if ! diff -u "$scratch/$1" "$scratch/$2" >"$scratch/diff"; then
    echo "$lif_test: FAIL: $3 (--- $1, +++ $2):" >&2
    cat "$scratch/diff" >&2
    status=1
  fi
}
compare header map \
  "lif.h's LIF_API functions and lib/liblif.map's exports differ"
compare header expected.names \
  "lif.h's LIF_API functions and tests/exports.expected differ"
compare expected built \
  "tests/exports.expected and the symbols $so defines differ"

if [ "$status" -eq 0 ]; then
  echo "$lif_test: $(wc -l <"$scratch/header") functions agree in lif.h," \
    "liblif.map, exports.expected and $so"
fi
exit "$status"
