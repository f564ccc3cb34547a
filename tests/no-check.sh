#!/bin/sh
# Stands in for the Check runner when configure did not find Check, so that
# 'make check' fails with the reason instead of passing with nothing tested.
echo "no-check.sh: Check (libcheck) was not found by configure." >&2
echo "no-check.sh: install it (Debian: apt-get install check) and re-run configure." >&2
exit 99
