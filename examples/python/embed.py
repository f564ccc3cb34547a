#!/usr/bin/python3
"""The smallest complete liblif program in Python (through lif.py, the
ctypes binding next to this file): liblif's default neuron (mV, ms, nA)
driven by a constant 2 nA for 100 ms, against the closed form.

    LIF_LIBRARY=/path/to/liblif.so python3 embed.py
"""
import lif

# [neuron]
n = lif.Neuron(t_ref=2.0, stepper="exact", timing="precise")
n.input = lif.Input.constant(2.0)
n.run(100.0)
spikes = n.spikes()
# [neuron]

# [errors]
try:
    n.dt = -1.0
except lif.LifError as e:
    print("refused:", e.name, "-", e.message)
# [errors]

print("liblif %s: %d spikes in 100 ms at 2 nA; closed-form interval %.9f ms"
      % (lif.version(), len(spikes), n.isi(2.0)))
for k, t in enumerate(spikes, 1):
    print("  spike %d at %.9f ms" % (k, t))
