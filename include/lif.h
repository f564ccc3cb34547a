/*
 * liblif: leaky integrate-and-fire neurons, correct and fast, for embedding.
 *
 * This is the one public header of liblif. It is plain C89 (and valid C99,
 * C11 and C++) but for the fixed-width integers of <stdint.h>, depends on
 * nothing but <stddef.h> and <stdint.h>, and exposes no struct layout:
 * every object is opaque and every value that crosses the ABI is a double,
 * an int, a size_t, a fixed-width integer (the generator's seeds), a
 * pointer or a function pointer, so that any FFI can call every function.
 */
#ifndef LIF_H
#define LIF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file lif.h
 * @brief The whole public API of liblif.
 *
 * Conventions that hold for every function below:
 * - A function that can fail returns an `int` status: #LIF_OK (0) on success
 *   or a negative #lif_status code. lif_strerror() turns a code into a
 *   message. liblif never prints, aborts or exits.
 * - A refused call changes nothing: the object and every output argument are
 *   left exactly as they were.
 * - The object a function works on comes first, results come last through
 *   pointers.
 * - Enumerations cross the ABI as `int`; an unknown value gives #LIF_EENUM.
 * - Callbacks take `void *user_data` as their last argument. They may call
 *   liblif freely on other objects. On the neuron or batch whose run called
 *   them, what only reads its parameters and settings (and a neuron's
 *   recorded spikes) answers as usual; every other function returns
 *   #LIF_EBUSY and changes nothing; lif_neuron_free() or lif_batch_free()
 *   stops the run, which frees the object and returns #LIF_ECANCELED. The
 *   Embedding page lists each function's answer.
 * - There is no global state: distinct objects may be used from distinct
 *   threads at the same time. One object must not be used from two threads at
 *   once, except inputs (#lif_input), which never change once created and may
 *   be shared and evaluated from any number of threads.
 */

/* ------------------------------------------------------------------------ */
/** @defgroup version Versions
 *  @brief The release this header belongs to, at compile time and run time.
 *  @{
 */

/** @brief Major release number: changes when the API or ABI breaks.
 *  @since 0.1.0 */
#define LIF_VERSION_MAJOR 0
/** @brief Minor release number: changes when features are added.
 *  @since 0.1.0 */
#define LIF_VERSION_MINOR 1
/** @brief Patch release number: changes for fixes only.
 *  @since 0.1.0 */
#define LIF_VERSION_PATCH 0
/** @brief The release as a string, `"MAJOR.MINOR.PATCH"`.
 *  @since 0.1.0 */
#define LIF_VERSION_STRING "0.1.0"
/** @brief The release as one number, `0xMMmmpp` (major, minor, patch), for
 *  comparisons such as `#if LIF_VERSION_HEX >= 0x000200`.
 *  @since 0.1.0 */
#define LIF_VERSION_HEX                                                       \
  ((LIF_VERSION_MAJOR << 16) | (LIF_VERSION_MINOR << 8) | LIF_VERSION_PATCH)

/** @cond LIF_INTERNAL */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(LIF_BUILDING)
#define LIF_API __declspec(dllexport)
#else
#define LIF_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define LIF_API __attribute__ ((visibility ("default")))
#else
#define LIF_API
#endif
/** @endcond */

/**
 * @brief The release of the library loaded at run time, as #LIF_VERSION_HEX
 * encodes it.
 *
 * Compare it with #LIF_VERSION_HEX to find out whether the program runs
 * against the release it was compiled with.
 * @return `(major << 16) | (minor << 8) | patch`.
 * @since 0.1.0
 */
LIF_API unsigned int lif_version (void);

/**
 * @brief The release of the library loaded at run time, as a string.
 * @return A static string such as `"0.1.0"`; never NULL, never to be freed.
 * @since 0.1.0
 */
LIF_API const char *lif_version_string (void);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup errors Status codes
 *  @brief What every fallible function returns.
 *
 *  The values are fixed forever and new codes are only appended, so a
 *  binding may hard-code them. The comment after each code is the exact
 *  message lif_strerror() returns for it.
 *  @{
 */

/**
 * @brief Status codes: #LIF_OK is success, every error is negative.
 *
 * Added since 0.1.0 (the message comment of a code has no room for its own
 * tag): #LIF_EBUSY, #LIF_ECANCELED and #LIF_ESTATE in 0.2.0.
 * @since 0.1.0
 */
/* The codes stay one per line: lib/error-table.awk reads them. */
/* clang-format off */
enum lif_status {
  LIF_OK = 0,           /**< success */
  LIF_EINVAL = -1,      /**< invalid argument: NaN, infinity or value out of range */
  LIF_ENULL = -2,       /**< a required pointer argument is NULL */
  LIF_ENOMEM = -3,      /**< out of memory */
  LIF_EENUM = -4,       /**< unknown stepper, timing mode, parameter or interpolation */
  LIF_ETHRESHOLD = -5,  /**< the threshold V_th must be above the reset potential V_reset */
  LIF_EINPUT = -6,      /**< the input current is NaN or infinite */
  LIF_EUNSTABLE = -7,   /**< the time step is too large: the stepper is unstable at this dt/tau */
  LIF_EDIVERGED = -8,   /**< the membrane potential became NaN or infinite */
  LIF_ESPIKELIMIT = -9, /**< more spikes in one time step than the spike limit allows */
  LIF_EOVERFLOW = -10,  /**< a duration, count or size is too large to represent */
  LIF_EORDER = -11,     /**< table times are not strictly increasing */
  LIF_EBREAKPOINTS = -12, /**< more input breakpoints inside one time step than liblif splits a step at (2^20) */
  LIF_EBUSY = -13,      /**< the neuron or batch is running: one of its callbacks called a function that would change it or read its state */
  LIF_ECANCELED = -14,  /**< the run stopped before its end: its progress callback asked, or the neuron or batch was freed from a callback */
  LIF_ESTATE = -15,     /**< a saved state does not fit this object: another format, byte order, size, member count or dt, or values out of range */
  LIF_EEVENTS = -16     /**< an event-driven run needs an input known in closed form: a callback or noise needs time steps */
};
/* clang-format on */

/**
 * @brief The message for a status code.
 * @param status A value returned by a liblif function.
 * @return A static, human-readable sentence (the comments of #lif_status);
 *         `"unknown status code"` for a value that is not a #lif_status.
 *         Never NULL, never to be freed.
 * @since 0.1.0
 */
LIF_API const char *lif_strerror (int status);

/**
 * @brief The name of a status code, such as `"LIF_EINVAL"`.
 * @param status A value returned by a liblif function.
 * @return A static string, or NULL when @p status is not a #lif_status (so a
 *         binding can enumerate the codes from 0 downwards until NULL).
 * @since 0.1.0
 */
LIF_API const char *lif_error_name (int status);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup choices Steppers, timing modes and parameters
 *  @brief The enumerations a neuron is configured with.
 *
 *  Each enumeration is append-only and starts at 0; its `_name` function
 *  returns NULL past the last value, so a binding can list them all.
 *  @{
 */

/**
 * @brief The integration methods (see the Numerics page for the formulas).
 *
 * All of them are exact rewrites of the textbook method for the linear LIF
 * equation: each step maps V to `g V + sum_j w_j (E_L + R I(t_j))` with
 * weights fixed by the step length.
 * @since 0.1.0
 */
enum lif_stepper
{
  /** Forward Euler, first order; samples I at the start of the step. Stable
   *  for dt < 2 tau. */
  LIF_STEPPER_EULER = 0,
  /** Heun's method (explicit trapezoid, RK2), second order; samples I at
   *  both ends of the step. Stable for dt < 2 tau. */
  LIF_STEPPER_HEUN = 1,
  /** Classical Runge-Kutta, fourth order; samples I at the start, middle and
   *  end of the step. Stable for dt < 2.785 tau. */
  LIF_STEPPER_RK4 = 2,
  /** Exponential integration: V after each step is the exact solution for
   *  every built-in input and their sums (the step takes the input's mean
   *  over it, weighted as the membrane weighs it, in closed form; jumps end
   *  a step). A callback is sampled at the middle of the step, second
   *  order. Stable for every dt. The default. */
  LIF_STEPPER_EXACT = 3
};

/**
 * @brief Where spike times are placed.
 * @since 0.1.0
 */
enum lif_timing
{
  /** A spike is recorded at the end of the step in which V reached V_th,
   *  and V is reset there: the teaching notebook's and Brian2's behaviour.
   *  Spike times are multiples of dt (first-order accurate). */
  LIF_TIMING_GRID = 0,
  /** The crossing time is located inside the step from the stepper's own
   *  solution (linear for Euler, cubic Hermite for Heun and RK4, the
   *  closed-form root for exact), V is reset at that time, the refractory
   *  period starts there and the rest of the step is integrated. Every spike
   *  inside a step is found. Spike times then converge at the stepper's
   *  order. The exact stepper's are exact under every built-in input, and
   *  none is missed even where V rises above V_th and falls back inside
   *  one step. The default. */
  LIF_TIMING_PRECISE = 1
};

/**
 * @brief How a table input (lif_input_new_table()) is read between samples.
 * @since 0.1.0
 */
enum lif_interpolation
{
  /** I(t) is the value of the last sample at or before t (piecewise
   *  constant, right-continuous). */
  LIF_INTERP_STEP = 0,
  /** I(t) is linearly interpolated between the two samples around t. */
  LIF_INTERP_LINEAR = 1
};

/**
 * @brief The parameters and state variables of a neuron, for lif_neuron_set()
 * and lif_neuron_get().
 *
 * Any consistent set of units works: with mV, ms, nA, MOhm and nF (MOhm x nA
 * = mV, MOhm x nF = ms) the defaults below are a typical cortical neuron.
 * The model is `tau dV/dt = -(V - E_L) + R (I(t) + I_bias)`, `tau = R C`;
 * when V reaches V_th a spike is emitted, V is set to V_reset and held there
 * for t_ref.
 * @since 0.1.0
 */
enum lif_param
{
  /** Membrane resistance R, > 0. Default 10 (MOhm). Setting R keeps C, so
   *  tau becomes R C. */
  LIF_PARAM_R = 0,
  /** Membrane capacitance C, > 0. Default 1 (nF). Setting C keeps R, so tau
   *  becomes R C. */
  LIF_PARAM_C = 1,
  /** Membrane time constant tau = R C, > 0. Default 10 (ms). Setting tau
   *  keeps R and sets C = tau / R. */
  LIF_PARAM_TAU = 2,
  /** Resting (leak reversal) potential E_L. Default -65 (mV). Setting it
   *  moves neither V nor V_0. */
  LIF_PARAM_E_L = 3,
  /** Firing threshold V_th, > V_reset. Default -50 (mV). */
  LIF_PARAM_V_TH = 4,
  /** Reset potential V_reset, < V_th. Default -65 (mV). */
  LIF_PARAM_V_RESET = 5,
  /** Absolute refractory period t_ref, >= 0. Default 0 (ms). */
  LIF_PARAM_T_REF = 6,
  /** Initial potential V_0: the V that lif_neuron_new() and
   *  lif_neuron_reset() start from. Default -65 (mV). */
  LIF_PARAM_V_0 = 7,
  /** Constant bias current I_bias, added to the input current. Default 0
   *  (nA). */
  LIF_PARAM_I_BIAS = 8,
  /** State: the membrane potential V now. Default V_0. */
  LIF_PARAM_V = 9,
  /** State: the simulation time t now. Default 0 (ms). */
  LIF_PARAM_T = 10,
  /** Integration time step dt, > 0. Default 0.1 (ms). */
  LIF_PARAM_DT = 11,
  /** State: the refractory time left, >= 0 (0 when the neuron is not
   *  refractory). Default 0. A spike sets it to t_ref; it then falls as
   *  time passes.
   *
   *  Precise timing holds V until t + ref_left: reading gives that end
   *  minus t, setting a value v > 0 ends the period at t + v (t + v must
   *  be finite), and 0 ends it now.
   *
   *  Grid timing holds whole steps: reading gives the whole steps still
   *  held times dt (just after a spike, t_ref rounded up to whole steps,
   *  then dt less after each step); setting v holds the next v / dt steps,
   *  rounded up as t_ref is (a whole number of steps up to rounding is that number), so
   *  that reading it back gives that whole number of steps times dt.
   *
   *  Either way the period's end time t + v is kept too, so that switching
   *  the timing mode later holds until it, as after a spike.
   *  @since 0.2.0 */
  LIF_PARAM_REF_LEFT = 12
};

/**
 * @brief The name of a stepper: `"euler"`, `"heun"`, `"rk4"` or `"exact"`.
 * @param stepper A #lif_stepper value.
 * @return A static string, or NULL when @p stepper is not a #lif_stepper.
 * @since 0.1.0
 */
LIF_API const char *lif_stepper_name (int stepper);

/**
 * @brief The name of a timing mode: `"grid"` or `"precise"`.
 * @param timing A #lif_timing value.
 * @return A static string, or NULL when @p timing is not a #lif_timing.
 * @since 0.1.0
 */
LIF_API const char *lif_timing_name (int timing);

/**
 * @brief The name of an interpolation: `"step"` or `"linear"`.
 * @param interpolation A #lif_interpolation value.
 * @return A static string, or NULL when @p interpolation is not a
 *         #lif_interpolation.
 * @since 0.1.0
 */
LIF_API const char *lif_interpolation_name (int interpolation);

/**
 * @brief The short name of a parameter, as the model writes it: `"R"`,
 * `"C"`, `"tau"`, `"E_L"`, `"V_th"`, `"V_reset"`, `"t_ref"`, `"V_0"`,
 * `"I_bias"`, `"V"`, `"t"`, `"dt"` or `"ref_left"`.
 * @param param A #lif_param value.
 * @return A static string, or NULL when @p param is not a #lif_param.
 * @since 0.1.0
 */
LIF_API const char *lif_param_name (int param);

/**
 * @brief The variables a state monitor records at each sample, for
 * lif_neuron_copy_monitor() and lif_batch_copy_monitor().
 *
 * Later releases append variables (synaptic and noise state); a binding
 * lists them with lif_record_name().
 * @since 0.2.0
 */
enum lif_record
{
  /** The sample's time: a grid time t0 + n dt. One value a sample. */
  LIF_RECORD_T = 0,
  /** The membrane potential V at the sample's time (after a reset, if
   *  the step ended on a spike), as lif_neuron_run_trace() records it. */
  LIF_RECORD_V = 1,
  /** The input current I(t) + I_bias at the sample's time (the value
   *  after any jump there), as lif_neuron_run_trace() records it. For a
   *  batch, the shared input plus the member's bias: the members' own
   *  per-step currents (lif_batch_run_currents(), a current callback) are
   *  not in it, since those of the step after a sample are not known when
   *  it is taken; the host that supplies them has them. */
  LIF_RECORD_I = 2
};

/**
 * @brief The name of a recorded variable: `"t"`, `"V"` or `"I"`.
 * @param record A #lif_record value.
 * @return A static string, or NULL when @p record is not a #lif_record.
 * @since 0.2.0
 */
LIF_API const char *lif_record_name (int record);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup inputs Input currents
 *  @brief Immutable objects that say what current I(t) a neuron receives.
 *
 *  An input is created once and never changes. Built-in inputs are evaluated
 *  inside liblif without a function call per step, and those with jumps
 *  (pulses, steps, tables, exponential onsets) report them as breakpoints:
 *  the steppers end a step at every breakpoint and continue from it, so
 *  every built-in input is integrated exactly by the exact stepper and RK4
 *  keeps its order across edges.
 *
 *  Ownership: you own every input you create and free it with
 *  lif_input_free() when you no longer need your handle. Whatever uses an
 *  input (a neuron, a sum) keeps it alive on its own, so you may free your
 *  handle right after lif_neuron_set_input() or lif_input_new_sum().
 *  @{
 */

/** @brief An input current I(t). Opaque, immutable, thread-safe.
 *  @since 0.1.0 */
typedef struct lif_input lif_input;

/**
 * @brief A user-supplied input current.
 *
 * It must return the current at time @p t and behave as a function of t:
 * liblif may call it more than once with the same t, in any order within a
 * step, and reuses the value at the end of a step for the start of the next.
 * Return NaN (or an infinity) to stop a run: the run then returns
 * #LIF_EINPUT and keeps everything computed before that sample.
 * @param t         Time, in the neuron's time unit.
 * @param user_data The pointer given to lif_input_new_callback().
 * @return The current, in the neuron's current unit.
 * @since 0.1.0
 */
typedef double (*lif_current_fn) (double t, void *user_data);

/**
 * @brief A constant current: I(t) = @p value.
 * @param value  The current; finite.
 * @param[out] input Receives the new input, to be freed with lif_input_free().
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p input is NULL.
 * @retval LIF_EINVAL @p value is NaN or infinite.
 * @retval LIF_ENOMEM Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_constant (double value, lif_input **input);

/**
 * @brief A rectangular pulse: @p amplitude on [@p onset, @p onset +
 * @p duration), 0 elsewhere.
 * @param amplitude The current during the pulse; finite.
 * @param onset     When the pulse starts; finite.
 * @param duration  How long it lasts; finite and >= 0 (0 gives no pulse).
 *                  An infinite duration is not accepted: use a constant.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input is NULL.
 * @retval LIF_EINVAL  An argument is NaN, infinite or out of range.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_pulse (double amplitude, double onset,
                                 double duration, lif_input **input);

/**
 * @brief A train of rectangular pulses: @p amplitude on [@p onset + k
 * @p period, @p onset + k @p period + @p width) for k = 0, 1, ...,
 * @p count - 1, and 0 elsewhere.
 * @param amplitude The current during each pulse; finite.
 * @param onset     When the first pulse starts; finite.
 * @param width     How long each pulse lasts; finite, > 0 and <= @p period.
 * @param period    Time from one pulse's start to the next one's; finite, > 0.
 * @param count     How many pulses; 0 means an endless train.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input is NULL.
 * @retval LIF_EINVAL  An argument is NaN, infinite or out of range.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_pulse_train (double amplitude, double onset,
                                       double width, double period,
                                       size_t count, lif_input **input);

/**
 * @brief A sine wave: I(t) = @p offset + @p amplitude sin(2 pi @p frequency t
 * + @p phase).
 * @param offset    Mean current; finite.
 * @param amplitude Amplitude; finite, with |@p offset| + |@p amplitude|
 *                  finite too, so that every value of the sine is.
 * @param frequency Frequency in cycles per time unit (kHz when t is in ms);
 *                  finite and >= 0.
 * @param phase     Phase in radians; finite.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input is NULL.
 * @retval LIF_EINVAL  An argument is NaN, infinite or out of range.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_sine (double offset, double amplitude,
                                double frequency, double phase,
                                lif_input **input);

/**
 * @brief An exponentially decaying current: 0 before @p onset, then
 * I(t) = @p peak exp(-(t - @p onset) / @p tau).
 * @param peak  The current at the onset; finite.
 * @param tau   Decay time constant; finite and > 0.
 * @param onset When the current switches on; finite. It is a breakpoint.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input is NULL.
 * @retval LIF_EINVAL  An argument is NaN, infinite or out of range.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_exp_decay (double peak, double tau, double onset,
                                     lif_input **input);

/**
 * @brief A current given by samples (t_k, I_k), read by step or linear
 * interpolation.
 *
 * The arrays are copied: you may change or free them after the call. Before
 * the first sample the first value holds, after the last sample the last
 * value holds. Every sample time is a breakpoint.
 * @param times         @p n sample times, finite and strictly increasing.
 * @param values        @p n currents, finite.
 * @param n             Number of samples, >= 1.
 * @param interpolation A #lif_interpolation value.
 * @param[out] input    Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p times, @p values or @p input is NULL.
 * @retval LIF_EINVAL  @p n is 0, or a time or value is NaN or infinite.
 * @retval LIF_EORDER  The times are not strictly increasing.
 * @retval LIF_EENUM   @p interpolation is not a #lif_interpolation.
 * @retval LIF_EOVERFLOW @p n is too large to allocate.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_table (const double *times, const double *values,
                                 size_t n, int interpolation,
                                 lif_input **input);

/**
 * @brief The weighted sum of other inputs: I(t) = sum_k weights[k] I_k(t).
 *
 * The sum keeps its terms alive: you may free your handles to them after the
 * call. The weights are copied. Its breakpoints are all its terms'. A sum
 * among @p terms is flattened into the new sum (its terms become the new
 * sum's terms), so sums never nest, and a sum holds at most 2^20 terms.
 * @param terms   @p n inputs, none NULL.
 * @param weights @p n finite weights, or NULL for all weights 1.
 * @param n       Number of terms, >= 1.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p terms, one of its elements, or @p input is NULL.
 * @retval LIF_EINVAL  @p n is 0, a weight is NaN or infinite, or the terms
 *                     hold Ornstein-Uhlenbeck currents of different time
 *                     constants.
 * @retval LIF_EOVERFLOW The sum would have more than 2^20 terms once the
 *                     sums among @p terms are flattened into it.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_sum (lif_input *const *terms, const double *weights,
                               size_t n, lif_input **input);

/**
 * @brief A current computed by your own function.
 *
 * liblif stores @p fn and @p user_data; @p user_data must stay valid, and
 * @p fn callable, as long as any neuron or sum uses the input. A callback is
 * assumed continuous (it has no breakpoints); it is called from whichever
 * thread runs the neuron.
 * @param fn        The current as a function of time.
 * @param user_data Passed to @p fn unchanged; may be NULL.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p fn or @p input is NULL.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_input_new_callback (lif_current_fn fn, void *user_data,
                                    lif_input **input);

/**
 * @brief A white-noise current: I(t) = @p mean + @p sigma xi(t).
 *
 * xi is unit Gaussian white noise, <xi(t) xi(t')> = delta(t - t') with the
 * delta in 1/ms, so @p sigma is in nA ms^(1/2) and the noise a neuron
 * feels does not depend on dt. A neuron of membrane resistance R and time
 * constant tau under it alone has the free stationary standard deviation
 * R @p sigma / sqrt(2 tau): lif_neuron_siegert_rate() takes the same
 * sigma. The conversions from other conventions are on the Noise page.
 *
 * The draws come from the neuron's or batch's generator
 * (lif_neuron_set_seed(), lif_batch_set_seed()), one series per
 * (@p channel, @p shared) source: two noise inputs with the same channel
 * and sharing are the same noise (in a sum their sigmas add), inputs of
 * different channels are independent. With @p shared 0 every neuron, and
 * every batch member, draws its own noise from its stream; with 1 every
 * neuron with the same seed draws the same noise, whatever its stream:
 * common input. lif_input_eval() gives the mean.
 * @param mean    The mean current; finite.
 * @param sigma   The noise's strength; finite and >= 0.
 * @param channel Which source, 0 to 32767.
 * @param shared  0: each neuron its own noise; 1: the same for all.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input is NULL.
 * @retval LIF_EINVAL  An argument is NaN, infinite or out of range.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.2.0
 */
LIF_API int lif_input_new_white_noise (double mean, double sigma,
                                       unsigned int channel, int shared,
                                       lif_input **input);

/**
 * @brief An Ornstein-Uhlenbeck current: I(t) = @p mean + eta(t).
 *
 * eta is Gaussian with mean 0, standard deviation @p sigma (nA) and
 * correlation time @p tau: <eta(t) eta(t')> = @p sigma^2
 * exp(-|t - t'| / @p tau), the current that filtered synaptic noise
 * gives. It obeys d eta = -eta / @p tau dt + @p sigma sqrt(2 / @p tau) dW.
 * A neuron of membrane resistance R and time constant tau_m under it
 * alone has the free stationary standard deviation
 * R @p sigma sqrt(@p tau / (tau_m + @p tau)).
 *
 * eta is a state variable of the neuron (of each batch member): it starts
 * at 0 (the current at its mean), carries over from run to run, is saved
 * with lif_neuron_save_state() and copied by lif_neuron_clone(), and goes
 * back to 0 on reset and whenever the neuron's input is set. The exact
 * stepper moves V and eta together by their exact joint Gaussian step at
 * any dt; the other steppers move eta exactly and see the current at their
 * nodes (the Noise page).
 *
 * Draws, sources and sharing are as for lif_input_new_white_noise(); a
 * white-noise source and an Ornstein-Uhlenbeck source of the same channel
 * are independent. A sum may hold any number of Ornstein-Uhlenbeck sources
 * of one time constant. lif_input_eval() gives the mean.
 * @param mean    The mean current; finite.
 * @param sigma   The stationary standard deviation; finite and >= 0.
 * @param tau     The correlation time (ms); finite and > 0.
 * @param channel Which source, 0 to 32767.
 * @param shared  0: each neuron its own noise; 1: the same for all.
 * @param[out] input Receives the new input.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input is NULL.
 * @retval LIF_EINVAL  An argument is NaN, infinite or out of range.
 * @retval LIF_ENOMEM  Out of memory.
 * @since 0.2.0
 */
LIF_API int lif_input_new_ou_noise (double mean, double sigma, double tau,
                                    unsigned int channel, int shared,
                                    lif_input **input);

/**
 * @brief Releases your handle to an input.
 *
 * The input itself lives on while a neuron or a sum still uses it.
 * @param input The input, or NULL (then nothing happens).
 * @since 0.1.0
 */
LIF_API void lif_input_free (lif_input *input);

/**
 * @brief Evaluates an input: the current at time @p t.
 *
 * At a jump the value after the jump is returned (inputs are
 * right-continuous).
 * @param input The input.
 * @param t     Time; finite.
 * @param[out] current Receives I(t).
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input or @p current is NULL.
 * @retval LIF_EINVAL  @p t is NaN or infinite.
 * @retval LIF_EINPUT  The value is NaN or infinite (a callback returned
 *                     garbage, or a sum overflowed); @p current is unchanged.
 * @since 0.1.0
 */
LIF_API int lif_input_eval (const lif_input *input, double t, double *current);

/**
 * @brief The first breakpoint (jump or kink) of an input strictly after @p t.
 * @param input The input.
 * @param t     Time; finite.
 * @param[out] breakpoint Receives the breakpoint, or +infinity when there is
 *             none after @p t.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p input or @p breakpoint is NULL.
 * @retval LIF_EINVAL  @p t is NaN or infinite.
 * @since 0.1.0
 */
LIF_API int lif_input_next_breakpoint (const lif_input *input, double t,
                                       double *breakpoint);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup neuron Neurons
 *  @brief One leaky integrate-and-fire neuron: create, configure, run, read.
 *
 *  Time is kept as t0 + n dt with an integer step count n, never by adding
 *  dt up, so grid times and refractory periods are exact multiples of dt.
 *  @{
 */

/** @brief One LIF neuron: parameters, state, input and recorded spikes.
 *  Opaque; not to be used from two threads at once.
 *  @since 0.1.0 */
typedef struct lif_neuron lif_neuron;

/**
 * @brief Called for every spike, in time order, while a neuron runs.
 * @param t         The spike time.
 * @param user_data The pointer given to lif_neuron_set_spike_callback().
 * @since 0.1.0
 */
typedef void (*lif_spike_fn) (double t, void *user_data);

/**
 * @brief Called during long runs, between steps, to report progress and to
 * let the host stop the run.
 *
 * It is called after every `every` whole steps of a run (counted from the
 * run's start, see lif_neuron_set_progress_callback()), on the thread that
 * called the run, but never after a run's last whole step. There the state
 * is whole: lif_neuron_get() and lif_batch_get() of V and t answer, as do a
 * batch's spike functions (every spike up to @p t) and the monitor's
 * (lif_neuron_copy_monitor(), lif_batch_copy_monitor(): every sample up to
 * @p t); every other call on the running object is as for any callback
 * (see the conventions at the top).
 * @param t         The time the run has reached.
 * @param t_end     The time the run ends at.
 * @param user_data The pointer given with the callback.
 * @return 0 to go on; anything else stops the run there: it returns
 *         #LIF_ECANCELED with the object at @p t, every spike before it
 *         recorded, and a later run goes on from there.
 * @since 0.2.0
 */
typedef int (*lif_progress_fn) (double t, double t_end, void *user_data);

/**
 * @brief Creates a neuron with the default parameters (see #lif_param), the
 * exact stepper, precise spike timing, no input current, t = 0 and V = V_0.
 * @param[out] neuron Receives the new neuron, to be freed with
 *             lif_neuron_free().
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron is NULL.
 * @retval LIF_ENOMEM Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_neuron_new (lif_neuron **neuron);

/**
 * @brief Frees a neuron, its recorded spikes and samples, and its hold on
 * its input.
 * @param neuron The neuron, or NULL (then nothing happens).
 * @since 0.1.0
 */
LIF_API void lif_neuron_free (lif_neuron *neuron);

/**
 * @brief Makes an independent copy of a neuron: parameters, stepper, timing,
 * state, input, spike callback, recorded spikes, and its monitor
 * (lif_neuron_set_monitor()) with its samples.
 *
 * Use it for parameter sweeps, or to set up a neuron to restore a saved
 * state into (lif_neuron_save_state() saves a checkpoint in bytes, for any
 * neuron configured the same way). The clone shares the input
 * (inputs are immutable) and the spike callback's @p user_data pointer.
 * @param neuron The neuron to copy.
 * @param[out] clone Receives the copy, to be freed with lif_neuron_free().
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p clone is NULL.
 * @retval LIF_ENOMEM Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_neuron_clone (const lif_neuron *neuron, lif_neuron **clone);

/**
 * @brief Resets the state: t = 0, V = V_0, no refractory period, no recorded
 * spikes or monitor samples. Parameters, stepper, timing, input, callbacks
 * and the monitor's setting stay.
 * @param neuron The neuron.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_reset (lif_neuron *neuron);

/**
 * @brief Sets one parameter or state variable.
 *
 * The value is checked first and the neuron is left unchanged when it is
 * refused. Setting #LIF_PARAM_T moves the clock (a refractory period keeps
 * its remaining length, to the clock's resolution at the new time, and a
 * move that would lose it to rounding is refused); setting #LIF_PARAM_DT
 * takes effect from the next step.
 * @param neuron The neuron.
 * @param param  A #lif_param value.
 * @param value  The new value, in the units documented with #lif_param.
 * @retval LIF_OK         Success.
 * @retval LIF_ENULL      @p neuron is NULL.
 * @retval LIF_EENUM      @p param is not a #lif_param.
 * @retval LIF_EINVAL     @p value is NaN, infinite or out of range (R, C,
 *                        tau, dt must be > 0, t_ref and ref_left >= 0; R C
 *                        must be a positive finite number; t + ref_left
 *                        must be finite, and when t is set during a
 *                        refractory period, its new end must be finite and
 *                        after the new t).
 * @retval LIF_ETHRESHOLD V_th would not be above V_reset.
 * @since 0.1.0
 */
LIF_API int lif_neuron_set (lif_neuron *neuron, int param, double value);

/**
 * @brief Sets several parameters at once, all or nothing.
 *
 * The values are applied in order to a copy, as lif_neuron_set() would, but
 * V_th > V_reset is only required of the final result, so a threshold and a
 * reset can move together past each other. Nothing changes unless every
 * value is accepted.
 * @param neuron The neuron.
 * @param params @p count #lif_param values.
 * @param values @p count values.
 * @param count  Number of parameters; 0 does nothing.
 * @retval LIF_OK         Success.
 * @retval LIF_ENULL      @p neuron is NULL, or @p count > 0 and @p params or
 *                        @p values is NULL.
 * @retval LIF_EENUM, LIF_EINVAL, LIF_ETHRESHOLD As lif_neuron_set().
 * @since 0.1.0
 */
LIF_API int lif_neuron_set_many (lif_neuron *neuron, const int *params,
                                 const double *values, size_t count);

/**
 * @brief Reads one parameter or state variable.
 * @param neuron The neuron.
 * @param param  A #lif_param value.
 * @param[out] value Receives the value.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p value is NULL.
 * @retval LIF_EENUM @p param is not a #lif_param.
 * @since 0.1.0
 */
LIF_API int lif_neuron_get (const lif_neuron *neuron, int param,
                            double *value);

/**
 * @brief Chooses the integration method.
 * @param neuron  The neuron.
 * @param stepper A #lif_stepper value. Default #LIF_STEPPER_EXACT.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @retval LIF_EENUM @p stepper is not a #lif_stepper.
 * @since 0.1.0
 */
LIF_API int lif_neuron_set_stepper (lif_neuron *neuron, int stepper);

/**
 * @brief Reads the integration method.
 * @param neuron The neuron.
 * @param[out] stepper Receives a #lif_stepper value.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p stepper is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_get_stepper (const lif_neuron *neuron, int *stepper);

/**
 * @brief Chooses how spike times are placed.
 *
 * Switching during a refractory period keeps the period's end time.
 * @param neuron The neuron.
 * @param timing A #lif_timing value. Default #LIF_TIMING_PRECISE.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @retval LIF_EENUM @p timing is not a #lif_timing.
 * @since 0.1.0
 */
LIF_API int lif_neuron_set_timing (lif_neuron *neuron, int timing);

/**
 * @brief Reads how spike times are placed.
 * @param neuron The neuron.
 * @param[out] timing Receives a #lif_timing value.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p timing is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_get_timing (const lif_neuron *neuron, int *timing);

/**
 * @brief Bounds the number of spikes one time step may contain.
 *
 * With t_ref = 0 and a strong current, precise timing can find very many
 * spikes inside one step; past this limit the run stops with
 * #LIF_ESPIKELIMIT instead of running on (every spike found until then is
 * kept). Grid timing never has more than one spike per step.
 * @param neuron The neuron.
 * @param limit  Spikes per step, >= 1. Default 1000.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron is NULL.
 * @retval LIF_EINVAL @p limit is 0.
 * @since 0.1.0
 */
LIF_API int lif_neuron_set_spike_limit (lif_neuron *neuron, size_t limit);

/**
 * @brief Reads the bound on spikes per time step.
 * @param neuron The neuron.
 * @param[out] limit Receives the limit.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p limit is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_get_spike_limit (const lif_neuron *neuron,
                                        size_t *limit);

/**
 * @brief Sets where the neuron's noise comes from: the generator's seed and
 * the neuron's stream.
 *
 * liblif's noise (lif_input_new_white_noise()) comes from a counter-based
 * generator (Philox4x32-10): every draw is a function of the seed, the
 * stream, the noise source and the step it belongs to, nothing else. So a
 * run gives the same bits however it is cut into runs and steps, a neuron
 * with stream s draws what member s of a batch with the same seed and
 * first stream 0 draws, and lif_neuron_reset() (which sets t back to its
 * start) starts the same noise again. Neurons with different streams, or
 * different seeds, draw independent noise; a lif_neuron_clone() keeps both,
 * so it draws the same noise as its original until you give it another
 * stream. Defaults: seed 0, stream 0.
 * @param neuron The neuron.
 * @param seed   Any 64-bit value.
 * @param stream Any 32-bit value.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @retval LIF_EBUSY Called from one of the neuron's callbacks.
 * @since 0.2.0
 */
LIF_API int lif_neuron_set_seed (lif_neuron *neuron, uint64_t seed,
                                 uint32_t stream);

/**
 * @brief Reads the neuron's seed and stream (lif_neuron_set_seed()).
 * @param neuron The neuron.
 * @param[out] seed   Receives the seed.
 * @param[out] stream Receives the stream.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL An argument is NULL.
 * @since 0.2.0
 */
LIF_API int lif_neuron_get_seed (const lif_neuron *neuron, uint64_t *seed,
                                 uint32_t *stream);

/**
 * @brief Sets the input current. The bias current #LIF_PARAM_I_BIAS is
 * added to it.
 *
 * The neuron keeps the input alive: you may lif_input_free() your handle
 * right after this call.
 * @param neuron The neuron.
 * @param input  The input; one input may drive any number of neurons.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p input is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_set_input (lif_neuron *neuron, lif_input *input);

/**
 * @brief Removes the input current: from now on the neuron receives only its
 * bias current.
 * @param neuron The neuron.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_clear_input (lif_neuron *neuron);

/**
 * @brief Sets the function called for every spike, in time order, during
 * runs.
 * @param neuron    The neuron.
 * @param fn        The callback, or NULL for none. What it may call on
 *                  this neuron is said in the conventions at the top.
 * @param user_data Passed to @p fn unchanged; may be NULL.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_set_spike_callback (lif_neuron *neuron, lif_spike_fn fn,
                                           void *user_data);

/**
 * @brief Sets the function called every @p every steps of a run, to report
 * progress or stop the run (see #lif_progress_fn).
 *
 * A run with a progress callback is taken in pieces of @p every steps. It
 * gives the same spikes and V as the same run made by as many calls of
 * lif_neuron_run() of @p every steps each: equal to one uncut run to
 * rounding (a relative 1e-12), not always bit for bit. Without a callback
 * (the default) and without a monitor (lif_neuron_set_monitor()) runs are
 * not cut. A few million steps a call keep the cost
 * of the calls unmeasurable and still call back many times a second.
 * @param neuron    The neuron.
 * @param fn        The callback, or NULL for none.
 * @param every     Steps between calls, >= 1 (ignored when @p fn is NULL).
 * @param user_data Passed to @p fn unchanged; may be NULL.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron is NULL.
 * @retval LIF_EINVAL @p fn is not NULL and @p every is 0.
 * @since 0.2.0
 */
LIF_API int lif_neuron_set_progress_callback (lif_neuron *neuron,
                                              lif_progress_fn fn, size_t every,
                                              void *user_data);

/**
 * @brief Advances the neuron by one time step dt, from one grid time
 * t0 + n dt to the next.
 *
 * After a run that ended between grid times (see lif_neuron_run()) the step
 * is the rest of the step under way: it ends at the next grid time.
 * @param neuron The neuron.
 * @retval LIF_OK          Success.
 * @retval LIF_ENULL       @p neuron is NULL.
 * @retval LIF_EUNSTABLE   dt/tau is beyond the stepper's stability limit
 *                         (nothing was done).
 * @retval LIF_EINPUT      The input current was NaN or infinite.
 * @retval LIF_EDIVERGED   V would have become NaN or infinite.
 * @retval LIF_ESPIKELIMIT More spikes in the step than the spike limit.
 * @retval LIF_ENOMEM      No memory to record a spike.
 * @retval LIF_EOVERFLOW   The step count would overflow, or the clock would
 *                         pass the largest double: time is read as
 *                         t0 + n dt from the last time t was set, and both
 *                         n dt and that sum must stay finite (set t to
 *                         restart the count); under white noise, n would
 *                         pass 2^45.
 * @retval LIF_EBREAKPOINTS The input has more than 2^20 breakpoints inside
 *                         one step (a pulse train far finer than dt, say).
 *
 * On an error the neuron stays at the last consistent point before the
 * fault: its time, V and every spike found up to there are kept and
 * readable, and the run can be resumed once the cause is removed.
 * @since 0.1.0
 */
LIF_API int lif_neuron_step (lif_neuron *neuron);

/**
 * @brief Advances the neuron by @p duration.
 *
 * Time is never lost, and the grid never moves: the run takes whole steps
 * of dt on the grid t0 + n dt (t0 is where t was last set) and, when the
 * duration does not end on a grid time, one shorter step that ends exactly
 * at t + @p duration, between two grid times; the next run first finishes
 * that step, up to the next grid time, and goes on on the grid. A run of
 * any positive duration, however small, moves t by it (a million runs of a
 * millionth of a step move t by one step). A duration that is a whole
 * number of steps up to rounding (a few ulps) is that number of steps, so
 * 100 / 0.01 is exactly 10000 steps.
 * @param neuron   The neuron.
 * @param duration How long to run; finite and >= 0.
 * @retval LIF_OK         Success.
 * @retval LIF_EINVAL     @p duration is NaN, infinite or negative, or is
 *                        positive but too short for t to change at its
 *                        present magnitude (t + duration == t: at t = 1e17,
 *                        anything below 8), which would otherwise silently
 *                        run nothing.
 * @retval LIF_EOVERFLOW  @p duration / dt steps do not fit the step count,
 *                        or the run would end beyond the largest double
 *                        (as for lif_neuron_step()).
 * @retval others         As lif_neuron_step(), with the same guarantees.
 * @since 0.1.0
 */
LIF_API int lif_neuron_run (lif_neuron *neuron, double duration);

/**
 * @brief Advances the neuron by @p steps whole steps, recording after each
 * step into your arrays, without allocating.
 *
 * After step k (k = 0 .. @p steps - 1) the time goes to @p t[k], the
 * membrane potential to @p v[k] (after a reset, if the step ended on a spike)
 * and the total current I(t) + I_bias to @p current[k]. Any of the three
 * arrays may be NULL to skip it; each non-NULL one must hold @p steps
 * doubles. Steps are grid steps, as for lif_neuron_step(): after a run that
 * ended between grid times the first one ends at the next grid time.
 * @param neuron  The neuron.
 * @param steps   Number of steps.
 * @param t       Time after each step, or NULL.
 * @param v       Membrane potential after each step, or NULL.
 * @param current Total current at each recorded time, or NULL.
 * @param[out] steps_done Receives the number of steps taken and recorded
 *             (less than @p steps only on an error), or NULL.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron is NULL.
 * @retval others     As lif_neuron_step(); the arrays hold the steps done.
 * @since 0.1.0
 */
LIF_API int lif_neuron_run_trace (lif_neuron *neuron, size_t steps, double *t,
                                  double *v, double *current,
                                  size_t *steps_done);

/**
 * @brief Advances the neuron by @p duration event to event, with no time
 * step: exactly, at a cost that grows with the number of events.
 *
 * Between two events (an input breakpoint, the end of a refractory period,
 * a spike) the membrane potential has a closed form for every built-in
 * input and their sums, so the run carries V across each such stretch in
 * one piece. Spikes are found on the exact trajectory, as the exact
 * stepper's precise timing finds them (the first time V reaches V_th,
 * with none missed where V rises above it and falls back), whatever the
 * neuron's stepper, timing mode and dt: under a constant drive each spike
 * is one logarithm. The refractory period ends at the spike time plus
 * t_ref.
 *
 * The run is a run like any other: it starts where the neuron is, leaves
 * it at t + @p duration, records spikes and calls the spike callback; the
 * progress callback and the state monitor are called at the grid times
 * they are due at (t0 + k dt), as for lif_neuron_run(). Stepped and
 * event-driven runs of the same neuron may follow each other in any
 * order: state, clock and spikes carry over (a run ending between grid
 * times is finished by the next stepped run, as always).
 * @param neuron   The neuron.
 * @param duration How long to run, >= 0, finite.
 * @retval LIF_OK         Success.
 * @retval LIF_ENULL      @p neuron is NULL.
 * @retval LIF_EEVENTS    The input has noise or a callback among its terms,
 *                        which need time steps; nothing changed.
 * @retval LIF_EINVAL     @p duration is negative or not finite.
 * @retval LIF_EOVERFLOW  The run would end beyond the largest double, or
 *                        past the step count the clock can hold.
 * @retval LIF_ESPIKELIMIT More spikes inside one step of the clock (t0 + k
 *                        dt) than the spike limit, as in a stepped run: a
 *                        drive too strong for dt; the neuron is at the
 *                        spike before the one that would pass it.
 * @retval others         As lif_neuron_run() (a callback's LIF_ECANCELED,
 *                        LIF_EBUSY from a callback, LIF_ENOMEM), with the
 *                        same guarantees: the neuron is where the run
 *                        stopped, every spike before it recorded.
 * @since 0.2.0
 */
LIF_API int lif_neuron_run_events (lif_neuron *neuron, double duration);

/**
 * @brief Runs the neuron event to event through the times you give,
 * recording V and the current exactly at each.
 *
 * The neuron runs as lif_neuron_run_events() does from its present time to
 * @p times[0], then to @p times[1], and so on, and records after each the
 * membrane potential in @p v[i] (after a reset, where a spike falls on that
 * very time) and the total current I(t) + I_bias in @p current[i]. A trace
 * for a plot needs no grid: give the times you want drawn. A time equal to
 * the one before (or to the present) records again without moving.
 * @param neuron  The neuron.
 * @param times   @p count times, finite, non-decreasing and not before the
 *                neuron's present time.
 * @param count   Number of times; 0 does nothing.
 * @param v       @p count doubles for V, or NULL.
 * @param current @p count doubles for the current, or NULL.
 * @param[out] samples_done Receives the number of times reached and
 *             recorded (less than @p count only on an error), or NULL.
 * @retval LIF_OK      Success.
 * @retval LIF_ENULL   @p neuron is NULL, or @p count > 0 and @p times is
 *                     NULL.
 * @retval LIF_EINVAL  A time is not finite, or before the one before it (or
 *                     the present); nothing changed.
 * @retval others      As lif_neuron_run_events().
 * @since 0.2.0
 */
LIF_API int lif_neuron_run_sampled (lif_neuron *neuron, const double *times,
                                    size_t count, double *v, double *current,
                                    size_t *samples_done);

/**
 * @brief The number of spikes recorded since creation, the last reset or the
 * last lif_neuron_clear_spikes().
 * @param neuron The neuron.
 * @param[out] count Receives the number of spikes.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p count is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_spike_count (const lif_neuron *neuron, size_t *count);

/**
 * @brief Copies recorded spike times, oldest first, into your array.
 * @param neuron   The neuron.
 * @param first    Index of the first spike to copy (0 is the oldest).
 * @param times    Receives up to @p capacity spike times.
 * @param capacity Room in @p times.
 * @param[out] copied Receives how many were copied: the smaller of
 *             @p capacity and the number of spikes from @p first on (0 when
 *             @p first is past the end).
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p copied is NULL, or @p capacity > 0 and
 *                   @p times is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_copy_spikes (const lif_neuron *neuron, size_t first,
                                    double *times, size_t capacity,
                                    size_t *copied);

/**
 * @brief Forgets the recorded spikes (for example to bound memory in long
 * runs); the state is untouched.
 * @param neuron The neuron.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_clear_spikes (lif_neuron *neuron);

/**
 * @brief Records t, V and the input current every @p every steps of the
 * neuron's runs, into samples the neuron keeps.
 *
 * A sample is taken after each step that brings the clock to a grid time
 * t0 + n dt with n a multiple of @p every (t0 is where t was last set, or
 * where dt last changed; see lif_neuron_run()). So the samples fall on the
 * same times however the host cuts its runs: one run of 1000 steps or a
 * thousand runs of one step, lif_neuron_step(), lif_neuron_run() and
 * lif_neuron_run_trace() alike. A run that ends between grid times records
 * nothing there; the step it leaves under way counts once finished.
 *
 * Like a progress callback, a monitor cuts runs into pieces that end at
 * each sample, with the same effect on results: a run with a monitor gives
 * the same spikes and V as the same run made by as many calls of
 * lif_neuron_run() as it has pieces, equal to one uncut run to rounding (a
 * relative 1e-12). Without a monitor (the default) runs are not cut and
 * cost nothing more; with one, each sample costs a few memory writes and
 * one evaluation of the input.
 *
 * The samples grow in memory as the run goes (24 bytes a sample); read them
 * with lif_neuron_copy_monitor() and forget them with
 * lif_neuron_clear_monitor(). When memory for a sample runs out, the run
 * stops with #LIF_ENOMEM at the start of the steps that lead to it (at most
 * @p every steps back, where the last sample or progress report was), with
 * every sample, spike and state before kept; a later run records it.
 * @param neuron The neuron.
 * @param every  Steps between samples, >= 1, or 0 to stop recording (the
 *               samples recorded are kept).
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @since 0.2.0
 */
LIF_API int lif_neuron_set_monitor (lif_neuron *neuron, size_t every);

/**
 * @brief The number of samples the monitor recorded since creation, the
 * last reset or the last lif_neuron_clear_monitor().
 * @param neuron The neuron.
 * @param[out] samples Receives the number of samples.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p samples is NULL.
 * @since 0.2.0
 */
LIF_API int lif_neuron_monitor_count (const lif_neuron *neuron,
                                      size_t *samples);

/**
 * @brief Copies one recorded variable of the monitor's samples, oldest
 * first, into your array: one value a sample.
 * @param neuron   The neuron.
 * @param record   A #lif_record value: which variable.
 * @param first    Index of the first sample to copy (0 is the oldest).
 * @param values   Receives up to @p capacity values.
 * @param capacity Room in @p values.
 * @param[out] copied Receives how many were copied: the smaller of
 *             @p capacity and the number of samples from @p first on (0
 *             when @p first is past the end).
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p copied is NULL, or @p capacity > 0 and
 *                   @p values is NULL.
 * @retval LIF_EENUM @p record is not a #lif_record.
 * @since 0.2.0
 */
LIF_API int lif_neuron_copy_monitor (const lif_neuron *neuron, int record,
                                     size_t first, double *values,
                                     size_t capacity, size_t *copied);

/**
 * @brief Forgets the monitor's samples (for example to bound memory in long
 * runs); the monitor keeps recording as set.
 * @param neuron The neuron.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron is NULL.
 * @since 0.2.0
 */
LIF_API int lif_neuron_clear_monitor (lif_neuron *neuron);

/**
 * @brief The number of bytes a saved state of this neuron takes.
 *
 * A saved state (a checkpoint) is the neuron's dynamic state as opaque
 * bytes: V, the clock (t, read as t0 + n dt, with dt) and the refractory
 * period (when it ends, and the whole steps grid timing still holds). It is
 * not the configuration: the parameters, stepper, timing mode, spike limit,
 * input and spike callback are the host's to restore (configure the neuron
 * as it was, or use a lif_neuron_clone() made for it), and the recorded
 * spikes and the monitor's samples are not part of it either. Restored into a neuron configured as
 * the saved one was, a state continues bit for bit as the saved neuron
 * would have, in either timing mode, also in the middle of a refractory
 * period.
 *
 * The size is the same for every neuron of one release.
 * @param neuron The neuron.
 * @param[out] size Receives the number of bytes.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p size is NULL.
 * @since 0.2.0
 */
LIF_API int lif_neuron_state_size (const lif_neuron *neuron, size_t *size);

/**
 * @brief Saves the neuron's dynamic state (see lif_neuron_state_size())
 * into your buffer.
 *
 * The bytes begin with a magic number, a format version and checks of the
 * byte order and the double format; any alignment will do. They can be
 * restored by this release of liblif or a later one, on a machine of the
 * same kind (byte order and double format): lif_neuron_restore_state().
 * The neuron is not changed.
 * @param neuron The neuron.
 * @param buffer Receives the state in its first lif_neuron_state_size()
 *               bytes; the bytes after them are left as they were.
 * @param size   Room in @p buffer, in bytes.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p buffer is NULL.
 * @retval LIF_EINVAL @p size is smaller than lif_neuron_state_size() (then
 *                    nothing is written).
 * @since 0.2.0
 */
LIF_API int lif_neuron_save_state (const lif_neuron *neuron, void *buffer,
                                   size_t size);

/**
 * @brief Restores a state saved by lif_neuron_save_state(), from this
 * neuron or another one.
 *
 * Everything is checked before anything changes: the magic number, format
 * version, byte order and double format, the sizes, that the state is a
 * neuron's, that its dt is exactly the neuron's dt (set dt first when it
 * differs), and that its values are in range (V finite, a clock that
 * reads a finite time, a refractory period consistent with the clock). A
 * refused state leaves the neuron exactly as it was. The parameters,
 * stepper, timing mode, input, callback and recorded spikes are not
 * touched.
 * @param neuron The neuron.
 * @param buffer The saved bytes.
 * @param size   Bytes readable at @p buffer: at least the saved state's
 *               size; bytes after the state are not read.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p buffer is NULL.
 * @retval LIF_ESTATE The bytes are not a state this neuron can take: too
 *                    few, another format or a newer one, another byte
 *                    order, a batch's state, another dt, or values out of
 *                    range.
 * @since 0.2.0
 */
LIF_API int lif_neuron_restore_state (lif_neuron *neuron, const void *buffer,
                                      size_t size);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup analytic Closed forms
 *  @brief Exact answers for a constant current, and the rate under white
 *  noise, from a neuron's parameters.
 *
 *  In all of them @p current is the input current; the neuron's bias
 *  I_bias is added to it, as when the neuron runs. With u = E_L + R (I +
 *  I_bias), the membrane relaxes as V(t) = u + (V - u) exp(-t / tau).
 *  @{
 */

/**
 * @brief The rheobase: the smallest constant input current that makes the
 * neuron fire, (V_th - E_L) / R - I_bias. A current equal to it only
 * approaches the threshold; any larger current fires.
 * @param neuron The neuron.
 * @param[out] current Receives the rheobase current.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p neuron or @p current is NULL.
 * @since 0.1.0
 */
LIF_API int lif_neuron_rheobase (const lif_neuron *neuron, double *current);

/**
 * @brief The interspike interval under a constant current:
 * t_ref + tau ln((u - V_reset) / (u - V_th)), or +infinity when the current
 * does not exceed the rheobase.
 * @param neuron  The neuron.
 * @param current The constant input current; finite.
 * @param[out] isi Receives the interval.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p isi is NULL.
 * @retval LIF_EINVAL @p current is NaN or infinite.
 * @since 0.1.0
 */
LIF_API int lif_neuron_isi (const lif_neuron *neuron, double current,
                            double *isi);

/**
 * @brief The firing rate under a constant current: 1 / ISI, or 0 below the
 * rheobase. In spikes per time unit (kHz when t is in ms).
 * @param neuron  The neuron.
 * @param current The constant input current; finite.
 * @param[out] rate Receives the rate.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p rate is NULL.
 * @retval LIF_EINVAL @p current is NaN or infinite.
 * @since 0.1.0
 */
LIF_API int lif_neuron_rate (const lif_neuron *neuron, double current,
                             double *rate);

/**
 * @brief How long until the next spike from the neuron's present state
 * (V, t and any refractory period left) under a constant current: the rest
 * of the refractory period plus tau ln((u - V) / (u - V_th)); 0 when V is
 * already at or above V_th and the neuron is not refractory; +infinity when
 * V never reaches V_th.
 * @param neuron  The neuron.
 * @param current The constant input current; finite.
 * @param[out] time Receives the time until the spike.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p time is NULL.
 * @retval LIF_EINVAL @p current is NaN or infinite.
 * @since 0.1.0
 */
LIF_API int lif_neuron_time_to_spike (const lif_neuron *neuron, double current,
                                      double *time);

/**
 * @brief The membrane's free response: V after @p duration under a constant
 * current, starting from the present V, ignoring the threshold and any
 * refractory period: u + (V - u) exp(-duration / tau).
 * @param neuron   The neuron.
 * @param current  The constant input current; finite.
 * @param duration Time ahead; finite and >= 0.
 * @param[out] potential Receives V.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p potential is NULL.
 * @retval LIF_EINVAL @p current or @p duration is NaN, infinite or out of
 *                    range.
 * @since 0.1.0
 */
LIF_API int lif_neuron_potential_after (const lif_neuron *neuron,
                                        double current, double duration,
                                        double *potential);

/**
 * @brief The stationary firing rate under a white-noise current: the
 * Siegert (Ricciardi) formula.
 *
 * The input is I(t) = @p mean + @p sigma xi(t) on top of I_bias, with xi
 * unit Gaussian white noise (<xi(t) xi(t')> = delta(t - t')), so that
 * @p sigma is in current times the square root of time (nA ms^1/2): its
 * effect does not depend on any time step. In the diffusion form
 * `tau dV = (mu - V) dt + s sqrt(tau) dW` of Brunel (2000) this is
 * mu = E_L + R (mean + I_bias) and s = R sigma / sqrt(tau); the free
 * membrane's standard deviation is s / sqrt(2). Then
 * `rate = 1 / (t_ref + tau sqrt(pi) integral_{y_r}^{y_th} exp(u^2)
 * erfc(-u) du)` with y = (V - mu) / s for V_reset and V_th. It is
 * evaluated without cancellation (through the scaled complementary error
 * function, never 1 + erf): within 1e-13 of a 40-digit evaluation in the
 * tests, among them NEST's reference value (27.1095934379 Hz). A rate below
 * 1e-300 per time unit is 0.
 * @param neuron The neuron (its parameters; its state is not used).
 * @param mean   The mean current; finite.
 * @param sigma  The noise amplitude, >= 0 and finite; 0 gives the
 *               noise-free rate of lif_neuron_rate().
 * @param[out] rate Receives the rate, in spikes per time unit (kHz when t
 *             is in ms).
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p neuron or @p rate is NULL.
 * @retval LIF_EINVAL @p mean or @p sigma is NaN, infinite, or @p sigma is
 *                    negative, or the drive is not finite.
 * @since 0.2.0
 */
LIF_API int lif_neuron_siegert_rate (const lif_neuron *neuron, double mean,
                                     double sigma, double *rate);

/**
 * @brief The coefficient of variation (standard deviation over mean) of
 * the interspike intervals under the white-noise current of
 * lif_neuron_siegert_rate(), in its stationary state (Brunel 2000,
 * appendix A):
 * `CV^2 = 2 pi (rate tau)^2 integral_{y_r}^{y_th} exp(x^2)
 * integral_{-inf}^{x} exp(y^2) erfc(-y)^2 dy dx`.
 *
 * Near 0 for nearly regular, mean-driven firing; near 1 (Poisson) for
 * rare, noise-driven spikes. Evaluated without overflow for any
 * y_r (the inner integral is taken in a scaled form); within 1e-13 of a
 * 20-digit evaluation in the tests. A double integral: it takes
 * milliseconds to tens of milliseconds, not nanoseconds.
 * @param neuron The neuron (its parameters).
 * @param mean   The mean current; finite.
 * @param sigma  The noise amplitude, >= 0 and finite; 0 gives 0 (firing,
 *               if any, is regular).
 * @param[out] cv Receives the coefficient of variation.
 * @retval LIF_OK        Success.
 * @retval LIF_ENULL     @p neuron or @p cv is NULL.
 * @retval LIF_EINVAL    As lif_neuron_siegert_rate().
 * @retval LIF_EOVERFLOW The threshold lies so many noise amplitudes above
 *                       the mean (about 18) that the integral overflows:
 *                       such a rate is below 1e-140 per tau, and its CV is
 *                       1 to any precision a simulation could check.
 * @since 0.2.0
 */
LIF_API int lif_neuron_siegert_cv (const lif_neuron *neuron, double mean,
                                   double sigma, double *cv);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup batch Batches
 *  @brief Many independent neurons that share a stepper, a timing mode, a
 *  time step and a clock, run in one call: parameter sweeps, f-I curves,
 *  noise studies.
 *
 *  Every member of a batch computes exactly what a lone #lif_neuron with the
 *  same parameters, input and calls would, bit for bit. Each member has its
 *  own value of every parameter in #lif_param except #LIF_PARAM_T and
 *  #LIF_PARAM_DT, which the batch shares. The current a member receives is
 *  the batch's shared input (lif_batch_set_input()), plus its own current
 *  for the present step if the run supplies one (lif_batch_run_currents() or
 *  a current callback), plus its bias #LIF_PARAM_I_BIAS.
 *
 *  Runs use several threads when liblif was built with OpenMP and the work
 *  pays for them (lif_batch_set_threads()); the results never depend on the
 *  number of threads. A batch allocates when it is created and when its
 *  spike store or its monitor's samples grow, never per step.
 *
 *  Errors during a run leave the whole batch at the start of the step in
 *  which the error occurred, with every spike before that step kept.
 *  @{
 */

/** @brief A batch of independent LIF neurons. Opaque; not to be used from
 *  two threads at once (it runs its own threads).
 *  @since 0.1.0 */
typedef struct lif_batch lif_batch;

/**
 * @brief Fills in the current each member receives during one step, on top
 * of the shared input and its bias.
 *
 * Called once per step, before the step is taken, from the thread that
 * called the run. Write a NaN (or an infinity) to stop the run before this
 * step: the run then returns #LIF_EINPUT and keeps every step before it.
 * @param t         The step's start time.
 * @param dt        The step's length (dt, or less for the last step of a
 *                  lif_batch_run() whose duration is not a multiple of dt).
 * @param currents  Array of @p count currents to fill; member i receives
 *                  currents[i], constant over the step.
 * @param count     The batch size.
 * @param user_data The pointer given to lif_batch_set_current_callback().
 * @since 0.1.0
 */
typedef void (*lif_batch_current_fn) (double t, double dt, double *currents,
                                      size_t count, void *user_data);

/**
 * @brief Called for every spike a batch records, as its run goes.
 *
 * Spikes come in the order lif_batch_copy_spikes() lists them: step by
 * step, in time order within a step, and in member order at equal times,
 * on the thread that called the run. They come as the run merges them into
 * its record: after each step, or under a constant or piecewise-constant
 * drive after each chunk of up to 1024 steps, so a spike is reported at
 * most 1024 steps after it happened.
 * @param member    The index of the member that fired.
 * @param t         The spike time.
 * @param user_data The pointer given to lif_batch_set_spike_callback().
 * @since 0.2.0
 */
typedef void (*lif_batch_spike_fn) (size_t member, double t, void *user_data);

/**
 * @brief Creates a batch of @p count neurons, each with the default
 * parameters (see #lif_param), the exact stepper, precise timing, no input,
 * t = 0 and V = V_0, and the default number of threads (all available,
 * where the work pays for them; see lif_batch_set_threads()).
 * @param count  Number of neurons, >= 1.
 * @param[out] batch Receives the batch, to be freed with lif_batch_free().
 * @retval LIF_OK        Success.
 * @retval LIF_ENULL     @p batch is NULL.
 * @retval LIF_EINVAL    @p count is 0.
 * @retval LIF_EOVERFLOW @p count neurons would not fit in memory's address
 *                       space.
 * @retval LIF_ENOMEM    Out of memory.
 * @since 0.1.0
 */
LIF_API int lif_batch_new (size_t count, lif_batch **batch);

/**
 * @brief Frees a batch, its recorded spikes and samples, and its hold on
 * its input.
 * @param batch The batch, or NULL (then nothing happens).
 * @since 0.1.0
 */
LIF_API void lif_batch_free (lif_batch *batch);

/**
 * @brief The number of neurons in a batch.
 * @param batch The batch.
 * @param[out] count Receives the number.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p count is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_size (const lif_batch *batch, size_t *count);

/**
 * @brief Resets the state of every member as lif_neuron_reset() does (t = 0,
 * V = V_0, no refractory period) and forgets the recorded spikes and the
 * monitor's samples (the monitor keeps its setting).
 * @param batch The batch.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_reset (lif_batch *batch);

/**
 * @brief Sets one parameter to the same value for every member (or, for
 * #LIF_PARAM_T and #LIF_PARAM_DT, for the batch), with the rules of
 * lif_neuron_set(); all or nothing.
 * @param batch The batch.
 * @param param A #lif_param value.
 * @param value The value.
 * @retval LIF_OK, LIF_ENULL, LIF_EENUM, LIF_EINVAL, LIF_ETHRESHOLD As
 *         lif_neuron_set(); nothing changes unless every member accepts it.
 * @since 0.1.0
 */
LIF_API int lif_batch_set (lif_batch *batch, int param, double value);

/**
 * @brief Sets one parameter per member from an array, all or nothing.
 *
 * The values are copied. Each is checked as lif_neuron_set() would check
 * it for that member; the first one refused is reported through
 * @p bad_index and nothing changes.
 * @param batch  The batch.
 * @param param  A #lif_param value other than #LIF_PARAM_T and
 *               #LIF_PARAM_DT (which the batch shares).
 * @param values One value per member: values[i] goes to member i.
 * @param count  The number of values; must equal the batch size.
 * @param[out] bad_index Receives the index of the first refused value when
 *             the call fails for a value (left unchanged otherwise); may be
 *             NULL.
 * @retval LIF_OK         Success.
 * @retval LIF_ENULL      @p batch or @p values is NULL.
 * @retval LIF_EENUM      @p param is not a per-member #lif_param.
 * @retval LIF_EINVAL     @p count differs from the batch size, or a value is
 *                        NaN, infinite or out of range.
 * @retval LIF_ETHRESHOLD A member's V_th would not be above its V_reset.
 * @since 0.1.0
 */
LIF_API int lif_batch_set_array (lif_batch *batch, int param,
                                 const double *values, size_t count,
                                 size_t *bad_index);

/**
 * @brief Sets several per-member parameters at once from arrays, all or
 * nothing; as lif_neuron_set_many(), V_th > V_reset is only required of the
 * result, so thresholds and resets can move together.
 * @param batch    The batch.
 * @param params   @p n_params #lif_param values (not #LIF_PARAM_T or
 *                 #LIF_PARAM_DT).
 * @param values   @p n_params arrays of @p count values each; values[k][i]
 *                 is parameter params[k] of member i.
 * @param n_params The number of parameters; 0 does nothing.
 * @param count    The number of values per array; must equal the batch size.
 * @param[out] bad_index Receives the index of the first member whose values
 *             are refused (left unchanged otherwise); may be NULL.
 * @retval LIF_OK, LIF_ENULL, LIF_EENUM, LIF_EINVAL, LIF_ETHRESHOLD As
 *         lif_batch_set_array().
 * @since 0.1.0
 */
LIF_API int lif_batch_set_many (lif_batch *batch, const int *params,
                                const double *const *values, size_t n_params,
                                size_t count, size_t *bad_index);

/**
 * @brief Reads one parameter or state variable of one member.
 * @param batch The batch.
 * @param param A #lif_param value.
 * @param index The member, < batch size (also checked for #LIF_PARAM_T and
 *              #LIF_PARAM_DT, which every member shares).
 * @param[out] value Receives the value.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch or @p value is NULL.
 * @retval LIF_EENUM  @p param is not a #lif_param.
 * @retval LIF_EINVAL @p index is out of range.
 * @since 0.1.0
 */
LIF_API int lif_batch_get (const lif_batch *batch, int param, size_t index,
                           double *value);

/**
 * @brief Copies one parameter or state variable of every member into your
 * array (for example the membrane potentials, #LIF_PARAM_V).
 * @param batch  The batch.
 * @param param  A #lif_param value.
 * @param values Receives values[i] of member i.
 * @param count  Room in @p values; must equal the batch size.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch or @p values is NULL.
 * @retval LIF_EENUM  @p param is not a #lif_param.
 * @retval LIF_EINVAL @p count differs from the batch size.
 * @since 0.1.0
 */
LIF_API int lif_batch_get_array (const lif_batch *batch, int param,
                                 double *values, size_t count);

/**
 * @brief Chooses the integration method of every member.
 * @param batch   The batch.
 * @param stepper A #lif_stepper value. Default #LIF_STEPPER_EXACT.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @retval LIF_EENUM @p stepper is not a #lif_stepper.
 * @since 0.1.0
 */
LIF_API int lif_batch_set_stepper (lif_batch *batch, int stepper);

/**
 * @brief Reads the integration method.
 * @param batch The batch.
 * @param[out] stepper Receives a #lif_stepper value.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p stepper is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_get_stepper (const lif_batch *batch, int *stepper);

/**
 * @brief Chooses how spike times are placed, for every member.
 * @param batch  The batch.
 * @param timing A #lif_timing value. Default #LIF_TIMING_PRECISE.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @retval LIF_EENUM @p timing is not a #lif_timing.
 * @since 0.1.0
 */
LIF_API int lif_batch_set_timing (lif_batch *batch, int timing);

/**
 * @brief Reads how spike times are placed.
 * @param batch The batch.
 * @param[out] timing Receives a #lif_timing value.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p timing is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_get_timing (const lif_batch *batch, int *timing);

/**
 * @brief Bounds the number of spikes one member may fire in one time step,
 * as lif_neuron_set_spike_limit() does for a neuron.
 * @param batch The batch.
 * @param limit Spikes per member per step, >= 1. Default 1000.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch is NULL.
 * @retval LIF_EINVAL @p limit is 0.
 * @since 0.1.0
 */
LIF_API int lif_batch_set_spike_limit (lif_batch *batch, size_t limit);

/**
 * @brief Reads the bound on spikes per member per time step.
 * @param batch The batch.
 * @param[out] limit Receives the limit.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p limit is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_get_spike_limit (const lif_batch *batch, size_t *limit);

/**
 * @brief Sets where the members' noise comes from: the generator's seed and
 * the first stream.
 *
 * Member i draws from stream @p first_stream + i, so it draws what a lone
 * neuron with the same seed and that stream draws (lif_neuron_set_seed()
 * says what a draw depends on), whatever the number of threads; two
 * batches whose streams do not overlap draw independent noise. Defaults:
 * seed 0, first stream 0.
 * @param batch        The batch.
 * @param seed         Any 64-bit value.
 * @param first_stream Member 0's stream.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch is NULL.
 * @retval LIF_EINVAL A member's stream would pass 2^32 - 1.
 * @retval LIF_EBUSY  Called from one of the batch's callbacks.
 * @since 0.2.0
 */
LIF_API int lif_batch_set_seed (lif_batch *batch, uint64_t seed,
                                uint32_t first_stream);

/**
 * @brief Reads the batch's seed and first stream (lif_batch_set_seed()).
 * @param batch The batch.
 * @param[out] seed         Receives the seed.
 * @param[out] first_stream Receives member 0's stream.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL An argument is NULL.
 * @since 0.2.0
 */
LIF_API int lif_batch_get_seed (const lif_batch *batch, uint64_t *seed,
                                uint32_t *first_stream);

/**
 * @brief Chooses how many threads the batch's runs use.
 *
 * Results do not depend on it. A run hands its members to its threads in
 * blocks of 256, so it uses at most one thread per 256 members. Without
 * OpenMP (configure `--disable-openmp`, or a compiler without it) runs use
 * one thread whatever is set.
 *
 * The default, 0, uses all the threads OpenMP offers only where they pay:
 * each part of a run that does at least 10^6 member-steps before its
 * threads join (a chunk of up to 1024 steps of a run under a constant or
 * piecewise-constant input, or one step of 10^6 members) runs on all of
 * them; smaller parts run on the calling thread, without starting any.
 * Under per-step currents (lif_batch_run_currents(), a current callback,
 * an input that varies continuously) the threads join after every step,
 * so such runs stay on one thread below 10^6 members. The crossover was
 * measured on 2 cores (docs/performance.md): below it two threads were
 * mostly slower than one, often by 3 to 30 times on a busy machine; above
 * it they took 0.4 to 0.98 of one thread's time.
 * @param batch   The batch.
 * @param threads The number of threads, >= 1, used whatever the work, or 0
 *                for the default above.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch is NULL.
 * @retval LIF_EINVAL @p threads is negative.
 * @since 0.1.0
 */
LIF_API int lif_batch_set_threads (lif_batch *batch, int threads);

/**
 * @brief The most threads the batch's runs may use.
 *
 * The number set by lif_batch_set_threads(), or with the default (0) the
 * number OpenMP offers (omp_get_max_threads()), which runs use only for
 * work above the crossover that lif_batch_set_threads() describes. Runs
 * also use at most one thread per 256 members.
 * @param batch The batch.
 * @param[out] threads Receives the number, >= 1 (1 without OpenMP).
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p threads is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_get_threads (const lif_batch *batch, int *threads);

/**
 * @brief Sets the input current every member shares; as with
 * lif_neuron_set_input(), the batch keeps the input alive.
 * @param batch The batch.
 * @param input The input.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p input is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_set_input (lif_batch *batch, lif_input *input);

/**
 * @brief Removes the shared input current.
 * @param batch The batch.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_clear_input (lif_batch *batch);

/**
 * @brief Sets a function that supplies every member's own current, step by
 * step, during lif_batch_step() and lif_batch_run().
 * @param batch     The batch.
 * @param fn        The callback, or NULL for none. What it may call on
 *                  this batch is said in the conventions at the top.
 * @param user_data Passed to @p fn unchanged; may be NULL.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_set_current_callback (lif_batch *batch,
                                            lif_batch_current_fn fn,
                                            void *user_data);

/**
 * @brief Sets the function called for every spike the batch records during
 * its runs (see #lif_batch_spike_fn for when and in which order).
 * @param batch     The batch.
 * @param fn        The callback, or NULL for none. What it may call on
 *                  this batch is said in the conventions at the top.
 * @param user_data Passed to @p fn unchanged; may be NULL.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @since 0.2.0
 */
LIF_API int lif_batch_set_spike_callback (lif_batch *batch,
                                          lif_batch_spike_fn fn,
                                          void *user_data);

/**
 * @brief Sets the function called every @p every steps of a batch's run, to
 * report progress or stop the run (see #lif_progress_fn and
 * lif_neuron_set_progress_callback(), whose rules it follows).
 * @param batch     The batch.
 * @param fn        The callback, or NULL for none.
 * @param every     Steps between calls, >= 1 (ignored when @p fn is NULL).
 * @param user_data Passed to @p fn unchanged; may be NULL.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch is NULL.
 * @retval LIF_EINVAL @p fn is not NULL and @p every is 0.
 * @since 0.2.0
 */
LIF_API int lif_batch_set_progress_callback (lif_batch *batch,
                                             lif_progress_fn fn, size_t every,
                                             void *user_data);

/**
 * @brief Advances every member by one time step dt, from one grid time to
 * the next (after a run that ended between grid times, the rest of the step
 * under way, as lif_neuron_step()).
 * @param batch The batch.
 * @retval LIF_OK          Success.
 * @retval LIF_ENULL       @p batch is NULL.
 * @retval LIF_EUNSTABLE   dt/tau is beyond the stepper's stability limit for
 *                         some member (nothing was done).
 * @retval LIF_EINPUT      An input current was NaN or infinite.
 * @retval LIF_EDIVERGED   A membrane potential would have become NaN or
 *                         infinite.
 * @retval LIF_ESPIKELIMIT A member fired more spikes in the step than the
 *                         spike limit.
 * @retval LIF_ENOMEM      No memory to record spikes.
 * @retval LIF_EOVERFLOW   The step count would overflow, or the clock would
 *                         pass the largest double: time is read as
 *                         t0 + n dt from the last time t was set, and both
 *                         n dt and that sum must stay finite (set t to
 *                         restart the count); under white noise, n would
 *                         pass 2^45.
 * @retval LIF_EBREAKPOINTS The input has more than 2^20 breakpoints inside
 *                         one step.
 *
 * On an error every member is left at the start of the step in which it
 * occurred, and every spike before that step is kept.
 * @since 0.1.0
 */
LIF_API int lif_batch_step (lif_batch *batch);

/**
 * @brief Advances every member by @p duration, as lif_neuron_run() does for
 * a neuron (the rest of a step under way, whole steps on the grid, then one
 * shorter step if needed; time is never lost).
 * @param batch    The batch.
 * @param duration How long to run; finite and >= 0.
 * @retval LIF_OK        Success.
 * @retval LIF_EINVAL    @p duration is NaN, infinite or negative, or too
 *                       short for t to change (as for lif_neuron_run()).
 * @retval LIF_EOVERFLOW @p duration / dt steps do not fit the step count,
 *                       or the run would end beyond the largest double
 *                       (as for lif_batch_step()).
 * @retval others        As lif_batch_step(), with the same guarantees.
 * @since 0.1.0
 */
LIF_API int lif_batch_run (lif_batch *batch, double duration);

/**
 * @brief Advances every member by @p steps whole steps, member i receiving
 * during step k the current currents[k * size + i] on top of the shared
 * input and its bias.
 *
 * The current callback, if any, is not called. The array is read, never
 * kept. A NaN or infinity stops the run before the step it belongs to.
 * Steps are grid steps: after a run that ended between grid times, row 0
 * drives the rest of the step under way.
 * @param batch    The batch.
 * @param currents @p steps rows of one current per member (size = batch
 *                 size), row k for step k.
 * @param steps    Number of steps.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch is NULL, or @p steps > 0 and @p currents is
 *                    NULL.
 * @retval others     As lif_batch_step(), with the same guarantees.
 * @since 0.1.0
 */
LIF_API int lif_batch_run_currents (lif_batch *batch, const double *currents,
                                    size_t steps);

/**
 * @brief The number of spikes recorded since creation, the last reset or the
 * last lif_batch_clear_spikes().
 * @param batch The batch.
 * @param[out] count Receives the number of spikes.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p count is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_spike_count (const lif_batch *batch, size_t *count);

/**
 * @brief Copies recorded spikes as (member, time) pairs into your arrays.
 *
 * Spikes are stored step by step; within a step they are in time order,
 * and spikes at the same time in member order.
 * @param batch    The batch.
 * @param first    Index of the first spike to copy (0 is the oldest).
 * @param indices  Receives up to @p capacity member indices, or NULL.
 * @param times    Receives up to @p capacity spike times, or NULL.
 * @param capacity Room in @p indices and @p times.
 * @param[out] copied Receives how many were copied.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p copied is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_copy_spikes (const lif_batch *batch, size_t first,
                                   size_t *indices, double *times,
                                   size_t capacity, size_t *copied);

/**
 * @brief Copies how many spikes each member fired since creation, the last
 * reset or the last lif_batch_clear_spikes().
 * @param batch  The batch.
 * @param counts Receives counts[i] for member i.
 * @param count  Room in @p counts; must equal the batch size.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch or @p counts is NULL.
 * @retval LIF_EINVAL @p count differs from the batch size.
 * @since 0.1.0
 */
LIF_API int lif_batch_spike_counts (const lif_batch *batch, size_t *counts,
                                    size_t count);

/**
 * @brief Forgets the recorded spikes and the per-member counts; the state is
 * untouched.
 * @param batch The batch.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @since 0.1.0
 */
LIF_API int lif_batch_clear_spikes (lif_batch *batch);

/**
 * @brief Records t, and V and the input current of the chosen members,
 * every @p every steps of the batch's runs, into samples the batch keeps.
 *
 * Samples fall on the grid as lif_neuron_set_monitor() says, and cut runs
 * into pieces as it says: each watched member's samples are, bit for bit,
 * a lone neuron's with the same parameters, input, monitor and calls. See
 * #LIF_RECORD_I for what the current of a batch member is.
 *
 * The list of members is copied. A member may be listed more than once (its
 * values then come as often). Changing the list forgets the samples
 * recorded with the old one; setting the same list again, with any
 * @p every, keeps them. A sample takes 8 + 16 @p count bytes. Out of memory
 * stops a run as for a neuron.
 * @param batch   The batch.
 * @param every   Steps between samples, >= 1, or 0 to stop recording: the
 *                samples recorded, and the list they were recorded with,
 *                are kept, and @p members and @p count are not read.
 * @param members @p count member indices, each < the batch size.
 * @param count   The number of members watched, >= 1 when @p every > 0.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch is NULL, or @p every > 0 and @p members is
 *                    NULL.
 * @retval LIF_EINVAL @p every > 0 and @p count is 0 or a member index is
 *                    out of range.
 * @retval LIF_ENOMEM Out of memory.
 * @since 0.2.0
 */
LIF_API int lif_batch_set_monitor (lif_batch *batch, size_t every,
                                   const size_t *members, size_t count);

/**
 * @brief The number of samples the monitor recorded since creation, the
 * last reset, the last lif_batch_clear_monitor() or the last change of the
 * watched members.
 * @param batch The batch.
 * @param[out] samples Receives the number of samples.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p samples is NULL.
 * @since 0.2.0
 */
LIF_API int lif_batch_monitor_count (const lif_batch *batch, size_t *samples);

/**
 * @brief Copies one recorded variable of the monitor's samples, oldest
 * first, into your array.
 *
 * For #LIF_RECORD_T a sample is one value; for every other variable it is
 * one value per watched member, in the order lif_batch_set_monitor() was
 * given them: values[s * count + j] is member members[j] at sample
 * @p first + s.
 * @param batch    The batch.
 * @param record   A #lif_record value: which variable.
 * @param first    Index of the first sample to copy (0 is the oldest).
 * @param values   Receives up to @p capacity samples.
 * @param capacity Room in @p values, in samples (so in values for
 *                 #LIF_RECORD_T, in @p count values each otherwise).
 * @param[out] copied Receives how many samples were copied: the smaller of
 *             @p capacity and the number of samples from @p first on.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch or @p copied is NULL, or @p capacity > 0 and
 *                   @p values is NULL.
 * @retval LIF_EENUM @p record is not a #lif_record.
 * @since 0.2.0
 */
LIF_API int lif_batch_copy_monitor (const lif_batch *batch, int record,
                                    size_t first, double *values,
                                    size_t capacity, size_t *copied);

/**
 * @brief Forgets the monitor's samples; the monitor keeps recording as set.
 * @param batch The batch.
 * @retval LIF_OK    Success.
 * @retval LIF_ENULL @p batch is NULL.
 * @since 0.2.0
 */
LIF_API int lif_batch_clear_monitor (lif_batch *batch);

/**
 * @brief The number of bytes a saved state of this batch takes.
 *
 * As for a neuron (lif_neuron_state_size()): the dynamic state only, that
 * is the shared clock (t and dt) and each member's V and refractory period,
 * with the member count; not the parameters, stepper, timing mode, spike
 * limit, threads, input, callbacks, recorded spikes or monitor samples.
 * Restored into a batch configured as the saved one was, a state continues
 * bit for bit.
 * The size grows with the number of members.
 * @param batch The batch.
 * @param[out] size Receives the number of bytes.
 * @retval LIF_OK        Success.
 * @retval LIF_ENULL     @p batch or @p size is NULL.
 * @retval LIF_EOVERFLOW The size does not fit a size_t.
 * @since 0.2.0
 */
LIF_API int lif_batch_state_size (const lif_batch *batch, size_t *size);

/**
 * @brief Saves the batch's dynamic state (see lif_batch_state_size()) into
 * your buffer, in the format lif_neuron_save_state() describes.
 * @param batch  The batch.
 * @param buffer Receives the state in its first lif_batch_state_size()
 *               bytes; the bytes after them are left as they were.
 * @param size   Room in @p buffer, in bytes.
 * @retval LIF_OK        Success.
 * @retval LIF_ENULL     @p batch or @p buffer is NULL.
 * @retval LIF_EINVAL    @p size is smaller than lif_batch_state_size() (then
 *                       nothing is written).
 * @retval LIF_EOVERFLOW The size does not fit a size_t.
 * @since 0.2.0
 */
LIF_API int lif_batch_save_state (const lif_batch *batch, void *buffer,
                                  size_t size);

/**
 * @brief Restores a state saved by lif_batch_save_state(), from this batch
 * or another one of the same size.
 *
 * Checked as lif_neuron_restore_state() checks a neuron's, every member
 * before any changes, and also that the state is a batch's with as many
 * members as this one: a refused state leaves the batch exactly as it was.
 * @param batch  The batch.
 * @param buffer The saved bytes.
 * @param size   Bytes readable at @p buffer: at least the saved state's
 *               size; bytes after the state are not read.
 * @retval LIF_OK     Success.
 * @retval LIF_ENULL  @p batch or @p buffer is NULL.
 * @retval LIF_ESTATE The bytes are not a state this batch can take: as for
 *                    lif_neuron_restore_state(), or another member count,
 *                    or a neuron's state.
 * @since 0.2.0
 */
LIF_API int lif_batch_restore_state (lif_batch *batch, const void *buffer,
                                     size_t size);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* LIF_H */
