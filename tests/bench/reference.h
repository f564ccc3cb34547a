/*
 * The plain reference loops the benchmark compares liblif with: what a
 * programmer would write by hand for the same model. They are compiled with
 * -O3 -march=native (when the compiler takes it), liblif with the
 * distribution's default flags.
 */
#ifndef LIF_BENCH_REFERENCE_H
#define LIF_BENCH_REFERENCE_H

#include <stddef.h>

/* One neuron, Euler, constant current hoisted: V <- a V + c, one fused
 * multiply-add per step; reset on threshold. Returns the spike count. */
size_t ref_hoisted (long steps, double a, double c, double v0, double v_th,
                    double v_reset, double *v_end);

/* One neuron, Euler, the current through a function pointer each step. */
size_t ref_euler_callback (long steps, double dt, double tau, double e_l,
                           double r, double (*current) (double, void *),
                           void *data, double v0, double v_th, double v_reset,
                           double *v_end);

/* One neuron, classical RK4, the current through a function pointer at t,
 * t + dt/2 (twice, as the textbook writes it) and t + dt. */
size_t ref_rk4_callback (long steps, double dt, double tau, double e_l,
                         double r, double (*current) (double, void *),
                         void *data, double v0, double v_th, double v_reset,
                         double *v_end);

/* n neurons, Euler, each with its own constant current I[i]: for each step,
 * for each neuron V += dt/tau (E_L - V + R I); reset on threshold. With
 * threads > 1 the neurons are split over OpenMP threads. */
size_t ref_batch_euler (size_t n, long steps, double *V, const double *I,
                        double dt, double tau, double e_l, double r,
                        double v_th, double v_reset, int threads);

/* The same with the exact exponential step V <- u + (V - u) exp(-dt/tau). */
size_t ref_batch_exact (size_t n, long steps, double *V, const double *I,
                        double dt, double tau, double e_l, double r,
                        double v_th, double v_reset, int threads);

/* The exact step on one thread with per-step currents: in step k neuron i
 * receives I[i] + rows[(k % n_rows) * n + i]. */
size_t ref_batch_exact_currents (size_t n, long steps, double *V,
                                 const double *I, const double *rows,
                                 long n_rows, double dt, double tau,
                                 double e_l, double r, double v_th,
                                 double v_reset);

/* One neuron under white noise, Euler-Maruyama, as people write it:
 * V += dt/tau (u - V) + kick N, N standard normal from xorshift64* and the
 * Box-Muller transform (both of each pair used); reset on threshold. */
size_t ref_noise_euler (long steps, double a, double c, double kick, double v0,
                        double v_th, double v_reset, double *v_end);

/* The same with liblif's own generator, Philox4x32-10 and its Box-Muller
 * (lib/philox.h, compiled into the reference): one output per two steps,
 * counted by the step pair. */
size_t ref_noise_euler_philox (long steps, double a, double c, double kick,
                               double v0, double v_th, double v_reset,
                               double *v_end);

/* n neurons under white noise, the exact step plus a kick from liblif's
 * generator: neuron i draws from counter (i, 0, step pair) with key
 * (seed 1), both normals of each pair used, so each neuron's loop is
 * ref_noise_euler_philox's with a = g. Neurons are taken one after the
 * other (all steps of one, then the next), the order that keeps a neuron's
 * state in registers, and split over OpenMP threads when threads > 1. */
size_t ref_batch_noise_philox (size_t n, long steps, double *V,
                               const double *I, double dt, double tau,
                               double e_l, double r, double sigma, double v_th,
                               double v_reset, int threads);

#endif
