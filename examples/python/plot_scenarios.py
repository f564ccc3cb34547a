#!/usr/bin/python3
"""Draws the teaching notebook's figures from liblif's output: for each
scenario the membrane potential with the threshold and the spikes, the
input current, and a spike raster comparing the notebook's method (forward
Euler, dt = 0.01, spikes on the grid, current sampled at the end of each
step) with liblif's exact stepper and precise spike times; and the
convergence of every stepper's spike times.

    make plots                        # regenerates docs/images/*.png
    /usr/bin/python3 examples/python/plot_scenarios.py --out DIR

Set LIF_LIBRARY to the liblif.so to use if it is not in the build tree.
"""

import argparse
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import lif  # noqa: E402
import scenarios  # noqa: E402

NOTEBOOK = dict(stepper="euler", timing="grid", end_sampling=True)
LIBLIF = dict(stepper="exact", timing="precise")
COLORS = {"notebook": "tab:orange", "liblif": "tab:blue"}

plt.rcParams.update({"font.size": 9, "axes.spines.top": False,
                     "axes.spines.right": False, "figure.dpi": 100})


def runs(name, values=None):
    """The scenario run both ways: {"notebook": ..., "liblif": ...}, each
    (t, V, I, spikes)."""
    return {"notebook": scenarios.simulate(name, values, **NOTEBOOK),
            "liblif": scenarios.simulate(name, values, **LIBLIF)}


def draw_potential(ax, r, theta, legend=True):
    t, V, _, spikes = r["liblif"]
    tn, Vn, _, _ = r["notebook"]
    ax.plot(tn, Vn, color=COLORS["notebook"], lw=1, ls=(0, (4, 2)),
            label="notebook: Euler, grid")
    ax.plot(t, V, color=COLORS["liblif"], lw=1.1,
            label="liblif: exact, precise")
    ax.axhline(theta, color="tab:red", ls="--", lw=0.9, label="threshold")
    ax.plot(spikes, [theta] * len(spikes), "v", color="tab:red", ms=5,
            label="spikes (liblif)")
    ax.set_ylabel("V")
    ax.set_xlim(0, scenarios.DURATION)
    if legend:
        ax.legend(loc="lower right", fontsize=7, ncol=2, framealpha=0.9)


def draw_current(ax, r, label="I(t)"):
    t, _, I, _ = r["liblif"]
    ax.plot(t, I, color="tab:green", lw=1.1, label=label)
    ax.set_ylabel("I")
    lo, hi = min(I), max(I)
    pad = 0.15 * (hi - lo or abs(hi) or 1.0)
    ax.set_ylim(min(lo - pad, 0), hi + pad)


def draw_raster(ax, r):
    rows = ["notebook", "liblif"]
    ax.eventplot([r[k][3] for k in rows], colors=[COLORS[k] for k in rows],
                 lineoffsets=[1, 0], linelengths=0.7, linewidths=1.2)
    ax.set_yticks([1, 0])
    ax.set_yticklabels(["notebook", "liblif"])
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlabel("time t")


def summary(r):
    nb, lb = r["notebook"][3], r["liblif"][3]
    common = min(len(nb), len(lb))
    off = max((abs(a - b) for a, b in zip(nb, lb)), default=0.0)
    text = "%d spikes (notebook %d)" % (len(lb), len(nb))
    if common:
        text += "; notebook off by up to %.3g" % off
    return text


def panel(fig, grid, name, values, title, zoom=None, legend=True):
    """Potential, current and raster of one run, stacked. With zoom, the
    potential and the current show [0, zoom] (and say so), the raster the
    whole run."""
    r = runs(name, values)
    theta = scenarios.defaults(name)["theta"]
    ax_v = fig.add_subplot(grid[0])
    ax_i = fig.add_subplot(grid[1], sharex=ax_v)
    ax_r = fig.add_subplot(grid[2])
    draw_potential(ax_v, r, theta, legend)
    draw_current(ax_i, r)
    draw_raster(ax_r, r)
    ax_r.set_xlim(0, scenarios.DURATION)
    if zoom:
        ax_v.set_xlim(0, zoom)
        ax_v.text(0.99, 1.0, "t in [0, %g]; raster: all of [0, %g]"
                  % (zoom, scenarios.DURATION), transform=ax_v.transAxes,
                  ha="right", va="bottom", fontsize=7, color="0.35")
    ax_v.set_title("%s\n%s" % (title, summary(r)), fontsize=9, pad=12)
    # The current shows its time axis when it is not the raster's.
    for ax in (ax_v, ax_i) if not zoom else (ax_v,):
        ax.tick_params(labelbottom=False)
    return r


def figure_s1(out):
    fig = plt.figure(figsize=(9, 6))
    g = fig.add_gridspec(3, 1, height_ratios=[3, 1, 0.8], hspace=0.15)
    panel(fig, [g[0], g[1], g[2]], "s1", None,
          "S1 constant current I0 = 0.8: R = 6.4, C = 0.9, theta = 5, "
          "u_rest = 0.4")
    return save(fig, out, "s1_constant.png")


