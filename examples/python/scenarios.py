"""The teaching notebook's scenarios (shared SCENARIOS.md), as data and as
liblif runs, for the sliders and the plots.

Each scenario names its input currents (with the notebook's default, and
the range its sliders offer) and its neuron (R, C, theta, u_rest). In
liblif's terms the notebook's neuron is: E_L = 0, V_reset = V_0 = u_rest,
threshold theta, no refractory period, dt = 0.01.
"""

import lif

DT = 0.01
DURATION = 100.0

# name -> title, currents {name: (default, low, high)}, neuron, input maker
SCENARIOS = {
    "s1": dict(
        title="S1: constant current",
        currents={"I0": (0.8, 0.0, 3.0)},
        neuron=dict(R=6.4, C=0.9, theta=5.0, u_rest=0.4),
        make=lambda c, shift: lif.Input.constant(c["I0"])),
    "s2": dict(
        title="S2: sine current",
        currents={"I_max": (1.0, 0.0, 5.0), "f": (0.1, 0.01, 0.5)},
        neuron=dict(R=5.0, C=0.5, theta=5.0, u_rest=0.0),
        # shift moves the sine ahead (phase 2 pi f shift): sampling it at the
        # start of a step then samples the original shift later.
        make=lambda c, shift: lif.Input.sine(
            c["I_max"], c["f"], phase=2 * 3.141592653589793 * c["f"] * shift)),
    "s3": dict(
        title="S3: two input currents",
        currents={"I1": (1.0, 0.0, 3.0), "I2": (1.3, 0.0, 3.0)},
        neuron=dict(R=3.3, C=1.0, theta=7.5, u_rest=0.2),
        make=lambda c, shift: lif.Input.constant(c["I1"])
        + lif.Input.constant(c["I2"])),
    "s4": dict(
        title="S4: decaying current pulse",
        currents={"I_peak": (10.0, 0.0, 20.0), "tau_I": (10.0, 1.0, 100.0)},
        neuron=dict(R=5.0, C=0.5, theta=5.0, u_rest=0.0),
        make=lambda c, shift: lif.Input.exp_decay(c["I_peak"], c["tau_I"],
                                                  onset=-shift)),
}

#: The four cases of S4, (I_peak, tau_I).
S4_CASES = [(10.0, 10.0), (1.0, 100.0), (10.0, 100.0), (1.0, 10.0)]


def defaults(name):
    """The scenario's currents and neuron parameters at the notebook's
    defaults, as one flat dict."""
    s = SCENARIOS[name]
    out = {k: v[0] for k, v in s["currents"].items()}
    out.update(s["neuron"])
    return out


def simulate(name, values=None, stepper="euler", timing="grid",
             end_sampling=False, dt=DT, duration=DURATION):
    """Runs a scenario through liblif and returns (t, V, I, spikes): the
    trace from t = 0 after every step, and the spike times (lists).

    values overrides defaults(name). end_sampling=True samples the current
    at the end of each step as the notebook's loop does (by shifting the
    input one step ahead); liblif's own Euler samples it at the start."""
    v = defaults(name)
    if values:
        v.update(values)
    inp = SCENARIOS[name]["make"](v, dt if end_sampling else 0.0)
    # [notebook_neuron]
    n = lif.Neuron(R=v["R"], C=v["C"], E_L=0.0, V_th=v["theta"],
                   V_reset=v["u_rest"], V_0=v["u_rest"], dt=dt,
                   stepper=stepper, timing=timing, input=inp)
    # [notebook_neuron]
    t, V, I = n.run_trace(round(duration / dt))
    # Prepend the start; report the current itself, not its shifted copy.
    t = [0.0] + list(t)
    V = [v["u_rest"]] + list(V)
    if end_sampling:
        original = SCENARIOS[name]["make"](v, 0.0)
        I = [original(x) for x in t]
    else:
        I = [inp(0.0)] + list(I)
    return t, V, I, n.spikes()
