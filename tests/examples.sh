#!/bin/sh
# Runs every example program and checks the numbers it prints against the
# closed forms and the notebook's facts (shared SCENARIOS.md), so that the
# examples never rot. Needs top_builddir (set by 'make check').

: "${top_builddir:=.}"
ex="$top_builddir/examples"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lif-examples.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failures=0

fail () {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run NAME [ARGS]: runs an example into $tmp/NAME.out, which must succeed.
run () {
  name=$1
  shift
  if "$ex/$name" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; then
    echo "ok: $name $*"
  else
    fail "$name $* exited with $?"
    cat "$tmp/$name.err"
  fi
}

# field FILE LABEL N: the Nth field of the first line whose first field is
# LABEL, after skipping to the line matching the optional SECTION.
field () {
  awk -v label="$2" -v n="$3" -v section="${4:-}" '
    section != "" && index($0, section) == 1 { on = 1; next }
    (section == "" || on) && $1 == label { print $n; exit }' "$1"
}

# expect_near WHAT GOT WANT TOL
expect_near () {
  if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN {
        d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then
    echo "ok: $1 = $2"
  else
    fail "$1 = '$2', expected $3 within $4"
  fi
}

# expect WHAT AWK-CONDITION-ON-x VALUE
expect () {
  if awk -v x="$3" "BEGIN { exit !(x != \"\" && ($2)) }"; then
    echo "ok: $1 = $3"
  else
    fail "$1 = '$3', expected $2"
  fi
}

# The closed-form interval tau ln((R I - u_rest) / (R I - theta)).
closed_isi () {
  awk -v R="$1" -v C="$2" -v th="$3" -v u="$4" -v I="$5" \
    'BEGIN { printf "%.9f", R * C * log((R * I - u) / (R * I - th)) }'
}

# --- S1: 4 spikes, the first at 21.14 on the notebook's grid, and liblif's
# at the closed form.
run s1_constant
out="$tmp/s1_constant.out"
isi=$(closed_isi 6.4 0.9 5 0.4 0.8)
expect "S1 euler/grid spikes" 'x == 4' "$(field "$out" euler/grid 2)"
expect_near "S1 euler/grid first spike" "$(field "$out" euler/grid 4)" 21.14 1e-9
expect "S1 exact/precise spikes" 'x == 4' "$(field "$out" exact/precise 2)"
for k in 1 2 3 4; do
  expect_near "S1 exact/precise spike $k" \
    "$(field "$out" exact/precise $((k + 3)))" \
    "$(awk -v i="$isi" -v k=$k 'BEGIN { printf "%.9f", k * i }')" 2e-6
done
expect_near "S1 closed-form interval" "$(field "$out" closed-form 3)" "$isi" 1e-8
expect "S1 liblif error" 'x < 1e-9' "$(field "$out" liblif 3)"
expect "S1 notebook error" 'x > 0.01 && x < 0.05' "$(field "$out" notebook 3)"

# --- S2: subthreshold at I_max = 1, fires at I_max = 3.
run s2_sine
out="$tmp/s2_sine.out"
crit=$(awk 'BEGIN { pi = atan2(0, -1); w = 2 * pi * 0.1 * 2.5;
                    printf "%.6f", 5 * sqrt(1 + w * w) / 5 }')
expect_near "S2 critical I_max" "$(awk '/reaches theta/ { print $NF }' "$out")" "$crit" 1e-6
for who in euler/grid notebook exact/precise; do
  expect "S2 I_max = 1 $who spikes" 'x == 0' "$(field "$out" $who 2 "I_max = 1")"
  expect "S2 I_max = 3 $who spikes" 'x >= 10' "$(field "$out" $who 2 "I_max = 3")"
done
expect "S2 I_max = 1 largest V" 'x > 2 && x < 5' \
  "$(awk '/largest V/ { print $3; exit }' "$out")"
expect_near "S2 I_max = 3 notebook vs exact, first spike" \
  "$(field "$out" notebook 4 "I_max = 3")" \
  "$(field "$out" exact/precise 4 "I_max = 3")" 0.02

# --- S3: 6 spikes, period near 14.5, exactly the closed form for liblif.
run s3_two_inputs
out="$tmp/s3_two_inputs.out"
isi=$(closed_isi 3.3 1.0 7.5 0.2 2.3)
expect "S3 euler/grid spikes" 'x == 6' "$(field "$out" euler/grid 2)"
expect "S3 exact/precise spikes" 'x == 6' "$(field "$out" exact/precise 2)"
expect_near "S3 exact/precise first spike" "$(field "$out" exact/precise 4)" "$isi" 2e-6
expect_near "S3 euler/grid mean interval" "$(field "$out" mean 4 | tr -d ,)" 14.5 0.1
expect_near "S3 exact/precise mean interval" "$(field "$out" mean 6)" "$isi" 1e-8

# --- S4: the strong pulses fire bursts that slow down; the weak stay below.
run s4_decaying_pulses
out="$tmp/s4_decaying_pulses.out"
for case in "I_peak = 10, tau_I = 10" "I_peak = 10, tau_I = 100"; do
  for who in euler/grid notebook exact/precise; do
    n=$(field "$out" $who 2 "$case")
    expect "S4 $case $who spikes" 'x >= 10' "$n"
  done
  # The line after exact/precise gives the first and last interval.
  slow=$(awk -v c="$case" 'index($0, c) == 1 { on = 1; next }
    on && $1 == "exact/precise" { getline; print ($3 < $5); exit }' "$out")
  expect "S4 $case bursts slow down" 'x == 1' "$slow"
done
for case in "I_peak = 1, tau_I = 100" "I_peak = 1, tau_I = 10"; do
  for who in euler/grid notebook exact/precise; do
    expect "S4 $case $who spikes" 'x == 0' "$(field "$out" $who 2 "$case")"
  done
done

# --- The main demo: the same facts, in one run.
run demo
out="$tmp/demo.out"
blocks=$(awk '/^S[1-4] / { b++ } /^    (notebook|liblif) / { n[b, $1] = $2 }
  END { for (i = 1; i <= b; i++) printf "%d:%d ", n[i, "notebook"], n[i, "liblif"] }' "$out")
case "$blocks" in
  "4:4 0:0 20:20 6:6 30:30 0:0 "*":"*" 0:0 ")
    echo "ok: demo spike counts $blocks" ;;
  *) fail "demo spike counts $blocks" ;;
esac
expect_near "demo S1 liblif first spike" \
  "$(awk '/^    liblif/ { print $4; exit }' "$out")" "$(closed_isi 6.4 0.9 5 0.4 0.8)" 2e-6

# --- The smallest program (the guide's "Embedding liblif" page): the
# first spike after 10 ln 4 ms, then every t_ref + 10 ln 4.
run embed
out="$tmp/embed.out"
expect "embed spikes" 'x == 6' "$(awk '/spikes in 100 ms/ { print $3 }' "$out")"
expect_near "embed spike 1" "$(awk '/spike 1 at/ { print $4 }' "$out")" 13.862943611 1e-8
expect_near "embed spike 6" "$(awk '/spike 6 at/ { print $4 }' "$out")" 93.177661667 1e-8

# --- The callback example: both callbacks ran, and agree with the neuron.
run callback
out="$tmp/callback.out"
seen=$(awk '/seen by the callback/ { sub(",", "", $6); print $6 }' "$out")
expect "callback spikes" 'x >= 5' "$seen"
expect "callback spikes recorded" "x == $seen" \
  "$(awk '/recorded by the neuron/ { print $NF }' "$out")"
expect "callback current calls" 'x >= 10000' "$(awk '/callback ran/ { print $(NF - 1) }' "$out")"

# The same chirp, sampled into the CSV trace and read back by lif-sim as a
# linearly interpolated table, gives the same spikes (to the interpolation
# error): the callback input, the CSV and lif-sim's tables agree.
run callback --csv "$tmp/cb"
awk -F, 'NR > 1 { print $1 "," $3 }' "$tmp/cb-chirp-trace.csv" > "$tmp/chirp.csv"
if "$ex/lif-sim" --t_ref 2 -s rk4 -T 1000 -i "table-linear:$tmp/chirp.csv" \
     > "$tmp/cb-sim.csv"; then
  expect "chirp through lif-sim: spikes" "x == $seen" "$(awk 'END { print NR - 1 }' "$tmp/cb-sim.csv")"
  expect "chirp through lif-sim: largest difference" 'x < 0.01' \
    "$(paste -d, "$tmp/cb-chirp-spikes.csv" "$tmp/cb-sim.csv" | awk -F, '
       NR > 1 { d = $2 - $4; if (d < 0) d = -d; if (d > m) m = d } END { print m + 0 }')"
else
  fail "lif-sim on the chirp table"
fi

# --- The C++ example: the intervals after the onset are the closed form,
# and a bad value comes back as an exception with liblif's message.
run cpp_raii
out="$tmp/cpp_raii.out"
expect "C++ spikes" 'x >= 3' "$(awk '/^C\+\+ RAII/ { print $3 }' "$out")"
expect_near "C++ interval 1" "$(awk '/interval 1:/ { print $3 }' "$out")" \
  "$(closed_isi 6.4 0.9 5 0.4 0.8)" 1e-8
expect "C++ exception" 'x == 1' "$(grep -c 'refused as it should be: dt: invalid argument' "$out")"

# --- The stepper comparison: the orders each method promises.
run steppers
out="$tmp/steppers.out"
order () { awk -v s="$1" -v m="$2" -v t="$3" '
  index($0, "Table " t ".") == 1 { on = 1; next }
  on && $1 == s && $2 == m { print $NF; exit }' "$out"; }
for t in 1 2; do
  expect "table $t euler/precise order" 'x > 0.85 && x < 1.15' "$(order euler precise $t)"
  expect "table $t heun/precise order" 'x > 1.9 && x < 2.1' "$(order heun precise $t)"
  expect "table $t rk4/precise order" 'x > 3.5' "$(order rk4 precise $t)"
  for s in euler heun rk4 exact; do
    expect "table $t $s/grid order" 'x > 0.6 && x < 1.4' "$(order $s grid $t)"
  done
done
# The exact stepper integrates the constant and the sine in closed form:
# no order on either table.
expect "table 1 exact/precise" 'x == "exact"' "$(order exact precise 1)"
expect "table 2 exact/precise" 'x == "exact"' "$(order exact precise 2)"

# --- CSV output, and the command line.
run s1_constant --csv "$tmp/s1"
expect "S1 trace header" 'x == "t,V,I"' "$(head -n 1 "$tmp/s1-euler-grid-trace.csv")"
expect "S1 trace rows" 'x == 10002' "$(wc -l < "$tmp/s1-euler-grid-trace.csv")"
expect "S1 spike rows" 'x == 5' "$(wc -l < "$tmp/s1-exact-precise-spikes.csv")"
expect_near "S1 CSV first spike" \
  "$(awk -F, 'NR == 2 { print $2 }' "$tmp/s1-exact-precise-spikes.csv")" \
  "$(closed_isi 6.4 0.9 5 0.4 0.8)" 2e-6
expect "S1 CSV last time" 'x == 100' \
  "$(tail -n 1 "$tmp/s1-euler-grid-trace.csv" | cut -d, -f1)"
run steppers --csv "$tmp/st"
expect "stepper table rows" 'x == 81' "$(wc -l < "$tmp/st-table.csv")"
for prog in s1_constant s2_sine s3_two_inputs s4_decaying_pulses callback steppers; do
  "$ex/$prog" --bogus > /dev/null 2>&1
  expect "$prog --bogus exit status" 'x == 2' "$?"
  "$ex/$prog" --help > /dev/null 2>&1
  expect "$prog --help exit status" 'x == 0' "$?"
done
"$ex/s1_constant" --csv "$tmp/no/such/dir/x" > /dev/null 2>&1
expect "s1_constant --csv into a missing directory" 'x == 1' "$?"

# --- The f-I curve: a batch against the closed form, with 1 and 2 threads.
for threads in 1 2; do
  run fi_curve --neurons 4000 --duration 300 --threads "$threads" \
    --csv "$tmp/fi$threads.csv"
  expect "f-I, $threads thread(s): counts off the closed form" 'x == 0' \
    "$(awk -F': ' '/differs from the closed form/ { print $2 }' "$tmp/fi_curve.out")"
done
expect "f-I CSV rows" 'x == 4001' "$(wc -l < "$tmp/fi1.csv")"
if cmp -s "$tmp/fi1.csv" "$tmp/fi2.csv"; then
  echo "ok: f-I CSV identical with 1 and 2 threads"
else
  fail "f-I CSV differs between 1 and 2 threads"
fi
"$ex/fi_curve" --neurons 0 > /dev/null 2>&1
expect "fi_curve --neurons 0 exit status" 'x == 2' "$?"

# --- White noise against Siegert: 300 neurons x 2 s, about 20,000 spikes
# a case: the rate's standard error is under 1 %, the bound 4 %; grid
# timing misses crossings and is low. The same on 1 and 2 threads.
for threads in 1 2; do
  run noise --neurons 300 --duration 2000 --threads "$threads"
  cp "$tmp/noise.out" "$tmp/noise$threads.out"
done
awk -F'|' 'NR > 2 { split($3, p, " "); split($4, g, " ");
  print p[4] + 0, g[3] + 0 }' "$tmp/noise1.out" > "$tmp/noise.off"
expect "noise: cases" 'x == 3' "$(wc -l < "$tmp/noise.off")"
expect "noise: precise timing off Siegert (%, worst)" 'x < 4' \
  "$(awk '{ a = $1 < 0 ? -$1 : $1; if (a > m) m = a } END { print m + 0 }' "$tmp/noise.off")"
expect "noise: grid timing low (%, least)" 'x < -2' \
  "$(awk 'NR == 1 || $2 > m { m = $2 } END { print m }' "$tmp/noise.off")"
if cmp -s "$tmp/noise1.out" "$tmp/noise2.out"; then
  echo "ok: noise output identical with 1 and 2 threads"
else
  fail "noise output differs between 1 and 2 threads"
fi
"$ex/noise" --neurons 0 > /dev/null 2>&1
expect "noise --neurons 0 exit status" 'x == 2' "$?"

echo "$failures failure(s)"
test "$failures" -eq 0
