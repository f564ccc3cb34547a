/*
 * Threads: many neurons in many threads at once give the same results, bit
 * for bit, as one thread alone.
 *
 * Every combination of stepper, timing mode and kind of input is set up once
 * as a prototype neuron; the inputs are shared by all of them. The main
 * thread clones each prototype once per worker thread, frees the
 * prototypes and its own input handles (so each input is then kept alive
 * only by clones living in different threads, and its last release happens
 * in whichever thread frees last), and starts the workers. Each worker runs
 * its clones through a protocol that uses every run entry point, clones its
 * own neurons mid-run, builds sums of the shared inputs and evaluates them,
 * and frees everything it owns. The results must equal a single-threaded
 * run of the same protocol exactly.
 *
 * Built twice: by 'make check' against the library as installed, and by
 * 'make check-tsan' with ThreadSanitizer over the lib/ sources, which
 * reports any data race (the reference counts of shared inputs, say).
 * Output is TAP.
 */
#include "tap.h"

#include <lif.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_KINDS 7
/* shared[1] .. shared[N_LEAVES]: the inputs the main thread keeps alive
 * for the sums made in the workers. */
#define N_LEAVES 4
#define N_THREADS 8
#define TRACE_STEPS 400
#define MAX_SPIKES 512

/* A pure function of t, so safe to call from any thread. */
static double
wave (double t, void *user_data)
{
  (void)user_data;
  return 1.8 + 0.9 * sin (0.21 * t);
}

/* Every stepper x timing mode x kind of input: n_configs of them, counted
 * (counts.h) when main starts, the kind varying fastest. */
static int n_steppers, n_configs;

/* The shared inputs, one per kind (kind 0 is no input, the bias drives). */
static lif_input *shared[N_KINDS];

static void
make_inputs (void)
{
  static const double times[] = { 0.0, 13.3, 27.0, 41.9, 60.0 };
  static const double values[] = { 1.0, 3.5, 0.5, 2.8, 1.9 };
  static const double weights[] = { 1.0, 0.5, 0.8 };
  lif_input *terms[3];
  shared[0] = NULL;
  must (lif_input_new_constant (2.2, &shared[1]), "constant");
  must (lif_input_new_pulse_train (3.0, 1.03, 2.1, 5.7, 0, &shared[2]),
        "pulse train");
  must (lif_input_new_sine (2.0, 1.2, 0.037, 0.4, &shared[3]), "sine");
  must (lif_input_new_table (times, values, 5, LIF_INTERP_LINEAR, &shared[4]),
        "table");
  terms[0] = shared[2];
  terms[1] = shared[3];
  terms[2] = shared[4];
  must (lif_input_new_sum (terms, weights, 3, &shared[5]), "sum");
  must (lif_input_new_callback (wave, NULL, &shared[6]), "callback");
}

static lif_neuron *
prototype (int config)
{
  const int kind = config % N_KINDS;
  const int stepper = (config / N_KINDS) % n_steppers;
  const int timing = config / (N_KINDS * n_steppers);
  lif_neuron *n = NULL;
  must (lif_neuron_new (&n), "new");
  must (lif_neuron_set_stepper (n, stepper), "stepper");
  must (lif_neuron_set_timing (n, timing), "timing");
  must (lif_neuron_set (n, LIF_PARAM_T_REF, 1.3), "t_ref");
  must (lif_neuron_set (n, LIF_PARAM_DT, 0.25), "dt");
  must (lif_neuron_set (n, LIF_PARAM_I_BIAS, kind == 0 ? 1.7 : 0.3), "bias");
  if (shared[kind])
    must (lif_neuron_set_input (n, shared[kind]), "input");
  return n;
}

/* What the protocol produces, compared bit for bit. */
typedef struct result
{
  double trace_t[TRACE_STEPS], trace_v[TRACE_STEPS], trace_i[TRACE_STEPS];
  double spikes[MAX_SPIKES];
  size_t spike_count, callback_count;
  double V, t, checkpoint_V, checkpoint_t;
  double sum_values[16];
} result;

static void
count_spike (double t, void *user_data)
{
  (void)t;
  ++*(size_t *)user_data;
}

/* The protocol: a traced run, a run of a non-whole number of steps, a
 * clone taken mid-run and run on, single steps, and evaluations of a sum
 * built here from the shared inputs. Frees n. */
