/*
 * The private side of inputs. An input never changes after it is made, so
 * any number of neurons in any number of threads may read it; an atomic
 * reference count keeps it alive while anything uses it.
 */
#ifndef LIF_INPUT_H
#define LIF_INPUT_H

#include "internal.h"

#include <stdatomic.h>

enum lif__input_kind
{
  LIF__INPUT_CONSTANT,
  LIF__INPUT_PULSE,
  LIF__INPUT_PULSE_TRAIN,
  LIF__INPUT_SINE,
  LIF__INPUT_EXP_DECAY,
  LIF__INPUT_TABLE,
  LIF__INPUT_SUM,
  LIF__INPUT_CALLBACK,
  LIF__INPUT_WHITE_NOISE,
  LIF__INPUT_OU_NOISE
};

/* One source of noise in an input, drawn from the generator's counters for
 * (channel, shared) (noise.h): white noise sigma xi(t), xi the unit white
 * noise, or the deviation of an Ornstein-Uhlenbeck current of stationary
 * standard deviation sigma (ou.h). A sum merges the terms that name the
 * same source of the same kind, whose draws are the same: their sigmas,
 * weighted, add. */
typedef struct lif__noise_source
{
  double sigma;
  unsigned int channel;
  int shared;
} lif__noise_source;

struct lif_input
{
  atomic_size_t refs;
  int kind;
  /* Constant between consecutive breakpoints: a stepper may then sample it
   * once per segment, anywhere inside. */
  int piecewise_constant;
  /* The same for its mean, the input without its noise (for an input
   * without noise, piecewise_constant itself). */
  int mean_piecewise_constant;
  /* The input's white-noise sources, none for most: a white-noise input has
   * its own one, a sum the merged sources of its terms. Whatever has noise
   * is not piecewise constant, so that every run takes its steps one by
   * one, each with its draws. */
  size_t n_noise;
  lif__noise_source *noise;
  /* Its Ornstein-Uhlenbeck sources likewise, all of time constant ou_tau
   * (a sum refuses two): their deviations then add up to one current,
   * the neuron's state variable eta. */
  size_t n_ou;
  lif__noise_source *ou;
  double ou_tau;
  union
  {
    struct
    {
      double value;
    } constant;
    struct
    {
      double amplitude, onset, end;
    } pulse;
    struct
    {
      double amplitude, onset, width, period;
      size_t count; /* 0: endless */
    } train;
    struct
    {
      double offset, amplitude, omega, phase;
      double frequency; /* omega / 2 pi, for reducing huge times */
    } sine;
    struct
    {
      double peak, tau, onset;
    } exp_decay;
    struct
    {
      size_t n;
      double *times;
      double *values;
      int interpolation;
    } table;
    struct
    {
      /* Sums are kept flat: no term is itself a sum. */
      size_t n;
      lif_input **terms;
      double *weights;
    } sum;
    struct
    {
      lif_current_fn fn;
      void *user_data;
    } callback;
    struct
    {
      double mean;
      lif__noise_source source; /* what `noise` or `ou` points to */
    } noisy; /* white noise and Ornstein-Uhlenbeck currents */
  } u;
};

/* Which value at a jump: the value from the jump on (RIGHT), or the limit
 * just before it (LEFT). A step samples its start from the right and its end
 * from the left, so it never sees a jump that lies outside it. */
enum lif__side
{
  LIF__LEFT = -1,
  LIF__RIGHT = 1
};

/* The largest channel a noise input may name (lif_input_new_white_noise):
 * channels take 15 bits of the generator's counter. */
#define LIF__MAX_NOISE_CHANNEL 32767u

/* A new input of this kind, all else 0, one reference held: for the
 * constructors (input.c, input_noise.c). */
int lif__input_new (int kind, int piecewise_constant, lif_input **out);

/* Merges the noise sources of a sum's flattened terms into its own
 * (input_noise.c); LIF_EINVAL for currents of different time constants or
 * a weighted sigma that is not finite. */
int lif__input_sum_noise (lif_input *in);

/* Takes another hold on an input (for a neuron or a sum). */
void lif__input_hold (lif_input *input);

/* I(t) seen from the given side; may be NaN or infinite for callbacks and
 * overflowing sums (callers check). */
double lif__input_value (const lif_input *input, double t, int side);

/* I(t) as a run samples it: a callback called directly (the common case
 * where a run pays for every sample), any other kind through its value. */
static inline double
lif__input_sample (const lif_input *input, double t, int side)
{
  if (input->kind == LIF__INPUT_CALLBACK)
    return input->u.callback.fn (t, input->u.callback.user_data);
  return lif__input_value (input, t, side);
}

/* Whether the input is constant between its breakpoints (NULL, no input,
 * is). */
static inline int
lif__input_piecewise_constant (const lif_input *input)
{
  return !input || input->piecewise_constant;
}

/* Whether the input has noise of either kind, white noise, an
 * Ornstein-Uhlenbeck current (NULL, no input, has none). */
static inline int
lif__input_has_white (const lif_input *input)
{
  return input && input->n_noise > 0;
}

static inline int
lif__input_has_ou (const lif_input *input)
{
  return input && input->n_ou > 0;
}

static inline int
lif__input_noisy (const lif_input *input)
{
  return lif__input_has_white (input) || lif__input_has_ou (input);
}

/* The time constant of the input's Ornstein-Uhlenbeck current, or 0 when
 * it has none. */
static inline double
lif__input_ou_tau (const lif_input *input)
{
  return input ? input->ou_tau : 0.0;
}

