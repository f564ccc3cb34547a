#!/usr/bin/python3
"""Writes tests/reference/exact_spikes.h: the exact spike times of the usual
neuron (R 10, C 1, tau 10, E_L -65, V_th -50, V_reset -65), and of the
teaching notebook's in its S2 and S4, under built-in inputs that vary, evaluated with mpmath at 40 digits, for
tests/exact_spikes.c. Some scenarios are made so that V rises above the
threshold and falls back within a few milliseconds, between the points of
a coarse grid: a spike no end-point test sees.

Between breakpoints, V is the classical solution of the forced linear
equation tau dV/dt = E_L - V + R I(t): a particular solution P(t), the
sum of each term's (below), plus (V(t0) - P(t0)) exp(-(t - t0) / tau).
This is not how lib/input_mean.c computes a step. Per term:

    constant c:                  R c
    a sin(w t + p):              R a (sin(w t + p) - w tau cos(w t + p))
                                     / (1 + w^2 tau^2)
    b exp(-(t - t_on) / tau_in): R b tau_in / (tau_in - tau)
                                     exp(-(t - t_on) / tau_in),
                                 or R b (t - t_on) / tau exp(...) when
                                 tau_in = tau
    y0 + s (t - t0) (a table's piece): R (y0 + s (t - t0) - tau s).

Crossings are bracketed by scanning each piece at 0.01 ms and located by
mpmath's bisection to 1e-30 ms; after a spike V restarts from V_reset at
the spike time plus t_ref. The free parameters of the made-up scenarios
(the levels that put V's peak 0.3 to 0.5 mV above the threshold) are
solved for here and written out as the doubles the test passes; the times
are those of exactly these doubles. Needs Debian's python3-mpmath; run it
by hand and commit its output (make check does not need mpmath):

    /usr/bin/python3 tests/reference/exact_spikes.py \\
        > tests/reference/exact_spikes.h
    clang-format -i tests/reference/exact_spikes.h
"""
import math

import mpmath as mp

mp.mp.dps = 40

# The neuron of the scenario being computed (set_neuron): the usual one,
# or the teaching notebook's.
USUAL = (10, 1, -65, -50, -65)
R = TAU = E_L = V_TH = V_RESET = None
SCAN = mp.mpf("0.01")


def set_neuron(r, c, e_l, v_th, v_reset):
    global R, TAU, E_L, V_TH, V_RESET
    R, TAU = d(r), d(r) * d(c)
    E_L, V_TH, V_RESET = d(e_l), d(v_th), d(v_reset)


def d(x):
    """The double nearest x, exactly."""
    return mp.mpf(float(x))


set_neuron(*USUAL)


def sine_omega(freq):
    # The library's omega: the double 2 pi times the double frequency.
    return d(2 * math.pi * float(freq))


class Sine:
    def __init__(self, offset, amp, freq, phase):
        self.c = [float(v) for v in (offset, amp, freq, phase)]
        self.off, self.amp, self.ph = d(offset), d(amp), d(phase)
        self.w = sine_omega(freq)

    def value(self, t):
        return self.off + self.amp * mp.sin(self.w * t + self.ph)

    def particular(self, t, piece):
        x = self.w * t + self.ph
        wt = self.w * TAU
        return R * (self.off + self.amp * (mp.sin(x) - wt * mp.cos(x))
                    / (1 + wt * wt))

    def breaks(self):
        return []


class Decay:
    def __init__(self, peak, tau_in, onset):
        self.c = [float(v) for v in (peak, tau_in, onset)]
        self.b, self.tau_in, self.on = d(peak), d(tau_in), d(onset)

    def value(self, t):
        return self.b * mp.exp(-(t - self.on) / self.tau_in) \
            if t >= self.on else 0

    def particular(self, t, piece):
        if piece[0] < self.on:
            return mp.mpf(0)
        e = mp.exp(-(t - self.on) / self.tau_in)
        if self.tau_in == TAU:
            return R * self.b * (t - self.on) / TAU * e
        return R * self.b * self.tau_in / (self.tau_in - TAU) * e

    def breaks(self):
        return [self.on]


