/* The plain reference loops (see reference.h). */
#include "reference.h"

/* liblif's generator, the same source (inline in its header), compiled
 * here with the reference's flags. */
#include "../../lib/philox.h"

#include <math.h>

size_t
ref_hoisted (long steps, double a, double c, double v0, double v_th,
             double v_reset, double *v_end)
{
  double v = v0;
  size_t spikes = 0;
  long k;
  for (k = 0; k < steps; k++)
    {
      v = a * v + c;
      if (v >= v_th)
        {
          v = v_reset;
          spikes++;
        }
    }
  *v_end = v;
  return spikes;
}

size_t
ref_euler_callback (long steps, double dt, double tau, double e_l, double r,
                    double (*current) (double, void *), void *data, double v0,
                    double v_th, double v_reset, double *v_end)
{
  double v = v0;
  size_t spikes = 0;
  long k;
  for (k = 0; k < steps; k++)
    {
      double t = (double)k * dt;
      v += dt / tau * (e_l - v + r * current (t, data));
      if (v >= v_th)
        {
          v = v_reset;
          spikes++;
        }
    }
  *v_end = v;
  return spikes;
}

size_t
ref_rk4_callback (long steps, double dt, double tau, double e_l, double r,
                  double (*current) (double, void *), void *data, double v0,
                  double v_th, double v_reset, double *v_end)
{
  double v = v0;
  size_t spikes = 0;
  long k;
  for (k = 0; k < steps; k++)
    {
      double t = (double)k * dt;
      double k1 = (e_l - v + r * current (t, data)) / tau;
      double k2
          = (e_l - (v + 0.5 * dt * k1) + r * current (t + 0.5 * dt, data))
            / tau;
      double k3
          = (e_l - (v + 0.5 * dt * k2) + r * current (t + 0.5 * dt, data))
            / tau;
      double k4 = (e_l - (v + dt * k3) + r * current (t + dt, data)) / tau;
      v += dt / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
      if (v >= v_th)
        {
          v = v_reset;
          spikes++;
        }
    }
  *v_end = v;
  return spikes;
}

size_t
ref_batch_euler (size_t n, long steps, double *V, const double *I, double dt,
                 double tau, double e_l, double r, double v_th, double v_reset,
                 int threads)
{
  const double x = dt / tau;
  size_t spikes = 0;
  long k;
  (void)threads;
#pragma omp parallel num_threads(threads) reduction(+ : spikes)
  for (k = 0; k < steps; k++)
    {
      size_t i;
#pragma omp for schedule(static) nowait
      for (i = 0; i < n; i++)
        {
          double v = V[i] + x * (e_l - V[i] + r * I[i]);
          int fire = v >= v_th;
          V[i] = fire ? v_reset : v;
          spikes += fire;
        }
    }
  return spikes;
}

size_t
ref_batch_exact (size_t n, long steps, double *V, const double *I, double dt,
                 double tau, double e_l, double r, double v_th, double v_reset,
                 int threads)
{
  const double g = exp (-dt / tau);
  size_t spikes = 0;
  long k;
  (void)threads;
#pragma omp parallel num_threads(threads) reduction(+ : spikes)
  for (k = 0; k < steps; k++)
    {
      size_t i;
#pragma omp for schedule(static) nowait
      for (i = 0; i < n; i++)
        {
          double u = e_l + r * I[i];
          double v = u + (V[i] - u) * g;
          int fire = v >= v_th;
          V[i] = fire ? v_reset : v;
          spikes += fire;
        }
    }
  return spikes;
}

size_t
ref_batch_exact_currents (size_t n, long steps, double *V, const double *I,
                          const double *rows, long n_rows, double dt,
                          double tau, double e_l, double r, double v_th,
                          double v_reset)
{
  const double g = exp (-dt / tau);
  size_t spikes = 0;
  long k;
  for (k = 0; k < steps; k++)
    {
      const double *x = rows + (size_t)(k % n_rows) * n;
      size_t i;
      for (i = 0; i < n; i++)
        {
          double u = e_l + r * (I[i] + x[i]);
          double v = u + (V[i] - u) * g;
          int fire = v >= v_th;
          V[i] = fire ? v_reset : v;
          spikes += fire;
        }
    }
  return spikes;
}

