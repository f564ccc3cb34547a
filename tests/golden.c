/*
 * The golden driver: a fixed set of runs of lone neurons and of batches,
 * through every stepper, timing mode, kind of input, refractory period and
 * time step, and the corner cases the regression tests hold, printing every
 * number that comes out (spike times, V, t, traces, input values, closed
 * forms, statuses) in C99's exact hexadecimal notation (%a).
 *
 * tests/golden.sh compares its output with tests/golden.expected, which
 * this program wrote from the release's code ('make golden-update'), so a
 * change to lib/ that is meant to change nothing proves that it changed no
 * bit. A change meant to change results regenerates the file on purpose,
 * and the diff of the file shows what moved.
 *
 * The steppers and timing modes are counted with lif_stepper_name() and
 * lif_timing_name(), so a new one is run without edits here (its lines then
 * make the file differ until it is regenerated).
 *
 * Every config starts with a line "== ..." naming it. Long traces are
 * printed every few steps, and a digest of every step (FNV-1a over the bits
 * of t, V and the current) stands for the steps not printed.
 *
 * Batches run on one thread and on two, and must give the same output:
 * it is printed once, and the program exits 1 if the two differ. A call
 * that is not part of a scenario's expected failures must succeed, or the
 * program exits 1; the statuses that scenarios provoke are printed.
 */
#include <lif.h>

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define GOLDEN_PRINTF(f, a) __attribute__ ((format (printf, f, a)))
#else
#define GOLDEN_PRINTF(f, a)
#endif

/* ---- output ------------------------------------------------------------ */

/* Everything printed goes to a growing buffer first, so that the outputs of
 * two runs (one and two threads) can be compared before one is printed. */
struct buf
{
  char *p;
  size_t len, cap;
};

static struct buf main_out;
static struct buf *out = &main_out;
static int failures;

static void
die (const char *what)
{
  fprintf (stderr, "golden: %s\n", what);
  exit (1);
}

static void put (const char *fmt, ...) GOLDEN_PRINTF (1, 2);

static void
put (const char *fmt, ...)
{
  va_list ap;
  int n;
  va_start (ap, fmt);
  n = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  if (n < 0)
    die ("vsnprintf failed");
  if (out->len + (size_t)n + 1 > out->cap)
    {
      size_t cap = out->cap ? out->cap : 4096;
      char *p;
      while (out->len + (size_t)n + 1 > cap)
        cap *= 2;
      p = realloc (out->p, cap);
      if (!p)
        die ("out of memory");
      out->p = p;
      out->cap = cap;
    }
  va_start (ap, fmt);
  vsnprintf (out->p + out->len, (size_t)n + 1, fmt, ap);
  va_end (ap);
  out->len += (size_t)n;
}

static void
flush (void)
{
  if (main_out.len
      && fwrite (main_out.p, 1, main_out.len, stdout) != main_out.len)
    die ("cannot write the output");
  main_out.len = 0;
}

static void
must (int rc, const char *what)
{
  if (rc != LIF_OK)
    {
      fprintf (stderr, "golden: %s: %s\n", what, lif_strerror (rc));
      exit (1);
    }
}

static const char *
status (int rc)
{
  const char *name = lif_error_name (rc);
  return name ? name : "(unknown status)";
}

/* FNV-1a over the bits of doubles. */
typedef uint64_t digest;
#define DIGEST_START UINT64_C (0xcbf29ce484222325)

static void
mix (digest *h, double x)
{
  uint64_t u;
  int k;
  memcpy (&u, &x, sizeof u);
  for (k = 0; k < 8; k++)
    {
      *h ^= (u >> (8 * k)) & 0xff;
      *h *= UINT64_C (0x100000001b3);
    }
}

static void *
xmalloc (size_t size)
{
  void *p = malloc (size ? size : 1);
  if (!p)
    die ("out of memory");
  return p;
}

/* ---- inputs ------------------------------------------------------------ */

#define N_INPUTS 10
static const char *const input_names[N_INPUTS]
    = { "none",      "constant",   "pulse",        "train", "sine",
        "exp_decay", "table_step", "table_linear", "sum",   "callback" };

/* The bias each kind of input gets, so that every one fires repeatedly
 * (the default neuron's rheobase is 1.5). */
static const double input_bias[N_INPUTS]
    = { 3.4, 0.3, 0.3, 0.3, 0.2, 0.9, 0.25, 0.25, 0.4, 0.2 };

static double drive_level = 3.0;

/* The callback input: a pure function of t. */
static double
drive (double t, void *user_data)
{
  const double *level = user_data;
  return *level + 1.1 * sin (0.29 * t) + 0.4 * cos (1.7 * t + 0.2);
}

static const double table_times[]
    = { 0.0, 6.31, 13.07, 24.6, 39.23, 52.9, 61.7 };
static const double table_values[] = { 3.2, 1.0, 4.5, 2.2, 6.0, 0.5, 3.7 };
#define TABLE_N (sizeof table_times / sizeof table_times[0])

