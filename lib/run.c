/*
 * Running a neuron: the integration loop.
 *
 * A run is a sequence of whole steps [t_k, t_k+1], t_k = t0 + k dt. Most
 * steps are plain: no refractory period, no input breakpoint and no spike
 * inside. Those are taken in tight loops ("stretches") that stop just before
 * the first step that is not plain. Every other step goes through
 * general_step(), which splits it at breakpoints and at the end of a
 * refractory period, finds spikes, and resets. Both paths compute a segment
 * with the same expressions in the same order, so where a step is taken never
 * changes its result.
 *
 * Errors leave the neuron at the last consistent point: the start of the step
 * (or, in precise timing, of the segment after the last spike found) where a
 * sample or V went bad, with every earlier spike recorded.
 */
#include "neuron.h"

#include "alloc.h"
#include "input.h"

/* The caller's arrays for lif_neuron_run_trace(); any may be NULL. */
typedef struct trace
{
  double *t, *v, *current;
  size_t count;
} trace;

static double
input_current (const lif_neuron *nrn, double t, int side)
{
  return nrn->input ? lif__input_value (nrn->input, t, side) : 0.0;
}

/* u = E_L + R (I + I_bias) at time t, seen from one side of a jump. */
static int
drive_at (const lif_neuron *nrn, double t, int side, double *u)
{
  double current = input_current (nrn, t, side), value;
  if (!isfinite (current))
    return LIF_EINPUT;
  value = lif__params_drive (&nrn->p, current);
  if (!isfinite (value))
    return LIF_EDIVERGED;
  *u = value;
  return LIF_OK;
}

static int
input_is_piecewise_constant (const lif_neuron *nrn)
{
  return !nrn->input || nrn->input->piecewise_constant;
}

static double
next_breakpoint (const lif_neuron *nrn, double t)
{
  return nrn->input ? lif__input_next_breakpoint (nrn->input, t) : INFINITY;
}

static void
record (const lif_neuron *nrn, trace *tr, double t)
{
  if (tr->t)
    tr->t[tr->count] = t;
  if (tr->v)
    tr->v[tr->count] = nrn->s.V;
  if (tr->current)
    tr->current[tr->count]
        = input_current (nrn, t, LIF__RIGHT) + nrn->p.I_bias;
  tr->count++;
}

static int
record_spike (lif_neuron *nrn, double t)
{
  if (nrn->spike_count == nrn->spike_capacity)
    {
      size_t cap = nrn->spike_capacity ? 2 * nrn->spike_capacity : 64;
      double *grown;
      if (cap < nrn->spike_capacity)
        return LIF_ENOMEM;
      grown = lif__realloc_array (nrn->spikes, cap, sizeof *grown);
      if (!grown)
        return LIF_ENOMEM;
      nrn->spikes = grown;
      nrn->spike_capacity = cap;
    }
  nrn->spikes[nrn->spike_count++] = t;
  if (nrn->on_spike)
    nrn->on_spike (t, nrn->on_spike_data);
  return LIF_OK;
}

/* ---- one segment ------------------------------------------------------ */

/* A stepper node's time in the segment [a, b] of length h. Node 0 is read
 * just after a, node 1 just before b, so a jump at either end is never seen
 * from inside the wrong segment. */
static double
node_time (double a, double b, double h, double node)
{
  return node == 0.0 ? a : node == 1.0 ? b : a + node * h;
}

static int
node_side (double node)
{
  return node == 1.0 ? LIF__LEFT : LIF__RIGHT;
}

/* Integrates V = v0 over the segment [a, b] of length h, which contains no
 * breakpoint, with coefficients c: V -> ubar + g (v0 - ubar), ubar the
 * weighted average of u at the stepper's nodes (stepper.h says why this
 * form). Fills seg for the crossing search. */
static int
advance_segment (const lif_neuron *nrn, const lif__stepper *st,
                 const lif__coef *c, double a, double b, double h, double v0,
                 lif__segment *seg)
{
  double ubar, v1;
  int j, rc;
  seg->h = h;
  seg->tau = nrn->p.tau;
  seg->v0 = v0;
  if (input_is_piecewise_constant (nrn))
    {
      if ((rc = drive_at (nrn, a, LIF__RIGHT, &ubar)) != LIF_OK)
        return rc;
      for (j = 0; j < LIF__MAX_NODES; j++)
        seg->u[j] = ubar;
    }
  else
    {
      ubar = 0.0;
      for (j = 0; j < st->n_nodes; j++)
        {
          double node = st->node[j];
          rc = drive_at (nrn, node_time (a, b, h, node), node_side (node),
                         &seg->u[j]);
          if (rc != LIF_OK)
            return rc;
          ubar += c->avg[j] * seg->u[j];
        }
    }
  v1 = ubar + c->g * (v0 - ubar);
  if (!isfinite (v1))
    return LIF_EDIVERGED;
  seg->v1 = v1;
  return LIF_OK;
}

