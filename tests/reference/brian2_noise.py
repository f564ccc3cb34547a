#!/usr/bin/python3
"""liblif's white noise side by side with Brian2's: the same neurons, the
same noise in each one's convention, rates and CVs, and the Siegert
formula. Not part of make check (Brian2 is no dependency of liblif); run
by hand, its output committed next to it as brian2_noise.txt:

    LIF_LIBRARY=lib/.libs/liblif.so PYTHONPATH=examples/python \\
        /usr/bin/python3 tests/reference/brian2_noise.py \\
        > tests/reference/brian2_noise.txt

Brian2 (Debian's python3-brian) integrates
    dv/dt = (mu - v) / tau + s xi tau**-0.5
with Euler-Maruyama and tests the threshold at grid times; liblif gets
    I(t) = mean + sigma xi(t),  mu = E_L + R mean,  s = R sigma / sqrt(tau)
(the conversion of the Noise page). Brian2 at dt = 0.1 ms and liblif's
Euler stepper with grid timing at the same dt make the same approximations
(two generators apart); liblif's exact stepper with precise timing needs
neither.
"""

import math
import sys

import brian2 as b2

import lif

R, TAU, E_L, V_TH, V_RESET, T_REF = 10.0, 10.0, -65.0, -50.0, -65.0, 2.0
NEURONS, DURATION = 2000, 5000.0  # ms
CASES = ((1.5, 1.0), (1.2, 1.0))  # mean (nA), sigma (nA ms^1/2)


def pooled(trains):
    """Rate (Hz) and CV of the intervals of all trains, given as lists of
    spike times in ms."""
    isis = [b - a for t in trains for a, b in zip(t, t[1:])]
    count = sum(len(t) for t in trains)
    m = sum(isis) / len(isis)
    sd = math.sqrt(sum((x - m) ** 2 for x in isis) / len(isis))
    return 1000.0 * count / (len(trains) * DURATION), sd / m


def brian(mean, sigma, dt):
    b2.start_scope()
    b2.prefs.codegen.target = "numpy"
    b2.defaultclock.dt = dt * b2.ms
    tau = TAU * b2.ms
    mu = (E_L + R * mean) * b2.mV
    s = (R * sigma / math.sqrt(TAU)) * b2.mV
    g = b2.NeuronGroup(NEURONS,
                       "dv/dt = (mu - v) / tau + s * xi * tau**-0.5 : volt "
                       "(unless refractory)",
                       threshold="v >= %g * mV" % V_TH,
                       reset="v = %g * mV" % V_RESET,
                       refractory=T_REF * b2.ms, method="euler")
    g.v = V_RESET * b2.mV
    mon = b2.SpikeMonitor(g)
    b2.seed(1)
    b2.run(DURATION * b2.ms)
    trains = mon.spike_trains()
    return pooled([list(trains[i] / b2.ms) for i in range(NEURONS)])


def liblif(mean, sigma, dt, stepper, timing):
    b = lif.Batch(NEURONS, stepper=stepper, timing=timing, t_ref=T_REF,
                  dt=dt, input=lif.Input.white_noise(mean, sigma))
    b.seed = 1
    b.run(DURATION)
    trains = [[] for _ in range(NEURONS)]
    for member, t in b.spikes():
        trains[member].append(t)
    return pooled(trains)


def main():
    print("%d neurons x %g s each; rate (Hz) and ISI CV, pooled"
          % (NEURONS, DURATION / 1000.0))
    print("%-44s %9s %7s" % ("", "rate", "CV"))
    for mean, sigma in CASES:
        n = lif.Neuron(t_ref=T_REF)
        print("mean %g nA, sigma %g nA ms^1/2 (s = %.4f mV)"
              % (mean, sigma, R * sigma / math.sqrt(TAU)))
        rows = [("Siegert formula", (1000.0 * n.siegert_rate(mean, sigma),
                                     n.siegert_cv(mean, sigma)))]
        for dt in (0.1, 0.01):
            rows.append(("Brian2 Euler-Maruyama, dt %g" % dt,
                         brian(mean, sigma, dt)))
        rows.append(("liblif euler, grid timing, dt 0.1",
                     liblif(mean, sigma, 0.1, "euler", "grid")))
        for dt in (0.1, 1.0):
            rows.append(("liblif exact, precise timing, dt %g" % dt,
                         liblif(mean, sigma, dt, "exact", "precise")))
        for name, (rate, cv) in rows:
            print("  %-42s %9.3f %7.4f" % (name, rate, cv))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