/* Input kind k (an index into input_names), or NULL for none. */
static lif_input *
make_input (int kind)
{
  lif_input *in = NULL, *terms[6];
  static const double weights[6] = { 0.5, 1.0, 0.6, -0.8, 0.3, 1.0 };
  int k;
  switch (kind)
    {
    case 0:
      return NULL;
    case 1:
      must (lif_input_new_constant (3.1, &in), "constant");
      break;
    case 2: /* edges off every grid */
      must (lif_input_new_pulse (4.2, 2.337, 51.19, &in), "pulse");
      break;
    case 3:
      must (lif_input_new_pulse_train (7.5, 1.234, 4.41, 7.77, 0, &in),
            "train");
      break;
    case 4:
      must (lif_input_new_sine (3.0, 1.6, 0.043, 0.4, &in), "sine");
      break;
    case 5:
      must (lif_input_new_exp_decay (9.0, 45.0, 1.87, &in), "exp_decay");
      break;
    case 6:
      must (lif_input_new_table (table_times, table_values, TABLE_N,
                                 LIF_INTERP_STEP, &in),
            "step table");
      break;
    case 7:
      must (lif_input_new_table (table_times, table_values, TABLE_N,
                                 LIF_INTERP_LINEAR, &in),
            "linear table");
      break;
    case 8: /* breakpoints and smooth terms, weighted */
      must (lif_input_new_pulse_train (6.0, 0.77, 1.9, 5.3, 9, &terms[0]),
            "sum: train");
      must (lif_input_new_sine (1.0, 1.2, 0.09, 1.1, &terms[1]), "sum: sine");
      terms[2] = make_input (6);
      must (lif_input_new_exp_decay (4.0, 13.0, 20.05, &terms[3]),
            "sum: exp_decay");
      terms[4] = make_input (7);
      must (lif_input_new_constant (0.6, &terms[5]), "sum: constant");
      must (lif_input_new_sum (terms, weights, 6, &in), "sum");
      for (k = 0; k < 6; k++)
        lif_input_free (terms[k]);
      break;
    case 9:
      must (lif_input_new_callback (drive, &drive_level, &in), "callback");
      break;
    default:
      die ("no such input kind");
    }
  return in;
}

/* Each input's values and breakpoints. */
static void
inputs_section (void)
{
  int kind, j;
  for (kind = 1; kind < N_INPUTS; kind++)
    {
      lif_input *in = make_input (kind);
      double x, t, b;
      put ("== input %s\n", input_names[kind]);
      for (j = 0; j < 40; j++)
        {
          t = -1.5 + 1.9137 * j;
          must (lif_input_eval (in, t, &x), "eval");
          put ("I(%a) %a\n", t, x);
        }
      /* At every breakpoint, the value after the jump. */
      t = -1.0;
      for (j = 0; j < 25; j++)
        {
          must (lif_input_next_breakpoint (in, t, &b), "breakpoint");
          if (isinf (b))
            {
              put ("next after %a: none\n", t);
              break;
            }
          must (lif_input_eval (in, b, &x), "eval at breakpoint");
          put ("next after %a: %a, I %a\n", t, b, x);
          t = b;
        }
      lif_input_free (in);
      flush ();
    }
}

/* ---- closed forms ------------------------------------------------------ */

static void
closed_forms_section (void)
{
  static const int params[4]
      = { LIF_PARAM_T_REF, LIF_PARAM_I_BIAS, LIF_PARAM_E_L, LIF_PARAM_V };
  static const double sets[3][4] = { { 0.0, 0.0, -65.0, -65.0 },
                                     { 2.05, 0.3, -65.0, -58.0 },
                                     { 2.0, -0.4, -70.0, -49.0 } };
  static const double currents[] = { 0.0, 1.2, 1.5, 1.7, 3.1, 40.0 };
  int s;
  size_t c;
  for (s = 0; s < 3; s++)
    {
      lif_neuron *n = NULL;
      double x;
      must (lif_neuron_new (&n), "new");
      must (lif_neuron_set_many (n, params, sets[s], 4), "set_many");
      put ("== closed forms, set %d\n", s);
      must (lif_neuron_rheobase (n, &x), "rheobase");
      put ("rheobase %a\n", x);
      for (c = 0; c < sizeof currents / sizeof currents[0]; c++)
        {
          double isi, rate, tts, pa;
          must (lif_neuron_isi (n, currents[c], &isi), "isi");
          must (lif_neuron_rate (n, currents[c], &rate), "rate");
          must (lif_neuron_time_to_spike (n, currents[c], &tts), "tts");
          must (lif_neuron_potential_after (n, currents[c], 3.3, &pa), "pa");
          put ("I %a: isi %a rate %a time_to_spike %a potential_after %a\n",
               currents[c], isi, rate, tts, pa);
        }
      lif_neuron_free (n);
      flush ();
    }
}

/* ---- lone neurons -------------------------------------------------------- */

static lif_neuron *
new_neuron (int stepper, int timing)
{
  lif_neuron *n = NULL;
  must (lif_neuron_new (&n), "neuron_new");
  must (lif_neuron_set_stepper (n, stepper), "set_stepper");
  must (lif_neuron_set_timing (n, timing), "set_timing");
  return n;
}

static void
set (lif_neuron *n, int param, double value)
{
  must (lif_neuron_set (n, param, value), lif_param_name (param));
}

static double
get (const lif_neuron *n, int param)
{
  double x;
  must (lif_neuron_get (n, param, &x), lif_param_name (param));
  return x;
}

static void
give_input (lif_neuron *n, lif_input *in)
{
  if (in)
    {
      must (lif_neuron_set_input (n, in), "set_input");
      lif_input_free (in);
    }
}

/* Every recorded spike time, then t and V. */
static void
print_spikes (const lif_neuron *n)
{
  size_t count = 0, copied = 0, k;
  double *times;
  must (lif_neuron_spike_count (n, &count), "spike_count");
  times = xmalloc (count * sizeof *times);
  must (lif_neuron_copy_spikes (n, 0, times, count, &copied), "copy_spikes");
  if (copied != count)
    die ("copy_spikes copied fewer than spike_count");
  put ("spikes %zu\n", count);
  for (k = 0; k < count; k++)
    put ("%a\n", times[k]);
  free (times);
  put ("end t %a V %a\n", get (n, LIF_PARAM_T), get (n, LIF_PARAM_V));
}

static void
print_state (const lif_neuron *n, const char *what, int rc)
{
  put ("%s %s t %a V %a\n", what, status (rc), get (n, LIF_PARAM_T),
       get (n, LIF_PARAM_V));
}

static int
run (lif_neuron *n, double duration)
{
  char what[64];
  int rc = lif_neuron_run (n, duration);
  snprintf (what, sizeof what, "run %g", duration);
  print_state (n, what, rc);
  return rc;
}

static int
step (lif_neuron *n)
{
  int rc = lif_neuron_step (n);
  print_state (n, "step", rc);
  return rc;
}

