#!/bin/sh
# Drives lif-sim with good and bad command lines: its numbers against the
# closed forms and the notebook, its CSV, its one-line errors with exit
# status 2, its run failures with status 1, and a burst of generated
# command lines that must never crash it. Needs top_builddir.

: "${top_builddir:=.}"
sim="$top_builddir/examples/lif-sim"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lif-sim.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failures=0

fail () {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

ok () {
  echo "ok: $*"
}

# expect_near WHAT GOT WANT TOL
expect_near () {
  if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN {
        d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then
    ok "$1 = $2"
  else
    fail "$1 = '$2', expected $3 within $4"
  fi
}

# same WHAT FILE1 FILE2
same () {
  if cmp -s "$2" "$3"; then ok "$1"; else fail "$1: $2 and $3 differ"; fi
}

# sim OUT ARGS...: runs lif-sim, which must succeed, into $tmp/OUT.
sim () {
  out=$1
  shift
  if "$sim" "$@" > "$tmp/$out" 2> "$tmp/$out.err"; then
    :
  else
    fail "lif-sim $* exited with $?: $(cat "$tmp/$out.err")"
  fi
}

spike () { awk -F, -v k="$2" 'NR == k + 1 { print $2 }' "$tmp/$1"; }
count () { awk 'END { print NR - 1 }' "$tmp/$1"; }

nb="--R 6.4 --C 0.9 --E_L 0 --V_th 5 --V_reset 0.4 --V_0 0.4 --dt 0.01"

# --- S1 in the notebook's settings: 4 spikes at 21.14, 42.28, ...
sim s1grid $nb --stepper euler --timing grid --input const:0.8
expect_near "S1 euler/grid spikes" "$(count s1grid)" 4 0
for k in 1 2 3 4; do
  expect_near "S1 euler/grid spike $k" "$(spike s1grid $k)" \
    "$(awk -v k=$k 'BEGIN { printf "%.2f", 21.14 * k }')" 1e-9
done
# ... and with the exact stepper and precise timing, the closed form.
isi=$(awk 'BEGIN { printf "%.12f", 6.4 * 0.9 * log((5.12 - 0.4) / (5.12 - 5)) }')
sim s1exact $nb --input const:0.8
for k in 1 2 3 4; do
  expect_near "S1 exact/precise spike $k" "$(spike s1exact $k)" \
    "$(awk -v i="$isi" -v k=$k 'BEGIN { printf "%.12f", i * k }')" 1e-9
done
# The same with the short flags, the --flag=value form, and names in any case.
sim s1short --r=6.4 --c=0.9 --e_l=0 --v_th=5 --v_reset=0.4 --v_0=0.4 \
  --dt=0.01 -s exact --timing=precise -T 100 -i const:0.8
same "short and --flag=value forms" "$tmp/s1exact" "$tmp/s1short"
# tau sets C = tau / R.
sim s1tau $nb --tau 5.76 --input const:0.8
expect_near "--tau 5.76 first spike" "$(spike s1tau 1)" "$isi" 1e-9
# V_0 follows E_L unless given: here the start is 0, not 0.4.
sim s1v0 --R 6.4 --C 0.9 --E_L 0 --V_th 5 --V_reset 0.4 -i const:0.8
expect_near "V_0 follows E_L" "$(spike s1v0 1)" \
  "$(awk 'BEGIN { printf "%.12f", 5.76 * log(5.12 / 0.12) }')" 1e-9

# --- Sums of inputs: 0.3 + 0.5 is 0.8.
sim s1sum $nb --input const:0.3 --input const:0.5
expect_near "sum of two inputs, spike 4" "$(spike s1sum 4)" "$(spike s1exact 4)" 1e-9
# I_bias is added to the input.
sim s1bias $nb --I_bias 0.5 --input const:0.3
expect_near "I_bias + input, spike 4" "$(spike s1bias 4)" "$(spike s1exact 4)" 1e-9

# --- Refractoriness: every interval is t_ref + T (default neuron, 2 nA).
T=$(awk 'BEGIN { printf "%.12f", 10 * log(20 / 5) }')
sim ref --t_ref 3 -i const:2 -T 200
expect_near "t_ref: first spike" "$(spike ref 1)" "$T" 1e-9
expect_near "t_ref: second spike" "$(spike ref 2)" \
  "$(awk -v t="$T" 'BEGIN { printf "%.12f", 2 * t + 3 }')" 1e-9

# --- The other inputs.
# A step table is the same current as a pulse, and liblif splits the steps
# at its edges, so the exact stepper gives the same spikes.
printf '# time, current\nt,I\n0,0\n10.05;2\n\n 30.05  0\n' > "$tmp/pulse.csv"
sim tpulse -i pulse:2,10.05,20 -T 60
sim ttable -i "table:$tmp/pulse.csv" -T 60
expect_near "table = pulse: spikes" "$(count ttable)" "$(count tpulse)" 0
expect_near "table = pulse: spike 1" "$(spike ttable 1)" \
  "$(awk -v t="$T" 'BEGIN { printf "%.12f", 10.05 + t }')" 1e-9
expect_near "table = pulse: last spike" "$(spike ttable "$(count tpulse)")" \
  "$(spike tpulse "$(count tpulse)")" 1e-9
# A linear table through a constant's two samples is that constant.
printf '0 2\n1000 2\n' > "$tmp/flat.txt"
sim tlin -i "table-linear:$tmp/flat.txt" -T 50
expect_near "linear table: spike 1" "$(spike tlin 1)" "$T" 1e-9
# A train of 3 pulses of 2 nA, each 20 ms long: one spike each (T < 20),
# the first at T; the later ones start above rest, so they come sooner.
sim train -i train:2,0,20,40,3 -T 200
expect_near "train of 3 pulses: spikes" "$(count train)" 3 0
expect_near "train: spike 1" "$(spike train 1)" "$T" 1e-9
expect_near "train: spike 3 inside the third pulse" "$(spike train 3)" 90 10
# The notebook's S2 at I_max = 3 and S4's strongest case, as its examples
# show them (examples/s2_sine.c, examples/s4_decaying_pulses.c).
sim sine --R 5 --C 0.5 --E_L 0 --V_th 5 --V_reset 0 --dt 0.01 \
  -s euler --timing grid -i sine:3,0.1
expect_near "S2 I_max = 3: spikes" "$(count sine)" 20 0
expect_near "S2 I_max = 3: spike 1" "$(spike sine 1)" 1.99 1e-9
sim sine0 --R 5 --C 0.5 --E_L 0 --V_th 5 --V_reset 0 --dt 0.01 -i sine:1,0.1
expect_near "S2 I_max = 1: spikes" "$(count sine0)" 0 0
sim exp --R 5 --C 0.5 --E_L 0 --V_th 5 --V_reset 0 --dt 0.01 -i exp:10,10
expect_near "S4 (10, 10): spikes" "$(count exp)" 30 0
# Before the onset an exp input is 0: the same burst, 5 later.
sim exp5 --R 5 --C 0.5 --E_L 0 --V_th 5 --V_reset 0 --dt 0.01 -i exp:10,10,5
expect_near "exp with onset 5: spike 1" "$(spike exp5 1)" \
  "$(awk -v s="$(spike exp 1)" 'BEGIN { printf "%.12f", s + 5 }')" 1e-6
# White noise: the seed and the stream decide the spikes, the same again
# for the same ones. 2 s at Siegert's 39.2 Hz: 78 spikes, give or take 4
# (its standard deviation), and make check holds the rate to 1 %.
sim noise1 -i noise:1.5,1 --seed 42 -T 2000
sim noise2 -i noise:1.5,1 --seed=42 -T 2000
sim noise3 -i noise:1.5,1 --seed 42 --stream 1 -T 2000
if cmp -s "$tmp/noise1" "$tmp/noise2"; then ok "noise: same seed, same spikes"
else fail "noise: the same seed gave other spikes"; fi
if cmp -s "$tmp/noise1" "$tmp/noise3"; then fail "noise: another stream, same spikes"
else ok "noise: another stream, other spikes"; fi
expect_near "noise: spikes in 2 s" "$(count noise1)" 78 20
# An Ornstein-Uhlenbeck current: its own stream of draws, the same for
# the same seed.
sim ou1 -i ou:1.5,0.5,5 --seed 7 -T 2000
sim ou2 -i ou:1.5,0.5,5,0 --seed 7 -T 2000
if cmp -s "$tmp/ou1" "$tmp/ou2"; then ok "ou: same seed, same spikes"
else fail "ou: the same seed gave other spikes"; fi
if [ "$(count ou1)" -gt 0 ]; then ok "ou: spikes"
else fail "ou: no spikes at a mean at the rheobase"; fi

# --- Output: the trace, files, and a duration off the grid.
sim trace $nb -i const:0.8 --trace -T 1
expect_near "trace rows" "$(count trace)" 101 0
if [ "$(head -n 2 "$tmp/trace")" = "$(printf 't,V,I\n0,0.4,0.8')" ]; then
  ok "trace header and first row"
else
  fail "trace starts with: $(head -n 2 "$tmp/trace")"
fi
sim trace2 $nb -i const:0.8 --trace -T 0.025
expect_near "trace off the grid: last t" \
  "$(tail -n 1 "$tmp/trace2" | cut -d, -f1)" 0.025 1e-12
expect_near "trace off the grid: rows" "$(count trace2)" 4 0
sim tracefile $nb -i const:0.8 --trace -T 30 -o "$tmp/t.csv" --spike-file "$tmp/s.csv"
sim tracestdout $nb -i const:0.8 --trace -T 30
same "--output holds the trace" "$tmp/t.csv" "$tmp/tracestdout"
sim spikes30 $nb -i const:0.8 -T 30
same "--spike-file holds the spikes" "$tmp/s.csv" "$tmp/spikes30"
# The V column resets to V_reset at the spike (grid timing).
sim tracegrid $nb -s euler --timing grid -i const:0.8 --trace -T 30
expect_near "trace: V at the grid spike" \
  "$(awk -F, '$1 == "21.14" { print $2 }' "$tmp/tracegrid")" 0.4 1e-12

# --- --help and --version.
if "$sim" --help > "$tmp/help" 2>&1; then ok "--help exits 0"; else fail "--help"; fi
for flag in --R --C --tau --E_L --V_th --V_reset --t_ref --V_0 --I_bias \
            --dt --duration --stepper --timing --input --output --trace \
            --spikes --spike-file --spike-limit --version; do
  grep -q -- "$flag" "$tmp/help" || fail "--help does not list $flag"
done
if "$sim" --version > "$tmp/version" 2>&1 \
   && grep -q "^lif-sim $PACKAGE_VERSION (liblif $PACKAGE_VERSION)\$" "$tmp/version"; then
  ok "--version: $(cat "$tmp/version")"
else
  fail "--version printed: $(cat "$tmp/version")"
fi

# --- Bad flags and values: one line naming the flag, status 2, no output.
bad () {
  flag=$1
  shift
  "$sim" "$@" > "$tmp/bad.out" 2> "$tmp/bad.err"
  rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l < "$tmp/bad.err")" -eq 1 ] \
     && grep -q -e "$flag" "$tmp/bad.err" && [ ! -s "$tmp/bad.out" ]; then
    ok "$* -> $(cat "$tmp/bad.err")"
  else
    fail "$*: status $rc, stderr '$(cat "$tmp/bad.err")', stdout $(wc -c < "$tmp/bad.out") bytes"
  fi
}
bad "--R" --R
bad "--R" --R abc
bad "--R" --R -1
bad "--R" --R 0
bad "--R" --R nan
bad "--R" --R inf
bad "--R" --R 1e999
bad "--R" --R ""
bad "--R" --R=
bad "--C" --C -0.5
bad "--tau" --tau 0
bad "--dt" --dt 0
bad "--dt" --dt=0.1x
bad "--t_ref" --t_ref -1
bad "--V_th" --V_th -70
bad "--V_th" --V_reset -40
bad "--V_0" --V_0 "1 2"
bad "--I_bias" --I_bias 0x
bad "--duration" --duration -1
bad "--duration" -T 1e12
bad "--duration" --dt 1e-300 -T 1
bad "--duration" -T
bad "--stepper" --stepper magic
bad "--stepper" -s ""
bad "--timing" --timing late
bad "--spike-limit" --spike-limit 0
bad "--spike-limit" --spike-limit 2.5
bad "--spike-limit" --spike-limit -3
bad "--output" --output ""
bad "--output" -i const:2 -o "$tmp/no/such/dir/out.csv"
bad "--spike-file" -i const:2 --spike-file "$tmp/no/such/dir/s.csv"
bad "--input" --input
bad "--input" --input const
bad "--input" --input const:
bad "--input" --input const:x
bad "--input" --input const:1,2
bad "--input" --input const:nan
bad "--input" --input noise:1
bad "--input" --input noise:1,-1
bad "--input" --input noise:1,1,32768
bad "--input" --input noise:1,1,0.5
bad "--input" --input ou:1,1
bad "--input" --input ou:1,1,0
bad "--input" --input ou:1,-1,5
bad "--input" --input ou:1,1,5,32768
bad "--seed" --seed -1
bad "--seed" --seed 18446744073709551616
bad "--seed" --seed 1x
bad "--stream" --stream 4294967296
bad "--stream" --stream ""
bad "--input" --input pulse:1,2
bad "--input" --input pulse:1,0,-1
bad "--input" --input train:1,0,2,1
bad "--input" --input train:1,0,1,2,-1
bad "--input" --input train:1,0,1,2,1.5
bad "--input" --input sine:1
bad "--input" --input sine:1,-0.1
bad "--input" --input sine:1,2,3,4,5
bad "--input" --input exp:1,0
bad "--input" --input exp:1,-1
bad "--input" --input table:
bad "--input" --input "table:$tmp/missing.csv"
bad "--input" --input "table:$tmp"
printf '0,1\n0,2\n' > "$tmp/t1"; bad "--input" -i "table:$tmp/t1"
printf '0,1\nx,2\n' > "$tmp/t2"; bad "--input" -i "table:$tmp/t2"
printf '0,1,3\n' > "$tmp/t3"; bad "--input" -i "table:$tmp/t3"
printf '# nothing\n' > "$tmp/t4"; bad "--input" -i "table:$tmp/t4"
printf '0\n' > "$tmp/t5"; bad "--input" -i "table:$tmp/t5"
printf '0,nan\n' > "$tmp/t6"; bad "--input" -i "table-linear:$tmp/t6"
printf '0,1\n1,,2\n' > "$tmp/t7"; bad "--input" -i "table:$tmp/t7"
: > "$tmp/t8"; bad "--input" -i "table:$tmp/t8"
# Tables are read strictly: a header is only a first line that does not
# start like a number, and a line that does and fails to parse is an error
# that names the line and says why (it was once taken for a header).
printf '0,2.5x\n1,2\n' > "$tmp/t9"
bad "t9:1: not a number: '2.5x'" -i "table:$tmp/t9"
printf '0,nan\n1,2\n' > "$tmp/t10"
bad "t10:1: not a finite number: 'nan'" -i "table:$tmp/t10"
printf '0,1e400\n' > "$tmp/t11"
bad "t11:1: too large for a double" -i "table:$tmp/t11"
printf -- '-inf,1\n' > "$tmp/t12"
bad "t12:1: not a finite number: '-inf'" -i "table:$tmp/t12"
printf 't,I\n0,1\n1,2,3\n' > "$tmp/t13"
bad "t13:3: more than two numbers" -i "table:$tmp/t13"
printf '0,1\nt,I\n' > "$tmp/t14"
bad "t14:2: not a number: 't'" -i "table:$tmp/t14"
bad "--R: too large for a double" --R 1e999
bad "--bogus" --bogus 1
bad "-x" -x
bad "'--'" --
bad "stray" stray
bad "'-'" -

# --- Event to event (--events): the exact stepper's spikes with no step,
# a trace sampled exactly every dt, and inputs with noise refused.
sim ev_step -i sine:1,0.027027,1.6 -T 300
sim ev_events --events -i sine:1,0.027027,1.6 -T 300
expect_near "--events: spikes" "$(count ev_events)" "$(count ev_step)" 0
expect_near "--events: last spike" "$(spike ev_events "$(count ev_step)")" \
  "$(spike ev_step "$(count ev_step)")" 1e-9
sim ev_trace --events --trace -T 1 --dt 0.25 -i const:1.4
expect_near "--events --trace: rows" "$(count ev_trace)" 5 0
expect_near "--events --trace: V at t = 1" \
  "$(awk -F, 'NR == 6 { print $2 }' "$tmp/ev_trace")" \
  "$(awk 'BEGIN { printf "%.15f", -51 - 14 * exp(-0.1) }')" 1e-12
"$sim" --events -i noise:1,1 -T 10 > "$tmp/ev_noise" 2> "$tmp/ev_noise.err"
rc=$?
if [ $rc -eq 1 ] && grep -q "closed form" "$tmp/ev_noise.err"; then
  ok "--events with noise: status 1, $(cat "$tmp/ev_noise.err")"
else
  fail "--events with noise: status $rc, '$(cat "$tmp/ev_noise.err")'"
fi

# --- Run failures: status 1, and what was computed is kept.
"$sim" -s euler --dt 30 -i const:2 > "$tmp/unstable" 2> "$tmp/unstable.err"
rc=$?
if [ $rc -eq 1 ] && grep -q unstable "$tmp/unstable.err"; then
  ok "unstable Euler: $(cat "$tmp/unstable.err")"
else
  fail "unstable Euler: status $rc, '$(cat "$tmp/unstable.err")'"
fi
"$sim" -i const:1e6 --spike-limit 2 -T 1 > "$tmp/limit" 2> "$tmp/limit.err"
rc=$?
if [ $rc -eq 1 ] && [ "$(count limit)" -ge 2 ] && grep -q "spike limit" "$tmp/limit.err"; then
  ok "spike limit: $(count limit) spikes kept, $(cat "$tmp/limit.err")"
else
  fail "spike limit: status $rc, $(count limit) spikes, '$(cat "$tmp/limit.err")'"
fi
if [ -w /dev/full ]; then
  "$sim" -i const:2 > /dev/full 2> "$tmp/full.err"
  rc=$?
  if [ $rc -eq 1 ]; then ok "a full disk: $(cat "$tmp/full.err")"; else fail "a full disk: status $rc"; fi
fi

# --- Generated command lines: whatever they say, lif-sim answers with 0, 1
# or 2, never a crash (a status of 128 and more is a signal).
words="--R --C --tau --E_L --V_th --V_reset --t_ref --V_0 --I_bias --dt -T
--duration --stepper --timing --input -i --trace --spikes --spike-limit
--output=/dev/null -s euler rk4 exact grid precise 0 1 -1 0.5 -3e2 1e-3
nan inf x '' const:1 const:2,3 pulse:2,1,5 train:2,0,1,2,3 train:2,0,1,0
sine:3,0.1 sine:1,0,0,0 exp:5,2 exp:5,0 table: table:/dev/null
--R=0 --dt=1e-3 --input=const:4 -- -"
awk -v words="$words" 'BEGIN {
  n = split(words, w, /[ \n]+/); srand(4);
  for (line = 0; line < 300; line++) {
    k = 1 + int(rand() * 6); s = "-T 5"
    for (i = 0; i < k; i++) s = s " " w[1 + int(rand() * n)]
    print s
  } }' > "$tmp/lines"
crashes=0
while read -r line; do
  eval "set -- $line"
  "$sim" "$@" > /dev/null 2>&1
  rc=$?
  if [ $rc -gt 2 ]; then
    crashes=$((crashes + 1))
    echo "lif-sim $line: status $rc"
  fi
done < "$tmp/lines"
if [ $crashes -eq 0 ]; then ok "300 generated command lines, no crash"; else fail "$crashes crashes"; fi

echo "$failures failure(s)"
test "$failures" -eq 0