class Ramp:
    """A linear table."""

    def __init__(self, times, values):
        self.c = [[float(v) for v in times], [float(v) for v in values]]
        self.t = [d(v) for v in times]
        self.y = [d(v) for v in values]

    def piece_line(self, piece):
        a = piece[0]
        if a < self.t[0]:
            return self.y[0], 0
        for i in range(len(self.t) - 1):
            if self.t[i] <= a < self.t[i + 1]:
                s = (self.y[i + 1] - self.y[i]) / (self.t[i + 1] - self.t[i])
                return self.y[i] + s * (a - self.t[i]), s
        return self.y[-1], 0

    def particular(self, t, piece):
        y0, s = self.piece_line(piece)
        return R * (y0 + s * (t - piece[0]) - TAU * s)

    def breaks(self):
        return self.t


def v_at(terms, piece, t0, v0, t):
    p = sum(term.particular(t, piece) for term in terms)
    p0 = sum(term.particular(t0, piece) for term in terms)
    return E_L + p + (v0 - E_L - p0) * mp.exp(-(t - t0) / TAU)


def spikes(terms, duration, t_ref, v0=E_L, scan=None):
    scan = SCAN if scan is None else scan
    duration, t_ref = d(duration), d(t_ref)
    edges = sorted(set(b for term in terms for b in term.breaks()
                       if 0 < b < duration)) + [duration]
    out, t, v = [], mp.mpf(0), v0
    for end in edges:
        while t < end:
            piece = (t, end)
            a, va = t, v
            found = None
            while a < end:
                b = min(a + scan, end)
                vb = v_at(terms, piece, t, v, b)
                if vb >= V_TH:
                    found = mp.findroot(
                        lambda s: v_at(terms, piece, t, v, s) - V_TH, (a, b),
                        solver="bisect", tol=mp.mpf("1e-60"))
                    break
                a, va = b, vb
            if found is None:
                v = v_at(terms, piece, t, v, end)
                t = end
                break
            out.append(found)
            t, v = found + t_ref, V_RESET
            if t >= end:
                # The period runs past this piece: V is held; carry on.
                break
        if t > end:
            continue
    return out


def peak_above(terms, duration, v0=E_L):
    """V's greatest value on a 0.005 ms scan with no threshold."""
    best = -mp.inf
    t = mp.mpf(0)
    duration = d(duration)
    edges = sorted(set(b for term in terms for b in term.breaks()
                       if 0 < b < duration)) + [duration]
    v = v0
    for end in edges:
        piece, t0, v_start = (t, end), t, v
        while t < end:
            t = min(t + mp.mpf("0.005"), end)
            best = max(best, v_at(terms, piece, t0, v_start, t))
        v = v_at(terms, piece, t0, v_start, end)
    return best - V_TH


def tune(make, duration, excess, lo, hi):
    """The level x in [lo, hi] whose scenario make(x) peaks `excess` mV
    above the threshold, as a double."""
    x = mp.findroot(lambda x: peak_above(make(float(x)), duration) - excess,
                    (lo, hi), solver="anderson", tol=mp.mpf("1e-20"))
    return float(x)


NOTEBOOK = (5, 0.5, 0, 5, 0)