/* lif_neuron_run_trace() of `steps` steps, printing about `samples` of
 * them (all when there are no more) and a digest of every one. */
static int
trace (lif_neuron *n, size_t steps, size_t samples)
{
  double *t = xmalloc (steps * sizeof *t), *v = xmalloc (steps * sizeof *v);
  double *cur = xmalloc (steps * sizeof *cur);
  size_t done = 0, k, stride = 1;
  digest h = DIGEST_START;
  int rc = lif_neuron_run_trace (n, steps, t, v, cur, &done);
  if (samples && steps > samples)
    stride = (steps + samples - 1) / samples;
  put ("trace %zu of %zu %s\n", done, steps, status (rc));
  for (k = 0; k < done; k++)
    {
      mix (&h, t[k]);
      mix (&h, v[k]);
      mix (&h, cur[k]);
      if (k % stride == stride - 1 || k + 1 == done)
        put ("%zu %a %a %a\n", k, t[k], v[k], cur[k]);
    }
  put ("trace digest %016" PRIx64 "\n", h);
  free (t);
  free (v);
  free (cur);
  return rc;
}

static const double t_refs[] = { 0.0, 2.0, 2.05 };
static const double dts[] = { 0.01, 0.1, 1.0 };
#define N_T_REFS (sizeof t_refs / sizeof t_refs[0])
#define N_DTS (sizeof dts / sizeof dts[0])

/* One lone neuron: a traced stretch, a run of whole steps, a run that ends
 * in a shorter step, single steps and a run from the off-grid time. */
static void
neuron_config (int stepper, int timing, int kind, double t_ref, double dt)
{
  lif_neuron *n = new_neuron (stepper, timing);
  put ("== neuron %s %s input %s t_ref %g dt %g\n", lif_stepper_name (stepper),
       lif_timing_name (timing), input_names[kind], t_ref, dt);
  set (n, LIF_PARAM_T_REF, t_ref);
  set (n, LIF_PARAM_DT, dt);
  set (n, LIF_PARAM_I_BIAS, input_bias[kind]);
  give_input (n, make_input (kind));
  trace (n, (size_t)lround (15.0 / dt), 20);
  run (n, 35.0);
  run (n, 7.3456);
  step (n);
  step (n);
  step (n);
  run (n, 12.5);
  print_spikes (n);
  lif_neuron_free (n);
  flush ();
}

static void
neurons_section (void)
{
  int stepper, timing, kind;
  size_t r, d;
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    for (timing = 0; lif_timing_name (timing); timing++)
      for (kind = 0; kind < N_INPUTS; kind++)
        for (r = 0; r < N_T_REFS; r++)
          for (d = 0; d < N_DTS; d++)
            neuron_config (stepper, timing, kind, t_refs[r], dts[d]);
}

/* ---- batches ----------------------------------------------------------- */

static void
bset (lif_batch *b, int param, double value)
{
  must (lif_batch_set (b, param, value), lif_param_name (param));
}

static void
bset_array (lif_batch *b, int param, const double *values, size_t n)
{
  must (lif_batch_set_array (b, param, values, n, NULL),
        lif_param_name (param));
}

static lif_batch *
new_batch (int stepper, int timing, size_t n, int threads)
{
  lif_batch *b = NULL;
  must (lif_batch_new (n, &b), "batch_new");
  must (lif_batch_set_stepper (b, stepper), "batch_set_stepper");
  must (lif_batch_set_timing (b, timing), "batch_set_timing");
  must (lif_batch_set_threads (b, threads), "batch_set_threads");
  return b;
}

static void
give_batch_input (lif_batch *b, lif_input *in)
{
  if (in)
    {
      must (lif_batch_set_input (b, in), "batch_set_input");
      lif_input_free (in);
    }
}

/* Member i's own parameters, all different from member to member. */
static void
member_params (lif_batch *b, size_t n, double bias)
{
  static const double refs[4] = { 0.0, 2.0, 2.05, 0.35 };
  static const int both[2] = { LIF_PARAM_V_TH, LIF_PARAM_V_RESET };
  double *r = xmalloc (n * sizeof *r), *tau = xmalloc (n * sizeof *tau);
  double *ref = xmalloc (n * sizeof *ref), *ib = xmalloc (n * sizeof *ib);
  double *th = xmalloc (n * sizeof *th), *rs = xmalloc (n * sizeof *rs);
  double *v = xmalloc (n * sizeof *v);
  const double *cols[2];
  size_t i;
  for (i = 0; i < n; i++)
    {
      r[i] = 10.0 + 0.5 * (double)(i % 3);
      tau[i] = 7.5 + 1.25 * (double)(i % 4);
      ref[i] = refs[(i / 2) % 4];
      ib[i] = bias - 0.3 + 0.45 * (double)(i % 5);
      th[i] = -50.0 + 1.5 * (double)(i % 3);
      rs[i] = -65.0 + 2.0 * (double)(i % 4);
      v[i] = -69.0 + 3.7 * (double)(i % 5);
    }
  bset_array (b, LIF_PARAM_R, r, n);
  bset_array (b, LIF_PARAM_TAU, tau, n);
  bset_array (b, LIF_PARAM_T_REF, ref, n);
  bset_array (b, LIF_PARAM_I_BIAS, ib, n);
  cols[0] = th;
  cols[1] = rs;
  must (lif_batch_set_many (b, both, cols, 2, n, NULL), "batch_set_many");
  bset_array (b, LIF_PARAM_V, v, n);
  free (r);
  free (tau);
  free (ref);
  free (ib);
  free (th);
  free (rs);
  free (v);
}

/* The current callback: member i's current, a pure function of t, dt and
 * i. */
static void
member_drive (double t, double dt, double *currents, size_t count,
              void *user_data)
{
  size_t i;
  (void)user_data;
  for (i = 0; i < count; i++)
    currents[i]
        = 0.6 * sin (0.41 * t + 0.5 * (double)i) + 0.05 * dt * (double)(i % 3);
}

