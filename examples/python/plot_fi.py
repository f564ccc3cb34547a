#!/usr/bin/python3
"""Draws an f-I curve computed by one liblif batch: 2000 neurons, each with
its own constant current, run together for one second. The exact stepper
with precise spike times lands on the closed form; forward Euler with spikes
on the grid at a coarse dt = 0.5 ms shows the staircase that grid timing
makes of the curve.

    make plots                   # regenerates docs/images/*.png
    /usr/bin/python3 examples/python/plot_fi.py --out DIR

Set LIF_LIBRARY to the liblif.so to use if it is not in the build tree.
"""

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import lif  # noqa: E402

NEURONS = 2000
DURATION = 1000.0  # ms
T_REF = 2.0        # ms


def rates(stepper, timing, dt, currents):
    """Spikes per second of every member over DURATION."""
    b = lif.Batch(len(currents), stepper=stepper, timing=timing,
                  I_bias=currents, t_ref=T_REF, dt=dt)
    b.run(DURATION)
    return [1000.0 * c / DURATION for c in b.spike_counts()]


def closed_form(currents):
    """1 / ISI from lif_neuron_rate(), in Hz."""
    n = lif.Neuron(t_ref=T_REF)
    return [1000.0 * n.rate(I) for I in currents]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=".", help="directory for the PNG")
    args = p.parse_args(argv)
    currents = [3.0 * k / NEURONS for k in range(NEURONS)]
    exact = rates("exact", "precise", 0.1, currents)
    coarse = rates("euler", "grid", 0.5, currents)
    theory = closed_form(currents)

    plt.rcParams.update({"font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False})
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(currents, theory, color="black", lw=2.2, alpha=0.35,
            label="closed form")
    ax.plot(currents, exact, color="tab:blue", lw=1,
            label="liblif: exact stepper, precise timing, dt = 0.1 ms")
    ax.plot(currents, coarse, color="tab:orange", lw=0.9,
            label="liblif: Euler, grid timing, dt = 0.5 ms")
    ax.axvline(1.5, color="tab:red", ls="--", lw=0.8, label="rheobase")
    ax.set_xlabel("input current I (nA)")
    ax.set_ylabel("firing rate (Hz)")
    ax.set_title("f-I curve of %d neurons in one batch (tau = 10 ms, "
                 "t_ref = %g ms)" % (NEURONS, T_REF), fontsize=9)
    ax.legend(loc="upper left", fontsize=7.5, frameon=False)
    path = os.path.join(args.out, "fi_curve.png")
    fig.savefig(path, dpi=100, bbox_inches="tight")
    print(path)


if __name__ == "__main__":
    main()
