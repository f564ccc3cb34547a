/*
 * The main demo: every scenario of the teaching notebook, run twice.
 *
 *   notebook  the notebook's own settings: forward Euler, dt = 0.01, spikes
 *             on the grid, E_L = 0, reset to u_rest, and (as its loop does)
 *             the input current sampled at the end of each step;
 *   liblif    what liblif does best: the exact stepper with precise spike
 *             times, same dt.
 *
 * For each scenario it prints the spike counts, the first spike times and
 * how far the notebook's answer is from liblif's.
 *
 * liblif's Euler, like any standard forward Euler, samples the current at
 * the start of each step. To reproduce the notebook's end-of-step sampling
 * the demo shifts each time-varying input one step ahead: a sine gets the
 * phase 2 pi f dt, a decaying pulse switches on at -dt. (Constant inputs need
 * no shift.)
 */
#include <lif.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define DT 0.01
#define DURATION 100.0
#define SHOWN 4

static const double two_pi = 6.283185307179586;

enum kind
{
  CONSTANT, /* a = I0 */
  SINE,     /* a = I_max, b = f */
  TWO,      /* a = I1, b = I2 */
  DECAY     /* a = I_peak, b = tau_I */
};

struct scenario
{
  const char *id;
  enum kind kind;
  double a, b;
  double R, C, theta, u_rest;
};

/* The notebook's scenarios with its default parameters (SCENARIOS.md). */
static const struct scenario scenarios[] = {
  { "S1 constant", CONSTANT, 0.8, 0.0, 6.4, 0.9, 5.0, 0.4 },
  { "S2 sine", SINE, 1.0, 0.1, 5.0, 0.5, 5.0, 0.0 },
  { "S2 sine", SINE, 3.0, 0.1, 5.0, 0.5, 5.0, 0.0 },
  { "S3 two inputs", TWO, 1.0, 1.3, 3.3, 1.0, 7.5, 0.2 },
  { "S4 decaying", DECAY, 10.0, 10.0, 5.0, 0.5, 5.0, 0.0 },
  { "S4 decaying", DECAY, 1.0, 100.0, 5.0, 0.5, 5.0, 0.0 },
  { "S4 decaying", DECAY, 10.0, 100.0, 5.0, 0.5, 5.0, 0.0 },
  { "S4 decaying", DECAY, 1.0, 10.0, 5.0, 0.5, 5.0, 0.0 },
};

static void
check (int status, const char *what)
{
  if (status != LIF_OK)
    {
      fprintf (stderr, "demo: %s: %s\n", what, lif_strerror (status));
      exit (EXIT_FAILURE);
    }
}

/* The scenario's input; shift moves it that far ahead in time, so that a
 * stepper sampling I(t) samples the original at t + shift. */
static lif_input *
make_input (const struct scenario *s, double shift)
{
  lif_input *in = NULL, *terms[2] = { NULL, NULL };
  switch (s->kind)
    {
    case CONSTANT:
      check (lif_input_new_constant (s->a, &in), "constant input");
      break;
    case SINE:
      check (lif_input_new_sine (0.0, s->a, s->b, two_pi * s->b * shift, &in),
             "sine input");
      break;
    case TWO:
      check (lif_input_new_constant (s->a, &terms[0]), "input I1");
      check (lif_input_new_constant (s->b, &terms[1]), "input I2");
      check (lif_input_new_sum (terms, NULL, 2, &in), "sum of inputs");
      lif_input_free (terms[0]); /* the sum keeps its terms alive */
      lif_input_free (terms[1]);
      break;
    case DECAY:
      check (lif_input_new_exp_decay (s->a, s->b, -shift, &in),
             "decaying input");
      break;
    }
  return in;
}

/* Runs a scenario with one stepper and timing mode; returns the spike times
 * (malloc'd, or NULL when there are none) and their count. */
