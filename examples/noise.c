/*
 * Neurons under white noise, against the Siegert formula: a batch of
 * neurons, each drawing its own noise (its own stream), for a few means and
 * strengths of the noise; the firing rate and the coefficient of variation
 * of the interspike intervals, pooled over the batch, next to what
 * lif_neuron_siegert_rate() and lif_neuron_siegert_cv() give. Precise
 * timing finds the crossings inside steps; grid timing, shown beside it,
 * misses some and fires less.
 *
 * Usage: noise [--neurons N] [--duration MS] [--dt MS] [--seed S]
 *              [--threads K]
 */
#include <lif.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
check (int status, const char *what)
{
  if (status != LIF_OK)
    {
      fprintf (stderr, "noise: %s: %s\n", what, lif_strerror (status));
      exit (EXIT_FAILURE);
    }
}

/* A positive number from an option's value, or exit 2. */
static double
positive (const char *flag, const char *text)
{
  char *end = NULL;
  double v = strtod (text, &end);
  if (end == text || *end != '\0' || !(v > 0.0) || !isfinite (v))
    {
      fprintf (stderr, "noise: %s: not a positive number: '%s'\n", flag, text);
      exit (2);
    }
  return v;
}

/* Runs n neurons for duration ms under mean + sigma xi(t) and gives the
 * rate (per ms) and the CV of all their intervals. */
static void
simulate (size_t n, double duration, double dt, int timing,
          unsigned long long seed, int threads, double mean, double sigma,
          double *rate, double *cv)
{
  lif_batch *b = NULL;
  lif_input *noise = NULL;
  size_t total = 0, copied = 0, k, intervals = 0;
  size_t *who;
  double *t, *last, sum = 0.0, sum2 = 0.0, m;
  check (lif_batch_new (n, &b), "batch");
  check (lif_batch_set (b, LIF_PARAM_DT, dt), "dt");
  check (lif_batch_set (b, LIF_PARAM_T_REF, 2.0), "t_ref");
  check (lif_batch_set_timing (b, timing), "timing");
  check (lif_batch_set_threads (b, threads), "threads");
  check (lif_batch_set_seed (b, (uint64_t)seed, 0), "seed");
  check (lif_input_new_white_noise (mean, sigma, 0, 0, &noise), "noise");
  check (lif_batch_set_input (b, noise), "input");
  lif_input_free (noise);
  check (lif_batch_run (b, duration), "run");
  check (lif_batch_spike_count (b, &total), "count");
  who = malloc ((total + 1) * sizeof *who);
  t = malloc ((total + 1) * sizeof *t);
  last = malloc (n * sizeof *last);
  if (!who || !t || !last)
    check (LIF_ENOMEM, "spikes");
  check (lif_batch_copy_spikes (b, 0, who, t, total, &copied), "spikes");
  for (k = 0; k < n; k++)
    last[k] = NAN;
  for (k = 0; k < copied; k++)
    {
      if (!isnan (last[who[k]]))
        {
          double d = t[k] - last[who[k]];
          sum += d;
          sum2 += d * d;
          intervals++;
        }
      last[who[k]] = t[k];
    }
  m = intervals ? sum / (double)intervals : NAN;
  *rate = (double)copied / ((double)n * duration);
  *cv = intervals > 1 ? sqrt (sum2 / (double)intervals - m * m) / m : NAN;
  free (who);
  free (t);
  free (last);
  lif_batch_free (b);
}

int
main (int argc, char **argv)
{
  /* The default neuron (R 10 MOhm, tau 10 ms, E_L -65, V_th -50 mV) with
   * t_ref 2 ms: the mean drive at, just below and well below threshold. */
  static const double cases[][2]
      = { { 1.5, 1.0 }, { 1.2, 1.0 }, { 1.0, 2.0 } };
  size_t n = 1000, k;
  double duration = 2000.0, dt = 0.1;
  unsigned long long seed = 1;
  int threads = 0, i;
  lif_neuron *reference = NULL;
  for (i = 1; i < argc; i++)
    {
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      if (strcmp (argv[i], "--help") == 0)
        {
          puts ("usage: noise [--neurons N] [--duration MS] [--dt MS] "
                "[--seed S] [--threads K]");
          return 0;
        }
      if (!next)
        {
          fprintf (stderr, "noise: unknown or incomplete option '%s'\n",
                   argv[i]);
          return 2;
        }
      if (strcmp (argv[i], "--neurons") == 0)
        n = (size_t)positive (argv[i], next);
      else if (strcmp (argv[i], "--duration") == 0)
        duration = positive (argv[i], next);
      else if (strcmp (argv[i], "--dt") == 0)
        dt = positive (argv[i], next);
      else if (strcmp (argv[i], "--seed") == 0)
        seed = strtoull (next, NULL, 10);
      else if (strcmp (argv[i], "--threads") == 0)
        threads = (int)positive (argv[i], next);
      else
        {
          fprintf (stderr, "noise: unknown option '%s'\n", argv[i]);
          return 2;
        }
      i++;
    }
  check (lif_neuron_new (&reference), "neuron");
  check (lif_neuron_set (reference, LIF_PARAM_T_REF, 2.0), "t_ref");
  printf ("%zu neurons x %g ms, dt %g ms, seed %llu\n", n, duration, dt, seed);
  printf ("%6s %6s | %9s %7s | %9s %7s %8s | %9s %8s\n", "mean", "sigma",
          "Siegert", "CV", "precise", "CV", "off", "grid", "off");
  for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
    {
      const double mean = cases[k][0], sigma = cases[k][1];
      double want, want_cv, rate, cv, grid, grid_cv;
      check (lif_neuron_siegert_rate (reference, mean, sigma, &want),
             "siegert_rate");
      check (lif_neuron_siegert_cv (reference, mean, sigma, &want_cv),
             "siegert_cv");
      simulate (n, duration, dt, LIF_TIMING_PRECISE, seed, threads, mean,
                sigma, &rate, &cv);
      simulate (n, duration, dt, LIF_TIMING_GRID, seed, threads, mean, sigma,
                &grid, &grid_cv);
      printf ("%6.2f %6.2f | %7.3f Hz %7.4f | %7.3f Hz %7.4f %+7.2f%% | "
              "%7.3f Hz %+7.2f%%\n",
              mean, sigma, 1000.0 * want, want_cv, 1000.0 * rate, cv,
              100.0 * (rate / want - 1.0), 1000.0 * grid,
              100.0 * (grid / want - 1.0));
    }
  lif_neuron_free (reference);
  return 0;
}
