/*
 * What a lone neuron and a batch share about how they run: the clock, the
 * stepper, the timing mode, the spike limit and the input, with the one set
 * of rules for changing them. A lif_neuron runs its engine with one lane, a
 * lif_batch with one lane per member (lif__lane_start builds a lane from
 * it); the objects add only what is their own (parameters and state, one
 * or many; callbacks; where spikes are recorded).
 */
#ifndef LIF_ENGINE_H
#define LIF_ENGINE_H

#include "clock.h"
#include "internal.h"
#include "stepper.h"

#include <stdatomic.h>

typedef struct lif__engine
{
  lif__clock clock;
  int stepper; /* a lif_stepper value; lif__stepper_get gives its code */
  int timing;
  size_t spike_limit; /* per step, for each neuron */
  lif_input *input;   /* NULL: no input current; the engine holds it */
  /* The noise generator's seed (noise.h); a lone neuron's stream, a
   * batch's first one (member i draws from first + i). */
  uint64_t seed;
  uint32_t stream;

  /* Called every progress_every steps of a run, if set. */
  lif_progress_fn progress;
  void *progress_data;
  int64_t progress_every;
  /* The owner's state monitor samples at grid steps that are multiples
   * of this (monitor.h); 0 when it is off. Pieces end there too. */
  int64_t sample_every;

  /* Set while the object runs. Its callbacks may call the API on it then:
   * whatever would change the object, or read state the run keeps to
   * itself until it ends, is refused with LIF_EBUSY, so nothing the run
   * reads (the input above included) can change or go away. */
  int running;
  /* The object was freed from one of its callbacks during the run: the run
   * stops at its next check and frees the object on its way out, returning
   * LIF_ECANCELED. Atomic: a batch's shared input callback may run on the
   * batch's worker threads, several at once. */
  atomic_int free_pending;
  /* Set while the progress callback runs: the state is whole there, so
   * reading it is allowed. */
  int reporting;
} lif__engine;

/* Whether the run in progress must stop at its next check, and the status
 * it then returns. */
static inline int
lif__engine_stop_status (const lif__engine *e)
{
  return atomic_load_explicit (&e->free_pending, memory_order_relaxed)
             ? LIF_ECANCELED
             : LIF_OK;
}

/* The defaults lif.h documents: dt 0.1 ms, the exact stepper, precise
 * timing, 1000 spikes a step, no input, t = 0. */
void lif__engine_init (lif__engine *e);

/* Each setter checks its value and changes nothing when it refuses it. */
int lif__engine_set_stepper (lif__engine *e, int stepper);
/* *changed receives whether the mode changed (the owner then recounts what
 * grid timing holds of a refractory period). */
int lif__engine_set_timing (lif__engine *e, int timing, int *changed);
int lif__engine_set_spike_limit (lif__engine *e, size_t limit);
/* Holds input (before releasing the old one, in case they are the same). */
int lif__engine_set_input (lif__engine *e, lif_input *input);
void lif__engine_clear_input (lif__engine *e);

int lif__engine_set_progress (lif__engine *e, lif_progress_fn fn, size_t every,
                              void *user_data);

/* The whole steps a run of `steps` takes, `done` of them taken, before its
 * next progress report or its next sample on the grid (the clock's step
 * count a multiple of sample_every): all of them without either, so that
 * runs without them are never cut. */
int64_t lif__engine_piece (const lif__engine *e, int64_t done, int64_t steps);

/* Calls the progress callback, if set and due after `done` of `steps`
 * whole steps (t the time reached, t_end the run's end): LIF_ECANCELED when
 * it asks to stop or freed the object, LIF_OK otherwise. */
int lif__engine_report (lif__engine *e, int64_t done, int64_t steps, double t,
                        double t_end);

/* Whether the state may be read: not running, or at a progress report. */
static inline int
lif__engine_state_readable (const lif__engine *e)
{
  return !e->running || e->reporting;
}

/* Whether dt is a step length the clock accepts: finite and positive. */
int lif__engine_check_dt (double dt);

/* A refractory period that ends at *ref_end, seen at time `now`, when the
 * clock is set to read t instead: it keeps the length it has left, to the
 * clock's resolution at t, or is over (-infinity). LIF_EINVAL, with
 * *ref_end unchanged, when its new end is not finite, or not after t (what
 * it has left would be lost to rounding). */
int lif__engine_shift_refractory (double now, double t, double *ref_end);

/* The refractory time left at the clock's present time, LIF_PARAM_REF_LEFT,
 * of a period that ends at ref_end and, in grid timing, holds the steps
 * before held_until: as the timing mode counts it (lif.h says how), 0 when
 * none is left. held_until comes as a double, as a batch keeps it. */
double lif__engine_refractory_left (const lif__engine *e, double ref_end,
                                    double held_until);

/* The refractory period that leaves `left` at the clock's present time, in
 * both forms: the end time *ref_end and the step *held_until before which
 * grid timing holds. LIF_EINVAL, with both unchanged, when left is
 * negative, NaN or infinite, or its end is not finite. */
int lif__engine_refractory_from_left (const lif__engine *e, double left,
                                      double *ref_end, int64_t *held_until);

/* Whether `steps` more whole steps keep the clock representable and, for
 * an input with white noise, within the steps the noise's counters count
 * (noise.h): LIF_OK or LIF_EOVERFLOW. */
int lif__engine_check_room (const lif__engine *e, double steps);

/* Whether the engine's stepper is stable for a step of dt at time constant
 * tau: LIF_OK or LIF_EUNSTABLE. */
int lif__engine_check_stable (const lif__engine *e, double tau);

#endif /* LIF_ENGINE_H */
