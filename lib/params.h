/*
 * The model parameters of one neuron and the rules for changing them. A
 * single neuron and every member of a batch obey the same rules, so they
 * live here, apart from either object.
 */
#ifndef LIF_PARAMS_H
#define LIF_PARAMS_H

#include "internal.h"

typedef struct lif__params
{
  double R, C, tau; /* tau = R C, kept as set so that get returns it */
  double E_L, V_th, V_reset, t_ref, V_0, I_bias;
} lif__params;

/* The defaults lif.h documents: R 10, C 1 (tau 10), E_L -65, V_th -50,
 * V_reset -65, t_ref 0, V_0 -65, I_bias 0. */
void lif__params_default (lif__params *p);

/* Whether param names one of the model parameters above (not V, t or dt). */
int lif__params_has (int param);

/* Sets one model parameter after checking it; p is unchanged on failure.
 * With check_order 0 the rule V_th > V_reset is left to lif__params_check,
 * for callers that change several parameters at once. */
int lif__params_set (lif__params *p, int param, double value, int check_order);

/* Reads one model parameter. */
int lif__params_get (const lif__params *p, int param, double *value);

/* The rules that involve several parameters: V_th > V_reset. */
int lif__params_check (const lif__params *p);

#endif /* LIF_PARAMS_H */
