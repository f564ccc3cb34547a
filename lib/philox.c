/*
 * Philox4x32-10 and the draws made from it (philox.h).
 */
#include "philox.h"

#include <math.h>

/* The round multipliers and the Weyl increments of the key (golden ratio
 * and sqrt(3) - 1, in 32 bits), as the SC'11 paper specifies them. */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

/* One round: two 32x32 -> 64-bit products, their halves crossed with the
 * other words and the key. */
static void
philox_round (uint32_t c[4], const uint32_t k[2])
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

void
lif__philox4x32_10 (const uint32_t counter[4], const uint32_t key[2],
                    uint32_t out[4])
{
  uint32_t c[4], k[2];
  int r;
  c[0] = counter[0];
  c[1] = counter[1];
  c[2] = counter[2];
  c[3] = counter[3];
  k[0] = key[0];
  k[1] = key[1];
  for (r = 0; r < 10; r++)
    {
      if (r > 0)
        {
          k[0] += PHILOX_W0;
          k[1] += PHILOX_W1;
        }
      philox_round (c, k);
    }
  out[0] = c[0];
  out[1] = c[1];
  out[2] = c[2];
  out[3] = c[3];
}

double
lif__uniform_open (uint32_t hi, uint32_t lo)
{
  const uint64_t k = (((uint64_t)hi << 32) | lo) >> 12;
  return ((double)k + 0.5) * 0x1p-52;
}

void
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