/* The coefficients for a segment of length h: the cached ones for a whole
 * step, fresh ones otherwise. */
static const lif__coef *
segment_coefficients (const lif_neuron *nrn, const lif__stepper *st, double h,
                      double step_length, lif__coef *scratch)
{
  if (h == step_length && step_length == nrn->dt)
    return &nrn->step;
  lif__stepper_coefficients (st, h / nrn->p.tau, scratch);
  return scratch;
}

/* After a step [a, b]: a whole step advances the count, a shorter last step
 * of a run moves the clock off the grid, so it restarts there. */
static void
finish_step (lif_neuron *nrn, double b, int whole)
{
  if (whole)
    nrn->n++;
  else
    lif__neuron_rebase (nrn, b);
}

/* ---- the general step ------------------------------------------------- */

/* Grid timing: integrate across the step's segments, then test the
 * threshold once, at the end. Nothing is committed before the step is
 * complete, so an error leaves the neuron at a. */
static int
grid_step (lif_neuron *nrn, const lif__stepper *st, double a, double b,
           double h, int whole)
{
  double V = nrn->s.V, pos = a;
  size_t breaks = 0;
  lif__segment seg;
  lif__coef scratch;
  int rc;
  if (nrn->s.ref_steps > 0)
    {
      if (whole)
        nrn->s.ref_steps--;
      finish_step (nrn, b, whole);
      return LIF_OK;
    }
  while (pos < b)
    {
      double end = fmin (b, next_breakpoint (nrn, pos));
      double len = (pos == a && end == b) ? h : end - pos;
      const lif__coef *c = segment_coefficients (nrn, st, len, h, &scratch);
      if (end < b && ++breaks > LIF__MAX_BREAKPOINTS_PER_STEP)
        return LIF_EBREAKPOINTS;
      if ((rc = advance_segment (nrn, st, c, pos, end, len, V, &seg)))
        return rc;
      V = seg.v1;
      pos = end;
    }
  if (V >= nrn->p.V_th)
    {
      if ((rc = record_spike (nrn, b)) != LIF_OK)
        return rc;
      V = nrn->p.V_reset;
      nrn->s.ref_end = b + nrn->p.t_ref;
      nrn->s.ref_steps = lif__refractory_steps (nrn->p.t_ref, nrn->dt);
    }
  nrn->s.V = V;
  finish_step (nrn, b, whole);
  return LIF_OK;
}

/* Precise timing: walk through the step from event to event (end of the
 * refractory period, breakpoint, spike), locating each threshold crossing
 * inside its segment with the stepper's own solution. */
static int
precise_step (lif_neuron *nrn, const lif__stepper *st, double a, double b,
              double h, int whole)
{
  const lif__params *p = &nrn->p;
  double V = nrn->s.V, ref_end = nrn->s.ref_end, pos = a;
  size_t spikes = 0, breaks = 0;
  lif__segment seg;
  lif__coef scratch;
  int rc = LIF_OK;
  while (pos < b)
    {
      double end, len;
      const lif__coef *c;
      if (ref_end > pos)
        {
          if (ref_end >= b)
            break; /* held to the end of the step */
          pos = ref_end;
        }
      end = fmin (b, next_breakpoint (nrn, pos));
      len = (pos == a && end == b) ? h : end - pos;
      c = segment_coefficients (nrn, st, len, h, &scratch);
      if (end < b && ++breaks > LIF__MAX_BREAKPOINTS_PER_STEP)
        {
          rc = LIF_EBREAKPOINTS;
          break;
        }
      if ((rc = advance_segment (nrn, st, c, pos, end, len, V, &seg)))
        break;
      if (V >= p->V_th || seg.v1 >= p->V_th)
        {
          double s = V >= p->V_th ? 0.0 : st->crossing (&seg, p->V_th);
          double t_spike = fmin (pos + s, end);
          if (++spikes > nrn->spike_limit)
            {
              rc = LIF_ESPIKELIMIT;
              break;
            }
          if ((rc = record_spike (nrn, t_spike)) != LIF_OK)
            break;
          V = p->V_reset;
          ref_end = t_spike + p->t_ref;
          pos = t_spike;
          continue;
        }
      V = seg.v1;
      pos = end;
    }
  nrn->s.V = V;
  nrn->s.ref_end = ref_end;
  if (rc == LIF_OK)
    finish_step (nrn, b, whole);
  else if (pos > a)
    lif__neuron_rebase (nrn, pos); /* stopped inside the step, at pos */
  return rc;
}