def figure_s2(out):
    fig = plt.figure(figsize=(12, 6))
    g = fig.add_gridspec(3, 2, height_ratios=[3, 1, 0.8], hspace=0.15,
                         wspace=0.18)
    for col, i_max in enumerate((1.0, 3.0)):
        panel(fig, [g[0, col], g[1, col], g[2, col]], "s2",
              {"I_max": i_max},
              "S2 sine current %g sin(2 pi 0.1 t): R = 5, C = 0.5, "
              "theta = 5" % i_max, legend=(col == 0))
    return save(fig, out, "s2_sine.png")


def figure_s3(out):
    fig = plt.figure(figsize=(9, 6))
    g = fig.add_gridspec(3, 1, height_ratios=[3, 1, 0.8], hspace=0.15)
    panel(fig, [g[0], g[1], g[2]], "s3", None,
          "S3 two inputs I1 + I2 = 1.0 + 1.3: R = 3.3, C = 1, theta = 7.5, "
          "u_rest = 0.2")
    ax_i = fig.axes[1]
    t = ax_i.lines[0].get_xdata()
    ax_i.plot(t, [1.0] * len(t), color="tab:olive", lw=1, ls=":",
              label="I1")
    ax_i.plot(t, [1.3] * len(t), color="tab:cyan", lw=1, ls=":", label="I2")
    ax_i.lines[0].set_label("I1 + I2")
    ax_i.legend(loc="center right", fontsize=7, ncol=3)
    return save(fig, out, "s3_two_inputs.png")


def figure_s4(out):
    fig = plt.figure(figsize=(12, 10))
    subfigs = fig.subfigures(2, 2, hspace=0.06, wspace=0.04)
    for k, (peak, tau_i) in enumerate(scenarios.S4_CASES):
        sub = subfigs[k // 2][k % 2]
        g = sub.add_gridspec(3, 1, height_ratios=[3, 1, 0.8], hspace=0.18)
        panel(sub, [g[0], g[1], g[2]], "s4",
              {"I_peak": peak, "tau_I": tau_i},
              "S4 decaying pulse %g exp(-t / %g)" % (peak, tau_i),
              zoom=25 if peak > 1 else None, legend=(k == 1))
    fig.suptitle("S4: R = 5, C = 0.5, theta = 5, u_rest = 0: strong pulses "
                 "fire bursts that slow down, weak ones stay below "
                 "threshold", y=1.02)
    return save(fig, out, "s4_decaying_pulses.png")


def stepper_errors(dts):
    """The largest spike-time error of every stepper and timing mode on S1
    with t_ref = 1 (as examples/steppers.c, table 1), against the closed
    form."""
    R, C, theta, u_rest, I0, t_ref = 6.4, 0.9, 5.0, 0.4, 0.8, 1.0
    first = R * C * math.log((R * I0 - u_rest) / (R * I0 - theta))
    truth = [first + k * (first + t_ref) for k in range(4)]
    errors = {}
    for stepper in lif.steppers:
        for timing in lif.timings:
            e = []
            for dt in dts:
                n = lif.Neuron(R=R, C=C, E_L=0, V_th=theta, V_reset=u_rest,
                               V_0=u_rest, t_ref=t_ref, dt=dt,
                               stepper=stepper, timing=timing, input=I0)
                n.run(scenarios.DURATION)
                s = n.spikes()
                e.append(max(abs(a - b) for a, b in zip(s, truth))
                         if len(s) == len(truth) else math.nan)
            errors[stepper, timing] = e
    return errors


def figure_convergence(out):
    dts = [0.1 / 2 ** k for k in range(7)]
    errors = stepper_errors(dts)
    fig, ax = plt.subplots(figsize=(7.5, 5))
    colors = {"euler": "tab:orange", "heun": "tab:green", "rk4": "tab:purple",
              "exact": "tab:blue"}
    for (stepper, timing), e in errors.items():
        floor = [max(x, 1e-16) for x in e]
        ax.loglog(dts, floor, marker="o" if timing == "precise" else "s",
                  ms=4, color=colors[stepper],
                  ls="-" if timing == "precise" else ":",
                  label="%s, %s" % (stepper, timing))
    ax.set_xlabel("time step dt")
    ax.set_ylabel("largest spike-time error")
    ax.set_title("Spike times against the closed form (S1, t_ref = 1)\n"
                 "grid timing: order 1 whatever the stepper (heun, rk4 and "
                 "exact coincide); precise: the stepper's order", fontsize=9)
    ax.legend(fontsize=7, ncol=2, loc="lower right")
    ax.grid(True, which="major", alpha=0.3)
    return save(fig, out, "convergence.png")


def save(fig, out, name):
    path = os.path.join(out, name)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


FIGURES = [figure_s1, figure_s2, figure_s3, figure_s4, figure_convergence]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=".", help="directory for the PNGs")
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for f in FIGURES:
        print(f(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
