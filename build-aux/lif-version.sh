#!/bin/sh
# Prints the release number written in include/lif.h (the one place it is
# kept), for configure.ac's AC_INIT. Usage: lif-version.sh path/to/lif.h
header=${1:-include/lif.h}
major=$(sed -n 's/^#define LIF_VERSION_MAJOR \([0-9][0-9]*\)$/\1/p' "$header")
minor=$(sed -n 's/^#define LIF_VERSION_MINOR \([0-9][0-9]*\)$/\1/p' "$header")
patch=$(sed -n 's/^#define LIF_VERSION_PATCH \([0-9][0-9]*\)$/\1/p' "$header")
if [ -z "$major" ] || [ -z "$minor" ] || [ -z "$patch" ]; then
  echo "lif-version.sh: no LIF_VERSION_MAJOR/MINOR/PATCH in $header" >&2
  exit 1
fi
printf '%s.%s.%s' "$major" "$minor" "$patch"
