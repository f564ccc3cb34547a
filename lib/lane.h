/*
 * One neuron's integration, whoever owns the neuron: a lif_neuron drives one
 * lane, a lif_batch drives one lane per member. Every step that is not plain
 * (an input breakpoint, the end of a refractory period, a spike) goes through
 * lif__lane_step, so a batch member and a lone neuron with the same
 * parameters and input compute it with the same operations, bit for bit. The
 * stepper's own fast loops (stepper_loops.h) take some of these steps, a
 * precise spike under a constant drive and the steps around it, with the
 * same operations written out, for speed, for lone neurons and batch members
 * alike; tests/test_run.c (paths_agree) and tests/test_batch.c
 * (members_are_neurons) hold them to the same bits.
 */
#ifndef LIF_LANE_H
#define LIF_LANE_H

#include "engine.h"
#include "input.h"
#include "internal.h"
#include "model.h"
#include "noise.h"
#include "stepper.h"

/* Records a spike at time t, inside step k of the lane's clock; returns
 * LIF_OK, or the error that stops the run (LIF_ENOMEM, or what a callback
 * asked for). */
typedef int (*lif__spike_sink) (void *sink, int64_t k, double t);

/* Receives V after a whole step that ends at t, for traces. */
typedef void (*lif__observer) (void *observer, double t, double V);

typedef struct lif__lane
{
  const lif__params *p;
  lif__state *s;
  const lif__stepper *st;
  const lif__coef *step;   /* the coefficients of a whole step of dt */
  const lif__clock *clock; /* the grid of the lane's whole steps */
  double dt;
  int timing;
  size_t spike_limit;
  const lif_input *input; /* NULL: no input current */
  /* Whose noise the lane draws, when its input has white noise: the seed,
   * and the neuron's stream (a batch member's: the first plus its index). */
  lif__noise_stream noise;
  /* A further current, constant over the present step: a batch's per-step
   * currents. 0 for a lone neuron. */
  double extra;
  /* When known is set, the caller vouches that the drive is the constant u
   * over the step and that no input breakpoint lies inside it (the step is
   * inside a constant stretch): the lane then reads neither the input nor
   * its breakpoints, and computes exactly what it would have. */
  int known;
  double u;
  lif__spike_sink emit;
  void *sink;
  /* Called by the stepper's loops after each step when set; NULL when no
   * one traces the lane. */
  lif__observer observe;
  void *observer;
} lif__lane;

/* Sets up what every lane of one neuron or batch shares, from its engine:
 * the stepper, the clock (its dt too), the timing mode, the spike limit and
 * the input; everything else is cleared, for the owner to fill in per lane
 * (parameters, state, whole-step coefficients, the spike sink). */
void lif__lane_start (lif__lane *l, const lif__engine *e);

/* u = E_L + R ((I(t) + extra) + I_bias) at time t, seen from one side of a
 * jump; LIF_EINPUT when I is not finite, LIF_EDIVERGED when u is not. */
int lif__lane_drive (const lif__lane *l, double t, int side, double *u);

/* The drive of the input's mean over the segment [a, b] of length h as
 * the membrane weighs it (lif__input_exp_mean), plus extra, for a stepper
 * that integrates the input; errors as lif__lane_drive's. */
int lif__lane_mean_drive (const lif__lane *l, double a, double b, double h,
                          double *u);

/* Whether the lane's input has white noise. */
static inline int
lif__lane_noisy (const lif__lane *l)
{
  return l->input && l->input->n_noise > 0;
}

/* Whether a run in this timing mode, with stepper st and this input,
 * looks for crossings on the exact trajectory (crossing.h), with a
 * certificate that none hides inside a step: in precise timing, for a
 * stepper that integrates the input, under a built-in input that varies
 * between its breakpoints, without noise. */
static inline int
lif__on_trajectory (int timing, const lif__stepper *st, const lif_input *in)
{
  return timing == LIF_TIMING_PRECISE && st->integrates_input
         && !lif__input_mean_is_sample (in) && !lif__input_noisy (in);
}

/* lif__on_trajectory for the lane, unless the caller vouches for a
 * constant drive. */
static inline int
lif__lane_on_trajectory (const lif__lane *l)
{
  return !l->known && lif__on_trajectory (l->timing, l->st, l->input);
}

/* Whether the lane's input is constant between its breakpoints. */
int lif__lane_piecewise_constant (const lif__lane *l);

/* The input's first breakpoint after t, or +infinity. */
double lif__lane_next_breakpoint (const lif__lane *l, double t);

/* Takes the step [a, b], step k of the lane's clock, of length h (dt for a
 * whole step, whole = 1; shorter for the last step of a run, whole = 0),
 * with everything that can happen inside it. On success the state in l->s
 * is that at b. On failure *stop receives the time the lane stopped at: a
 * (nothing changed), or in precise timing a spike time inside the step,
 * with l->s the state there and every spike up to it emitted. */
int lif__lane_step (const lif__lane *l, int64_t k, double a, double b,
                    double h, int whole, double *stop);

/* Runs the lane from `from` to `to` event to event (lane_events.c): V
 * carried across each stretch between events by its closed form, every
 * spike found on the exact trajectory and emitted with the step of the
 * lane's clock it falls in (from step k on). For an input without noise
 * and without callbacks. On success the state is that at `to`; on failure
 * *stop receives the time it is at, every spike before it emitted. */
int lif__lane_run_events (const lif__lane *l, int64_t k, double from,
                          double to, double *stop);

/* Holds V through the n whole steps from step k, as a refractory period
 * does: an Ornstein-Uhlenbeck current still moves over them, each step
 * with its own draw, as the lane's step of a held step moves it. Nothing
 * happens without one. */
void lif__lane_hold_steps (const lif__lane *l, int64_t k, int64_t n);

/* Whether the refractory period of state s holds V at the start of step k
 * of clock c, as timing mode `timing` holds it: grid timing whole steps
 * before held_until, precise timing until ref_end. */
static inline int
lif__held_at (const lif__state *s, int timing, const lif__clock *c, int64_t k)
{
  if (timing == LIF_TIMING_GRID)
    return k < s->held_until;
  return lif__refractory_at (s->ref_end, lif__clock_at (c, k));
}

/* The whole steps from step k on that the refractory period of state s
 * holds, at most cap: the one place that asks the timing mode how a period
 * is held over a stretch. *inside receives whether the period then ends
 * inside the step after them (precise timing only), which the lane's
 * general step must take. */
int64_t lif__held_whole_steps (const lif__state *s, int timing,
                               const lif__clock *c, int64_t k, int64_t cap,
                               int *inside);

#endif /* LIF_LANE_H */