static double
batch_t (const lif_batch *b)
{
  double t;
  must (lif_batch_get (b, LIF_PARAM_T, 0, &t), "batch_get t");
  return t;
}

/* The batch's t and the digest of every member's V after one call. */
static void
batch_state (const lif_batch *b, size_t n, const char *what, int rc)
{
  double *v = xmalloc (n * sizeof *v);
  digest h = DIGEST_START;
  size_t i;
  must (lif_batch_get_array (b, LIF_PARAM_V, v, n), "batch_get_array");
  for (i = 0; i < n; i++)
    mix (&h, v[i]);
  put ("%s %s t %a V digest %016" PRIx64 "\n", what, status (rc), batch_t (b),
       h);
  free (v);
}

/* Every member's V and spike count, then every spike in store order. */
static void
print_batch (const lif_batch *b, size_t n)
{
  double *v = xmalloc (n * sizeof *v), *times;
  size_t *counts = xmalloc (n * sizeof *counts), *idx, count = 0, copied = 0;
  size_t i;
  must (lif_batch_get_array (b, LIF_PARAM_V, v, n), "batch_get_array");
  must (lif_batch_spike_counts (b, counts, n), "batch_spike_counts");
  for (i = 0; i < n; i++)
    put ("member %zu V %a spikes %zu\n", i, v[i], counts[i]);
  must (lif_batch_spike_count (b, &count), "batch_spike_count");
  times = xmalloc (count * sizeof *times);
  idx = xmalloc (count * sizeof *idx);
  must (lif_batch_copy_spikes (b, 0, idx, times, count, &copied),
        "batch_copy_spikes");
  if (copied != count)
    die ("batch_copy_spikes copied fewer than batch_spike_count");
  put ("spikes %zu\n", count);
  for (i = 0; i < count; i++)
    put ("%zu %a\n", idx[i], times[i]);
  put ("end t %a\n", batch_t (b));
  free (v);
  free (counts);
  free (times);
  free (idx);
}

struct batch_spec
{
  int stepper, timing, kind;
  double dt;
  size_t n;
  double span; /* the runs' durations, as a fraction of the longest */
};

/* One batch: the shared input alone, per-step currents from an array, a
 * current callback with a run that ends in a shorter step, single steps,
 * then the shared input alone again. */
static void
batch_run (const struct batch_spec *s, int threads)
{
  const size_t n = s->n;
  const double runs[3] = { 15.0 * s->span, 7.3456 * s->span, 12.5 * s->span };
  lif_batch *b = new_batch (s->stepper, s->timing, n, threads);
  size_t steps = (size_t)lround (6.0 * s->span / s->dt), k, i;
  double *rows = xmalloc (steps * n * sizeof *rows);
  char what[64];
  int rc;
  member_params (b, n, input_bias[s->kind]);
  bset (b, LIF_PARAM_DT, s->dt);
  give_batch_input (b, make_input (s->kind));
  rc = lif_batch_run (b, runs[0]);
  snprintf (what, sizeof what, "run %g", runs[0]);
  batch_state (b, n, what, rc);
  for (k = 0; k < steps; k++)
    for (i = 0; i < n; i++)
      rows[k * n + i] = 0.125 * (double)((k * 7 + i * 3) % 11) - 0.5;
  rc = lif_batch_run_currents (b, rows, steps);
  snprintf (what, sizeof what, "run_currents %zu", steps);
  batch_state (b, n, what, rc);
  must (lif_batch_set_current_callback (b, member_drive, NULL), "callback");
  rc = lif_batch_run (b, runs[1]);
  snprintf (what, sizeof what, "callback run %g", runs[1]);
  batch_state (b, n, what, rc);
  rc = lif_batch_step (b);
  batch_state (b, n, "callback step", rc);
  rc = lif_batch_step (b);
  batch_state (b, n, "callback step", rc);
  must (lif_batch_set_current_callback (b, NULL, NULL), "no callback");
  rc = lif_batch_run (b, runs[2]);
  snprintf (what, sizeof what, "run %g", runs[2]);
  batch_state (b, n, what, rc);
  print_batch (b, n);
  free (rows);
  lif_batch_free (b);
}

/* Runs a batch scenario on one thread and on two, into buffers; prints the
 * output once, and counts a failure if the two differ. */
static void
on_one_and_two_threads (const char *name, void (*scenario) (int, void *),
                        void *arg)
{
  struct buf one = { NULL, 0, 0 }, two = { NULL, 0, 0 };
  out = &one;
  scenario (1, arg);
  out = &two;
  scenario (2, arg);
  out = &main_out;
  put ("== %s\n", name);
  if (one.len != two.len || memcmp (one.p, two.p, one.len) != 0)
    {
      fprintf (stderr, "golden: FAIL: %s: one and two threads differ\n", name);
      failures++;
    }
  if (one.len)
    put ("%.*s", (int)one.len, one.p);
  free (one.p);
  free (two.p);
  flush ();
}

static void
batch_scenario (int threads, void *arg)
{
  batch_run (arg, threads);
}

static void
batch_name (char *name, size_t size, const struct batch_spec *s)
{
  snprintf (name, size, "batch %s %s input %s dt %g members %zu",
            lif_stepper_name (s->stepper), lif_timing_name (s->timing),
            input_names[s->kind], s->dt, s->n);
}

static void
batches_section (void)
{
  static const double batch_dts[] = { 0.1, 1.0 };
  struct batch_spec s;
  char name[160];
  size_t d;
  for (s.stepper = 0; lif_stepper_name (s.stepper); s.stepper++)
    for (s.timing = 0; lif_timing_name (s.timing); s.timing++)
      {
        for (s.kind = 0; s.kind < N_INPUTS; s.kind++)
          for (d = 0; d < 2; d++)
            {
              s.dt = batch_dts[d];
              s.n = 11;
              s.span = 1.0;
              batch_name (name, sizeof name, &s);
              on_one_and_two_threads (name, batch_scenario, &s);
            }
        /* Enough members that two threads share the work (the library
         * hands threads blocks of a few hundred members), in fewer
         * steps. */
        s.kind = 8;
        s.dt = 0.25;
        s.n = 300;
        s.span = 0.5;
        batch_name (name, sizeof name, &s);
        on_one_and_two_threads (name, batch_scenario, &s);
      }
}

