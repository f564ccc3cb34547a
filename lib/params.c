/*
 * Checking and applying model parameters. R, C and tau are tied by tau = R C:
 * setting R or C recomputes tau, setting tau recomputes C (as lif.h says), and
 * the value set is the value read back.
 */
#include "params.h"

void
lif__params_default (lif__params *p)
{
  p->R = 10.0;
  p->C = 1.0;
  p->tau = 10.0;
  p->E_L = -65.0;
  p->V_th = -50.0;
  p->V_reset = -65.0;
  p->t_ref = 0.0;
  p->V_0 = -65.0;
  p->I_bias = 0.0;
}

int
lif__params_has (int param)
{
  switch (param)
    {
    case LIF_PARAM_R:
    case LIF_PARAM_C:
    case LIF_PARAM_TAU:
    case LIF_PARAM_E_L:
    case LIF_PARAM_V_TH:
    case LIF_PARAM_V_RESET:
    case LIF_PARAM_T_REF:
    case LIF_PARAM_V_0:
    case LIF_PARAM_I_BIAS:
      return 1;
    default:
      return 0;
    }
}

static int
positive (double x)
{
  return isfinite (x) && x > 0.0;
}

int
lif__params_set (lif__params *p, int param, double value, int check_order)
{
  if (!lif__params_has (param))
    return LIF_EENUM;
  if (!isfinite (value))
    return LIF_EINVAL;
  switch (param)
    {
    case LIF_PARAM_R:
      if (!positive (value) || !positive (value * p->C))
        return LIF_EINVAL;
      p->R = value;
      p->tau = value * p->C;
      break;
    case LIF_PARAM_C:
      if (!positive (value) || !positive (p->R * value))
        return LIF_EINVAL;
      p->C = value;
      p->tau = p->R * value;
      break;
    case LIF_PARAM_TAU:
      if (!positive (value) || !positive (value / p->R))
        return LIF_EINVAL;
      p->tau = value;
      p->C = value / p->R;
      break;
    case LIF_PARAM_E_L:
      p->E_L = value;
      break;
    case LIF_PARAM_V_TH:
      if (check_order && !(value > p->V_reset))
        return LIF_ETHRESHOLD;
      p->V_th = value;
      break;
    case LIF_PARAM_V_RESET:
      if (check_order && !(p->V_th > value))
        return LIF_ETHRESHOLD;
      p->V_reset = value;
      break;
    case LIF_PARAM_T_REF:
      if (value < 0.0)
        return LIF_EINVAL;
      p->t_ref = value;
      break;
    case LIF_PARAM_V_0:
      p->V_0 = value;
      break;
    case LIF_PARAM_I_BIAS:
      p->I_bias = value;
      break;
    }
  return LIF_OK;
}

int
lif__params_get (const lif__params *p, int param, double *value)
{
  double v;
  switch (param)
    {
    case LIF_PARAM_R:
      v = p->R;
      break;
    case LIF_PARAM_C:
      v = p->C;
      break;
    case LIF_PARAM_TAU:
      v = p->tau;
      break;
    case LIF_PARAM_E_L:
      v = p->E_L;
      break;
    case LIF_PARAM_V_TH:
      v = p->V_th;
      break;
    case LIF_PARAM_V_RESET:
      v = p->V_reset;
      break;
    case LIF_PARAM_T_REF:
      v = p->t_ref;
      break;
    case LIF_PARAM_V_0:
      v = p->V_0;
      break;
    case LIF_PARAM_I_BIAS:
      v = p->I_bias;
      break;
    default:
      return LIF_EENUM;
    }
  *value = v;
  return LIF_OK;
}

int
lif__params_check (const lif__params *p)
{
  return p->V_th > p->V_reset ? LIF_OK : LIF_ETHRESHOLD;
}
