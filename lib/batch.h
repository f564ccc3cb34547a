/*
 * The inside of a lif_batch, shared by the files that make it (batch.c),
 * configure it (batch_config.c) and run it (batch_run.c and the files it
 * names).
 *
 * Per-member data lives in arrays (structure of arrays), so that the plain
 * steps of many members are one vectorizable loop; any step that is not
 * plain for a member goes through that member's lane (lane.c), exactly as a
 * lone neuron's would.
 */
#ifndef LIF_BATCH_H
#define LIF_BATCH_H

#include "engine.h"
#include "internal.h"
#include "lane.h"
#include "monitor.h"
#include "params.h"
#include "spike_store.h"
#include "stepper.h"

/* One spike found during a run, before it is merged into the batch's
 * store in (step, time, member) order. */
typedef struct lif__found_spike
{
  int64_t step;
  double t;
  size_t index;
} lif__found_spike;

/* A spike of a known step, being sorted by time in precise timing. */
typedef struct lif__timed_spike
{
  double t;
  size_t index;
} lif__timed_spike;

/* A growable list of found spikes; one per thread. */
typedef struct lif__spike_list
{
  lif__found_spike *items;
  size_t count, capacity;
} lif__spike_list;

/* A member's state after a step, waiting for the whole step to succeed. */
typedef struct lif__pending
{
  size_t index;
  lif__state s;
} lif__pending;

/* A growable list of pending states; one per thread. */
typedef struct lif__pending_list
{
  lif__pending *items;
  size_t count, capacity;
} lif__pending_list;

/* A member's state before a chunk of a constant stretch changed it, kept
 * so that a chunk that fails can be undone. */
typedef struct lif__undo
{
  size_t index;
  double V, ref_end, deviation_limit, held_until, armed_at, ou;
} lif__undo;

/* A growable list of undo records; one per block. */
typedef struct lif__undo_list
{
  lif__undo *items;
  size_t count, capacity;
} lif__undo_list;

/* Members are run in blocks of this many, each block for many steps at a
 * time while its data stays in the first-level cache. */
#define LIF__BATCH_BLOCK 256

/* Steps of a constant stretch between two merges of the spikes found: each
 * merge makes the threads wait for one another, so merges are kept rare
 * (docs/performance.md has the measurement behind the number). */
#define LIF__BATCH_CHUNK 1024

/* What one block of members owns during a run: the spikes it found, the
 * states it left pending and the states it changed, in the present chunk
 * or step, and its outcome. Blocks, not threads, own them, so that results
 * never depend on which thread ran which block. The padding keeps the
 * fields of two blocks, which two threads write, off a shared cache
 * line. */
typedef struct lif__block
{
  lif__spike_list spikes;
  lif__pending_list pending;
  lif__undo_list undo;
  int64_t failed_step; /* the step at which status became an error */
  int status;
  /* Per step of the chunk or step being run (at[0] is step first_step):
   * how many spikes the block found, counted as it finds them; then, while
   * they are merged, where the next one goes in the store. */
  int64_t first_step;
  size_t at[LIF__BATCH_CHUNK];
  char padding[64];
} lif__block;

struct lif_batch
{
  size_t n;

  /* Shared by every member: the clock (clock.n is the step the batch is
   * at), stepper, timing mode, spike limit and input. */
  lif__engine engine;
  int threads; /* 0: as many as OpenMP offers */
  lif_batch_current_fn current_fn;
  void *current_data;
  lif_batch_spike_fn spike_fn; /* told of each spike once merged */
  void *spike_data;

  /* Per member, one array each (structure of arrays), the one copy of
   * each: the model parameters as lif.h names them, the coefficients of a
   * whole step of dt, and the state. */
  struct
  {
    double *R, *C, *tau, *E_L, *V_th, *V_reset, *t_ref, *V_0, *I_bias;
  } param;
  struct
  {
    double *g, *avg[LIF__MAX_NODES], *noise;
    /* An Ornstein-Uhlenbeck current's step (ou.h), all 0 without one. */
    double *ou_decay, *ou_feed, *ou_l11, *ou_l21, *ou_l22;
  } coef;
  double *V, *ref_end;
  double *ou; /* eta, an Ornstein-Uhlenbeck current's deviation (model.h) */
  /* Grid timing: the state's held_until (a step index of the clock). In
   * precise timing, during a run: the step up to which the member's
   * refractory period holds whole steps, or -infinity. The kernels hold
   * a member at step k < held_until[i]. */
  double *held_until;
  size_t *counts; /* spikes per member */

  /* The spike store, in (step, time, member) order. */
  lif__spike_store spikes;

  /* The state monitor: samples of the watched members (batch_monitor.c). */
  lif__monitor monitor;

