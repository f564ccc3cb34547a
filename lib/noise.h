/*
 * The draws of white noise (lif_input_new_white_noise()). Every draw is a
 * Philox4x32-10 output (philox.h), a function of its counter and key alone:
 *
 *   key      the seed (64 bits)
 *   counter  word 0: the stream (a lone neuron's, or a batch's first plus
 *                    the member's index); 0 for shared noise
 *            word 1: where in the step the segment starts ("at": 0 at the
 *                    step's start, else the fraction of dt in 32 bits)
 *            word 2: the step pair's index, low 32 bits
 *            word 3: bits 0-11  the step pair's index, high 12 bits
 *                    bits 12-15 the purpose of the draw (enum below)
 *                    bits 16-30 the source's channel
 *                    bit  31    whether the source is shared
 *
 * One output holds two normal numbers (Box-Muller), so steps 2m and 2m + 1
 * share the output of pair m, and take its first and second. Nothing else
 * enters a draw, so a lone neuron and a batch member with the same seed
 * and stream, any number of threads, and a run cut into runs or steps at
 * grid times all draw the same numbers.
 */
#ifndef LIF_NOISE_H
#define LIF_NOISE_H

#include "input.h"
#include "internal.h"
#include "philox.h"

#include <stdint.h>

/* The steps a noisy run can count: the step pair's index has 44 bits. */
#define LIF__NOISE_MAX_STEPS ((int64_t)1 << 45)

/* What a draw is for; each purpose has its own counters. */
enum lif__draw
{
  LIF__DRAW_STEP = 0,     /* the normal that drives V over a step */
  LIF__DRAW_CROSSING = 1, /* the uniform that tests for a crossing inside */
  LIF__DRAW_PLACING = 2,  /* the normal that places that crossing */
  LIF__DRAW_CHOOSING = 3, /* and the uniform that goes with it */
  /* The two normals of an Ornstein-Uhlenbeck source's step (ou.h), both of
   * one output: for the even and the odd step of a pair. */
  LIF__DRAW_OU_EVEN = 4,
  LIF__DRAW_OU_ODD = 5
};

/* Who draws: the seed and the lane's stream, and whether the lane's own
 * draws (lif__noise_own) are shared too: when every source of its input
 * is, so that neurons under the same shared noise alone also find the
 * same crossings inside steps. */
typedef struct lif__noise_stream
{
  uint64_t seed;
  uint32_t stream;
  int own_shared;
} lif__noise_stream;

/* The stream of seed and stream for input in (which may be NULL). */
void lif__noise_stream_init (lif__noise_stream *ns, uint64_t seed,
                             uint32_t stream, const lif_input *in);

/* The key of a segment that starts at time a of the step [t_k, t_k + dt]:
 * 0 at its start, else the fraction (a - t_k) / dt in 32 bits (at least
 * 1), so that each segment of a step draws its own numbers. */
uint32_t lif__noise_at (double a, double t_k, double dt);

/* Two normals (or, for LIF__DRAW_CROSSING and LIF__DRAW_CHOOSING, two
 * open uniforms in (0, 1))
 * for purpose `draw` of source src in the segment `at` of step k: the pair
 * that step k's pair index selects, both of it. Inline: the noisy loops
 * draw one for every two steps. */
static inline void
lif__noise_pair (const lif__noise_stream *ns, const lif__noise_source *src,
                 int64_t k, uint32_t at, int draw, double out[2])
{
  const uint64_t pair = (uint64_t)k >> 1;
  uint32_t counter[4], key[2], bits[4];
  key[0] = (uint32_t)ns->seed;
  key[1] = (uint32_t)(ns->seed >> 32);
  counter[0] = src->shared ? 0u : ns->stream;
  counter[1] = at;
  counter[2] = (uint32_t)pair;
  counter[3] = ((uint32_t)(pair >> 32) & 0xFFFu) | ((uint32_t)draw << 12)
               | ((uint32_t)src->channel << 16)
               | ((uint32_t)(src->shared != 0) << 31);
  lif__philox4x32_10 (counter, key, bits);
  if (draw == LIF__DRAW_CROSSING || draw == LIF__DRAW_CHOOSING)
    {
      out[0] = lif__uniform_open (bits[0], bits[1]);
      out[1] = lif__uniform_open (bits[2], bits[3]);
    }
  else
    lif__normal_pair (bits, &out[0], &out[1]);
}