/* ---- special cases ------------------------------------------------------ */

/* Several spikes inside one step: a strong drive, t_ref 0 or small, and a
 * step of 2.5 ms. */
static void
many_spikes_per_step (void)
{
  static const double refs[3] = { 0.0, 0.05, 0.3 };
  int stepper, timing, r;
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    for (timing = 0; lif_timing_name (timing); timing++)
      for (r = 0; r < 3; r++)
        {
          lif_neuron *n = new_neuron (stepper, timing);
          put ("== many spikes per step: %s %s t_ref %g dt 2.5 I_bias 40\n",
               lif_stepper_name (stepper), lif_timing_name (timing), refs[r]);
          set (n, LIF_PARAM_T_REF, refs[r]);
          set (n, LIF_PARAM_DT, 2.5);
          set (n, LIF_PARAM_I_BIAS, 40.0);
          trace (n, 4, 0);
          run (n, 10.0);
          run (n, 3.3);
          print_spikes (n);
          lif_neuron_free (n);
          flush ();
        }
}

/* Input breakpoints inside steps: a fine pulse train and a fine step table
 * under dt = 1; and a thousand breakpoints inside each step of 0.1. */
static void
breakpoints_in_steps (void)
{
  int stepper, timing;
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    for (timing = 0; lif_timing_name (timing); timing++)
      {
        enum
        {
          KNOTS = 500
        };
        static double times[KNOTS], values[KNOTS];
        lif_neuron *n = new_neuron (stepper, timing);
        lif_input *terms[2], *in = NULL;
        int k;
        for (k = 0; k < KNOTS; k++)
          {
            times[k] = 0.0731 * k;
            values[k] = k % 2 ? 0.5 : 2.5;
          }
        put ("== breakpoints inside steps: %s %s dt 1\n",
             lif_stepper_name (stepper), lif_timing_name (timing));
        must (lif_input_new_pulse_train (30.0, 0.0137, 0.05, 0.137, 0,
                                         &terms[0]),
              "fine train");
        must (lif_input_new_table (times, values, KNOTS, LIF_INTERP_STEP,
                                   &terms[1]),
              "fine table");
        must (lif_input_new_sum (terms, NULL, 2, &in), "fine sum");
        lif_input_free (terms[0]);
        lif_input_free (terms[1]);
        set (n, LIF_PARAM_T_REF, 0.4);
        set (n, LIF_PARAM_DT, 1.0);
        set (n, LIF_PARAM_I_BIAS, 0.2);
        give_input (n, in);
        trace (n, 10, 0);
        run (n, 20.5);
        print_spikes (n);
        lif_neuron_free (n);

        n = new_neuron (stepper, timing);
        put ("== a thousand breakpoints per step: %s %s dt 0.1\n",
             lif_stepper_name (stepper), lif_timing_name (timing));
        must (lif_input_new_pulse_train (3.0, 0.0, 0.5 * 0.1 / 500.0,
                                         0.1 / 500.0, 0, &in),
              "finer train");
        give_input (n, in);
        set (n, LIF_PARAM_I_BIAS, 1.0);
        trace (n, 10, 0);
        print_spikes (n);
        lif_neuron_free (n);
        flush ();
      }
}

/* More than 2^20 breakpoints in one step: LIF_EBREAKPOINTS. */
static void
too_many_breakpoints (void)
{
  int timing;
  for (timing = 0; lif_timing_name (timing); timing++)
    {
      const double P = 0.1 / 2097152.0;
      lif_neuron *n = new_neuron (LIF_STEPPER_EXACT, timing);
      lif_input *in = NULL;
      put ("== too many breakpoints: exact %s\n", lif_timing_name (timing));
      must (lif_input_new_pulse_train (3.0, 0.0, P / 2.0, P, 0, &in), "train");
      give_input (n, in);
      run (n, 1.0);
      print_spikes (n);
      lif_neuron_free (n);
      flush ();
    }
}

/* The spike limit: t_ref 0, V_reset one ulp below V_th and a current of
 * 10^12, through each run entry point; then grid timing, one spike per
 * step. */
static void
spike_limit (void)
{
  static const char *const entries[3] = { "step", "run", "run_trace" };
  int stepper, entry;
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    for (entry = 0; entry < 3; entry++)
      {
        lif_neuron *n = new_neuron (stepper, LIF_TIMING_PRECISE);
        put ("== spike limit 40: %s precise, %s\n", lif_stepper_name (stepper),
             entries[entry]);
        set (n, LIF_PARAM_V_RESET, nextafter (-50.0, -INFINITY));
        set (n, LIF_PARAM_I_BIAS, 1e12);
        set (n, LIF_PARAM_DT, 0.01);
        must (lif_neuron_set_spike_limit (n, 40), "spike_limit");
        if (entry == 0)
          step (n);
        else if (entry == 1)
          run (n, 5.0);
        else
          trace (n, 8, 0);
        print_spikes (n);
        must (lif_neuron_clear_spikes (n), "clear_spikes");
        must (lif_neuron_set_timing (n, LIF_TIMING_GRID), "grid");
        trace (n, 8, 0);
        print_spikes (n);
        lif_neuron_free (n);
        flush ();
      }
}

/* A batch whose member 1 starts to fire without end after a few steps of
 * per-step currents hits the batch's spike limit; the spikes of the steps
 * before are kept. */