  /* Per member, scratch for runs (batch_member.h says how each is set). */
  double *drive;               /* u of a constant stretch */
  double *deviation;           /* D = V - u, carried by the kernel */
  double *threshold_deviation; /* the D at which u + D reaches V_th */
  double *deviation_limit;     /* what the kernel tests D against: the
                                  threshold deviation, or -infinity to send
                                  the member's next step to its lane */
  double *armed_at;            /* the step from which V is u + D */
  double *saved_deviation;     /* deviations at a chunk's start, to undo it */
  double *step_threshold;      /* single steps: V_th, or -infinity (lane) */
  double *reported;    /* single steps: 1 for a member the kernel left */
  double *V_next;      /* single steps: V after the step */
  double *own_current; /* one step's per-member currents */
  double *held_steps;  /* grid timing: the whole steps t_ref holds */
  double *doubles;     /* the one allocation the arrays of doubles live in */

  size_t n_blocks;
  lif__block *blocks;
  lif__timed_spike *scratch; /* precise timing's sorting room, per thread */
  size_t scratch_capacity;
  size_t sort_step_max; /* the most spikes of one step in the present merge */
  size_t step_next[LIF__BATCH_CHUNK]; /* merging spikes: see place_spikes */
};

/* The index of the lowest set bit of a non-zero word. */
static inline int
lif__lowest_bit (uint64_t word)
{
#if defined(__GNUC__)
  return __builtin_ctzll (word);
#else
  int j = 0;
  while (!(word & 1))
    {
      word >>= 1;
      j++;
    }
  return j;
#endif
}

/* Member i's parameters, gathered from their arrays (for its lane, and for
 * checking a change). */
static inline void
lif__member_params (const lif_batch *b, size_t i, lif__params *p)
{
  p->R = b->param.R[i];
  p->C = b->param.C[i];
  p->tau = b->param.tau[i];
  p->E_L = b->param.E_L[i];
  p->V_th = b->param.V_th[i];
  p->V_reset = b->param.V_reset[i];
  p->t_ref = b->param.t_ref[i];
  p->V_0 = b->param.V_0[i];
  p->I_bias = b->param.I_bias[i];
}

/* Member i's whole-step coefficients, gathered likewise. */
static inline void
lif__member_coef (const lif_batch *b, size_t i, lif__coef *c)
{
  int j;
  c->g = b->coef.g[i];
  c->noise = b->coef.noise[i];
  for (j = 0; j < LIF__MAX_NODES; j++)
    c->avg[j] = b->coef.avg[j][i];
  c->ou.decay = b->coef.ou_decay[i];
  c->ou.feed = b->coef.ou_feed[i];
  c->ou.l11 = b->coef.ou_l11[i];
  c->ou.l21 = b->coef.ou_l21[i];
  c->ou.l22 = b->coef.ou_l22[i];
}

/* Stores member i's parameters p, which have been checked, and recomputes
 * its coefficients. */
void lif__member_store_params (lif_batch *b, size_t i, const lif__params *p);

/* Recomputes member i's whole-step coefficients (after tau, dt or the
 * stepper changed). */
void lif__batch_update_coef (lif_batch *b, size_t i);

/* Recounts the whole steps grid timing still holds from each member's
 * refractory end time (after the clock, dt or the timing mode changed). */
void lif__batch_recount_refractory (lif_batch *b);

/* Restarts the clock's count at time t and recounts the grid refractory
 * steps of every member, as lif__neuron_rebase does for one neuron. */
void lif__batch_rebase (lif_batch *b, double t);

/* The most threads a run may use: the number set, or with the default
 * (0) all that OpenMP offers; 1 without OpenMP. */
int lif__batch_threads (const lif_batch *b);

/* With the default number of threads, a parallel loop of a run uses all
 * of them only when it does at least this many member-steps between
 * starting the threads and joining them (one step of every member under
 * per-step currents, a chunk of up to LIF__BATCH_CHUNK steps in a constant
 * stretch); below, it runs on the calling thread. Measured with
 * `make bench-crossover` (tests/bench/crossover.c) on a virtual machine
 * with 2 cores that other builds kept busy (load 3 to 4): batches of 10 to
 * 10^5 members on one thread and on two, under per-step currents and a
 * constant input, at 1 to 1000 steps a call, medians of 5. Below 10^6
 * member-steps two threads were slower in almost every case, often 3 to
 * 30 times; from 10^6 on they took 0.36 to 0.99 of one thread's time.
 * Per-step currents never gained from two threads up to 10^5 members.
 * docs/performance.md has the table. */
#define LIF__PARALLEL_WORK 1e6

