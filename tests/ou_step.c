/*
 * The exact step under an Ornstein-Uhlenbeck current (lib/ou.c), compiled
 * into this program (TAP):
 *
 *  - against its coefficients evaluated by quadrature in 50 digits
 *    (tests/reference/ou_step.h, from tests/reference/ou_step.py), for
 *    steps from 1e-6 to 100 ms and tau_s from 0.01 to 1000 ms, the equal
 *    and nearly equal time constants included;
 *  - and on its defining property: one step from the stationary
 *    covariance of (V, eta), R^2 sigma^2 tau_s / (tau + tau_s) for V's
 *    variance and for its covariance with eta (per unit R and sigma^2),
 *    gives it back, for a grid of steps and time constants.
 */
#include "../lib/ou.h"
#include "reference/ou_step.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>

#define TAU 10.0

/* |a - b| relative to |b|, or absolute where b is 0. */
static double
error_of (double a, double b)
{
  return b == 0.0 ? fabs (a) : fabs (a - b) / fabs (b);
}

int
main (void)
{
  static const double steps[] = { 1e-6, 1e-3, 0.1, 1.0, 10.0, 100.0, 1e4 };
  static const double taus[] = { 10.0,
                                 10.0 * (1.0 + 1e-12),
                                 10.0 * (1.0 - 1e-7),
                                 9.99,
                                 11.0,
                                 5.0,
                                 20.0,
                                 3.4,
                                 29.0,
                                 0.1,
                                 0.01,
                                 1000.0,
                                 1e6 };
  char what[200];
  double worst = 0.0;
  size_t i, j;
  for (i = 0; i < sizeof ou_step_cases / sizeof ou_step_cases[0]; i++)
    {
      const struct ou_step_case *r = &ou_step_cases[i];
      lif__ou_coef c;
      double e;
      lif__ou_coefficients (r->h, TAU, r->tau_s, &c);
      e = fmax (
          fmax (error_of (c.decay, r->decay), error_of (c.feed, r->feed)),
          fmax (fmax (error_of (c.l11, r->l11), error_of (c.l21, r->l21)),
                error_of (c.l22, r->l22)));
      snprintf (what, sizeof what,
                "h %g, tau_s %.12g: coefficients within %.2g of 50 digits "
                "(bound 1e-14)",
                r->h, r->tau_s, e);
      tap (e < 1e-14, what);
    }
  for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
    for (j = 0; j < sizeof taus / sizeof taus[0]; j++)
      {
        const double h = steps[i], tau_s = taus[j], g = exp (-h / TAU);
        const double stationary = tau_s / (TAU + tau_s);
        lif__ou_coef c;
        double var_v, cov;
        lif__ou_coefficients (h, TAU, tau_s, &c);
        /* (V, eta) -> (g V + f eta, a eta) plus the noise L z. */
        var_v = g * g * stationary + 2.0 * g * c.feed * stationary
                + c.feed * c.feed + c.l21 * c.l21 + c.l22 * c.l22;
        cov = g * c.decay * stationary + c.feed * c.decay + c.l21 * c.l11;
        worst = fmax (worst, fmax (error_of (var_v, stationary),
                                   error_of (cov, stationary)));
      }
  snprintf (what, sizeof what,
            "one step keeps the stationary covariance, steps 1e-6 to 1e4 ms, "
            "tau_s / tau 1e-3 to 1e5: worst %.2g (bound 1e-14)",
            worst);
  tap (worst < 1e-14, what);
  printf ("1..%d\n", test_number);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