static int
general_step (lif_neuron *nrn, const lif__stepper *st, double a, double b,
              double h, int whole)
{
  if (nrn->timing == LIF_TIMING_GRID)
    return grid_step (nrn, st, a, b, h, whole);
  return precise_step (nrn, st, a, b, h, whole);
}

/* ---- stretches of plain steps ----------------------------------------- */

/* The number of whole steps from the present one whose ends are at or
 * before limit, at most cap. */
static int64_t
steps_until (const lif_neuron *nrn, double limit, int64_t cap)
{
  double estimate;
  int64_t j;
  if (limit == INFINITY)
    return cap;
  if (!(limit >= lif__neuron_grid_time (nrn, nrn->n)))
    return 0;
  estimate = floor ((limit - nrn->t0) / nrn->dt) - (double)nrn->n;
  if (!(estimate < (double)cap))
    estimate = (double)cap;
  j = estimate > 0.0 ? (int64_t)estimate : 0;
  /* The division rounds; the grid times themselves decide. */
  while (j > 0 && lif__neuron_grid_time (nrn, nrn->n + j) > limit)
    j--;
  while (j < cap && lif__neuron_grid_time (nrn, nrn->n + j + 1) <= limit)
    j++;
  return j;
}

/* Holds V for k whole steps of a refractory period. */
static int64_t
hold_stretch (lif_neuron *nrn, int64_t k, trace *tr)
{
  int64_t i;
  if (tr)
    for (i = 1; i <= k; i++)
      record (nrn, tr, lif__neuron_grid_time (nrn, nrn->n + i));
  nrn->n += k;
  return k;
}

/* Up to k plain steps under a current that is constant across all of them.
 * The deviation D = V - u only shrinks by g each step, so the loop carries
 * D: one multiplication per step, and V = u + D for the threshold test and
 * the trace off the critical path. Stops before the first step that would
 * reach the threshold. Returns the steps taken. */
static int64_t
constant_stretch (lif_neuron *nrn, int64_t k, trace *tr, int *status)
{
  const double g = nrn->step.g, v_th = nrn->p.V_th;
  double u, D, V = nrn->s.V;
  int64_t i;
  if ((*status
       = drive_at (nrn, lif__neuron_grid_time (nrn, nrn->n), LIF__RIGHT, &u))
      != LIF_OK)
    return 0;
  /* |D| never grows for a stable step; only when u + D could overflow are
   * the steps left to general_step, which checks every value. */
  D = V - u;
  if (!(fabs (u) + fabs (D) < DBL_MAX / 2.0))
    return 0;
  for (i = 0; i < k; i++)
    {
      double d1 = g * D, v1 = u + d1;
      if (v1 >= v_th)
        break;
      D = d1;
      V = v1;
      if (tr)
        {
          nrn->s.V = V;
          record (nrn, tr, lif__neuron_grid_time (nrn, nrn->n + i + 1));
        }
    }
  nrn->s.V = V;
  nrn->n += i;
  return i;
}

/* Up to k plain steps under a current that varies: the input is sampled at
 * the stepper's nodes, and the sample at a step's end is reused for the
 * start of the next (no breakpoint lies between them). */
static int64_t
varying_stretch (lif_neuron *nrn, const lif__stepper *st, int64_t k, trace *tr,
                 int *status)
{
  const lif__coef *c = &nrn->step;
  const double dt = nrn->dt, v_th = nrn->p.V_th;
  const int last = st->n_nodes - 1;
  const int reuse = st->node[0] == 0.0 && st->node[last] == 1.0;
  double V = nrn->s.V, u_end = 0.0;
  int have_end = 0;
  int64_t i;
  *status = LIF_OK;
  for (i = 0; i < k; i++)
    {
      double a = lif__neuron_grid_time (nrn, nrn->n + i);
      double b = lif__neuron_grid_time (nrn, nrn->n + i + 1);
      double ubar = 0.0, v1;
      int j;
      for (j = 0; j <= last; j++)
        {
          double node = st->node[j], u;
          if (j == 0 && have_end)
            u = u_end;
          else if ((*status = drive_at (nrn, node_time (a, b, dt, node),
                                        node_side (node), &u))
                   != LIF_OK)
            break;
          ubar += c->avg[j] * u;
          if (j == last)
            u_end = u;
        }
      if (*status != LIF_OK)
        break;
      v1 = ubar + c->g * (V - ubar);
      if (!isfinite (v1) || v1 >= v_th)
        break;
      V = v1;
      have_end = reuse;
      if (tr)
        {
          nrn->s.V = V;
          record (nrn, tr, b);
        }
    }
  nrn->s.V = V;
  nrn->n += i;
  return i;
}

