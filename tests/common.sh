# shellcheck shell=sh
# Helpers shared by the script tests (tests/*.sh); sourced, not run.
#
# Automake's harness runs each script with top_srcdir and top_builddir in the
# environment (AM_TESTS_ENVIRONMENT in Makefile.am); run by hand, they default
# to the current directory. Exit codes follow the harness: 0 pass, 1 fail,
# 77 skip, 99 hard error (the test could not even look).

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
: "${NM:=nm}"

# The name of the running test, for messages.
lif_test=$(basename "$0" .sh)

fail ()
{
  echo "$lif_test: FAIL: $*" >&2
  exit 1
}

hard_error ()
{
  echo "$lif_test: ERROR: $*" >&2
  exit 99
}

# Prints the path of the built shared library (libtool keeps it in
# lib/.libs under the name recorded as dlname in lib/liblif.la). Exits 77 on
# a platform or a configuration without an ELF shared library. It runs in a
# command substitution, so call it as: so=$(built_shared_library) || exit
built_shared_library ()
{
  la=$top_builddir/lib/liblif.la
  [ -f "$la" ] || hard_error "$la not found: build the library first"
  dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "$la")
  if [ -z "$dlname" ]; then
    echo "$lif_test: SKIP: no shared library was built (--disable-shared?)" >&2
    exit 77
  fi
  case $dlname in
    *.so.*) ;;
    *)
      echo "$lif_test: SKIP: $dlname is not an ELF shared object" >&2
      exit 77
      ;;
  esac
  so=$top_builddir/lib/.libs/$dlname
  [ -f "$so" ] || hard_error "$so not found although $la names it"
  printf '%s\n' "$so"
}

# Prints the names of the functions lif.h declares with LIF_API, one a line,
# sorted. A declaration may span lines; its name is the identifier right
# before its first parenthesis.
header_api_names ()
{
  awk '
    /^[ \t]*LIF_API[ \t]/ { decl = ""; inside = 1 }
    inside { decl = decl " " $0 }
    inside && /;/ {
      inside = 0
      sub(/\(.*/, "", decl)
      sub(/[ \t]+$/, "", decl)
      n = split(decl, words, /[^A-Za-z0-9_]+/)
      while (n > 0 && words[n] == "") n--
      print words[n]
    }
  ' "$top_srcdir/include/lif.h" | LC_ALL=C sort
}

# Sets $scratch to a private temporary directory, removed when the script
# ends.
new_scratch_dir ()
{
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/lif-$lif_test.XXXXXX") ||
    hard_error "cannot make a temporary directory"
  trap 'rm -rf "$scratch"' EXIT
  trap 'rm -rf "$scratch"; exit 99' HUP INT TERM
}