static void
batch_spike_limit_scenario (int threads, void *arg)
{
  enum
  {
    STEPS = 20
  };
  const int *stepper = arg;
  lif_batch *b = new_batch (*stepper, LIF_TIMING_PRECISE, 3, threads);
  const double reset[3] = { -65.0, nextafter (-50.0, -INFINITY), -60.0 };
  const double bias[3] = { 8.0, 0.0, 6.0 };
  double rows[STEPS * 3];
  int k;
  for (k = 0; k < STEPS; k++)
    {
      rows[3 * k] = 0.0;
      rows[3 * k + 1] = k < 10 ? 0.0 : 1e12;
      rows[3 * k + 2] = 0.5;
    }
  bset_array (b, LIF_PARAM_V_RESET, reset, 3);
  bset_array (b, LIF_PARAM_I_BIAS, bias, 3);
  must (lif_batch_set_spike_limit (b, 25), "batch_spike_limit");
  batch_state (b, 3, "run 5", lif_batch_run (b, 5.0));
  batch_state (b, 3, "run_currents", lif_batch_run_currents (b, rows, STEPS));
  print_batch (b, 3);
  lif_batch_free (b);
}

static void
batch_spike_limit (void)
{
  int stepper;
  char name[96];
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    {
      snprintf (name, sizeof name, "batch spike limit 25: %s precise",
                lif_stepper_name (stepper));
      on_one_and_two_threads (name, batch_spike_limit_scenario, &stepper);
    }
}

/* Far from t = 0 the clock reads coarser than dt: just below 2^53 (1 ms
 * apart), at 2^54 (4 ms apart), and across 2^53 with dt = 1 (1, then 2 ms
 * apart). A run untraced and the same run traced (tests/test_run.c
 * coarse_clock_paths_agree). */
static void
coarse_clocks (void)
{
  static const struct
  {
    double t, t_ref, dt;
    size_t steps;
  } clocks[] = { { 18014398509481984.0, 2.0, 0.1, 10000 },
                 { 9007199254740000.0, 5.0, 0.1, 10000 },
                 { 9007199254740992.0 - 40.0, 2.05, 1.0, 100 } };
  int stepper, timing;
  size_t c;
  for (c = 0; c < sizeof clocks / sizeof clocks[0]; c++)
    for (stepper = 0; lif_stepper_name (stepper); stepper++)
      for (timing = 0; lif_timing_name (timing); timing++)
        {
          lif_neuron *a = new_neuron (stepper, timing), *b = NULL;
          lif_input *in = NULL;
          put ("== coarse clock: %s %s t %a t_ref %g dt %g\n",
               lif_stepper_name (stepper), lif_timing_name (timing),
               clocks[c].t, clocks[c].t_ref, clocks[c].dt);
          set (a, LIF_PARAM_T, clocks[c].t);
          set (a, LIF_PARAM_T_REF, clocks[c].t_ref);
          set (a, LIF_PARAM_DT, clocks[c].dt);
          must (lif_input_new_constant (3.0, &in), "constant");
          give_input (a, in);
          must (lif_neuron_clone (a, &b), "clone");
          put ("-- untraced\n");
          run (a, (double)clocks[c].steps * clocks[c].dt);
          print_spikes (a);
          put ("-- traced\n");
          trace (b, clocks[c].steps, 20);
          print_spikes (b);
          lif_neuron_free (a);
          lif_neuron_free (b);
          flush ();
        }
}

/* Where the clock cannot tell a step's ends apart (t = DBL_MAX, or 1e17
 * with dt = 0.1): every step is still integrated over dt (tests/
 * test_regressions.c batch_grid_crossing_on_a_frozen_clock). A lone
 * neuron, then a batch of two. */
static const double frozen_starts[2] = { DBL_MAX, 1e17 };

static void
frozen_batch_scenario (int threads, void *arg)
{
  const int *which = arg; /* stepper, timing, start */
  lif_batch *b = new_batch (which[0], which[1], 2, threads);
  const double bias[2] = { 0.0, 0.5 };
  lif_input *in = NULL;
  must (lif_input_new_constant (2.0, &in), "constant");
  give_batch_input (b, in);
  bset_array (b, LIF_PARAM_I_BIAS, bias, 2);
  bset (b, LIF_PARAM_T, frozen_starts[which[2]]);
  batch_state (b, 2, "run 25.5", lif_batch_run (b, 25.5));
  batch_state (b, 2, "run 100", lif_batch_run (b, 100.0));
  print_batch (b, 2);
  lif_batch_free (b);
}

static void
frozen_clocks (void)
{
  int which[3];
  char name[128];
  for (which[2] = 0; which[2] < 2; which[2]++)
    for (which[0] = 0; lif_stepper_name (which[0]); which[0]++)
      for (which[1] = 0; lif_timing_name (which[1]); which[1]++)
        {
          lif_neuron *n = new_neuron (which[0], which[1]);
          lif_input *in = NULL;
          put ("== frozen clock: %s %s t %a\n", lif_stepper_name (which[0]),
               lif_timing_name (which[1]), frozen_starts[which[2]]);
          must (lif_input_new_constant (2.0, &in), "constant");
          give_input (n, in);
          set (n, LIF_PARAM_T, frozen_starts[which[2]]);
          run (n, 25.5);
          run (n, 100.0);
          print_spikes (n);
          lif_neuron_free (n);
          flush ();
          snprintf (name, sizeof name, "frozen clock batch: %s %s t %a",
                    lif_stepper_name (which[0]), lif_timing_name (which[1]),
                    frozen_starts[which[2]]);
          on_one_and_two_threads (name, frozen_batch_scenario, which);
        }
}

/* The last, shorter step of a run where ulp(t) = 16 > dt = 1 (tests/
 * test_regressions.c partial_step_longer_than_dt). */
