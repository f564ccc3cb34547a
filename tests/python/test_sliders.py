"""Drives examples/python/sliders.py headless (Agg): moves its sliders and
selectors programmatically and checks that the spikes it draws are the ones
liblif computes for the new values, run here directly through lif.py."""

import math
import os
import unittest

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot  # noqa: E402

import lif  # noqa: E402
import sliders  # noqa: E402


def direct(R, C, theta, u_rest, inp, stepper="euler", timing="grid"):
    """The spike times and trace of a notebook neuron, straight from lif.py
    (not through the scenarios module the sliders use)."""
    n = lif.Neuron(R=R, C=C, E_L=0, V_th=theta, V_reset=u_rest, V_0=u_rest,
                   dt=0.01, stepper=stepper, timing=timing, input=inp)
    t, v, i = n.run_trace(10000)
    return n.spikes(), list(v)


class Sliders(unittest.TestCase):
    def tearDown(self):
        matplotlib.pyplot.close("all")

    def test_s1_starts_as_the_notebook(self):
        app = sliders.SliderApp("s1")
        self.assertEqual(app.spike_times(), [21.14, 42.28, 63.42, 84.56])
        want, v = direct(6.4, 0.9, 5, 0.4, lif.Input.constant(0.8))
        self.assertEqual(app.spike_times(), want)
        self.assertEqual(list(app.v_line.get_ydata())[1:], v)
        self.assertIn("4 spikes", app.info.get_text())

    def test_moving_i0_moves_the_spikes(self):
        app = sliders.SliderApp("s1")
        before = app.spike_times()
        app.sliders["I0"].set_val(1.2)
        after = app.spike_times()
        self.assertNotEqual(after, before)
        want, _ = direct(6.4, 0.9, 5, 0.4, lif.Input.constant(1.2))
        self.assertEqual(after, want)
        self.assertEqual(len(after), 17)
        self.assertEqual(set(app.i_line.get_ydata()), {1.2})

    def test_neuron_sliders(self):
        app = sliders.SliderApp("s1")
        app.sliders["R"].set_val(8.0)
        app.sliders["theta"].set_val(4.0)
        app.sliders["u_rest"].set_val(-1.0)
        app.sliders["C"].set_val(0.5)
        want, _ = direct(8.0, 0.5, 4.0, -1.0, lif.Input.constant(0.8))
        self.assertEqual(app.spike_times(), want)
        self.assertEqual(list(app.theta_line.get_ydata()), [4.0, 4.0])

    def test_exact_precise_selectors(self):
        app = sliders.SliderApp("s1")
        app.radios["stepper"].set_active(list(lif.steppers).index("exact"))
        app.radios["timing"].set_active(list(lif.timings).index("precise"))
        u = 6.4 * 0.8
        isi = 6.4 * 0.9 * math.log((u - 0.4) / (u - 5))
        got = app.spike_times()
        self.assertEqual(len(got), 4)
        for k, t in enumerate(got, 1):
            self.assertAlmostEqual(t, k * isi, delta=1e-9)
        self.assertIn("exact, precise", app.info.get_text())

    def test_s3_two_currents(self):
        app = sliders.SliderApp("s3")
        self.assertEqual(len(app.spike_times()), 6)
        app.sliders["I2"].set_val(0.5)  # R (I1 + I2) = 4.95 < theta
        self.assertEqual(app.spike_times(), [])
        app.sliders["I1"].set_val(2.5)
        want, _ = direct(3.3, 1.0, 7.5, 0.2, lif.Input.constant(3.0))
        self.assertEqual(app.spike_times(), want)

    def test_s2_and_s4(self):
        app = sliders.SliderApp("s2")
        self.assertEqual(app.spike_times(), [])
        app.sliders["I_max"].set_val(3.0)
        want, _ = direct(5, 0.5, 5, 0, lif.Input.sine(3.0, 0.1))
        self.assertEqual(app.spike_times(), want)
        self.assertEqual(len(want), 20)
        app = sliders.SliderApp("s4")
        self.assertEqual(len(app.spike_times()), 30)
        app.sliders["I_peak"].set_val(1.0)
        self.assertEqual(app.spike_times(), [])

    def test_refused_values_keep_the_picture(self):
        app = sliders.SliderApp("s1")
        before = app.spike_times()
        app.sliders["theta"].set_val(0.5)
        app.sliders["u_rest"].set_val(2.0)  # u_rest above theta: refused
        self.assertIn("liblif refused", app.info.get_text())
        self.assertIn("threshold", app.info.get_text())
        self.assertNotEqual(app.spike_times(), before)  # theta 0.5 drew
        app.sliders["u_rest"].set_val(0.0)
        want, _ = direct(6.4, 0.9, 0.5, 0.0, lif.Input.constant(0.8))
        self.assertEqual(app.spike_times(), want)

    def test_main(self):
        self.assertEqual(sliders.main(["sliders.py", "s9"]), 2)
        cwd = os.getcwd()
        tmp = os.environ.get("MPLCONFIGDIR", "/tmp")
        try:
            os.chdir(tmp)
            self.assertEqual(sliders.main(["sliders.py", "s3", "--headless"]),
                             0)
            with open("sliders-s3.png", "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        finally:
            os.chdir(cwd)


if __name__ == "__main__":
    unittest.main()
