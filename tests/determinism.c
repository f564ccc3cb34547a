/*
 * The determinism driver: runs a fixed set of calls covering every stepper,
 * timing mode and kind of input, and prints every number that comes out
 * (trace, spike times, final state, input values, closed forms) in C99's
 * exact hexadecimal notation (%a). tests/determinism.sh builds the library
 * at several optimisation levels and compares this program's output, which
 * must not change by a single bit.
 */
#include <lif.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N_KINDS 11
#define TRACE_STEPS 300

static void
must (int rc, const char *what)
{
  if (rc != LIF_OK)
    {
      fprintf (stderr, "determinism: %s: %s\n", what, lif_strerror (rc));
      exit (1);
    }
}

static double
wave (double t, void *user_data)
{
  const double *scale = user_data;
  return *scale * (1.0 + 0.5 * cos (0.17 * t) + 0.25 * sin (1.3 * t));
}

static double wave_scale = 1.9;

/* Input kind k, or NULL for none (the bias drives the neuron then). */
static lif_input *
make_input (int kind)
{
  static const double times[] = { 0.0, 3.3, 9.1, 17.0, 22.4, 30.0 };
  static const double values[] = { 0.4, 2.9, 1.1, 3.6, 0.2, 2.2 };
  lif_input *in = NULL, *terms[3];
  double weights[3] = { 0.7, 1.0, -0.3 };
  switch (kind)
    {
    case 0:
      return NULL;
    case 1:
      must (lif_input_new_constant (2.3, &in), "constant");
      break;
    case 2:
      must (lif_input_new_pulse (3.1, 2.03, 11.17, &in), "pulse");
      break;
    case 3:
      must (lif_input_new_pulse_train (3.4, 0.77, 1.9, 4.3, 0, &in), "train");
      break;
    case 4:
      must (lif_input_new_sine (2.1, 1.4, 0.061, 0.3, &in), "sine");
      break;
    case 5:
      must (lif_input_new_exp_decay (6.5, 7.3, 1.15, &in), "exp_decay");
      break;
    case 6:
      must (lif_input_new_table (times, values, 6, LIF_INTERP_STEP, &in),
            "step table");
      break;
    case 7:
      must (lif_input_new_table (times, values, 6, LIF_INTERP_LINEAR, &in),
            "linear table");
      break;
    case 8:
      must (lif_input_new_callback (wave, &wave_scale, &in), "callback");
      break;
    case 9: /* piecewise constant sum */
      terms[0] = make_input (2);
      terms[1] = make_input (3);
      terms[2] = make_input (6);
      must (lif_input_new_sum (terms, weights, 3, &in), "sum");
      lif_input_free (terms[0]);
      lif_input_free (terms[1]);
      lif_input_free (terms[2]);
      break;
    default: /* a sum of sums, with a smooth term */
      terms[0] = make_input (9);
      terms[1] = make_input (4);
      terms[2] = make_input (7);
      must (lif_input_new_sum (terms, NULL, 3, &in), "sum of sums");
      lif_input_free (terms[0]);
      lif_input_free (terms[1]);
      lif_input_free (terms[2]);
      break;
    }
  return in;
}

static void
print_neuron (const lif_neuron *n)
{
  size_t count = 0, copied = 0, k;
  double *spikes, x;
  int p;
  must (lif_neuron_spike_count (n, &count), "spike_count");
  spikes = malloc ((count ? count : 1) * sizeof *spikes);
  if (!spikes)
    exit (1);
  must (lif_neuron_copy_spikes (n, 0, spikes, count, &copied), "copy");
  printf ("spikes %zu\n", count);
  for (k = 0; k < count; k++)
    printf ("%a\n", spikes[k]);
  free (spikes);
  for (p = 0; lif_param_name (p); p++)
    {
      must (lif_neuron_get (n, p, &x), "get");
      printf ("%s %a\n", lif_param_name (p), x);
    }
}

static void
scenario (int stepper, int timing, int kind)
{
  static double t[TRACE_STEPS], v[TRACE_STEPS], cur[TRACE_STEPS];
  lif_neuron *n = NULL;
  lif_input *in = make_input (kind);
  double x;
  size_t done = 0, k;
  printf ("== %s %s input %d\n", lif_stepper_name (stepper),
          lif_timing_name (timing), kind);
  must (lif_neuron_new (&n), "new");
  must (lif_neuron_set_stepper (n, stepper), "stepper");
  must (lif_neuron_set_timing (n, timing), "timing");
  must (lif_neuron_set (n, LIF_PARAM_T_REF, 0.7), "t_ref");
  must (lif_neuron_set (n, LIF_PARAM_I_BIAS, kind == 0 ? 1.65 : 0.15), "bias");
  if (in)
    {
      must (lif_neuron_set_input (n, in), "input");
      for (k = 0; k < 8; k++)
        {
          must (lif_input_eval (in, 4.1 * (double)k, &x), "eval");
          printf ("I(%zu) %a\n", k, x);
        }
      lif_input_free (in);
    }
  must (lif_neuron_run_trace (n, TRACE_STEPS, t, v, cur, &done), "trace");
  for (k = 0; k < done; k++)
    printf ("%a %a %a\n", t[k], v[k], cur[k]);
  must (lif_neuron_run (n, 23.37), "run");
  for (k = 0; k < 5; k++)
    must (lif_neuron_step (n), "step");
  print_neuron (n);
  must (lif_neuron_isi (n, 2.0, &x), "isi");
  printf ("isi %a\n", x);
  must (lif_neuron_time_to_spike (n, 2.0, &x), "time_to_spike");
  printf ("time_to_spike %a\n", x);
  must (lif_neuron_potential_after (n, 2.0, 3.3, &x), "potential_after");
  printf ("potential_after %a\n", x);
  lif_neuron_free (n);
}

int
main (void)
{
  int stepper, timing, kind;
  printf ("liblif %s\n", lif_version_string ());
  for (stepper = 0; lif_stepper_name (stepper); stepper++)
    for (timing = 0; lif_timing_name (timing); timing++)
      for (kind = 0; kind < N_KINDS; kind++)
        scenario (stepper, timing, kind);
  return 0;
}