size_t
ref_noise_euler (long steps, double a, double c, double kick, double v0,
                 double v_th, double v_reset, double *v_end)
{
  unsigned long long state = 0x9e3779b97f4a7c15ULL;
  double v = v0, z[2] = { 0.0, 0.0 };
  size_t spikes = 0;
  long k;
  for (k = 0; k < steps; k++)
    {
      if ((k & 1) == 0)
        {
          double u1, u2, r;
          state ^= state >> 12;
          state ^= state << 25;
          state ^= state >> 27;
          u1 = ((double)((state * 0x2545F4914F6CDD1DULL) >> 11) + 0.5)
               * 0x1p-53;
          state ^= state >> 12;
          state ^= state << 25;
          state ^= state >> 27;
          u2 = (double)((state * 0x2545F4914F6CDD1DULL) >> 11) * 0x1p-53;
          r = sqrt (-2.0 * log (u1));
          z[0] = r * cos (6.283185307179586 * u2);
          z[1] = r * sin (6.283185307179586 * u2);
        }
      v = a * v + c + kick * z[k & 1];
      if (v >= v_th)
        {
          v = v_reset;
          spikes++;
        }
    }
  *v_end = v;
  return spikes;
}

size_t
ref_noise_euler_philox (long steps, double a, double c, double kick, double v0,
                        double v_th, double v_reset, double *v_end)
{
  const uint32_t key[2] = { 1u, 0u };
  double v = v0, z[2] = { 0.0, 0.0 };
  size_t spikes = 0;
  long k;
  for (k = 0; k < steps; k++)
    {
      if ((k & 1) == 0)
        {
          const uint32_t counter[4] = { 0u, 0u, (uint32_t)(k >> 1), 0u };
          uint32_t bits[4];
          lif__philox4x32_10 (counter, key, bits);
          lif__normal_pair (bits, &z[0], &z[1]);
        }
      v = a * v + c + kick * z[k & 1];
      if (v >= v_th)
        {
          v = v_reset;
          spikes++;
        }
    }
  *v_end = v;
  return spikes;
}

size_t
ref_batch_noise_philox (size_t n, long steps, double *V, const double *I,
                        double dt, double tau, double e_l, double r,
                        double sigma, double v_th, double v_reset, int threads)
{
  const double g = exp (-dt / tau);
  /* The exact stepper's kick for white noise of this sigma: the free
   * membrane's variance over a step, R sigma sqrt((1 - g^2) / (2 tau)). */
  const double kick = r * sigma * sqrt ((1.0 - g * g) / (2.0 * tau));
  const uint32_t key[2] = { 1u, 0u };
  size_t spikes = 0;
  long i;
  (void)threads;
#pragma omp parallel for schedule(static) num_threads(threads)                 \
    reduction(+ : spikes)
  for (i = 0; i < (long)n; i++)
    {
      const double u = e_l + r * I[i];
      double v = V[i], z[2] = { 0.0, 0.0 };
      long k;
      for (k = 0; k < steps; k++)
        {
          if ((k & 1) == 0)
            {
              const uint32_t counter[4]
                  = { (uint32_t)i, 0u, (uint32_t)(k >> 1), 0u };
              uint32_t bits[4];
              lif__philox4x32_10 (counter, key, bits);
              lif__normal_pair (bits, &z[0], &z[1]);
            }
          v = u + g * (v - u) + kick * z[k & 1];
          if (v >= v_th)
            {
              v = v_reset;
              spikes++;
            }
        }
      V[i] = v;
    }
  return spikes;
}
