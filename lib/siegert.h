/*
 * The stationary firing rate of a leaky integrate-and-fire neuron driven
 * by white noise: the Siegert (Ricciardi) formula, evaluated so that
 * nothing cancels (analytic.c gives it to lif_neuron_siegert_rate).
 */
#ifndef LIF_SIEGERT_H
#define LIF_SIEGERT_H

/* erfcx(x) = exp(x^2) erfc(x), the scaled complementary error function,
 * to a few ulps for x >= 0 and for the x < 0 where it is finite (it grows
 * as 2 exp(x^2): +infinity below about -26.6). */
double lif__erfcx (double x);

/* The rate 1 / (t_ref + tau sqrt(pi) integral_{y_r}^{y_th} erfcx(-u) du)
 * for y_r < y_th, in spikes per unit of tau; 0 where the integral
 * overflows (a rate below 1e-300). */
double lif__siegert_rate (double tau, double t_ref, double y_r, double y_th);

/* The squared coefficient of variation of the interspike intervals at
 * that rate (Brunel 2000, appendix A): 2 pi (rate tau)^2 times
 * integral_{y_r}^{y_th} exp(x^2) integral_{-inf}^{x} exp(y^2) erfc(-y)^2
 * dy dx, the inner integral taken as integral_0^inf exp(2 x t - t^2)
 * erfcx(t - x)^2 dt so that nothing overflows where x is very negative.
 * Finite for y_th up to LIF__SIEGERT_CV_MAX_Y, where the inner integrand
 * reaches 4 exp(2 y_th^2), near the largest double. */
#define LIF__SIEGERT_CV_MAX_Y 18.5
double lif__siegert_cv2 (double tau, double t_ref, double y_r, double y_th);

#endif /* LIF_SIEGERT_H */
