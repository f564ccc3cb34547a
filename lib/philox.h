/*
 * The random numbers of liblif: Philox4x32-10, a counter-based generator
 * (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1,
 * 2, 3", SC'11). It is a keyed bijection of a 128-bit counter, so a number
 * is a function of (key, counter) alone: there is no stream to advance,
 * and whoever computes a draw (a lone neuron, a batch member on any
 * thread, a run cut into pieces) gets the same bits. Checked against the
 * published known-answer vectors in tests/random.c.
 */
#ifndef LIF_PHILOX_H
#define LIF_PHILOX_H

#include <stdint.h>

/* The four 32-bit words that counter maps to under key, after ten rounds. */
void lif__philox4x32_10 (const uint32_t counter[4], const uint32_t key[2],
                         uint32_t out[4]);

/* A uniform number in the open interval (0, 1) from 64 random bits (hi,
 * lo): their top 52 bits k give (k + 1/2) 2^-52, exactly (k + 1/2 still
 * fits a double's 53 bits, where (k + 1/2) 2^-53 from 53 bits would round
 * its largest value up to 1), so the draws lie in [2^-53, 1 - 2^-53]. */
double lif__uniform_open (uint32_t hi, uint32_t lo);

/* Two independent standard normal numbers from 128 random bits, by the
 * Box-Muller transform on two open uniforms: the radius
 * sqrt(-2 ln u1) is finite (u1 >= 2^-53, so |z| < 8.6) and nothing
 * cancels. */
void lif__normal_pair (const uint32_t bits[4], double *z0, double *z1);

#endif /* LIF_PHILOX_H */
