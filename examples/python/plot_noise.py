#!/usr/bin/python3
"""Draws firing rates under white noise against the Siegert formula: for
three noise strengths, neurons of one liblif batch, each with its own mean
current (I_bias) and its own noise stream, run for ten seconds. The exact
stepper with precise timing lands on the formula; grid timing at
dt = 0.5 ms misses the crossings that happen between grid points and fires
less. Beside it, the interspike intervals of 200 neurons in one regime,
with their coefficient of variation next to Siegert's.

    make plots                   # regenerates docs/images/*.png
    /usr/bin/python3 examples/python/plot_noise.py --out DIR

Set LIF_LIBRARY to the liblif.so to use if it is not in the build tree.
"""

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import lif  # noqa: E402

NEURONS = 40
DURATION = 10000.0  # ms
T_REF = 2.0         # ms
SIGMAS = (0.5, 1.0, 2.0)  # nA ms^1/2


def rates(sigma, means, timing="precise", dt=0.1, seed=1):
    """Spikes per second of neurons with these mean currents under white
    noise of strength sigma, each drawing from its own stream."""
    b = lif.Batch(len(means), timing=timing, I_bias=means, t_ref=T_REF,
                  dt=dt, input=lif.Input.white_noise(0.0, sigma))
    b.seed = seed
    b.run(DURATION)
    return [1000.0 * c / DURATION for c in b.spike_counts()]


def intervals(mean, sigma, neurons=200, seed=2):
    """The interspike intervals (ms) of neurons under mean + sigma xi,
    and their rate (Hz)."""
    b = lif.Batch(neurons, t_ref=T_REF,
                  input=lif.Input.white_noise(mean, sigma))
    b.seed = seed
    b.run(DURATION)
    spikes = b.spikes()
    last = {}
    out = []
    for member, t in spikes:
        if member in last:
            out.append(t - last[member])
        last[member] = t
    return out, 1000.0 * len(spikes) / (neurons * DURATION)


def siegert(sigma, means):
    """lif_neuron_siegert_rate() in Hz."""
    n = lif.Neuron(t_ref=T_REF)
    return [1000.0 * n.siegert_rate(m, sigma) for m in means]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=".", help="directory for the PNG")
    args = p.parse_args(argv)
    means = [0.5 + 1.5 * k / (NEURONS - 1) for k in range(NEURONS)]
    fine = [0.5 + 1.5 * k / 300 for k in range(301)]
    colors = ("tab:green", "tab:blue", "tab:purple")

    plt.rcParams.update({"font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False})
    fig, (ax, hx) = plt.subplots(1, 2, figsize=(9.6, 3.8),
                                 gridspec_kw={"width_ratios": [1.7, 1]})
    for sigma, color in zip(SIGMAS, colors):
        ax.plot(fine, siegert(sigma, fine), color=color, lw=2.2, alpha=0.35)
        ax.plot(means, rates(sigma, means), "o", color=color, ms=3.2,
                label="sigma = %g: precise timing, dt = 0.1 ms" % sigma)
    ax.plot(means, rates(1.0, means, "grid", 0.5), "x", color="tab:orange",
            ms=3.5, label="sigma = 1: grid timing, dt = 0.5 ms")
    ax.plot([], [], color="black", lw=2.2, alpha=0.35, label="Siegert formula")
    ax.axvline(1.5, color="tab:red", ls="--", lw=0.8, label="rheobase")
    ax.set_xlabel("mean input current (nA)")
    ax.set_ylabel("firing rate (Hz)")
    ax.set_title("White noise: %d neurons a curve, %g s each (tau = 10 ms, "
                 "t_ref = %g ms)" % (NEURONS, DURATION / 1000.0, T_REF),
                 fontsize=9)
    ax.legend(loc="upper left", fontsize=7.5, frameon=False)

    mean, sigma = 1.2, 1.0
    isi, rate = intervals(mean, sigma)
    m = sum(isi) / len(isi)
    cv = (sum((x - m) ** 2 for x in isi) / len(isi)) ** 0.5 / m
    n = lif.Neuron(t_ref=T_REF)
    hx.hist(isi, bins=80, range=(0.0, 250.0), color="tab:blue", alpha=0.7)
    hx.set_xlabel("interspike interval (ms)")
    hx.set_ylabel("intervals")
    hx.set_title("mean %g nA, sigma %g: %d intervals" % (mean, sigma,
                                                        len(isi)),
                 fontsize=9)
    hx.text(0.97, 0.95, "CV %.3f (Siegert %.3f)\nrate %.2f Hz (Siegert "
            "%.2f)" % (cv, n.siegert_cv(mean, sigma), rate,
                       1000.0 * n.siegert_rate(mean, sigma)),
            transform=hx.transAxes, ha="right", va="top", fontsize=8)
    fig.tight_layout()
    path = os.path.join(args.out, "noise_rates.png")
    fig.savefig(path, dpi=100, bbox_inches="tight")
    print(path)


if __name__ == "__main__":
    main()