/* The mean of I over the segment [a, b] of length h (b = a + h, but for a
 * step the clock cannot resolve), which holds no breakpoint, under the
 * weight exp(-(b - s) / tau) / (tau (1 - exp(-h / tau))) with which a
 * membrane of time constant tau integrates it: V relaxes over the segment
 * exactly as under this constant current (input_mean.c). A closed form for
 * every built-in kind; a callback's middle sample. May be NaN or infinite
 * as lif__input_value may. */
double lif__input_exp_mean (const lif_input *input, double a, double b,
                            double h, double tau);

/* The least and greatest value of I over the segment [a, b], which holds
 * no breakpoint (input_range.c): exact for every built-in kind up to
 * rounding (a sine's is widened where an extremum lies within rounding of
 * the segment's end), -inf and +inf for a callback. */
void lif__input_range (const lif_input *input, double a, double b, double *lo,
                       double *hi);

/* The mean over whole step k of a grid t0 + k h, as the exact stepper
 * takes it wherever the step is taken (a loop, a lane, a batch member),
 * cheaply enough for every step: what depends on h and tau alone (a
 * sine's complex factor, a decay's ratio, a ramp's weight) comes from a
 * plan, computed once (lif__mean_plan_init); a sine's cos and sin and a
 * decay's value are walked from step to step (turned by omega h,
 * multiplied by exp(-h / tau_in)) from an anchor computed afresh every
 * LIF__ANCHOR_STEPS steps of the grid. The state at step k is therefore
 * the anchor's turned k mod LIF__ANCHOR_STEPS times, whoever computes it:
 * the same bits from a loop that walks and from a lane that starts
 * afresh, and at most 63 turns of rounding (some 1e-15 of the amplitude).
 * Any other segment takes lif__input_exp_mean. For sums of up to
 * LIF__MEAN_PLAN_TERMS terms; a longer one is computed directly. */
#define LIF__MEAN_PLAN_TERMS 8
#define LIF__ANCHOR_STEPS 64

typedef struct lif__mean_plan
{
  double h, tau;
  int direct; /* 1: no factors kept, lif__input_exp_mean per step */
  double f[LIF__MEAN_PLAN_TERMS][2];
  /* A sine's (cos, sin) of omega h, a decay's exp(-h / tau_in). */
  double step[LIF__MEAN_PLAN_TERMS][2];
} lif__mean_plan;

/* Where a walk is: its step (-1 before the first) and each term's state. */
typedef struct lif__step_walk
{
  int64_t k;
  double state[LIF__MEAN_PLAN_TERMS][2];
} lif__step_walk;

void lif__mean_plan_init (lif__mean_plan *plan, const lif_input *input,
                          double h, double tau);

double lif__input_step_mean (const lif_input *input,
                             const lif__mean_plan *plan, lif__step_walk *walk,
                             double t0, int64_t k);

/* A walked term's state one step on: a sine's (cos, sin) turned by the
 * plan's (cos, sin) of omega h, a decay's value multiplied by
 * exp(-h / tau_in) (not before its onset, where st[1] is set). These
 * helpers take the term's kind apart from the term, so that a loop can
 * hold it in a register. */
static inline void
lif__walk_advance (int kind, const double step[2], double st[2])
{
  if (kind == LIF__INPUT_SINE)
    {
      const double c = st[0] * step[0] - st[1] * step[1];
      st[1] = st[1] * step[0] + st[0] * step[1];
      st[0] = c;
    }
  else if (kind == LIF__INPUT_EXP_DECAY && st[1] == 0.0)
    st[0] *= step[0];
}

/* Term t's walk state st at step k of the grid t0 + k h: its block's
 * anchor (a fresh cos and sin, or a decay's value) turned k mod
 * LIF__ANCHOR_STEPS times by the plan's step, the state every walk
 * reaches at k. Returns the steps from k to the next anchor (1 to
 * LIF__ANCHOR_STEPS), before which lif__walk_advance carries it on. */
int64_t lif__walk_state_at (const lif_input *t, const double step[2],
                            double t0, double h, int64_t k, double st[2]);

/* Whether a term's mean over its step comes from its walked state st: a
 * sine's, and a decay's from its onset on. */
static inline int
lif__walked (int kind, const double st[2])
{
  return kind == LIF__INPUT_SINE
         || (kind == LIF__INPUT_EXP_DECAY && st[1] == 0.0);
}

/* The mean over its step of a term t of this kind that lif__walked says
 * is walked, from its factors f and its state st. */
static inline double
lif__walked_mean (const lif_input *t, int kind, const double f[2],
                  const double st[2])
{
  if (kind == LIF__INPUT_SINE)
    return t->u.sine.offset
           + t->u.sine.amplitude * (st[1] * f[0] + st[0] * f[1]);
  return st[0] == 0.0 ? 0.0 : st[0] * f[0];
}

/* Whether lif__input_exp_mean is the input's sample in the middle of a
 * segment, whatever tau: for inputs constant between breakpoints and for
 * callbacks, which are known only by their samples. */
static inline int
lif__input_mean_is_sample (const lif_input *input)
{
  return !input || input->piecewise_constant
         || input->kind == LIF__INPUT_CALLBACK;
}

/* Whether the input is a callback or has one among its terms (NULL, no
 * input, has none). */
int lif__input_calls_back (const lif_input *input);

/* Whether the input is known in closed form: built in, without noise and
 * without a callback among its terms (NULL, no input, is). An event-driven
 * run needs it. */
int lif__input_closed_form (const lif_input *input);

/* A sine input's argument omega t + phase at t, finite at every finite t
 * (input_eval.c). */
double lif__sine_argument (const lif_input *input, double t);

/* The first breakpoint strictly after t, or +infinity. */
double lif__input_next_breakpoint (const lif_input *input, double t);

#endif /* LIF_INPUT_H */
