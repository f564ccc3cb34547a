"""Tests of examples/python/plot_scenarios.py and scenarios.py: the figures
are drawn (and are the ones committed under docs/images), the scenario
runs hold the notebook's facts, and liblif with the input shifted one step
reproduces the notebook's own loop, end-of-step sampling included."""

import math
import os
import tempfile
import unittest

import lif
import plot_fi
import plot_noise
import plot_scenarios
import scenarios

SRCDIR = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))


def notebook_loop(R, C, theta, u_rest, current, dt=0.01, duration=100.0):
    """The notebook's own update, written out in Python: forward Euler on
    dV/dt = (I - V/R) / C with the current sampled at the end of the step,
    a spike at the step's end time, reset to u_rest."""
    u, spikes = u_rest, []
    for i in range(1, int(round(duration / dt)) + 1):
        t = i * dt
        u = u + dt * (current(t) - u / R) / C
        if u >= theta:
            spikes.append(t)
            u = u_rest
    return spikes


class Notebook(unittest.TestCase):
    def compare(self, name, values, current):
        v = scenarios.defaults(name)
        v.update(values)
        want = notebook_loop(v["R"], v["C"], v["theta"], v["u_rest"],
                             current)
        got = scenarios.simulate(name, values, "euler", "grid",
                                 end_sampling=True)[3]
        self.assertEqual(len(got), len(want))
        for a, b in zip(got, want):
            self.assertAlmostEqual(a, b, delta=1e-9)
        return got

    def test_s1(self):
        got = self.compare("s1", {}, lambda t: 0.8)
        self.assertEqual(len(got), 4)

    def test_s2(self):
        got = self.compare("s2", {"I_max": 3.0},
                           lambda t: 3.0 * math.sin(2 * math.pi * 0.1 * t))
        self.assertEqual(len(got), 20)
        self.assertEqual(self.compare("s2", {}, lambda t: math.sin(
            2 * math.pi * 0.1 * t)), [])

    def test_s3(self):
        got = self.compare("s3", {}, lambda t: 2.3)
        self.assertEqual(len(got), 6)

    def test_s4(self):
        for peak, tau_i in scenarios.S4_CASES:
            got = self.compare("s4", {"I_peak": peak, "tau_I": tau_i},
                               lambda t: peak * math.exp(-t / tau_i))
            self.assertEqual(len(got) > 0, peak > 1, (peak, tau_i))


class Figures(unittest.TestCase):
    def test_scenario_facts(self):
        r = plot_scenarios.runs("s1")
        isi = 6.4 * 0.9 * math.log((5.12 - 0.4) / (5.12 - 5))
        self.assertEqual(r["notebook"][3], [21.14, 42.28, 63.42, 84.56])
        self.assertAlmostEqual(r["liblif"][3][0], isi, delta=1e-9)
        t, V, I, _ = r["liblif"]
        self.assertEqual((len(t), len(V), len(I)), (10001, 10001, 10001))
        self.assertLess(max(V), 5.0)
        r = plot_scenarios.runs("s3")
        self.assertEqual([len(r[k][3]) for k in r], [6, 6])

    def test_convergence_orders(self):
        dts = [0.1 / 2 ** k for k in range(5)]
        e = plot_scenarios.stepper_errors(dts)

        def order(key):
            x, y = [math.log(d) for d in dts], [math.log(v) for v in e[key]]
            mx, my = sum(x) / len(x), sum(y) / len(y)
            return sum((a - mx) * (b - my) for a, b in zip(x, y)) / sum(
                (a - mx) ** 2 for a in x)
        self.assertAlmostEqual(order(("euler", "precise")), 1.0, delta=0.15)
        self.assertAlmostEqual(order(("heun", "precise")), 2.0, delta=0.1)
        self.assertGreater(order(("rk4", "precise")), 3.5)
        self.assertLess(max(e["exact", "precise"]), 1e-9)
        for s in lif.steppers:
            self.assertAlmostEqual(order((s, "grid")), 1.0, delta=0.4)

    def test_draws_every_committed_figure(self):
        with tempfile.TemporaryDirectory() as out:
            self.assertEqual(plot_scenarios.main(["--out", out]), 0)
            made = sorted(os.listdir(out))
            for name in made:
                with open(os.path.join(out, name), "rb") as f:
                    data = f.read()
                self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n", name)
                self.assertGreater(len(data), 20000, name)
        self.assertEqual(made, ["convergence.png", "s1_constant.png",
                                "s2_sine.png", "s3_two_inputs.png",
                                "s4_decaying_pulses.png"])
        committed = os.path.join(SRCDIR, "docs", "images")
        for name in made:
            self.assertTrue(os.path.exists(os.path.join(committed, name)),
                            name + " is not in docs/images")


class FICurve(unittest.TestCase):
    def test_batch_rates_are_the_closed_form(self):
        """With the exact stepper and precise timing, every member fires
        exactly as often as the closed form says in one second."""
        currents = [1.4 + 0.8 * k / 50 for k in range(50)]
        got = plot_fi.rates("exact", "precise", 0.1, currents)
        n = lif.Neuron(t_ref=plot_fi.T_REF)
        for I, rate in zip(currents, got):
            isi = n.isi(I)
            first = isi - plot_fi.T_REF
            want = 0 if first > plot_fi.DURATION else \
                math.floor((plot_fi.DURATION - first) / isi) + 1
            self.assertEqual(rate * plot_fi.DURATION / 1000.0, want, I)

    def test_draws_the_committed_figure(self):
        with tempfile.TemporaryDirectory() as out:
            plot_fi.main(["--out", out])
            with open(os.path.join(out, "fi_curve.png"), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertTrue(os.path.exists(os.path.join(
            SRCDIR, "docs", "images", "fi_curve.png")))


class NoiseRates(unittest.TestCase):
    def test_precise_rates_follow_siegert(self):
        """Ten neurons near rheobase, 10 s each under sigma = 1: each
        rate within 12 % of Siegert's (about 300 spikes, a standard error
        near 3 %), their mean within 4 %; grid timing at dt = 0.5 ms is
        low on average."""
        means = [1.3 + 0.05 * k for k in range(10)]
        got = plot_noise.rates(1.0, means)
        want = plot_noise.siegert(1.0, means)
        for m, g, w in zip(means, got, want):
            self.assertAlmostEqual(g / w, 1.0, delta=0.12, msg=m)
        self.assertAlmostEqual(sum(got) / sum(want), 1.0, delta=0.04)
        grid = plot_noise.rates(1.0, means, "grid", 0.5)
        self.assertLess(sum(grid) / sum(want), 0.95)

    def test_draws_the_committed_figure(self):
        with tempfile.TemporaryDirectory() as out:
            plot_noise.main(["--out", out])
            with open(os.path.join(out, "noise_rates.png"), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertTrue(os.path.exists(os.path.join(
            SRCDIR, "docs", "images", "noise_rates.png")))


if __name__ == "__main__":
    unittest.main()
