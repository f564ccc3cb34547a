#!/bin/sh
# liblif keeps no writable global state: two neurons in two threads never
# share anything, and the library needs no initialisation or locking. So no
# object file of the library may define writable data: nothing in .data,
# .bss, thread-local .tdata/.tbss or common symbols (nm classes D d B b G g S
# s C, and weak or unique objects V v u), whether global or static, at file
# or at function scope.
#
# Read-only tables are fine: const data lands in .rodata, and const tables
# of pointers in position-independent code land in .data.rel.ro, which nm
# also classes as d or D but which the dynamic linker makes read-only once it
# has relocated it (RELRO). Those are the only writable-looking sections
# allowed.
#
# Instrumented builds (sanitizers, coverage, profiling) add bookkeeping
# symbols of the compiler's own in .bss, such as ASan's __odr_asan.NAME
# beside each global; those reserved names are not the library's state and
# are skipped.
#
# The objects are exactly those libtool built for lib/liblif.la: each
# lib/liblif_la-*.lo file names its PIC and non-PIC object.
# shellcheck source=tests/common.sh
. "${top_srcdir:-.}/tests/common.sh"

new_scratch_dir
: >"$scratch/objects"
for lo in "$top_builddir"/lib/liblif_la-*.lo; do
  [ -f "$lo" ] || hard_error "no lib/liblif_la-*.lo in $top_builddir: build the library first"
  for kind in pic_object non_pic_object; do
    obj=$(sed -n "s/^$kind='\(.*\)'\$/\1/p" "$lo")
    case $obj in '' | none) continue ;; esac
    obj=$top_builddir/lib/$obj
    [ -f "$obj" ] || hard_error "$obj, named by $lo, does not exist"
    printf '%s\n' "$obj" >>"$scratch/objects"
  done
done
[ -s "$scratch/objects" ] || hard_error "libtool built no object for liblif"

status=0
while IFS= read -r obj; do
  $NM -f sysv "$obj" >"$scratch/nm" 2>"$scratch/nm.err" || {
    cat "$scratch/nm.err" >&2
    hard_error "$NM -f sysv $obj failed"
  }
  # sysv format: Name|Value|Class|Type|Size|Line|Section
  awk -F '|' -v obj="$obj" '
    NF >= 7 {
      name = $1; class = $3; section = $7
      gsub(/[ \t]/, "", name); gsub(/[ \t]/, "", class)
      gsub(/[ \t]/, "", section)
      if (class !~ /^[DdBbGgSsCVvu]$/) next
      if (name ~ /^(__odr_asan|__asan_|___asan_gen_|__gcov|__llvm_gcov|__llvm_prf_|__profc_|__profd_|__profvp_|__sancov_)/) next
      if (section ~ /^\.data\.rel\.ro(\.|$)/) next
      if (section ~ /^\.rodata(\.|$)/) next
      printf "%s: %s (class %s) in %s\n", obj, name, class, section
    }
  ' "$scratch/nm" >"$scratch/found"
  if [ -s "$scratch/found" ]; then
    cat "$scratch/found" >&2
    status=1
  fi
done <"$scratch/objects"

if [ "$status" -ne 0 ]; then
  fail "the library defines writable global or static data (listed above);" \
    "make it const, or move it into the object that owns it"
fi
echo "$lif_test: no writable data in $(wc -l <"$scratch/objects") objects"
