/*
 * The plain-step loops of a batch (see batch_kernel.h). Each loop body is
 * branch-free, so that it vectorizes; `omp simd` asks for that explicitly
 * where the compiler supports OpenMP SIMD directives.
 */
#include "batch_kernel.h"

#include <float.h>
#include <math.h>

#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#if defined(HAVE_TARGET_CLONES)
#define LIF__KERNEL __attribute__ ((target_clones ("avx2", "default")))
#else
#define LIF__KERNEL
#endif

#if defined(_OPENMP) || defined(LIF_OPENMP_SIMD)
#define LIF__SIMD_ANY _Pragma ("omp simd reduction(|:any)")
#else
#define LIF__SIMD_ANY
#endif

LIF__KERNEL int64_t
lif__kernel_constant (size_t m, int64_t k, int64_t k_end, const double *g,
                      const double *dstar, const double *hold, double *D,
                      double *reported)
{
  for (; k < k_end; k++)
    {
      const double kd = (double)k;
      int any = 0;
      size_t i;
      LIF__SIMD_ANY
      for (i = 0; i < m; i++)
        {
          double d = D[i], d1 = g[i] * d;
          int act = kd >= hold[i];
          int hit = act & (d1 >= dstar[i]);
          D[i] = (act & !hit) ? d1 : d;
          reported[i] = hit;
          any |= hit;
        }
      if (any)
        break;
    }
  return k;
}

LIF__KERNEL int
lif__kernel_step (size_t m, double kd, double I, const double *x,
                  const double *E_L, const double *R, const double *bias,
                  const double *g, const double *vth, const double *hold,
                  const double *V, double *V_next, double *reported)
{
  int any = 0;
  size_t i;
  LIF__SIMD_ANY
  for (i = 0; i < m; i++)
    {
      double u = E_L[i] + R[i] * ((I + x[i]) + bias[i]);
      double d = V[i] - u, v1 = u + g[i] * d;
      int act = kd >= hold[i];
      /* As a lone neuron's stretch: steps whose u + (V - u) might overflow
       * are left to the lane, which checks every value. */
      int sane = fabs (u) + fabs (d) < DBL_MAX / 2.0;
      int hit = act & ((!sane) | (v1 >= vth[i]));
      V_next[i] = (act & (!hit)) ? v1 : V[i];
      reported[i] = hit;
      any |= hit;
    }
  return any;
}

LIF__KERNEL int
lif__kernel_step_varying (size_t m, double kd, int n_nodes, const double *I,
                          const double *avg, size_t stride, const double *x,
                          const double *E_L, const double *R,
                          const double *bias, const double *g,
                          const double *vth, const double *hold,
                          const double *V, double *V_next, double *reported)
{
  int any = 0;
  size_t i;
  LIF__SIMD_ANY
  for (i = 0; i < m; i++)
    {
      double ubar = 0.0, v1;
      int j, act, hit;
      for (j = 0; j < n_nodes; j++)
        ubar += avg[i * stride + j]
                * (E_L[i] + R[i] * ((I[j] + x[i]) + bias[i]));
      v1 = ubar + g[i] * (V[i] - ubar);
      act = kd >= hold[i];
      hit = act & ((!isfinite (v1)) | (v1 >= vth[i]));
      V_next[i] = (act & (!hit)) ? v1 : V[i];
      reported[i] = hit;
      any |= hit;
    }
  return any;
}