/* ---- runs ------------------------------------------------------------- */

static int
check_stable (const lif_neuron *nrn, const lif__stepper *st)
{
  double x = nrn->dt / nrn->p.tau;
  if (st->stability_limit == INFINITY || x < st->stability_limit)
    return LIF_OK;
  return LIF_EUNSTABLE;
}

/* Whether `steps` more whole steps keep the clock representable. */
static int
check_room (const lif_neuron *nrn, double steps)
{
  if (!(steps <= (double)(LIF__MAX_STEPS - nrn->n)))
    return LIF_EOVERFLOW;
  if (!isfinite (lif__neuron_grid_time (nrn, nrn->n) + steps * nrn->dt))
    return LIF_EOVERFLOW;
  return LIF_OK;
}

static int
run_whole_steps (lif_neuron *nrn, const lif__stepper *st, int64_t steps,
                 trace *tr)
{
  while (steps > 0)
    {
      double a = lif__neuron_grid_time (nrn, nrn->n);
      int64_t wanted = 0, done = 0;
      int rc = LIF_OK;
      if (nrn->timing == LIF_TIMING_GRID && nrn->s.ref_steps > 0)
        {
          wanted = nrn->s.ref_steps < steps ? nrn->s.ref_steps : steps;
          done = hold_stretch (nrn, wanted, tr);
          nrn->s.ref_steps -= done;
        }
      else if (nrn->timing == LIF_TIMING_PRECISE && nrn->s.ref_end > a)
        {
          wanted = steps_until (nrn, nrn->s.ref_end, steps);
          done = hold_stretch (nrn, wanted, tr);
        }
      else
        {
          wanted = steps_until (nrn, next_breakpoint (nrn, a), steps);
          if (wanted > 0)
            done = input_is_piecewise_constant (nrn)
                       ? constant_stretch (nrn, wanted, tr, &rc)
                       : varying_stretch (nrn, st, wanted, tr, &rc);
        }
      steps -= done;
      if (rc != LIF_OK)
        return rc;
      if (done < wanted || wanted == 0)
        {
          a = lif__neuron_grid_time (nrn, nrn->n);
          rc = general_step (
              nrn, st, a, lif__neuron_grid_time (nrn, nrn->n + 1), nrn->dt, 1);
          if (rc != LIF_OK)
            return rc;
          if (tr)
            record (nrn, tr, lif__neuron_time (nrn));
          steps--;
        }
    }
  return LIF_OK;
}

/* Checks shared by every run; on success *st is the neuron's stepper. */
static int
prepare_run (const lif_neuron *nrn, double steps, const lif__stepper **st)
{
  int rc;
  *st = lif__stepper_get (nrn->stepper);
  if ((rc = check_stable (nrn, *st)) != LIF_OK)
    return rc;
  return check_room (nrn, steps);
}

int
lif_neuron_step (lif_neuron *neuron)
{
  const lif__stepper *st;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if ((rc = prepare_run (neuron, 1.0, &st)) != LIF_OK)
    return rc;
  return run_whole_steps (neuron, st, 1, NULL);
}

int
lif_neuron_run (lif_neuron *neuron, double duration)
{
  const lif__stepper *st;
  double steps, whole, start, end, a;
  int rc, partial;
  if (!neuron)
    return LIF_ENULL;
  if (!isfinite (duration) || duration < 0.0)
    return LIF_EINVAL;
  steps = duration / neuron->dt;
  partial = !lif__near_integer (steps, &whole);
  if (partial)
    whole = floor (steps);
  start = lif__neuron_time (neuron);
  end = start + duration;
  if (!isfinite (end))
    return LIF_EOVERFLOW;
  if ((rc = prepare_run (neuron, whole, &st)) != LIF_OK)
    return rc;
  if ((rc = run_whole_steps (neuron, st, (int64_t)whole, NULL)) != LIF_OK)
    return rc;
  a = lif__neuron_time (neuron);
  if (partial && end > a)
    return general_step (neuron, st, a, end, end - a, 0);
  return LIF_OK;
}

int
lif_neuron_run_trace (lif_neuron *neuron, size_t steps, double *t, double *v,
                      double *current, size_t *steps_done)
{
  const lif__stepper *st;
  trace tr;
  int rc;
  if (!neuron)
    return LIF_ENULL;
  if ((rc = prepare_run (neuron, (double)steps, &st)) != LIF_OK)
    return rc;
  tr.t = t;
  tr.v = v;
  tr.current = current;
  tr.count = 0;
  rc = run_whole_steps (neuron, st, (int64_t)steps, &tr);
  if (steps_done)
    *steps_done = tr.count;
  return rc;
}
