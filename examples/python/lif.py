"""liblif from Python, through its C ABI, with nothing but ctypes.

This module loads the shared library ``liblif.so`` and declares the argument
and result types of every function in ``lif.h``, so that each call is
checked and converted by ctypes. On top of that raw layer (the module-level
``lib`` object) it offers a small Pythonic one: :class:`Neuron`,
:class:`Input` and :class:`LifError`.

Where the library comes from, first match wins:

1. the path in the environment variable ``LIF_LIBRARY``;
2. the build tree this file sits in (``../../lib/.libs/liblif.so``);
3. the system's search path (``ctypes.util.find_library("lif")``).

Example, the teaching notebook's constant-current scenario::

    import lif
    n = lif.Neuron(R=6.4, C=0.9, E_L=0, V_th=5, V_reset=0.4, V_0=0.4,
                   dt=0.01, stepper="euler", timing="grid")
    n.input = lif.Input.constant(0.8)
    n.run(100)
    print(n.spikes())          # [21.14, 42.28, 63.42, 84.56]

Rules this module follows (see the "FFI rules" page of the guide):

- enumerations cross as ``int``; their names come from the library itself
  (``lif_stepper_name`` and friends), never from a copy kept here;
- a Python callable given to the library is kept alive by the object that
  uses it (an :class:`Input` holds its callback, a :class:`Neuron` or a
  :class:`Batch` holds its input and its callbacks), so the C side never
  calls freed code;
- an exception raised inside a Python callback stops the run (the current
  callback returns NaN, which liblif answers with LIF_EINPUT) and is raised
  again from the call that ran the neuron;
- a status other than LIF_OK raises :class:`LifError` with the code, its
  name and ``lif_strerror``'s text;
- Ctrl-C stops a run within a few milliseconds (a run reports its progress
  to this module every 65536 steps, or for a batch every 65536 / n steps)
  and raises KeyboardInterrupt, the neuron or batch left at the step it
  reached, ready to run on. A run of more than 65536 steps is thereby cut
  into pieces, which gives the results of the same run made in pieces:
  equal to one uncut C run to rounding (1e-12), not always bit for bit.
"""

import array
import ctypes
import ctypes.util
import math
import os
import signal
import threading
import weakref

__all__ = [
    "LifError", "Input", "Neuron", "Batch", "lib", "load", "version",
    "steppers",
    "timings", "interpolations", "params", "records", "status_codes",
]

c_double_p = ctypes.POINTER(ctypes.c_double)
c_int_p = ctypes.POINTER(ctypes.c_int)
c_size_t_p = ctypes.POINTER(ctypes.c_size_t)
_input_p = ctypes.c_void_p   # lif_input *, opaque
_neuron_p = ctypes.c_void_p  # lif_neuron *, opaque
_batch_p = ctypes.c_void_p   # lif_batch *, opaque

#: double (*lif_current_fn)(double t, void *user_data)
CURRENT_FN = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double,
                              ctypes.c_void_p)
#: void (*lif_spike_fn)(double t, void *user_data)
SPIKE_FN = ctypes.CFUNCTYPE(None, ctypes.c_double, ctypes.c_void_p)
#: void (*lif_batch_current_fn)(double t, double dt, double *currents,
#:                              size_t count, void *user_data)
BATCH_CURRENT_FN = ctypes.CFUNCTYPE(None, ctypes.c_double, ctypes.c_double,
                                    ctypes.POINTER(ctypes.c_double),
                                    ctypes.c_size_t, ctypes.c_void_p)

#: void (*lif_batch_spike_fn)(size_t member, double t, void *user_data)
BATCH_SPIKE_FN = ctypes.CFUNCTYPE(None, ctypes.c_size_t, ctypes.c_double,
                                  ctypes.c_void_p)

#: int (*lif_progress_fn)(double t, double t_end, void *user_data)
PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_double, ctypes.c_double,
                               ctypes.c_void_p)

_I, _D, _S, _P = ctypes.c_int, ctypes.c_double, ctypes.c_size_t, \
    ctypes.c_char_p