static double *
run (const struct scenario *s, int stepper, int timing, double shift,
     size_t *count)
{
  // [notebook_neuron]
  /* E_L = 0; u_rest is the reset and the start; no refractory period. */
  const int params[]
      = { LIF_PARAM_R,       LIF_PARAM_C,   LIF_PARAM_E_L, LIF_PARAM_V_TH,
          LIF_PARAM_V_RESET, LIF_PARAM_V_0, LIF_PARAM_V,   LIF_PARAM_DT };
  const double values[]
      = { s->R, s->C, 0.0, s->theta, s->u_rest, s->u_rest, s->u_rest, DT };
  lif_neuron *n = NULL;
  lif_input *in = make_input (s, shift);
  double *times = NULL;
  size_t copied = 0;

  check (lif_neuron_new (&n), "creating the neuron");
  check (lif_neuron_set_many (n, params, values, 8), "setting parameters");
  check (lif_neuron_set_stepper (n, stepper), "choosing the stepper");
  check (lif_neuron_set_timing (n, timing), "choosing the timing");
  // [notebook_neuron]
  check (lif_neuron_set_input (n, in), "attaching the input");
  lif_input_free (in); /* the neuron keeps it alive */
  check (lif_neuron_run (n, DURATION), "running");
  check (lif_neuron_spike_count (n, count), "counting spikes");
  if (*count > 0)
    {
      times = malloc (*count * sizeof *times);
      if (times == NULL)
        check (LIF_ENOMEM, "reading spikes");
      check (lif_neuron_copy_spikes (n, 0, times, *count, &copied),
             "reading spikes");
    }
  lif_neuron_free (n);
  return times;
}

static void
print_spikes (const char *who, const double *t, size_t count)
{
  size_t k;
  printf ("    %-9s %4zu spikes", who, count);
  for (k = 0; k < count && k < SHOWN; k++)
    printf (" %10.6f", t[k]);
  printf ("%s\n", count > SHOWN ? " ..." : "");
}

static void
print_input (const struct scenario *s)
{
  switch (s->kind)
    {
    case CONSTANT:
      printf ("I0 = %g", s->a);
      break;
    case SINE:
      printf ("I(t) = %g sin(2 pi %g t)", s->a, s->b);
      break;
    case TWO:
      printf ("I1 + I2 = %g + %g", s->a, s->b);
      break;
    case DECAY:
      printf ("I(t) = %g exp(-t / %g)", s->a, s->b);
      break;
    }
  printf (";  R = %g, C = %g, theta = %g, u_rest = %g\n", s->R, s->C, s->theta,
          s->u_rest);
}

int
main (void)
{
  size_t i, k;

  printf ("liblif %s: the integrate-and-fire notebook's scenarios, "
          "t in [0, %g)\n",
          lif_version_string (), DURATION);
  printf ("  notebook: forward Euler, dt = %g, spikes on the grid, I sampled "
          "at the end of each step\n",
          DT);
  printf ("  liblif:   exact stepper, precise spike times, dt = %g\n\n", DT);

  for (i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
    {
      const struct scenario *s = &scenarios[i];
      size_t n_nb = 0, n_lif = 0, common;
      double worst = 0.0;
      double *nb = run (s, LIF_STEPPER_EULER, LIF_TIMING_GRID, DT, &n_nb);
      double *lif
          = run (s, LIF_STEPPER_EXACT, LIF_TIMING_PRECISE, 0.0, &n_lif);

      printf ("%-14s ", s->id);
      print_input (s);
      print_spikes ("notebook", nb, n_nb);
      print_spikes ("liblif", lif, n_lif);
      common = n_nb < n_lif ? n_nb : n_lif;
      for (k = 0; k < common; k++)
        if (fabs (nb[k] - lif[k]) > worst)
          worst = fabs (nb[k] - lif[k]);
      if (common == 0 && n_nb == n_lif)
        printf ("    both subthreshold\n");
      else if (n_nb == n_lif)
        printf ("    the notebook's spike times are off by up to %.3g\n",
                worst);
      else
        printf ("    the notebook finds %zu spike%s %s, and its first %zu "
                "are off by up to %.3g\n",
                n_nb > n_lif ? n_nb - n_lif : n_lif - n_nb,
                n_nb > n_lif + 1 || n_lif > n_nb + 1 ? "s" : "",
                n_nb > n_lif ? "too many" : "too few", common, worst);
      printf ("\n");
      free (nb);
      free (lif);
    }
  return EXIT_SUCCESS;
}
