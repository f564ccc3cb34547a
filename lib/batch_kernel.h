/*
 * The plain-step loops of a batch: the only code that touches every member at
 * every step. They are written so that the compiler vectorizes them, and
 * built for AVX2 as well as for the baseline instruction set, the processor
 * choosing when the library is loaded (the single-step loops, by function
 * multi-versioning) or when a batch runs (the constant-stretch kernel). No
 * fused multiply-add is used on any path (-ffp-contract=off), so all give
 * the same bits.
 *
 * A member is active at step k when k >= held_until[i]. An active member
 * whose step would reach its threshold (vth, -infinity to force it) is left
 * as it was and reported, for its lane to take the step.
 */
#ifndef LIF_BATCH_KERNEL_H
#define LIF_BATCH_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/* The most members the constant-stretch kernel runs at once: the batch's
 * arrays are padded to a multiple of it. */
#define LIF__KERNEL_GROUP_MAX 32

/* The constant-stretch kernel, for a group of members (as many as
 * lif__kernel_constant_pick says; held_until[j] a whole step number or
 * -infinity), over steps k .. k_end - 1 of a constant drive: the deviation
 * D = V - u shrinks as D -> g D, and a member is reported when the new D
 * reaches limit, the deviation at which V = u + D reaches the threshold
 * (-infinity to report it at its first active step). Runs until the first
 * step at which a member is reported (that step is done for every other
 * member of the group) and returns it, with bit j of *hits set for each
 * member j reported; or returns k_end, with *hits 0. */
typedef int64_t (*lif__constant_kernel) (int64_t k, int64_t k_end,
                                         const double *g, const double *limit,
                                         const double *held_until, double *D,
                                         unsigned *hits);

/* The constant-stretch kernel for this processor; *group receives the
 * number of members it runs at once, a divisor of LIF__KERNEL_GROUP_MAX. */
lif__constant_kernel lif__kernel_constant_pick (size_t *group);

/* One step under a drive constant over it, u = E_L + R ((I + x) + bias),
 * x the member's own current for the step, from V into V_next. A member
 * that is not active keeps V; an active member is also reported when u or
 * V - u is too large to trust. reported[i] is set to 1 for a reported
 * member (whose V_next is then its V) and 0 for the others. Returns whether
 * any member was reported. */
int lif__kernel_step (size_t m, double kd, double I, const double *x,
                      const double *E_L, const double *R, const double *bias,
                      const double *g, const double *vth,
                      const double *held_until, const double *V,
                      double *V_next, double *reported);

/* As lif__kernel_step, for a drive that varies over the step: sampled at
 * the stepper's n_nodes nodes (I[j] the input there) and averaged with
 * member i's weights avg[j][i]. */
int lif__kernel_step_varying (size_t m, double kd, int n_nodes,
                              const double *I, const double *const *avg,
                              const double *x, const double *E_L,
                              const double *R, const double *bias,
                              const double *g, const double *vth,
                              const double *held_until, const double *V,
                              double *V_next, double *reported);

#endif /* LIF_BATCH_KERNEL_H */