# Every function of lif.h: name -> (restype, argtypes). The tests compare
# this table with the header, so a function added there and not here fails.
PROTOTYPES = {
    "lif_version": (ctypes.c_uint, []),
    "lif_version_string": (_P, []),
    "lif_strerror": (_P, [_I]),
    "lif_error_name": (_P, [_I]),
    "lif_stepper_name": (_P, [_I]),
    "lif_timing_name": (_P, [_I]),
    "lif_interpolation_name": (_P, [_I]),
    "lif_param_name": (_P, [_I]),
    "lif_record_name": (_P, [_I]),
    "lif_input_new_constant": (_I, [_D, ctypes.POINTER(_input_p)]),
    "lif_input_new_pulse": (_I, [_D, _D, _D, ctypes.POINTER(_input_p)]),
    "lif_input_new_pulse_train": (
        _I, [_D, _D, _D, _D, _S, ctypes.POINTER(_input_p)]),
    "lif_input_new_sine": (_I, [_D, _D, _D, _D, ctypes.POINTER(_input_p)]),
    "lif_input_new_exp_decay": (_I, [_D, _D, _D, ctypes.POINTER(_input_p)]),
    "lif_input_new_table": (
        _I, [c_double_p, c_double_p, _S, _I, ctypes.POINTER(_input_p)]),
    "lif_input_new_sum": (
        _I, [ctypes.POINTER(_input_p), c_double_p, _S,
             ctypes.POINTER(_input_p)]),
    "lif_input_new_white_noise": (
        _I, [_D, _D, ctypes.c_uint, _I, ctypes.POINTER(_input_p)]),
    "lif_input_new_ou_noise": (
        _I, [_D, _D, _D, ctypes.c_uint, _I, ctypes.POINTER(_input_p)]),
    "lif_input_new_callback": (
        _I, [CURRENT_FN, ctypes.c_void_p, ctypes.POINTER(_input_p)]),
    "lif_input_free": (None, [_input_p]),
    "lif_input_eval": (_I, [_input_p, _D, c_double_p]),
    "lif_input_next_breakpoint": (_I, [_input_p, _D, c_double_p]),
    "lif_neuron_new": (_I, [ctypes.POINTER(_neuron_p)]),
    "lif_neuron_free": (None, [_neuron_p]),
    "lif_neuron_clone": (_I, [_neuron_p, ctypes.POINTER(_neuron_p)]),
    "lif_neuron_reset": (_I, [_neuron_p]),
    "lif_neuron_set": (_I, [_neuron_p, _I, _D]),
    "lif_neuron_set_many": (_I, [_neuron_p, c_int_p, c_double_p, _S]),
    "lif_neuron_get": (_I, [_neuron_p, _I, c_double_p]),
    "lif_neuron_set_stepper": (_I, [_neuron_p, _I]),
    "lif_neuron_get_stepper": (_I, [_neuron_p, c_int_p]),
    "lif_neuron_set_timing": (_I, [_neuron_p, _I]),
    "lif_neuron_get_timing": (_I, [_neuron_p, c_int_p]),
    "lif_neuron_set_spike_limit": (_I, [_neuron_p, _S]),
    "lif_neuron_get_spike_limit": (_I, [_neuron_p, c_size_t_p]),
    "lif_neuron_set_seed": (_I, [_neuron_p, ctypes.c_uint64,
                                 ctypes.c_uint32]),
    "lif_neuron_get_seed": (_I, [_neuron_p, ctypes.POINTER(ctypes.c_uint64),
                                 ctypes.POINTER(ctypes.c_uint32)]),
    "lif_neuron_set_input": (_I, [_neuron_p, _input_p]),
    "lif_neuron_clear_input": (_I, [_neuron_p]),
    "lif_neuron_set_spike_callback": (
        _I, [_neuron_p, SPIKE_FN, ctypes.c_void_p]),
    "lif_neuron_set_progress_callback": (
        _I, [_neuron_p, PROGRESS_FN, _S, ctypes.c_void_p]),
    "lif_neuron_step": (_I, [_neuron_p]),
    "lif_neuron_run": (_I, [_neuron_p, _D]),
    "lif_neuron_run_trace": (
        _I, [_neuron_p, _S, c_double_p, c_double_p, c_double_p, c_size_t_p]),
    "lif_neuron_run_events": (_I, [_neuron_p, _D]),
    "lif_neuron_run_sampled": (
        _I, [_neuron_p, c_double_p, _S, c_double_p, c_double_p, c_size_t_p]),
    "lif_neuron_spike_count": (_I, [_neuron_p, c_size_t_p]),
    "lif_neuron_copy_spikes": (
        _I, [_neuron_p, _S, c_double_p, _S, c_size_t_p]),
    "lif_neuron_clear_spikes": (_I, [_neuron_p]),
    "lif_neuron_set_monitor": (_I, [_neuron_p, _S]),
    "lif_neuron_monitor_count": (_I, [_neuron_p, c_size_t_p]),
    "lif_neuron_copy_monitor": (
        _I, [_neuron_p, _I, _S, c_double_p, _S, c_size_t_p]),
    "lif_neuron_clear_monitor": (_I, [_neuron_p]),
    "lif_neuron_state_size": (_I, [_neuron_p, c_size_t_p]),
    "lif_neuron_save_state": (_I, [_neuron_p, ctypes.c_void_p, _S]),
    "lif_neuron_restore_state": (_I, [_neuron_p, ctypes.c_void_p, _S]),
    "lif_neuron_rheobase": (_I, [_neuron_p, c_double_p]),
    "lif_neuron_isi": (_I, [_neuron_p, _D, c_double_p]),
    "lif_neuron_rate": (_I, [_neuron_p, _D, c_double_p]),
    "lif_neuron_time_to_spike": (_I, [_neuron_p, _D, c_double_p]),
    "lif_neuron_potential_after": (_I, [_neuron_p, _D, _D, c_double_p]),
    "lif_neuron_siegert_rate": (_I, [_neuron_p, _D, _D, c_double_p]),
    "lif_neuron_siegert_cv": (_I, [_neuron_p, _D, _D, c_double_p]),
    "lif_batch_new": (_I, [_S, ctypes.POINTER(_batch_p)]),
    "lif_batch_free": (None, [_batch_p]),
    "lif_batch_size": (_I, [_batch_p, c_size_t_p]),
    "lif_batch_reset": (_I, [_batch_p]),
    "lif_batch_set": (_I, [_batch_p, _I, _D]),
    "lif_batch_set_array": (_I, [_batch_p, _I, c_double_p, _S, c_size_t_p]),
    "lif_batch_set_many": (
        _I, [_batch_p, c_int_p, ctypes.POINTER(c_double_p), _S, _S,
             c_size_t_p]),
    "lif_batch_get": (_I, [_batch_p, _I, _S, c_double_p]),
    "lif_batch_get_array": (_I, [_batch_p, _I, c_double_p, _S]),
    "lif_batch_set_stepper": (_I, [_batch_p, _I]),
    "lif_batch_get_stepper": (_I, [_batch_p, c_int_p]),
    "lif_batch_set_timing": (_I, [_batch_p, _I]),
    "lif_batch_get_timing": (_I, [_batch_p, c_int_p]),
    "lif_batch_set_spike_limit": (_I, [_batch_p, _S]),
    "lif_batch_get_spike_limit": (_I, [_batch_p, c_size_t_p]),
    "lif_batch_set_seed": (_I, [_batch_p, ctypes.c_uint64, ctypes.c_uint32]),
    "lif_batch_get_seed": (_I, [_batch_p, ctypes.POINTER(ctypes.c_uint64),
                                ctypes.POINTER(ctypes.c_uint32)]),
    "lif_batch_set_threads": (_I, [_batch_p, _I]),
    "lif_batch_get_threads": (_I, [_batch_p, c_int_p]),
    "lif_batch_set_input": (_I, [_batch_p, _input_p]),
    "lif_batch_clear_input": (_I, [_batch_p]),
    "lif_batch_set_current_callback": (
        _I, [_batch_p, BATCH_CURRENT_FN, ctypes.c_void_p]),
    "lif_batch_set_progress_callback": (
        _I, [_batch_p, PROGRESS_FN, _S, ctypes.c_void_p]),
    "lif_batch_set_spike_callback": (
        _I, [_batch_p, BATCH_SPIKE_FN, ctypes.c_void_p]),
    "lif_batch_step": (_I, [_batch_p]),
    "lif_batch_run": (_I, [_batch_p, _D]),
    "lif_batch_run_currents": (_I, [_batch_p, c_double_p, _S]),
    "lif_batch_spike_count": (_I, [_batch_p, c_size_t_p]),
    "lif_batch_copy_spikes": (
        _I, [_batch_p, _S, c_size_t_p, c_double_p, _S, c_size_t_p]),
    "lif_batch_spike_counts": (_I, [_batch_p, c_size_t_p, _S]),
    "lif_batch_clear_spikes": (_I, [_batch_p]),
    "lif_batch_set_monitor": (_I, [_batch_p, _S, c_size_t_p, _S]),
    "lif_batch_monitor_count": (_I, [_batch_p, c_size_t_p]),
    "lif_batch_copy_monitor": (
        _I, [_batch_p, _I, _S, c_double_p, _S, c_size_t_p]),
    "lif_batch_clear_monitor": (_I, [_batch_p]),
    "lif_batch_state_size": (_I, [_batch_p, c_size_t_p]),
    "lif_batch_save_state": (_I, [_batch_p, ctypes.c_void_p, _S]),
    "lif_batch_restore_state": (_I, [_batch_p, ctypes.c_void_p, _S]),
}


