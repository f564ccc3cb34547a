/*
 * An f-I curve in one call: 100000 neurons, each with its own constant
 * current (its bias I_bias), run together as one lif_batch with the exact
 * stepper and precise spike times, and every neuron's firing compared with
 * the closed form.
 *
 * With V starting at V_reset, neuron i fires first at T0 = tau ln((u -
 * V_reset) / (u - V_th)), u = E_L + R I_i, and then every T0 + t_ref. So in
 * [0, T] it must fire exactly floor((T - T0) / (T0 + t_ref)) + 1 times, at
 * exactly those times; the program checks both for every neuron.
 *
 * Usage: fi_curve [--neurons N] [--duration MS] [--threads K] [--csv FILE]
 * The CSV has one row per neuron: I (nA), the measured rate and the closed
 * form (Hz), and the spike count.
 */
#include <lif.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
check (int status, const char *what)
{
  if (status != LIF_OK)
    {
      fprintf (stderr, "fi_curve: %s: %s\n", what, lif_strerror (status));
      exit (EXIT_FAILURE);
    }
}

static double
seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double
number_after (int argc, char **argv, int *i, const char *flag)
{
  char *end = NULL;
  double v;
  if (*i + 1 >= argc)
    {
      fprintf (stderr, "fi_curve: %s needs a value\n", flag);
      exit (2);
    }
  v = strtod (argv[++*i], &end);
  if (!end || *end || !(v > 0) || !isfinite (v))
    {
      fprintf (stderr, "fi_curve: %s: not a positive number: %s\n", flag,
               argv[*i]);
      exit (2);
    }
  return v;
}

int
main (int argc, char **argv)
{
  const double tau = 10.0, R = 10.0, e_l = -65.0, v_th = -50.0;
  const double v_reset = -65.0, t_ref = 2.0, dt = 0.1;
  size_t n = 100000, i, total = 0, copied, at, wrong_count = 0;
  double duration = 1000.0, worst_time = 0.0, worst_rate = 0.0, t0, elapsed;
  int threads = 0, used = 0, a;
  const char *csv = NULL;
  double *current, *first, *last;
  size_t *counts, *idx;
  double *times;
  lif_batch *batch = NULL;

  for (a = 1; a < argc; a++)
    if (strcmp (argv[a], "--neurons") == 0)
      n = (size_t)number_after (argc, argv, &a, "--neurons");
    else if (strcmp (argv[a], "--duration") == 0)
      duration = number_after (argc, argv, &a, "--duration");
    else if (strcmp (argv[a], "--threads") == 0)
      threads = (int)number_after (argc, argv, &a, "--threads");
    else if (strcmp (argv[a], "--csv") == 0 && a + 1 < argc)
      csv = argv[++a];
    else
      {
        fprintf (stderr, "usage: fi_curve [--neurons N] [--duration MS] "
                         "[--threads K] [--csv FILE]\n");
        return strcmp (argv[a], "--help") == 0 ? 0 : 2;
      }

  current = malloc (n * sizeof *current);
  first = malloc (n * sizeof *first);
  last = malloc (n * sizeof *last);
  counts = malloc (n * sizeof *counts);
  idx = malloc (65536 * sizeof *idx);
  times = malloc (65536 * sizeof *times);
  if (!current || !first || !last || !counts || !idx || !times)
    {
      fprintf (stderr, "fi_curve: out of memory\n");
      return EXIT_FAILURE;
    }
  /* Currents from 0 to 3 nA; the rheobase is (V_th - E_L) / R = 1.5 nA. */
  for (i = 0; i < n; i++)
    current[i] = 3.0 * (double)i / (double)n;

  /* One batch: shared parameters set once, the currents as an array. */
  /* [batch] */
  check (lif_batch_new (n, &batch), "creating the batch");
  check (lif_batch_set (batch, LIF_PARAM_T_REF, t_ref), "t_ref");
  check (lif_batch_set (batch, LIF_PARAM_DT, dt), "dt");
  check (lif_batch_set_array (batch, LIF_PARAM_I_BIAS, current, n, NULL),
         "currents");
  check (lif_batch_set_threads (batch, threads), "threads");
  check (lif_batch_get_threads (batch, &used), "threads");
  t0 = seconds ();
  check (lif_batch_run (batch, duration), "running");
  elapsed = seconds () - t0;
  check (lif_batch_spike_counts (batch, counts, n), "spike counts");
  /* [batch] */

  /* First and last spike of every neuron, read in pieces. */
  for (i = 0; i < n; i++)
    first[i] = last[i] = NAN;
  check (lif_batch_spike_count (batch, &total), "spike count");
  for (at = 0; at < total; at += copied)
    {
      size_t k;
      check (lif_batch_copy_spikes (batch, at, idx, times, 65536, &copied),
             "spikes");
      for (k = 0; k < copied; k++)
        {
          if (isnan (first[idx[k]]))
            first[idx[k]] = times[k];
          last[idx[k]] = times[k];
        }
    }

  for (i = 0; i < n; i++)
    {
      double u = e_l + R * current[i];
      double isi_free
          = u > v_th ? tau * log1p ((v_th - v_reset) / (u - v_th)) : INFINITY;
      double period = isi_free + t_ref;
      size_t expected
          = duration >= isi_free
                ? (size_t)floor ((duration - isi_free) / period) + 1
                : 0;
      if (counts[i] != expected)
        wrong_count++;
      if (counts[i] > 0)
        worst_time = fmax (worst_time, fabs (first[i] - isi_free));
      if (counts[i] > 1)
        {
          double measured = (double)(counts[i] - 1) / (last[i] - first[i]);
          worst_rate = fmax (worst_rate, fabs (measured * period - 1.0));
        }
    }

  printf ("f-I curve: %zu neurons (I from 0 to 3 nA), %g ms at dt = %g ms, "
          "exact stepper, precise timing\n",
          n, duration, dt);
  printf ("run: %.3f s on %d thread%s, %.3g neuron-steps per second, %zu "
          "spikes\n",
          elapsed, used, used > 1 ? "s" : "",
          (double)n * (duration / dt) / elapsed, total);
  printf ("neurons whose spike count differs from the closed form: %zu\n",
          wrong_count);
  printf ("largest error of a first spike time: %.3g ms\n", worst_time);
  printf ("largest relative error of a rate (from first to last spike): "
          "%.3g\n",
          worst_rate);

  if (csv)
    {
      FILE *f = fopen (csv, "w");
      if (!f)
        {
          perror (csv);
          return EXIT_FAILURE;
        }
      fprintf (f, "I,rate,rate_closed_form,spikes\n");
      for (i = 0; i < n; i++)
        {
          double u = e_l + R * current[i];
          double rate = 0.0, theory = 0.0;
          if (u > v_th)
            theory = 1000.0
                     / (tau * log1p ((v_th - v_reset) / (u - v_th)) + t_ref);
          if (counts[i] > 1)
            rate = 1000.0 * (double)(counts[i] - 1) / (last[i] - first[i]);
          fprintf (f, "%.17g,%.17g,%.17g,%zu\n", current[i], rate, theory,
                   counts[i]);
        }
      if (fclose (f) != 0)
        {
          perror (csv);
          return EXIT_FAILURE;
        }
    }

  lif_batch_free (batch);
  free (current);
  free (first);
  free (last);
  free (counts);
  free (idx);
  free (times);
  return wrong_count == 0 && worst_time < 1e-9 && worst_rate < 1e-12
             ? EXIT_SUCCESS
             : EXIT_FAILURE;
}