static void
partial_steps_on_a_coarse_clock (void)
{
  static const double durations[] = { 8.9, 9.5, 24.9, 8.5 };
  int stepper;
  size_t k;
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    {
      lif_neuron *n = new_neuron (stepper, LIF_TIMING_PRECISE);
      put ("== partial steps at t 1e17, dt 1, tau 0.6: %s\n",
           lif_stepper_name (stepper));
      set (n, LIF_PARAM_DT, 1.0);
      set (n, LIF_PARAM_TAU, 0.6);
      set (n, LIF_PARAM_V_TH, 1e300);
      set (n, LIF_PARAM_T, 1e17);
      set (n, LIF_PARAM_V, -64.0);
      for (k = 0; k < sizeof durations / sizeof durations[0]; k++)
        run (n, durations[k]);
      lif_neuron_free (n);
      flush ();
    }
}

/* t and dt set while the neuron runs, in a refractory period among other
 * moments; the timing switched in a refractory period. */
static void
clock_moves (void)
{
  int stepper, timing;
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    for (timing = 0; lif_timing_name (timing); timing++)
      {
        lif_neuron *n = new_neuron (stepper, timing);
        lif_input *in = NULL;
        put ("== t and dt set mid-run: %s %s\n", lif_stepper_name (stepper),
             lif_timing_name (timing));
        must (lif_input_new_constant (3.0, &in), "constant");
        give_input (n, in);
        set (n, LIF_PARAM_T_REF, 2.05);
        run (n, 7.5); /* the first spike at 6.93, refractory until 8.98 */
        set (n, LIF_PARAM_T, 1000.0 + 1.0 / 3.0);
        print_state (n, "set t", LIF_OK);
        run (n, 20.0);
        trace (n, 50, 10);
        set (n, LIF_PARAM_DT, 0.07);
        run (n, 9.99);
        set (n, LIF_PARAM_T, 9007199254740000.0);
        print_state (n, "set t", LIF_OK);
        run (n, 30.0);
        set (n, LIF_PARAM_T, -12.345);
        set (n, LIF_PARAM_DT, 0.25);
        run (n, 20.0);
        print_spikes (n);
        lif_neuron_free (n);
        flush ();
      }
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    {
      lif_neuron *n = new_neuron (stepper, LIF_TIMING_PRECISE);
      lif_input *in = NULL;
      int j, k;
      put ("== timing switched in a refractory period: %s\n",
           lif_stepper_name (stepper));
      must (lif_input_new_constant (2.0, &in), "constant");
      give_input (n, in);
      set (n, LIF_PARAM_T_REF, 2.05);
      run (n, 0.7);
      for (j = 0; j < 4; j++)
        {
          must (lif_neuron_set_timing (n, j % 2 ? LIF_TIMING_PRECISE
                                                : LIF_TIMING_GRID),
                "set_timing");
          for (k = 0; k < 120; k++)
            must (lif_neuron_step (n), "step");
          print_state (n, "120 steps", LIF_OK);
          run (n, 20.0);
        }
      print_spikes (n);
      lif_neuron_free (n);
      flush ();
    }
}

/* The batch's timing switched as the lone neuron's above (tests/
 * test_regressions.c batch_timing_switch_keeps_the_clock). */
static void
batch_timing_switch_scenario (int threads, void *arg)
{
  const int *stepper = arg;
  lif_batch *b = new_batch (*stepper, LIF_TIMING_PRECISE, 2, threads);
  const double refs[2] = { 2.05, 0.0 };
  lif_input *in = NULL;
  int j, k;
  must (lif_input_new_constant (2.0, &in), "constant");
  give_batch_input (b, in);
  bset_array (b, LIF_PARAM_T_REF, refs, 2);
  batch_state (b, 2, "run 0.7", lif_batch_run (b, 0.7));
  for (j = 0; j < 4; j++)
    {
      must (lif_batch_set_timing (b, j % 2 ? LIF_TIMING_PRECISE
                                           : LIF_TIMING_GRID),
            "batch_set_timing");
      for (k = 0; k < 120; k++)
        must (lif_batch_step (b), "batch_step");
      batch_state (b, 2, "120 steps", LIF_OK);
      batch_state (b, 2, "run 20", lif_batch_run (b, 20.0));
    }
  print_batch (b, 2);
  lif_batch_free (b);
}

static void
batch_timing_switch (void)
{
  int stepper;
  char name[96];
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    {
      snprintf (name, sizeof name, "batch timing switched: %s",
                lif_stepper_name (stepper));
      on_one_and_two_threads (name, batch_timing_switch_scenario, &stepper);
    }
}

/* A clock whose product n dt overflows, and drives that overflow or are
 * not numbers on a frozen clock (tests/test_regressions.c
 * clock_product_overflow, batch_bad_drive_on_a_frozen_clock). */
static double
nan_after_5 (double t, void *user_data)
{
  (void)user_data;
  return t > 5.37 ? NAN : 2.5 + 0.5 * sin (t);
}

static double
nan_always (double t, void *user_data)
{
  (void)t;
  (void)user_data;
  return NAN;
}

static void
refusals_scenario (int threads, void *arg)
{
  const double dt = 0x1.1ccf385ebc8ap+1023, t0 = -0x1.e42d130773b76p+1023;
  const double zeros[2] = { 0.0, 0.0 };
  lif_batch *b = new_batch (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, 2, threads);
  lif_input *in = NULL;
  int kind;
  (void)arg;
  bset (b, LIF_PARAM_DT, dt);
  bset (b, LIF_PARAM_T, t0);
  batch_state (b, 2, "step", lif_batch_step (b));
  batch_state (b, 2, "step", lif_batch_step (b));
  batch_state (b, 2, "run dt", lif_batch_run (b, dt));
  batch_state (b, 2, "run_currents", lif_batch_run_currents (b, zeros, 1));
  lif_batch_free (b);
  for (kind = 0; kind < 2; kind++)
    {
      b = new_batch (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, 2, threads);
      if (kind == 0)
        {
          must (lif_input_new_constant (2.0, &in), "constant");
          bset (b, LIF_PARAM_I_BIAS, DBL_MAX);
        }
      else
        must (lif_input_new_callback (nan_always, NULL, &in), "callback");
      give_batch_input (b, in);
      bset (b, LIF_PARAM_T, -DBL_MAX);
      batch_state (b, 2, "step", lif_batch_step (b));
      batch_state (b, 2, "run 5", lif_batch_run (b, 5.0));
      lif_batch_free (b);
    }
}