/* The threads for one parallel loop that does `work` member-steps (as
 * counted above): the number set, or with the default 1 below
 * LIF__PARALLEL_WORK and all above; never more than the blocks of
 * members. */
int lif__batch_threads_for (const lif_batch *b, double work);

/* Where one member's lane sends its spikes. */
typedef struct lif__member_sink
{
  lif__block *bl;
  size_t index;
} lif__member_sink;

/* Whether every one of n numbers is finite. */
static inline int
lif__all_finite (const double *x, size_t n)
{
  size_t i;
  int ok = 1;
  for (i = 0; i < n; i++)
    ok &= isfinite (x[i]) != 0;
  return ok;
}

/* ---- a run, file by file ---------------------------------------------- */

/* batch_spikes.c: the blocks' lists and the merge into the store. */
/* Doubles the room of a list of items of `size` bytes; LIF_ENOMEM leaves
 * it as it was. */
int lif__batch_grow (void **items, size_t *capacity, size_t size);

/* Appends to a block's lists, inline: the loops call these for every member
 * that fires. push_spike is a lane's spike sink (a lif__member_sink). */
static inline int
lif__block_push_spike (void *sink, int64_t k, double t)
{
  lif__member_sink *ms = sink;
  lif__spike_list *l = &ms->bl->spikes;
  if (l->count == l->capacity
      && lif__batch_grow ((void **)&l->items, &l->capacity, sizeof *l->items))
    return LIF_ENOMEM;
  l->items[l->count].step = k;
  l->items[l->count].t = t;
  l->items[l->count].index = ms->index;
  l->count++;
  ms->bl->at[k - ms->bl->first_step]++;
  return LIF_OK;
}

static inline int
lif__block_push_pending (lif__pending_list *l, size_t i, const lif__state *s)
{
  if (l->count == l->capacity
      && lif__batch_grow ((void **)&l->items, &l->capacity, sizeof *l->items))
    return LIF_ENOMEM;
  l->items[l->count].index = i;
  l->items[l->count].s = *s;
  l->count++;
  return LIF_OK;
}

/* Records member i's state before a chunk's step changes it. */
static inline int
lif__block_push_undo (lif_batch *b, lif__undo_list *l, size_t i)
{
  lif__undo *u;
  if (l->count == l->capacity
      && lif__batch_grow ((void **)&l->items, &l->capacity, sizeof *l->items))
    return LIF_ENOMEM;
  u = &l->items[l->count++];
  u->index = i;
  u->V = b->V[i];
  u->ref_end = b->ref_end[i];
  u->deviation_limit = b->deviation_limit[i];
  u->held_until = b->held_until[i];
  u->armed_at = b->armed_at[i];
  u->ou = b->ou[i];
  return LIF_OK;
}
void lif__block_start (lif__block *bl, int64_t first, int64_t steps);
void lif__batch_clear_lists (lif_batch *b);
int lif__batch_merge_spikes (lif_batch *b, int64_t k0, int64_t steps,
                             int threads);

/* batch_monitor.c: records a sample of the watched members where the
 * clock now is, which lif__batch_take_sample has found due. */
void lif__batch_record_sample (lif_batch *b);

/* Makes room for a sample before the steps that bring the clock to step
 * n_end, if one is due there (monitor.h). */
static inline int
lif__batch_ready_sample (lif_batch *b, int64_t n_end)
{
  return lif__monitor_ready (&b->monitor, n_end);
}

/* Records a sample if one is due where the clock now is: on the grid, at a
 * multiple of the monitor's period (as run.c does for a neuron). With the
 * monitor off it is one comparison. */
static inline void
lif__batch_take_sample (lif_batch *b)
{
  if (lif__monitor_due (&b->monitor, b->engine.clock.n)
      && lif__clock_on_grid (&b->engine.clock))
    lif__batch_record_sample (b);
}

/* batch_stretch.c: up to `steps` whole steps with no breakpoint inside
 * them, under a drive constant across all of them, or member by member
 * under an input with no callback (noise, a sine, a decay, a ramp); *done
 * receives how many were taken. */
int lif__batch_constant_stretch (lif_batch *b, const lif__stepper *st,
                                 int64_t steps, int64_t *done);
int lif__batch_member_stretch (lif_batch *b, const lif__stepper *st,
                               int64_t steps, int64_t *done);

/* batch_step.c: one whole step under a drive that changes every step (x:
 * the members' own currents for it), and step [a, end] of length h for
 * every member through its lane (x NULL for none). */
int lif__batch_single_step (lif_batch *b, const lif__stepper *st,
                            const double *x, int threads);
int lif__batch_lane_step_all (lif_batch *b, double a, double end, double h,
                              int whole, const double *x, int threads);

#endif /* LIF_BATCH_H */
