#!/usr/bin/python3
"""The notebook's interactive figure, computed by liblif.

Move a slider (the input currents, R, C, theta, u_rest) or pick another
stepper or spike timing, and the membrane potential, the threshold, the
spikes and the input current are redrawn from a new liblif run: 10 000
steps through the C library take about a millisecond.

    /usr/bin/python3 examples/python/sliders.py [s1|s2|s3|s4]

s1 (the default) is the constant current I0, s2 the sine (I_max, f), s3
the two inputs (I1, I2), s4 the decaying pulse (I_peak, tau_I). Set
LIF_LIBRARY to the liblif.so to use if it is not in the build tree.
"""

import sys

import matplotlib

if __name__ == "__main__" and "--headless" in sys.argv:
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.widgets import RadioButtons, Slider  # noqa: E402

import lif  # noqa: E402
import scenarios  # noqa: E402

# Slider ranges for the neuron, as the notebook offers them.
NEURON_RANGES = {"R": (0.5, 20.0), "C": (0.1, 5.0), "theta": (0.5, 15.0),
                 "u_rest": (-5.0, 5.0)}


class SliderApp:
    """The figure and its widgets. ``sliders`` maps each quantity to its
    Slider, ``radios`` has "stepper" and "timing"; ``spike_times()`` reads
    the spikes back from the plot."""

    def __init__(self, scenario="s1", figure=None):
        self.name = scenario
        spec = scenarios.SCENARIOS[scenario]
        values = scenarios.defaults(scenario)
        self.fig = figure or plt.figure(figsize=(10, 7.5))
        fig = self.fig
        self.ax_v = fig.add_axes([0.08, 0.56, 0.64, 0.35])
        self.ax_i = fig.add_axes([0.08, 0.37, 0.64, 0.14], sharex=self.ax_v)
        fig.suptitle("%s, computed by liblif %s" % (spec["title"],
                                                    lif.version()), y=0.985)
        self.ax_v.set_ylabel("membrane potential V")
        self.ax_i.set_ylabel("input current I")
        self.ax_i.set_xlabel("time t")
        (self.v_line,) = self.ax_v.plot([], [], color="tab:blue", lw=1.2,
                                        label="V(t)")
        self.theta_line = self.ax_v.axhline(values["theta"], color="tab:red",
                                            ls="--", lw=1, label="theta")
        (self.spike_marks,) = self.ax_v.plot([], [], "v", color="tab:red",
                                             ms=7, label="spikes")
        self.ax_v.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0),
                         fontsize=9, frameon=False)
        (self.i_line,) = self.ax_i.plot([], [], color="tab:green", lw=1.2)
        self.info = fig.text(0.08, 0.925, "", fontsize=9)

        # One slider per current, then the neuron's.
        ranges = {k: (lo, hi) for k, (_, lo, hi) in spec["currents"].items()}
        ranges.update(NEURON_RANGES)
        self.sliders = {}
        names = list(spec["currents"]) + list(NEURON_RANGES)
        for k, key in enumerate(names):
            ax = fig.add_axes([0.12, 0.27 - 0.045 * k, 0.56, 0.03])
            lo, hi = ranges[key]
            s = Slider(ax, key, lo, hi, valinit=values[key])
            s.on_changed(self.update)
            self.sliders[key] = s

        self.radios = {}
        for key, choices, active, box in (
                ("stepper", list(lif.steppers), "euler",
                 [0.78, 0.56, 0.18, 0.2]),
                ("timing", list(lif.timings), "grid",
                 [0.78, 0.37, 0.18, 0.13])):
            ax = fig.add_axes(box)
            ax.set_title(key, fontsize=9)
            r = RadioButtons(ax, choices, active=choices.index(active))
            r.on_clicked(self.update)
            self.radios[key] = r
        fig.text(0.78, 0.33, "euler + grid is the\nnotebook's own method",
                 fontsize=8, va="top")
        self.update()

    def values(self):
        return {k: s.val for k, s in self.sliders.items()}

    def update(self, _=None):
        """Recomputes the run through liblif and redraws."""
        v = self.values()
        stepper = self.radios["stepper"].value_selected
        timing = self.radios["timing"].value_selected
        try:
            t, V, I, spikes = scenarios.simulate(self.name, v, stepper,
                                                 timing)
        except lif.LifError as e:
            # Such as theta <= u_rest: say so and keep the last picture.
            self.info.set_text("liblif refused: %s" % e.message)
            self.fig.canvas.draw_idle()
            return
        self.v_line.set_data(t, V)
        self.i_line.set_data(t, I)
        self.theta_line.set_ydata([v["theta"], v["theta"]])
        self.spike_marks.set_data(spikes, [v["theta"]] * len(spikes))
        lo = min(min(V), v["u_rest"], 0.0)
        hi = max(max(V), v["theta"])
        pad = 0.08 * (hi - lo or 1.0)
        self.ax_v.set_xlim(0, scenarios.DURATION)
        self.ax_v.set_ylim(lo - pad, hi + 2 * pad)
        ilo, ihi = min(I), max(I)
        ipad = 0.1 * (ihi - ilo or abs(ihi) or 1.0)
        self.ax_i.set_ylim(ilo - ipad, ihi + ipad)
        first = ", ".join("%.4g" % x for x in spikes[:4])
        self.info.set_text("%s, %s timing, dt = %g: %d spikes%s" % (
            stepper, timing, scenarios.DT, len(spikes),
            (" (first: %s%s)" % (first, ", ..." if len(spikes) > 4 else ""))
            if spikes else ""))
        self.fig.canvas.draw_idle()

    def spike_times(self):
        """The spike times as drawn."""
        return list(self.spike_marks.get_xdata())


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    name = args[0] if args else "s1"
    if name not in scenarios.SCENARIOS:
        sys.stderr.write("sliders.py: unknown scenario %r (one of %s)\n"
                         % (name, ", ".join(scenarios.SCENARIOS)))
        return 2
    app = SliderApp(name)
    if "--headless" in argv:
        app.fig.savefig("sliders-%s.png" % name)
    else:
        plt.show()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
