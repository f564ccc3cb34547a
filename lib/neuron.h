/*
 * The inside of a lif_neuron, shared by the files that configure it
 * (neuron.c), run it (run.c) and answer questions about it (analytic.c).
 */
#ifndef LIF_NEURON_H
#define LIF_NEURON_H

#include "engine.h"
#include "internal.h"
#include "lane.h"
#include "monitor.h"
#include "params.h"
#include "stepper.h"

struct lif_neuron
{
  lif__engine engine; /* clock, stepper, timing, spike limit, input */
  lif__params p;
  lif__state s;

  lif_spike_fn on_spike;
  void *on_spike_data;

  double *spikes; /* recorded spike times, oldest first */
  size_t spike_count;
  size_t spike_capacity;

  lif__monitor monitor; /* samples every monitor.every steps, width 1 */

  /* The coefficients of a whole step of dt, kept in step with dt, tau and
   * the stepper by every setter. */
  lif__coef step;
};

/* Recounts the whole steps grid timing still holds from the refractory end
 * time, for when the clock or dt changes under a refractory period. */
void lif__neuron_recount_refractory (lif_neuron *nrn);

/* Starts a new grid at time t (t0 = t, n = 0), for when dt changes, and
 * recounts the refractory steps. */
void lif__neuron_rebase (lif_neuron *nrn, double t);

/* The caller's arrays for lif_neuron_run_trace(); any may be NULL. */
typedef struct lif__trace
{
  double *t, *v, *current;
  size_t count;
  int started; /* the run passed its checks: steps_done is written */
} lif__trace;

/* A run over a span (clock.h): the rest of the step under way, whole steps
 * in pieces that end where the progress callback or the monitor is due
 * (both called there), and a shorter last step; by steps of the clock, or
 * event to event (lif__lane_run_events). tr: the caller's trace, or NULL
 * (always for events). The caller has marked the neuron as running (run.c;
 * neuron_run.c has the public runs). */
int lif__neuron_run_span (lif_neuron *nrn, const lif__span *span,
                          lif__trace *tr, int events);

#endif /* LIF_NEURON_H */
