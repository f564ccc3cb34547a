/*
 * The exact step of a membrane driven by an Ornstein-Uhlenbeck current.
 *
 * The current's deviation from its mean, eta, relaxes with its own time
 * constant tau_s and is driven by white noise so that its stationary
 * standard deviation is sigma:
 *
 *   d eta = -eta / tau_s dt + sigma sqrt(2 / tau_s) dW,
 *   tau dV = (u - V + R eta) dt.
 *
 * The pair (V, eta) is linear and Gaussian, so over a step of length h it
 * moves exactly by
 *
 *   eta(h) = a eta(0) + sigma l11 z1,
 *   V(h)   = [V's step under u alone] + R f eta(0)
 *            + R sigma (l21 z1 + l22 z2),
 *
 * with z1, z2 independent standard normals, a = exp(-h / tau_s), f the
 * weight with which the current's start value reaches V, and l the Cholesky
 * factor of the covariance the noise builds up over the step (per unit R
 * and sigma). This file computes those coefficients for any h, tau and
 * tau_s, the equal time constants included, without cancellation.
 */
#ifndef LIF_OU_H
#define LIF_OU_H

typedef struct lif__ou_coef
{
  double decay; /* a = exp(-h / tau_s) */
  double feed;  /* f = (a - g) / (1 - tau / tau_s), g = exp(-h / tau) */
  double l11, l21, l22;
} lif__ou_coef;

/* The coefficients of a step of length h >= 0 for a membrane of time
 * constant tau > 0 under a current of time constant tau_s > 0; all 0 for
 * tau_s 0, no such current. */
void lif__ou_coefficients (double h, double tau, double tau_s,
                           lif__ou_coef *c);

#endif /* LIF_OU_H */
