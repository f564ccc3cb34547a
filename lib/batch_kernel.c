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
#define LIF__PRAGMA(text) _Pragma (#text)
#define LIF__SIMD_REDUCE(flag) LIF__PRAGMA (omp simd reduction (| : flag))
#else
#define LIF__SIMD_REDUCE(flag)
#endif
#define LIF__SIMD_ANY LIF__SIMD_REDUCE (any)

/* Bit j of a 64-bit word, from a table: the kernel ORs a lane's mask with
 * it instead of shifting by a per-lane count. */
static const uint64_t lif__bit[64] = {
#define LIF__B4(n)                                                            \
  1ull << (n), 1ull << ((n) + 1), 1ull << ((n) + 2), 1ull << ((n) + 3)
  LIF__B4 (0),  LIF__B4 (4),  LIF__B4 (8),  LIF__B4 (12),
  LIF__B4 (16), LIF__B4 (20), LIF__B4 (24), LIF__B4 (28),
  LIF__B4 (32), LIF__B4 (36), LIF__B4 (40), LIF__B4 (44),
  LIF__B4 (48), LIF__B4 (52), LIF__B4 (56), LIF__B4 (60),
#undef LIF__B4
};

LIF__KERNEL int64_t
lif__kernel_constant (size_t m, int64_t k, int64_t k_end,
                      const double *restrict g, const double *restrict dstar,
                      const double *restrict hold, double *restrict D,
                      uint64_t *restrict hits)
{
  const size_t words = (m + 63) / 64;
  for (; k < k_end; k++)
    {
      const double kd = (double)k;
      uint64_t any = 0;
      size_t w;
      for (w = 0; w < words; w++)
        {
          const size_t lo = 64 * w, n = m - lo < 64 ? m - lo : 64;
          uint64_t bits = 0;
          size_t j;
          LIF__SIMD_REDUCE (bits)
          for (j = 0; j < n; j++)
            {
              const double d = D[lo + j], d1 = g[lo + j] * d;
              const int act = kd >= hold[lo + j];
              const int hit = act & (d1 >= dstar[lo + j]);
              D[lo + j] = (act & !hit) ? d1 : d;
              bits |= (uint64_t)(-(int64_t)hit) & lif__bit[j];
            }
          hits[w] = bits;
          any |= bits;
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