static void
refusals (void)
{
  const double dt = 0x1.1ccf385ebc8ap+1023, t0 = -0x1.e42d130773b76p+1023;
  int stepper, timing, kind;
  lif_neuron *n = new_neuron (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE);
  lif_input *in = NULL;
  put ("== clock product overflow\n");
  set (n, LIF_PARAM_DT, dt);
  set (n, LIF_PARAM_T, t0);
  step (n);
  step (n);
  run (n, dt);
  trace (n, 1, 0);
  set (n, LIF_PARAM_T, get (n, LIF_PARAM_T));
  step (n);
  lif_neuron_free (n);
  for (kind = 0; kind < 2; kind++)
    {
      n = new_neuron (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE);
      put ("== %s on a frozen clock\n",
           kind == 0 ? "an overflowing drive" : "a NaN drive");
      if (kind == 0)
        {
          must (lif_input_new_constant (2.0, &in), "constant");
          set (n, LIF_PARAM_I_BIAS, DBL_MAX);
        }
      else
        must (lif_input_new_callback (nan_always, NULL, &in), "callback");
      give_input (n, in);
      set (n, LIF_PARAM_T, -DBL_MAX);
      step (n);
      run (n, 5.0);
      lif_neuron_free (n);
    }
  flush ();
  on_one_and_two_threads ("batch refusals: clock product overflow, bad drives "
                          "on a frozen clock",
                          refusals_scenario, NULL);
  /* A callback that turns NaN in the middle of a run: everything before
   * it is kept. */
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    for (timing = 0; lif_timing_name (timing); timing++)
      {
        n = new_neuron (stepper, timing);
        put ("== a callback that turns NaN at 5.37: %s %s\n",
             lif_stepper_name (stepper), lif_timing_name (timing));
        must (lif_input_new_callback (nan_after_5, NULL, &in), "callback");
        give_input (n, in);
        set (n, LIF_PARAM_I_BIAS, 3.0);
        set (n, LIF_PARAM_T_REF, 0.3);
        trace (n, 80, 0);
        print_spikes (n);
        lif_neuron_free (n);
        flush ();
      }
  /* Steps beyond the stability limit are refused; the exact stepper takes
   * them and lands on the fixed point. */
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    {
      static const double ratios[] = { 1e6, 3.0, 2.0, 1.9 };
      size_t k;
      n = new_neuron (stepper, LIF_TIMING_PRECISE);
      put ("== dt beyond the stability limit: %s\n",
           lif_stepper_name (stepper));
      set (n, LIF_PARAM_I_BIAS, 1.0);
      run (n, 3.0);
      for (k = 0; k < sizeof ratios / sizeof ratios[0]; k++)
        {
          set (n, LIF_PARAM_DT, ratios[k] * 10.0);
          step (n);
          run (n, 2.5 * ratios[k] * 10.0);
        }
      lif_neuron_free (n);
      flush ();
    }
}

/* Inputs far out in time: a pulse train beyond 2^53 pulses, a sine whose
 * phase overflows (tests/test_regressions.c). */
static void
far_inputs (void)
{
  int stepper;
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    {
      lif_neuron *n = new_neuron (stepper, LIF_TIMING_PRECISE);
      lif_input *in = NULL;
      put ("== pulse train at t 1e17: %s\n", lif_stepper_name (stepper));
      must (lif_input_new_pulse_train (3.0, 0.0, 0.5, 1.0, 0, &in), "train");
      give_input (n, in);
      set (n, LIF_PARAM_T, 1e17);
      run (n, 100.0);
      print_spikes (n);
      lif_neuron_free (n);

      n = new_neuron (stepper, LIF_TIMING_PRECISE);
      put ("== sine at t 1e300, dt 1e290: %s\n", lif_stepper_name (stepper));
      must (lif_input_new_sine (0.5, 1.0, 1e10, 0.0, &in), "sine");
      give_input (n, in);
      set (n, LIF_PARAM_T, 1e300);
      set (n, LIF_PARAM_DT, stepper == LIF_STEPPER_EXACT ? 1e290 : 1.0);
      run (n, stepper == LIF_STEPPER_EXACT ? 1e292 : 100.0);
      print_spikes (n);
      lif_neuron_free (n);
      flush ();
    }
}

/* Durations near a whole number of steps count as that number. */
static void
durations (void)
{
  static const double runs[] = { 0.3, 0.30000001, 0.3001, 1e-9, 0.0, 100.0 };
  lif_neuron *n = new_neuron (LIF_STEPPER_EXACT, LIF_TIMING_PRECISE);
  size_t k;
  put ("== durations near whole steps, dt 0.1 then 0.01\n");
  set (n, LIF_PARAM_I_BIAS, 2.0);
  for (k = 0; k < sizeof runs / sizeof runs[0]; k++)
    run (n, runs[k]);
  set (n, LIF_PARAM_DT, 0.01);
  for (k = 0; k < sizeof runs / sizeof runs[0]; k++)
    run (n, runs[k]);
  print_spikes (n);
  lif_neuron_free (n);
  flush ();
}

int
main (void)
{
  inputs_section ();
  closed_forms_section ();
  neurons_section ();
  batches_section ();
  many_spikes_per_step ();
  breakpoints_in_steps ();
  too_many_breakpoints ();
  spike_limit ();
  batch_spike_limit ();
  coarse_clocks ();
  frozen_clocks ();
  partial_steps_on_a_coarse_clock ();
  clock_moves ();
  batch_timing_switch ();
  refusals ();
  far_inputs ();
  durations ();
  flush ();
  free (main_out.p);
  if (fflush (stdout) != 0 || ferror (stdout))
    die ("cannot write the output");
  if (failures)
    {
      fprintf (stderr,
               "golden: %d scenarios differ between one and two "
               "threads\n",
               failures);
      return 1;
    }
  return 0;
}
