/*
 * The random numbers of liblif: Philox4x32-10, a counter-based generator
 * (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1,
 * 2, 3", SC'11). It is a keyed bijection of a 128-bit counter, so a number
 * is a function of (key, counter) alone: there is no stream to advance,
 * and whoever computes a draw (a lone neuron, a batch member on any
 * thread, a run cut into pieces) gets the same bits. Checked against the
 * published known-answer vectors in tests/random.c. Inline, so that the
 * loops that draw a number every step or two compile it in place.
 */
#ifndef LIF_PHILOX_H
#define LIF_PHILOX_H

#include <math.h>
#include <stdint.h>

/* Inline whatever the compiler's estimate of the callers: with a draw in
 * several loops gcc took Philox out of line, and the call cost a noisy
 * step a tenth. (internal.h's LIF__ALWAYS_INLINE, spelt here because the
 * benchmark's reference loops and tests/random.c include this header
 * alone.) */
#if defined(__GNUC__)
#define LIF__PHILOX_INLINE __attribute__ ((always_inline))
#else
#define LIF__PHILOX_INLINE
#endif

/* The four 32-bit words that counter maps to under key, after ten rounds. */
/* The round multipliers and the Weyl increments of the key (golden ratio
 * and sqrt(3) - 1, in 32 bits), as the SC'11 paper specifies them. */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

/* One round: two 32x32 -> 64-bit products, their halves crossed with the
 * other words and the key. */
static inline void
lif__philox_round (uint32_t c[4], const uint32_t k[2])
{
  const uint64_t p0 = (uint64_t)PHILOX_M0 * c[0];
  const uint64_t p1 = (uint64_t)PHILOX_M1 * c[2];
  const uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
  const uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
  const uint32_t c1 = c[1], c3 = c[3];
  c[0] = hi1 ^ c1 ^ k[0];
  c[1] = lo1;
  c[2] = hi0 ^ c3 ^ k[1];
  c[3] = lo0;
}

static inline LIF__PHILOX_INLINE void
lif__philox4x32_10 (const uint32_t counter[4], const uint32_t key[2],
                    uint32_t out[4])
{
  uint32_t c[4], k[2];
  c[0] = counter[0];
  c[1] = counter[1];
  c[2] = counter[2];
  c[3] = counter[3];
  k[0] = key[0];
  k[1] = key[1];
  /* The ten rounds written out, the key bumped between them: a loop with
   * its test cost twice the rounds themselves. */
#define LIF__PHILOX_BUMP                                                      \
  do                                                                          \
    {                                                                         \
      k[0] += PHILOX_W0;                                                      \
      k[1] += PHILOX_W1;                                                      \
    }                                                                         \
  while (0)
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
  LIF__PHILOX_BUMP;
  lif__philox_round (c, k);
#undef LIF__PHILOX_BUMP
  out[0] = c[0];
  out[1] = c[1];
  out[2] = c[2];
  out[3] = c[3];
}

/* A uniform number in the open interval (0, 1) from 64 random bits (hi,
 * lo): their top 52 bits k give (k + 1/2) 2^-52, exactly (k + 1/2 still
 * fits a double's 53 bits, where (k + 1/2) 2^-53 from 53 bits would round
 * its largest value up to 1), so the draws lie in [2^-53, 1 - 2^-53]. */
static inline double
lif__uniform_open (uint32_t hi, uint32_t lo)
{
  const uint64_t k = (((uint64_t)hi << 32) | lo) >> 12;
  return ((double)k + 0.5) * 0x1p-52;
}

/* Two independent standard normal numbers from 128 random bits, by the
 * Box-Muller transform on two open uniforms: the radius
 * sqrt(-2 ln u1) is finite (u1 >= 2^-53, so |z| < 8.6) and nothing
 * cancels. */
static inline void
lif__normal_pair (const uint32_t bits[4], double *z0, double *z1)
{
  /* 2 pi u2 is computed as (2 pi) u2 with u2 in (0, 1): its rounding is
   * relative, so the angle is good to an ulp wherever it lies. */
  const double u1 = lif__uniform_open (bits[0], bits[1]);
  const double u2 = lif__uniform_open (bits[2], bits[3]);
  const double r = sqrt (-2.0 * log (u1));
  const double angle = 6.283185307179586476925 * u2;
  *z0 = r * cos (angle);
  *z1 = r * sin (angle);
}

#endif /* LIF_PHILOX_H */
