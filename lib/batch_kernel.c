/*
 * The plain-step loops of a batch (see batch_kernel.h). The single-step
 * loop bodies are branch-free, so that they vectorize; `omp simd` asks for
 * that explicitly where the compiler supports OpenMP SIMD directives. The
 * constant-stretch kernel holds its members in vector registers instead
 * (batch_group.h).
 */
#include "batch_kernel.h"

#include "model.h"

#include <float.h>
#include <math.h>
#include <string.h>

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
#define LIF__SIMD_ANY LIF__PRAGMA (omp simd reduction (| : any))
#else
#define LIF__SIMD_ANY
#endif

/* The constant-stretch kernel, from the template in batch_group.h: on x86
 * for AVX2 and for the baseline, chosen at run time; elsewhere for the
 * vectors GCC's extensions map to (or plain C without them, or with
 * LIF_PLAIN_KERNEL defined, for testing). */
#if defined(__GNUC__) && !defined(LIF_PLAIN_KERNEL)
#if defined(HAVE_TARGET_CLONES) && (defined(__x86_64__) || defined(__i386__))
#define LIF__DISPATCH_AVX2 1
#define GROUP_KERNEL constant_avx2
#define GROUP_TARGET __attribute__ ((target ("avx2")))
#define GROUP_LANES 4
#include "batch_group.h"
#endif
#define GROUP_KERNEL constant_base
#define GROUP_TARGET
#define GROUP_LANES 2
#include "batch_group.h"
#else
#define GROUP_KERNEL constant_base
#define GROUP_TARGET
#define GROUP_LANES 1
#include "batch_group.h"
#endif

lif__constant_kernel
lif__kernel_constant_pick (size_t *group)
{
#if defined(LIF__DISPATCH_AVX2)
  if (__builtin_cpu_supports ("avx2"))
    {
      *group = constant_avx2_members;
      return constant_avx2;
    }
#endif
  *group = constant_base_members;
  return constant_base;
}

LIF__KERNEL int
lif__kernel_step (size_t m, double kd, double I, const double *x,
                  const double *E_L, const double *R, const double *bias,
                  const double *g, const double *vth, const double *held_until,
                  const double *V, double *V_next, double *reported)
{
  int any = 0;
  size_t i;
  LIF__SIMD_ANY
  for (i = 0; i < m; i++)
    {
      double u = lif__drive (E_L[i], R[i], bias[i], I + x[i]);
      double d = V[i] - u, v1 = lif__relax (V[i], u, g[i]);
      int act = kd >= held_until[i];
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
                          const double *const *avg, const double *x,
                          const double *E_L, const double *R,
                          const double *bias, const double *g,
                          const double *vth, const double *held_until,
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
        ubar += avg[j][i] * lif__drive (E_L[i], R[i], bias[i], I[j] + x[i]);
      v1 = lif__relax (V[i], ubar, g[i]);
      act = kd >= held_until[i];
      hit = act & ((!isfinite (v1)) | (v1 >= vth[i]));
      V_next[i] = (act & (!hit)) ? v1 : V[i];
      reported[i] = hit;
      any |= hit;
    }
  return any;
}
