# Turns the documented `enum lif_status` of include/lif.h into the table that
# lib/error.c compiles: one line `LIF__STATUS (NAME, "message")` per code. The
# header is the one place where a status code and its message are written;
# the message is the code's trailing doc comment.
/^enum lif_status \{/ { inside = 1; next }
inside && /^\};/ { inside = 0; next }
inside && match ($0, /^ *LIF_[A-Z0-9_]+ = -?[0-9]+,? *\/\*\*< .* \*\/$/) {
  name = $1
  msg = $0
  sub (/^[^\/]*\/\*\*< /, "", msg)
  sub (/ \*\/$/, "", msg)
  gsub (/"/, "\\\"", msg)
  printf "LIF__STATUS (%s, \"%s\")\n", name, msg
  count++
}
END {
  if (count == 0) {
    print "error-table.awk: no status codes found" > "/dev/stderr"
    exit 1
  }
}