def scenarios():
    # The made-up scenarios are tuned in the usual neuron.
    set_neuron(*USUAL)
    # The issue's: I = 1.6 + sin(2 pi t / 37), 1000 ms, with and without
    # a refractory period.
    yield "sine", [Sine(1.6, 1.0, 1.0 / 37.0, 0.0)], 1000, 0, "0"
    yield "sine_ref", [Sine(1.6, 1.0, 1.0 / 37.0, 0.0)], 1000, 2, "0"
    # An exponential decay as the notebook's fourth scenario has them.
    yield "decay", [Decay(4.0, 30.0, 5.0)], 300, 1, "0"
    # A ramp up and down.
    yield "ramp", [Ramp([0, 40, 80, 200], [0.5, 2.6, 1.2, 2.0])], 200, 0, "0"
    # A sum of all three kinds and a constant.
    yield ("sum", [Sine(0.4, 0.5, 0.05, 1.0), Decay(2.0, 10.0, 20.0),
                   Ramp([0, 100], [1.0, 1.6])], 150, 0.5, "0")
    # Peaks that only just cross, inside a step of 10 ms: a sine starting
    # on its own steady state, so that every cycle is the same.
    amp, freq = 0.5, 1.0 / 40.0
    wt = float(2 * math.pi * freq * 10)
    filtered = 10 * amp / math.sqrt(1 + wt * wt)
    level = (-50 + 0.3 + 65 - filtered) / 10
    sine = Sine(level, amp, freq, 0.0)
    v0 = E_L + sine.particular(mp.mpf(0), (0, 1))
    yield "sine_peak", [sine], 200, 0, mp.nstr(v0, 25)
    # An exponential decay whose response peaks mid-step.
    peak = tune(lambda x: [Decay(x, 2.0, 1.0)], 20, mp.mpf("0.5"), 2.0, 3.0)
    yield "decay_peak", [Decay(peak, 2.0, 1.0)], 20, 2, "0"
    # A ramp down whose response peaks mid-piece.
    top = tune(lambda x: [Ramp([0, 0.5, 8], [0, x, 0])], 20,
               mp.mpf("0.5"), 3.0, 12.0)
    yield "ramp_peak", [Ramp([0, 0.5, 8], [0, top, 0])], 20, 2, "0"
    # A decay and a sine together.
    peak2 = tune(lambda x: [Decay(x, 2.0, 1.0), Sine(0, 0.3, 1.0 / 7.0, 0)],
                 20, mp.mpf("0.4"), 1.5, 3.5)
    yield ("sum_peak", [Decay(peak2, 2.0, 1.0), Sine(0, 0.3, 1.0 / 7.0, 0)],
           20, 2, "0")
    # sine_peak with a fast ripple on top (10 nA at 10 kHz, a period of
    # 0.1 ms: some 0.16 mV on V), oscillating a hundred times in a 10 ms
    # step; scanned at 0.0005 ms.
    yield ("ripple", [sine, Sine(0, 10.0, 10.0, 0)], 200, 0,
           mp.nstr(v0 + E_L - E_L + Sine(0, 10.0, 10.0, 0).particular(
               mp.mpf(0), (0, 1)), 25), USUAL, mp.mpf("0.0005"))
    # The teaching notebook's S2 at I_max = 3 and S4's firing cases, in
    # its neuron (R 5, C 0.5, E_L 0, theta 5, reset and start 0), over
    # [0, 100): docs/notebook.md lists these times.
    yield "notebook_s2", [Sine(0, 3.0, 0.1, 0)], 100, 0, "0", NOTEBOOK
    yield "notebook_s4_10_10", [Decay(10.0, 10.0, 0.0)], 100, 0, "0", NOTEBOOK
    yield ("notebook_s4_10_100", [Decay(10.0, 100.0, 0.0)], 100, 0, "0",
           NOTEBOOK)


def c_terms(terms):
    out = []
    for term in terms:
        if isinstance(term, Sine):
            out.append("{ TERM_SINE, { %s }, 0 }" % ", ".join(
                repr(v) for v in term.c))
        elif isinstance(term, Decay):
            out.append("{ TERM_DECAY, { %s }, 0 }" % ", ".join(
                repr(v) for v in term.c))
        else:
            times, values = term.c
            out.append("{ TERM_RAMP, { %s }, %d }" % (
                ", ".join(repr(v) for v in times + values), len(times)))
    return out


def main():
    print("/* Generated by tests/reference/exact_spikes.py with mpmath %s "
          "(40 digits);" % mp.__version__)
    print(" * do not edit. */")
    print("enum { TERM_SINE, TERM_DECAY, TERM_RAMP };")
    print("struct exact_term { int kind; double c[8]; int n; };")
    print("struct exact_scenario")
    print("{")
    print("  const char *name;")
    print("  struct exact_term terms[4];")
    print("  int n_terms;")
    print("  double duration, t_ref, v0;")
    print("  double R, C, E_L, V_th, V_reset;")
    print("  int n_spikes;")
    print("  const double *spikes;")
    print("};")
    rows = []
    for scenario in scenarios():
        name, terms, duration, t_ref, v0 = scenario[:5]
        neuron = scenario[5] if len(scenario) > 5 else USUAL
        scan = scenario[6] if len(scenario) > 6 else None
        set_neuron(*neuron)
        v0m = E_L if v0 == "0" else d(mp.mpf(v0))
        times = spikes(terms, duration, t_ref, v0m, scan)
        print("static const double %s_spikes[] = {" % name)
        for t in times:
            print("  %s," % mp.nstr(t, 25, strip_zeros=False))
        if not times:
            print("  0.0")
        print("};")
        rows.append('  { "%s", { %s }, %d, %r, %r, %r, %s, %d, %s_spikes },'
                    % (name, ", ".join(c_terms(terms)), len(terms),
                       float(duration), float(t_ref), float(v0m),
                       ", ".join(repr(float(x)) for x in neuron), len(times),
                       name))
    print("static const struct exact_scenario exact_scenarios[] = {")
    print("\n".join(rows))
    print("};")


if __name__ == "__main__":
    main()