def _candidates():
    env = os.environ.get("LIF_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for name in ("liblif.so", "liblif.dylib"):
        yield os.path.join(here, "..", "..", "lib", ".libs", name)
    found = ctypes.util.find_library("lif")
    if found:
        yield found


def load(path=None):
    """Loads liblif (from path, or as the module docstring says) and
    declares every prototype. Returns the ctypes library object."""
    tried = []
    for candidate in ([path] if path else _candidates()):
        if os.sep in candidate and not os.path.exists(candidate):
            tried.append(candidate + " (no such file)")
            continue
        try:
            library = ctypes.CDLL(candidate)
        except OSError as e:
            tried.append("%s (%s)" % (candidate, e))
            continue
        for name, (restype, argtypes) in PROTOTYPES.items():
            fn = getattr(library, name)
            fn.restype = restype
            fn.argtypes = argtypes
        return library
    raise ImportError("liblif not found; set LIF_LIBRARY to the path of "
                      "liblif.so. Tried: " + "; ".join(tried or ["nothing"]))


#: The loaded library, with every prototype declared: lib.lif_neuron_new...
lib = load()


def _text(b):
    return None if b is None else b.decode("utf-8")


def _names(fn):
    """Enumerates an append-only enumeration through its _name function:
    value 0, 1, ... until the library answers NULL."""
    out, k = {}, 0
    while True:
        name = _text(fn(k))
        if name is None:
            return out
        out[name] = k
        k += 1


#: name -> value, as the loaded library knows them.
steppers = _names(lib.lif_stepper_name)
timings = _names(lib.lif_timing_name)
interpolations = _names(lib.lif_interpolation_name)
params = _names(lib.lif_param_name)
records = _names(lib.lif_record_name)


def _status_codes():
    out, k = {}, 0
    while True:
        name = _text(lib.lif_error_name(k))
        if name is None:
            return out
        out[name] = k
        k -= 1


#: "LIF_OK" -> 0, "LIF_EINVAL" -> -1, ...
status_codes = _status_codes()


def version():
    """The loaded library's release, such as "0.1.0"."""
    return _text(lib.lif_version_string())


class LifError(Exception):
    """A liblif function returned an error status.

    Attributes: ``status`` (the negative code), ``name`` (such as
    "LIF_EINVAL"), ``message`` (lif_strerror's text) and ``function``."""

    def __init__(self, status, function=""):
        self.status = status
        self.name = _text(lib.lif_error_name(status)) or "?"
        self.message = _text(lib.lif_strerror(status))
        self.function = function
        super().__init__("%s: %s (%s, %d)" % (function, self.message,
                                               self.name, status))


def _check(status, function):
    if status != 0:
        raise LifError(status, function)


def _choice(table, value, what):
    if isinstance(value, str):
        try:
            return table[value]
        except KeyError:
            raise ValueError("unknown %s %r; one of %s"
                             % (what, value, ", ".join(table))) from None
    return int(value)


def _doubles(values):
    values = [float(v) for v in values]
    return (ctypes.c_double * len(values))(*values), len(values)


def _samples(count_fn, copy_fn, handle, names, width):
    """The monitor's samples of the variables named (see ``records``), one
    array('d') each, through the count and copy functions of a neuron or a
    batch; a variable other than "t" holds width values a sample."""
    count = ctypes.c_size_t()
    _check(getattr(lib, count_fn)(handle, ctypes.byref(count)), count_fn)
    n, out = count.value, []
    for name in names:
        per = 1 if name == "t" else width
        a = array.array("d", bytes(8 * n * per))
        copied = ctypes.c_size_t()
        buf = ctypes.cast(a.buffer_info()[0], c_double_p) if n else None
        _check(getattr(lib, copy_fn)(handle, _choice(records, name,
                                                     "recorded variable"),
                                     0, buf, n, ctypes.byref(copied)),
               copy_fn)
        del a[copied.value * per:]
        out.append(a)
    return tuple(out)


def _save_state(size_fn, save_fn, handle):
    """An object's saved state, as bytes (lif_*_save_state)."""
    size = ctypes.c_size_t()
    _check(getattr(lib, size_fn)(handle, ctypes.byref(size)), size_fn)
    buf = ctypes.create_string_buffer(size.value)
    _check(getattr(lib, save_fn)(handle, buf, size.value), save_fn)
    return buf.raw


def _restore_state(restore_fn, handle, state):
    """Restores bytes from _save_state (lif_*_restore_state)."""
    state = bytes(state)
    _check(getattr(lib, restore_fn)(handle, state, len(state)), restore_fn)


def _unsigned(value, bits):
    """value as an unsigned integer of `bits` bits, or ValueError."""
    if value != int(value) or not 0 <= int(value) < 2 ** bits:
        raise ValueError("must be a whole number from 0 to 2**%d - 1" % bits)
    return int(value)


class Input:
    """An input current I(t): immutable, may drive many neurons.

    Build one with the class methods (constant, pulse, pulse_train, sine,
    exp_decay, table, callback, sum), add them with ``+`` and scale them
    with ``*``; call it to evaluate, ``inp(t)``."""

    def __init__(self, handle, keep=()):
        # Use the class methods: this takes over a lif_input * we own.
        self._handle = ctypes.c_void_p(handle)
        # Whatever the C input refers to that Python must keep alive:
        # callbacks, and the Input objects of a sum's terms.
        self._keep = tuple(keep)
        self._error = None

    @staticmethod
    def _new(function, *args, keep=()):
        out = ctypes.c_void_p()
        _check(getattr(lib, function)(*args, ctypes.byref(out)), function)
        return Input(out.value, keep)

    @classmethod
    def constant(cls, value):
        """I(t) = value."""
        return cls._new("lif_input_new_constant", float(value))

    @classmethod
    def pulse(cls, amplitude, onset, duration):
        """amplitude on [onset, onset + duration), 0 elsewhere."""
        return cls._new("lif_input_new_pulse", float(amplitude),
                        float(onset), float(duration))

    @classmethod
    def pulse_train(cls, amplitude, onset, width, period, count=0):
        """count pulses (0: endless) of width, one every period."""
        if count != int(count) or count < 0:
            raise ValueError("count must be a whole number >= 0")
        return cls._new("lif_input_new_pulse_train", float(amplitude),
                        float(onset), float(width), float(period),
                        int(count))

    @classmethod
    def sine(cls, amplitude, frequency, offset=0.0, phase=0.0):
        """offset + amplitude sin(2 pi frequency t + phase)."""
        return cls._new("lif_input_new_sine", float(offset), float(amplitude),
                        float(frequency), float(phase))

    @classmethod
    def exp_decay(cls, peak, tau, onset=0.0):
        """0 before onset, then peak exp(-(t - onset) / tau)."""
        return cls._new("lif_input_new_exp_decay", float(peak), float(tau),
                        float(onset))

    @classmethod
    def white_noise(cls, mean, sigma, channel=0, shared=False):
        """mean + sigma xi(t), xi unit white noise (sigma in nA ms^1/2).

        Each neuron draws its own noise from its seed and stream
        (Neuron.seed, Neuron.stream; Batch.seed, Batch.first_stream), one
        series per channel; shared=True gives every neuron with the same
        seed the same noise."""
        return cls._new("lif_input_new_white_noise", float(mean),
                        float(sigma), int(channel), 1 if shared else 0)

    @classmethod
    def ou_noise(cls, mean, sigma, tau, channel=0, shared=False):
        """mean + eta(t), eta an Ornstein-Uhlenbeck current of stationary
        standard deviation sigma (nA) and correlation time tau (ms).

        eta is part of each neuron's state: it starts at 0, goes on from
        run to run and back to 0 on reset and when the input is set.
        Seeds, streams, channels and sharing as for white_noise()."""
        return cls._new("lif_input_new_ou_noise", float(mean), float(sigma),
                        float(tau), int(channel), 1 if shared else 0)

    @classmethod
    def table(cls, times, values, interpolation="step"):
        """Samples (times[k], values[k]), read by "step" or "linear"."""
        t, n = _doubles(times)
        v, m = _doubles(values)
        if n != m:
            raise ValueError("times and values differ in length")
        return cls._new("lif_input_new_table", t, v, n,
                        _choice(interpolations, interpolation,
                                "interpolation"))

    @classmethod
    def sum(cls, terms, weights=None):
        """sum_k weights[k] terms[k](t) (weights default to 1)."""
        terms = list(terms)
        if not terms or not all(isinstance(x, Input) for x in terms):
            raise TypeError("sum takes a non-empty list of Input objects")
        handles = (ctypes.c_void_p * len(terms))(
            *[x._handle.value for x in terms])
        w = None
        if weights is not None:
            w, n = _doubles(weights)
            if n != len(terms):
                raise ValueError("weights and terms differ in length")
        return cls._new("lif_input_new_sum", handles, w, len(terms),
                        keep=terms)

    @classmethod
    def callback(cls, fn):
        """I(t) = fn(t) for any Python callable. It should be continuous
        (liblif does not split steps at its jumps: use pulse or table for
        those). An exception in fn stops the run and is raised again."""
        holder = {}

        def trampoline(t, _user_data):
            try:
                return float(fn(t))
            except BaseException as e:  # never let it unwind through C
                holder["self"]._error = e
                return math.nan
        c_fn = CURRENT_FN(trampoline)
        inp = cls._new("lif_input_new_callback", c_fn, None,
                       keep=(c_fn, fn))
        holder["self"] = inp
        return inp

    def __call__(self, t):
        out = ctypes.c_double()
        status = lib.lif_input_eval(self._handle, float(t),
                                    ctypes.byref(out))
        self._raise_pending()
        _check(status, "lif_input_eval")
        return out.value

    def next_breakpoint(self, t):
        """The first jump or kink strictly after t (math.inf if none)."""
        out = ctypes.c_double()
        _check(lib.lif_input_next_breakpoint(self._handle, float(t),
                                             ctypes.byref(out)),
               "lif_input_next_breakpoint")
        return out.value

    def _raise_pending(self):
        for inp in self._walk():
            if inp._error is not None:
                e, inp._error = inp._error, None
                raise e

    def _walk(self):
        yield self
        for k in self._keep:
            if isinstance(k, Input):
                yield from k._walk()

    def __add__(self, other):
        if isinstance(other, (int, float)):
            other = Input.constant(other)
        if not isinstance(other, Input):
            return NotImplemented
        return Input.sum([self, other])

    __radd__ = __add__

    def __mul__(self, k):
        if not isinstance(k, (int, float)):
            return NotImplemented
        return Input.sum([self], [k])

    __rmul__ = __mul__

    def close(self):
        """Releases this handle now (users of the input keep it alive)."""
        if self._handle.value is not None:
            lib.lif_input_free(self._handle)
            self._handle = ctypes.c_void_p()

    def __del__(self):
        if getattr(self, "_handle", None) is not None and lib is not None:
            self.close()


class _Seeded:
    """The noise generator's seed, and the stream of a Neuron or the first
    stream of a Batch (lif_neuron_set_seed, lif_batch_set_seed); a class
    sets _seed_functions to its (getter, setter) names."""

    _seed_functions = ()

    def _get_seed(self):
        getter = self._seed_functions[0]
        seed, stream = ctypes.c_uint64(), ctypes.c_uint32()
        _check(getattr(lib, getter)(self._handle, ctypes.byref(seed),
                                    ctypes.byref(stream)), getter)
        return seed.value, stream.value

    def _set_seed(self, seed, stream):
        setter = self._seed_functions[1]
        _check(getattr(lib, setter)(self._handle, _unsigned(seed, 64),
                                    _unsigned(stream, 32)), setter)

    @property
    def seed(self):
        """The noise generator's seed (0 to 2**64 - 1), default 0."""
        return self._get_seed()[0]

    @seed.setter
    def seed(self, value):
        self._set_seed(value, self._get_seed()[1])


class _Runs:
    """What Neuron and Batch share about runs: a progress callback that
    lets Ctrl-C and ``on_progress`` stop a run, and raising afterwards what
    the callbacks met."""

    #: Steps between progress reports, for one neuron.
    STEPS_PER_REPORT = 65536

    def _runs_init(self, setter, every):
        self._progress_setter = setter
        self._on_progress = None
        self._progress_error = None
        self._interrupted = False
        self._progress_fn = None
        self._install_progress(every)

    def _install_progress(self, every):
        me = weakref.ref(self)  # no cycle: the neuron may be freed early

        def trampoline(t, t_end, _user_data):
            obj = me()
            if obj is None:
                return 1
            try:
                if obj._on_progress is not None and obj._on_progress(t, t_end):
                    return 1
            except BaseException as e:
                obj._progress_error = e
                return 1
            return 1 if obj._interrupted else 0
        c_fn = PROGRESS_FN(trampoline)
        _check(self._progress_setter(self._handle, c_fn, int(every), None),
               "set_progress_callback")
        self._progress_fn = c_fn  # alive as long as C may call it
        self._progress_every = int(every)

    def on_progress(self, fn, every=None):
        """Calls fn(t, t_end) every ``every`` steps of a run (default
        STEPS_PER_REPORT for a neuron, that divided by n for a batch); a
        true result stops the run, which then raises LifError
        LIF_ECANCELED with the object at t. None removes fn."""
        self._on_progress = fn
        if every is not None:
            self._install_progress(every)

    def _run(self, call, *args):
        """Makes one run call with Ctrl-C turned into a stop at the next
        progress report; raises KeyboardInterrupt if that happened."""
        self._interrupted = False
        previous = None
        if (threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGINT)
                is signal.default_int_handler):
            def on_sigint(_signum, _frame):
                self._interrupted = True
            previous = signal.signal(signal.SIGINT, on_sigint)
        try:
            status = call(self._handle, *args)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        e, self._progress_error = self._progress_error, None
        if e is not None:
            raise e
        if self._interrupted:
            self._interrupted = False
            raise KeyboardInterrupt
        return status