/* sum_j sigma_j N_j over the input's sources: the white noise that drives
 * the segment `at` of step k, in units of one source of sigma 1. */
double lif__noise_step (const lif__noise_stream *ns, const lif_input *in,
                        int64_t k, uint32_t at);

/* lif__noise_step for both steps of step k's pair at once, at their
 * starts (at 0): out[0] for the even step, out[1] for the odd one, for a
 * loop over whole steps that draws each output once. */
static inline void
lif__noise_step_pair (const lif__noise_stream *ns, const lif_input *in,
                      int64_t k, double out[2])
{
  double z[2];
  size_t j;
  out[0] = out[1] = 0.0;
  for (j = 0; j < in->n_noise; j++)
    {
      lif__noise_pair (ns, &in->noise[j], k, 0, LIF__DRAW_STEP, z);
      out[0] += in->noise[j].sigma * z[0];
      out[1] += in->noise[j].sigma * z[1];
    }
}

/* sum_j sigma_j z1_j and sum_j sigma_j z2_j over the input's
 * Ornstein-Uhlenbeck sources j, z1_j and z2_j the two normals of source j
 * for the segment `at` of step k: what drives eta and V over it (ou.h), in
 * units of one source of sigma 1. */
static inline void
lif__noise_ou (const lif__noise_stream *ns, const lif_input *in, int64_t k,
               uint32_t at, double *z1, double *z2)
{
  const int draw = (k & 1) ? LIF__DRAW_OU_ODD : LIF__DRAW_OU_EVEN;
  double z[2];
  size_t j;
  *z1 = *z2 = 0.0;
  for (j = 0; j < in->n_ou; j++)
    {
      lif__noise_pair (ns, &in->ou[j], k, at, draw, z);
      *z1 += in->ou[j].sigma * z[0];
      *z2 += in->ou[j].sigma * z[1];
    }
}

/* sum_j sigma_j^2 over the input's sources: the variance of
 * lif__noise_step's draw. */
double lif__noise_variance (const lif_input *in);

/* The draw of purpose `draw` (a uniform for LIF__DRAW_CROSSING and
 * LIF__DRAW_CHOOSING, a normal otherwise) that the lane itself makes in the
 * segment `at` of step k: the crossing tests and placements, from its own
 * stream, or shared when all its noise is (own_shared). */
double lif__noise_own (const lif__noise_stream *ns, int64_t k, uint32_t at,
                       int draw);

/* What V does inside a segment, from v0 to v1 under white noise whose
 * kick there has variance var: between the ends it is a bridge. For a
 * stepper whose solution inside a step is a straight line plus the noise
 * (Euler-Maruyama, and the other Runge-Kutta steppers, which add their
 * noise as a constant current) it is a Brownian bridge, decay 1. For the
 * exact stepper V is an Ornstein-Uhlenbeck process relaxing by g over the
 * segment, decay g: Y = (V - u) / g^(s / len) is then a time-changed
 * Brownian motion, from v0 - u to (v1 - u) / g, and the threshold becomes
 * a curve, taken as the straight line (in Y's own time) between its ends,
 * which is exact to second order in len / tau. */
typedef struct lif__bridge
{
  double v0, v1, var, decay;
} lif__bridge;

/* Whether the bridge, both ends below v_th, reaches v_th inside: with
 * probability exp(-2 (v_th - v0) (v_th - v1) decay / var) (for decay 1 the
 * classical result for a Brownian bridge; Borodin and Salminen). Draws its
 * uniform (lif__noise_own) only when that can matter, when the probability
 * is at least 2^-54, below every uniform. */
int lif__bridge_crosses (const lif__noise_stream *ns, int64_t k, uint32_t at,
                         const lif__bridge *br, double v_th);

/* Where the bridge first reaches v_th in a segment of length len (tau the
 * membrane's time constant), v0 below it and v1 on either side: a time in
 * (0, len]. Conditioned on reaching it, the first-passage time of a
 * Brownian bridge from a to b below a level is that of the bridge to the
 * level's mirror image of b, and its ratio r = T / (len - T) is then
 * inverse Gaussian with mean (level - a) / |b - level| and shape
 * (level - a)^2 / var: drawn by Michael, Schucany and Haas's method from
 * one normal and one uniform, in Y's time for the exact stepper and
 * mapped back. */
double lif__bridge_first_passage (const lif__noise_stream *ns, int64_t k,
                                  uint32_t at, const lif__bridge *br,
                                  double v_th, double len, double tau);

#endif /* LIF_NOISE_H */