static void
protocol (lif_neuron *n, int config, result *r)
{
  lif_neuron *checkpoint = NULL;
  lif_input *sum = NULL, *terms[2];
  size_t done = 0, copied = 0;
  int k;
  memset (r, 0, sizeof *r);
  must (lif_neuron_set_spike_callback (n, count_spike, &r->callback_count),
        "callback");
  must (lif_neuron_run_trace (n, TRACE_STEPS, r->trace_t, r->trace_v,
                              r->trace_i, &done),
        "run_trace");
  must (lif_neuron_run (n, 37.3), "run");
  must (lif_neuron_clone (n, &checkpoint), "clone");
  /* The clone shares the callback's user_data: give it none. */
  must (lif_neuron_set_spike_callback (checkpoint, NULL, NULL), "callback");
  must (lif_neuron_run (checkpoint, 20.0), "run the clone");
  for (k = 0; k < 80; k++)
    must (lif_neuron_step (n), "step");
  must (lif_neuron_spike_count (n, &r->spike_count), "spike_count");
  if (r->spike_count > MAX_SPIKES)
    r->spike_count = MAX_SPIKES;
  must (lif_neuron_copy_spikes (n, 0, r->spikes, r->spike_count, &copied),
        "copy_spikes");
  must (lif_neuron_get (n, LIF_PARAM_V, &r->V), "V");
  must (lif_neuron_get (n, LIF_PARAM_T, &r->t), "t");
  must (lif_neuron_get (checkpoint, LIF_PARAM_V, &r->checkpoint_V), "V");
  must (lif_neuron_get (checkpoint, LIF_PARAM_T, &r->checkpoint_t), "t");
  /* Sums of shared inputs (those the main thread keeps alive), made and
   * freed in this thread. */
  terms[0] = shared[1 + config % N_LEAVES];
  terms[1] = shared[1 + (config + 1) % N_LEAVES];
  must (lif_input_new_sum (terms, NULL, 2, &sum), "sum");
  for (k = 0; k < 16; k++)
    must (lif_input_eval (sum, 3.7 * k, &r->sum_values[k]), "eval");
  lif_input_free (sum);
  lif_neuron_free (checkpoint);
  lif_neuron_free (n);
}

static result *reference;
static result *threaded[N_THREADS];
static lif_neuron **clones[N_THREADS];

static void *
worker (void *arg)
{
  const int w = (int)(size_t)arg;
  int j;
  /* Each worker walks the configurations from a different start, so that
   * different threads run the same configuration at the same moment. */
  for (j = 0; j < n_configs; j++)
    {
      int c = (j + w * 7) % n_configs;
      protocol (clones[w][c], c, &threaded[w][c]);
      clones[w][c] = NULL;
    }
  return NULL;
}

int
main (void)
{
  pthread_t threads[N_THREADS];
  lif_neuron **protos;
  int c, w, same = 1, spiking = 0, clones_agree = 1;
  char what[160];
  printf ("1..4\n");
  n_steppers = tst_stepper_count ();
  n_configs = n_steppers * tst_timing_count () * N_KINDS;
  protos = malloc (n_configs * sizeof *protos);
  reference = malloc (n_configs * sizeof *reference);
  if (!protos || !reference)
    {
      printf ("Bail out! out of memory\n");
      return 1;
    }
  make_inputs ();
  for (c = 0; c < n_configs; c++)
    protos[c] = prototype (c);

  /* The reference: one thread. */
  for (c = 0; c < n_configs; c++)
    {
      lif_neuron *n = NULL;
      must (lif_neuron_clone (protos[c], &n), "clone");
      protocol (n, c, &reference[c]);
      spiking += reference[c].spike_count > 5;
      clones_agree &= reference[c].callback_count == reference[c].spike_count;
    }
  snprintf (what, sizeof what,
            "single-threaded reference: %d of %d configurations spike",
            spiking, n_configs);
  tap (spiking >= n_configs - 2 * n_steppers, what);
  tap (clones_agree, "every spike reached the spike callback");

  /* The clones for the workers, then the prototypes and the main thread's
   * input handles go: from here each input lives in the workers' clones. */
  for (w = 0; w < N_THREADS; w++)
    {
      threaded[w] = malloc (n_configs * sizeof *threaded[w]);
      clones[w] = malloc (n_configs * sizeof *clones[w]);
      if (!threaded[w] || !clones[w])
        {
          printf ("Bail out! out of memory\n");
          return 1;
        }
      for (c = 0; c < n_configs; c++)
        must (lif_neuron_clone (protos[c], &clones[w][c]), "clone");
    }
  for (c = 0; c < n_configs; c++)
    lif_neuron_free (protos[c]);
  /* The sums made in the workers need the shared inputs alive: keep the
   * handles to the leaves until the workers are done, but let the sum and
   * the callback go now. */
  lif_input_free (shared[5]);
  lif_input_free (shared[6]);

  for (w = 0; w < N_THREADS; w++)
    if (pthread_create (&threads[w], NULL, worker, (void *)(size_t)w) != 0)
      {
        printf ("Bail out! pthread_create\n");
        return 1;
      }
  for (w = 0; w < N_THREADS; w++)
    pthread_join (threads[w], NULL);

  for (w = 0; w < N_THREADS; w++)
    for (c = 0; c < n_configs; c++)
      if (memcmp (&threaded[w][c], &reference[c], sizeof reference[c]) != 0)
        {
          if (same)
            fprintf (stderr, "# thread %d, configuration %d differs\n", w, c);
          same = 0;
        }
  snprintf (what, sizeof what,
            "%d threads x %d configurations: spikes, traces, states and "
            "input values identical bit for bit to one thread",
            N_THREADS, n_configs);
  tap (same, what);
  {
    int sums_same = 1;
    for (w = 0; w < N_THREADS; w++)
      for (c = 0; c < n_configs; c++)
        sums_same
            &= memcmp (threaded[w][c].sum_values, reference[c].sum_values,
                       sizeof reference[c].sum_values)
               == 0;
    tap (sums_same, "sums of shared inputs made in every thread agree");
  }
  for (c = 1; c <= N_LEAVES; c++)
    lif_input_free (shared[c]);
  for (w = 0; w < N_THREADS; w++)
    {
      free (threaded[w]);
      free (clones[w]);
    }
  free (reference);
  free (protos);
  return failures == 0 ? 0 : 1;
}