class Neuron(_Runs, _Seeded):
    """One LIF neuron. Keyword arguments set parameters by their liblif
    names (R, C, tau, E_L, V_th, V_reset, t_ref, V_0, I_bias, V, t, dt),
    plus stepper=, timing=, input= and spike_limit=. Parameters are also
    attributes: ``n.V_th = -52``.

    With V_0 given and V not, V is set to V_0 too (the neuron starts
    there)."""

    _seed_functions = ("lif_neuron_get_seed", "lif_neuron_set_seed")

    def __init__(self, stepper=None, timing=None, input=None,
                 spike_limit=None, **values):
        handle = ctypes.c_void_p()
        _check(lib.lif_neuron_new(ctypes.byref(handle)), "lif_neuron_new")
        self._handle = handle
        self._input = None
        self._on_spike = None
        self._spike_error = None
        self._runs_init(lib.lif_neuron_set_progress_callback,
                        self.STEPS_PER_REPORT)
        if "V_0" in values and "V" not in values:
            values["V"] = values["V_0"]
        if values:
            self.set(**values)
        if stepper is not None:
            self.stepper = stepper
        if timing is not None:
            self.timing = timing
        if spike_limit is not None:
            self.spike_limit = spike_limit
        if input is not None:
            self.input = input

    def set(self, **values):
        """Sets several parameters at once, all or nothing
        (lif_neuron_set_many): V_th > V_reset is asked of the result only."""
        for name in values:
            if name not in params:
                raise AttributeError("no parameter %r; one of %s"
                                     % (name, ", ".join(params)))
        keys = (ctypes.c_int * len(values))(*[params[k] for k in values])
        vals, n = _doubles(values.values())
        _check(lib.lif_neuron_set_many(self._handle, keys, vals, n),
               "lif_neuron_set_many")

    def get(self, name):
        out = ctypes.c_double()
        _check(lib.lif_neuron_get(self._handle, _choice(params, name,
                                                        "parameter"),
                                  ctypes.byref(out)), "lif_neuron_get")
        return out.value

    def __getattr__(self, name):
        # Only reached for names that are not ordinary attributes.
        if name in params:
            return self.get(name)
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if name in params:
            _check(lib.lif_neuron_set(self._handle, params[name],
                                      float(value)),
                   "lif_neuron_set(%s)" % name)
        else:
            object.__setattr__(self, name, value)

    @property
    def stepper(self):
        out = ctypes.c_int()
        _check(lib.lif_neuron_get_stepper(self._handle, ctypes.byref(out)),
               "lif_neuron_get_stepper")
        return _text(lib.lif_stepper_name(out.value))

    @stepper.setter
    def stepper(self, value):
        _check(lib.lif_neuron_set_stepper(
            self._handle, _choice(steppers, value, "stepper")),
            "lif_neuron_set_stepper")

    @property
    def timing(self):
        out = ctypes.c_int()
        _check(lib.lif_neuron_get_timing(self._handle, ctypes.byref(out)),
               "lif_neuron_get_timing")
        return _text(lib.lif_timing_name(out.value))

    @timing.setter
    def timing(self, value):
        _check(lib.lif_neuron_set_timing(
            self._handle, _choice(timings, value, "timing")),
            "lif_neuron_set_timing")

    @property
    def spike_limit(self):
        out = ctypes.c_size_t()
        _check(lib.lif_neuron_get_spike_limit(self._handle,
                                              ctypes.byref(out)),
               "lif_neuron_get_spike_limit")
        return out.value

    @spike_limit.setter
    def spike_limit(self, value):
        if value != int(value) or value < 0:
            raise ValueError("spike_limit must be a whole number >= 1")
        _check(lib.lif_neuron_set_spike_limit(self._handle, int(value)),
               "lif_neuron_set_spike_limit")

    @property
    def stream(self):
        """The neuron's noise stream (0 to 2**32 - 1), default 0."""
        return self._get_seed()[1]

    @stream.setter
    def stream(self, value):
        self._set_seed(self._get_seed()[0], value)

    @property
    def input(self):
        """The Input driving the neuron, or None. Setting a number makes a
        constant input."""
        return self._input

    @input.setter
    def input(self, value):
        if value is None:
            _check(lib.lif_neuron_clear_input(self._handle),
                   "lif_neuron_clear_input")
        else:
            if isinstance(value, (int, float)):
                value = Input.constant(value)
            if not isinstance(value, Input):
                raise TypeError("input must be an Input, a number or None")
            _check(lib.lif_neuron_set_input(self._handle, value._handle),
                   "lif_neuron_set_input")
        self._input = value  # keeps its callbacks alive

    def on_spike(self, fn):
        """Calls fn(t) for every spike, in time order, while the neuron
        runs; None removes it. fn must not use this neuron. An exception
        in fn is raised again when the run returns."""
        if fn is None:
            c_fn = SPIKE_FN()
        else:
            def trampoline(t, _user_data):
                try:
                    fn(t)
                except BaseException as e:
                    if self._spike_error is None:
                        self._spike_error = e
            c_fn = SPIKE_FN(trampoline)
        _check(lib.lif_neuron_set_spike_callback(self._handle, c_fn, None),
               "lif_neuron_set_spike_callback")
        self._on_spike = (c_fn, fn)  # alive as long as C may call it

    def _after_run(self, status, function):
        errors = [self._spike_error]
        self._spike_error = None
        if self._input is not None:
            try:
                self._input._raise_pending()
            except BaseException as e:
                errors.insert(0, e)
        for e in errors:
            if e is not None:
                raise e
        _check(status, function)

    def step(self):
        """Advances one step of dt."""
        self._after_run(self._run(lib.lif_neuron_step), "lif_neuron_step")

    def run(self, duration):
        """Advances by duration (whole steps, then one shorter step)."""
        self._after_run(self._run(lib.lif_neuron_run, float(duration)),
                        "lif_neuron_run")

    def run_trace(self, steps):
        """Advances steps whole steps; returns (t, V, I) as array('d')
        objects, the time, potential and total current after each step.
        numpy.asarray() of each shares its memory."""
        steps = int(steps)
        if steps < 0:
            raise ValueError("steps must be >= 0")
        t, v, i = (array.array("d", bytes(8 * steps)) for _ in range(3))
        done = ctypes.c_size_t()

        def ptr(a):
            if steps == 0:
                return None
            return ctypes.cast(a.buffer_info()[0], c_double_p)
        status = self._run(lib.lif_neuron_run_trace, steps, ptr(t), ptr(v),
                           ptr(i), ctypes.byref(done))
        for a in (t, v, i):
            del a[done.value:]
        self._after_run(status, "lif_neuron_run_trace")
        return t, v, i

    def run_events(self, duration):
        """Advances by duration event to event, with no time step: exact
        for every built-in input (lif_neuron_run_events()). Raises
        LifError (LIF_EEVENTS) for a callback or noisy input."""
        self._after_run(self._run(lib.lif_neuron_run_events, float(duration)),
                        "lif_neuron_run_events")

    def run_sampled(self, times):
        """Runs event to event through the given times (non-decreasing,
        not before the present); returns (V, I) as array('d') objects, V
        and the total current at each time (lif_neuron_run_sampled())."""
        times = array.array("d", (float(x) for x in times))
        count = len(times)
        v, i = (array.array("d", bytes(8 * count)) for _ in range(2))
        done = ctypes.c_size_t()

        def ptr(a):
            if count == 0:
                return None
            return ctypes.cast(a.buffer_info()[0], c_double_p)
        status = self._run(lib.lif_neuron_run_sampled, ptr(times), count,
                           ptr(v), ptr(i), ctypes.byref(done))
        for a in (v, i):
            del a[done.value:]
        self._after_run(status, "lif_neuron_run_sampled")
        return v, i

    def spike_count(self):
        out = ctypes.c_size_t()
        _check(lib.lif_neuron_spike_count(self._handle, ctypes.byref(out)),
               "lif_neuron_spike_count")
        return out.value

    def spikes(self, first=0):
        """The recorded spike times from index first on, as a list."""
        first = int(first)
        if first < 0:
            raise ValueError("first must be >= 0")
        n = max(self.spike_count() - first, 0)
        buf = (ctypes.c_double * max(n, 1))()
        copied = ctypes.c_size_t()
        _check(lib.lif_neuron_copy_spikes(self._handle, first, buf, n,
                                          ctypes.byref(copied)),
               "lif_neuron_copy_spikes")
        return list(buf[:copied.value])

    def clear_spikes(self):
        _check(lib.lif_neuron_clear_spikes(self._handle),
               "lif_neuron_clear_spikes")

    def monitor(self, every):
        """Records t, V and I every ``every`` steps of later runs, on the
        grid (t a multiple of every dt from where t was last set); 0 stops
        recording and keeps the samples. Read them with samples()."""
        _check(lib.lif_neuron_set_monitor(self._handle, int(every)),
               "lif_neuron_set_monitor")

    def samples(self, *names):
        """The monitor's samples as array('d') objects, one per variable
        named (default "t", "V", "I"; the library's names are in
        ``records``). numpy.asarray() of each shares its memory."""
        return _samples("lif_neuron_monitor_count",
                        "lif_neuron_copy_monitor", self._handle,
                        names or ("t", "V", "I"), 1)

    def clear_samples(self):
        """Forgets the monitor's samples; it goes on recording."""
        _check(lib.lif_neuron_clear_monitor(self._handle),
               "lif_neuron_clear_monitor")

    def reset(self):
        """t = 0, V = V_0, no spikes; parameters and input stay."""
        _check(lib.lif_neuron_reset(self._handle), "lif_neuron_reset")

    def save_state(self):
        """The dynamic state (V, the clock, the refractory period) as
        bytes, for restore_state() on this neuron or another one configured
        the same way; not the parameters, input or spikes."""
        return _save_state("lif_neuron_state_size", "lif_neuron_save_state",
                           self._handle)

    def restore_state(self, state):
        """Restores bytes from save_state(); raises LifError (LIF_ESTATE)
        with nothing changed when they do not fit this neuron."""
        _restore_state("lif_neuron_restore_state", self._handle, state)

    def clone(self):
        """An independent copy (sharing the input and spike callback)."""
        out = ctypes.c_void_p()
        _check(lib.lif_neuron_clone(self._handle, ctypes.byref(out)),
               "lif_neuron_clone")
        c = Neuron.__new__(Neuron)
        object.__setattr__(c, "_handle", out)
        object.__setattr__(c, "_input", self._input)
        object.__setattr__(c, "_on_spike", self._on_spike)
        object.__setattr__(c, "_spike_error", None)
        c._runs_init(lib.lif_neuron_set_progress_callback,
                     self._progress_every)
        c._on_progress = self._on_progress
        return c

    def _analytic(self, function, *args):
        out = ctypes.c_double()
        args = [float(a) for a in args]
        _check(getattr(lib, function)(self._handle, *args, ctypes.byref(out)),
               function)
        return out.value

    def rheobase(self):
        """The smallest constant current that fires."""
        return self._analytic("lif_neuron_rheobase")

    def isi(self, current):
        """The interval between spikes under a constant current."""
        return self._analytic("lif_neuron_isi", current)

    def rate(self, current):
        """The firing rate under a constant current (1 / isi)."""
        return self._analytic("lif_neuron_rate", current)

    def time_to_spike(self, current):
        """How long until the next spike under a constant current."""
        return self._analytic("lif_neuron_time_to_spike", current)

    def potential_after(self, current, duration):
        """V after duration, ignoring the threshold."""
        return self._analytic("lif_neuron_potential_after", current,
                              duration)

    def siegert_rate(self, mean, sigma):
        """The stationary rate under the white-noise current mean + sigma
        xi(t) (the Siegert formula; sigma in current x sqrt(time))."""
        return self._analytic("lif_neuron_siegert_rate", mean, sigma)

    def siegert_cv(self, mean, sigma):
        """The CV of the intervals under the same noise (Brunel 2000)."""
        return self._analytic("lif_neuron_siegert_cv", mean, sigma)

    def close(self):
        """Frees the neuron now."""
        if self.__dict__.get("_handle") and self._handle.value is not None:
            lib.lif_neuron_free(self._handle)
            object.__setattr__(self, "_handle", ctypes.c_void_p())

    def __del__(self):
        if lib is not None:
            self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Batch(_Runs, _Seeded):
    """n independent LIF neurons run together (lif_batch): they share the
    stepper, timing, dt, clock and shared input; every other parameter is
    per member. Keyword arguments set parameters, each to a number (every
    member) or a sequence of n numbers; stepper=, timing=, input= and
    threads= as for Neuron. Every member computes what a lone Neuron with
    the same parameters would, bit for bit."""

    _seed_functions = ("lif_batch_get_seed", "lif_batch_set_seed")

    def __init__(self, n, stepper=None, timing=None, input=None,
                 threads=None, **values):
        handle = ctypes.c_void_p()
        _check(lib.lif_batch_new(int(n), ctypes.byref(handle)),
               "lif_batch_new")
        self._handle = handle
        self._n = int(n)
        self._input = None
        self._currents = None
        self._current_error = None
        self._on_spike = None
        self._spike_error = None
        self._monitored = []
        self._runs_init(lib.lif_batch_set_progress_callback,
                        max(1, self.STEPS_PER_REPORT // self._n))
        if stepper is not None:
            self.stepper = stepper
        if timing is not None:
            self.timing = timing
        if threads is not None:
            self.threads = threads
        if input is not None:
            self.input = input
        if values:
            self.set(**values)

    def __len__(self):
        return self._n

    def set(self, **values):
        """Sets parameters, each to a number (for every member; t and dt
        are shared) or a sequence of one number per member; sequences are
        set together, all or nothing (V_th > V_reset is asked of the
        result only)."""
        arrays = {}
        for name, value in values.items():
            key = _choice(params, name, "parameter")
            if isinstance(value, (int, float)):
                _check(lib.lif_batch_set(self._handle, key, float(value)),
                       "lif_batch_set(%s)" % name)
            else:
                buf, count = _doubles(value)
                arrays[key] = (buf, count)
        if arrays:
            keys = (ctypes.c_int * len(arrays))(*arrays)
            rows = (c_double_p * len(arrays))(
                *[ctypes.cast(b, c_double_p) for b, _ in arrays.values()])
            counts = {c for _, c in arrays.values()}
            count = counts.pop() if len(counts) == 1 else -1
            if count < 0:
                raise ValueError("every array must have one value per member")
            bad = ctypes.c_size_t()
            status = lib.lif_batch_set_many(self._handle, keys, rows,
                                            len(arrays), count,
                                            ctypes.byref(bad))
            if status != 0:
                e = LifError(status, "lif_batch_set_many")
                e.index = bad.value
                raise e

    def get(self, name):
        """The parameter of every member, as a list (t and dt repeat)."""
        out = (ctypes.c_double * self._n)()
        _check(lib.lif_batch_get_array(self._handle,
                                       _choice(params, name, "parameter"),
                                       out, self._n), "lif_batch_get_array")
        return list(out)

    def _enum(self, getter, names):
        out = ctypes.c_int()
        _check(getattr(lib, getter)(self._handle, ctypes.byref(out)), getter)
        return _text(names(out.value))

    @property
    def stepper(self):
        return self._enum("lif_batch_get_stepper", lib.lif_stepper_name)

    @stepper.setter
    def stepper(self, value):
        _check(lib.lif_batch_set_stepper(
            self._handle, _choice(steppers, value, "stepper")),
            "lif_batch_set_stepper")

    @property
    def timing(self):
        return self._enum("lif_batch_get_timing", lib.lif_timing_name)

    @timing.setter
    def timing(self, value):
        _check(lib.lif_batch_set_timing(
            self._handle, _choice(timings, value, "timing")),
            "lif_batch_set_timing")

    @property
    def threads(self):
        out = ctypes.c_int()
        _check(lib.lif_batch_get_threads(self._handle, ctypes.byref(out)),
               "lif_batch_get_threads")
        return out.value

    @threads.setter
    def threads(self, value):
        _check(lib.lif_batch_set_threads(self._handle, int(value)),
               "lif_batch_set_threads")

    @property
    def first_stream(self):
        """Member 0's noise stream; member i draws from first_stream + i."""
        return self._get_seed()[1]

    @first_stream.setter
    def first_stream(self, value):
        self._set_seed(self._get_seed()[0], value)

    @property
    def input(self):
        """The Input every member shares, or None."""
        return self._input

    @input.setter
    def input(self, value):
        if value is None:
            _check(lib.lif_batch_clear_input(self._handle),
                   "lif_batch_clear_input")
        else:
            if isinstance(value, (int, float)):
                value = Input.constant(value)
            if not isinstance(value, Input):
                raise TypeError("input must be an Input, a number or None")
            _check(lib.lif_batch_set_input(self._handle, value._handle),
                   "lif_batch_set_input")
        self._input = value

    def on_step_currents(self, fn):
        """Calls fn(t, dt) before every step of step() and run(); it returns
        one current per member for that step (on top of the shared input
        and the bias). None removes it. A NaN stops the run before the
        step; an exception in fn does too, and is raised again."""
        if fn is None:
            c_fn = BATCH_CURRENT_FN()
        else:
            def trampoline(t, dt, currents, count, _user_data):
                try:
                    values = fn(t, dt)
                    if len(values) != count:
                        raise ValueError("on_step_currents: %d currents for "
                                         "%d members" % (len(values), count))
                    for i in range(count):
                        currents[i] = float(values[i])
                except BaseException as e:
                    if self._current_error is None:
                        self._current_error = e
                    for i in range(count):
                        currents[i] = math.nan
            c_fn = BATCH_CURRENT_FN(trampoline)
        _check(lib.lif_batch_set_current_callback(self._handle, c_fn, None),
               "lif_batch_set_current_callback")
        self._currents = (c_fn, fn)

    def on_spike(self, fn):
        """Calls fn(member, t) for every spike as the batch runs, in the
        order spikes() lists them (at most one chunk of 1024 steps late);
        None removes it. fn must not use this batch. An exception in fn is
        raised again when the run returns (the run itself goes on)."""
        if fn is None:
            c_fn = BATCH_SPIKE_FN()
        else:
            def trampoline(member, t, _user_data):
                try:
                    fn(member, t)
                except BaseException as e:
                    if self._spike_error is None:
                        self._spike_error = e
            c_fn = BATCH_SPIKE_FN(trampoline)
        _check(lib.lif_batch_set_spike_callback(self._handle, c_fn, None),
               "lif_batch_set_spike_callback")
        self._on_spike = (c_fn, fn)  # alive as long as C may call it

    def monitor(self, every, members=()):
        """Records t, and V and I of the members listed (indices, in the
        order wanted), every ``every`` steps of later runs; 0 stops
        recording and keeps the samples. A new list forgets the samples of
        the old one. Read them with samples()."""
        members = [int(m) for m in members]
        buf = (ctypes.c_size_t * max(len(members), 1))(*members)
        _check(lib.lif_batch_set_monitor(self._handle, int(every),
                                         buf if members else None,
                                         len(members)),
               "lif_batch_set_monitor")
        if int(every) > 0:
            self._monitored = members

    def samples(self, *names):
        """The monitor's samples, one entry per variable named (default
        "t", "V", "I"): for "t" an array('d') of times, for the others a
        list with one array('d') per watched member, in the order given to
        monitor()."""
        names = names or ("t", "V", "I")
        width = len(self._monitored)
        flat = _samples("lif_batch_monitor_count", "lif_batch_copy_monitor",
                        self._handle, names, width)
        return tuple(a if name == "t" else [a[j::width] for j in range(width)]
                     for name, a in zip(names, flat))

    def clear_samples(self):
        """Forgets the monitor's samples; it goes on recording."""
        _check(lib.lif_batch_clear_monitor(self._handle),
               "lif_batch_clear_monitor")

    def _after_run(self, status, function):
        e, self._current_error = self._current_error, None
        spike_error, self._spike_error = self._spike_error, None
        if self._input is not None:
            self._input._raise_pending()
        for error in (e, spike_error):
            if error is not None:
                raise error
        _check(status, function)

    def step(self):
        self._after_run(self._run(lib.lif_batch_step), "lif_batch_step")

    def run(self, duration):
        self._after_run(self._run(lib.lif_batch_run, float(duration)),
                        "lif_batch_run")

    def run_currents(self, rows):
        """Runs one step per row; row k holds each member's own current
        for step k."""
        flat = [float(v) for row in rows for v in row]
        steps = len(flat) // self._n if self._n else 0
        if steps * self._n != len(flat):
            raise ValueError("every row must have one current per member")
        buf = (ctypes.c_double * max(len(flat), 1))(*flat)
        self._after_run(self._run(lib.lif_batch_run_currents, buf, steps),
                        "lif_batch_run_currents")

    def spikes(self):
        """Every recorded spike as (member, time) pairs, step by step and in
        time order within a step."""
        count = ctypes.c_size_t()
        _check(lib.lif_batch_spike_count(self._handle, ctypes.byref(count)),
               "lif_batch_spike_count")
        n = count.value
        idx = (ctypes.c_size_t * max(n, 1))()
        times = (ctypes.c_double * max(n, 1))()
        copied = ctypes.c_size_t()
        _check(lib.lif_batch_copy_spikes(self._handle, 0, idx, times, n,
                                         ctypes.byref(copied)),
               "lif_batch_copy_spikes")
        return list(zip(idx[:copied.value], times[:copied.value]))

    def spike_counts(self):
        """How many spikes each member fired, as a list."""
        out = (ctypes.c_size_t * self._n)()
        _check(lib.lif_batch_spike_counts(self._handle, out, self._n),
               "lif_batch_spike_counts")
        return list(out)

    def clear_spikes(self):
        _check(lib.lif_batch_clear_spikes(self._handle),
               "lif_batch_clear_spikes")

    def reset(self):
        _check(lib.lif_batch_reset(self._handle), "lif_batch_reset")

    def save_state(self):
        """The dynamic state (the clock, each member's V and refractory
        period) as bytes, for restore_state() on a batch of the same size
        configured the same way; not the parameters, inputs or spikes."""
        return _save_state("lif_batch_state_size", "lif_batch_save_state",
                           self._handle)

    def restore_state(self, state):
        """Restores bytes from save_state(); raises LifError (LIF_ESTATE)
        with nothing changed when they do not fit this batch."""
        _restore_state("lif_batch_restore_state", self._handle, state)

    def close(self):
        if self.__dict__.get("_handle") and self._handle.value is not None:
            lib.lif_batch_free(self._handle)
            self._handle = ctypes.c_void_p()

    def __del__(self):
        if lib is not None:
            self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
