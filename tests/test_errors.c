/* Status codes, their names and messages, and the names of the enums. */
#include "tests.h"

#include <string.h>

/* The codes run contiguously from LIF_OK down to the last one. */
#define LAST_STATUS LIF_EEVENTS

START_TEST (every_code_has_a_name_and_message)
{
  int code, other;
  for (code = LIF_OK; code >= LAST_STATUS; code--)
    {
      const char *name = lif_error_name (code);
      const char *msg = lif_strerror (code);
      ck_assert_ptr_nonnull (name);
      ck_assert_ptr_nonnull (msg);
      ck_assert_int_eq (strncmp (name, "LIF_", 4), 0);
      ck_assert_str_ne (msg, "unknown status code");
      ck_assert_uint_gt (strlen (msg), 5);
      for (other = code - 1; other >= LAST_STATUS; other--)
        {
          ck_assert_str_ne (name, lif_error_name (other));
          ck_assert_str_ne (msg, lif_strerror (other));
        }
    }
}
END_TEST

START_TEST (names_match_the_enum)
{
  ck_assert_str_eq (lif_error_name (LIF_OK), "LIF_OK");
  ck_assert_str_eq (lif_error_name (LIF_EINVAL), "LIF_EINVAL");
  ck_assert_str_eq (lif_error_name (LIF_ENULL), "LIF_ENULL");
  ck_assert_str_eq (lif_error_name (LIF_ENOMEM), "LIF_ENOMEM");
  ck_assert_str_eq (lif_error_name (LIF_EENUM), "LIF_EENUM");
  ck_assert_str_eq (lif_error_name (LIF_ETHRESHOLD), "LIF_ETHRESHOLD");
  ck_assert_str_eq (lif_error_name (LIF_EINPUT), "LIF_EINPUT");
  ck_assert_str_eq (lif_error_name (LIF_EUNSTABLE), "LIF_EUNSTABLE");
  ck_assert_str_eq (lif_error_name (LIF_EDIVERGED), "LIF_EDIVERGED");
  ck_assert_str_eq (lif_error_name (LIF_ESPIKELIMIT), "LIF_ESPIKELIMIT");
  ck_assert_str_eq (lif_error_name (LIF_EOVERFLOW), "LIF_EOVERFLOW");
  ck_assert_str_eq (lif_error_name (LIF_EORDER), "LIF_EORDER");
  ck_assert_str_eq (lif_error_name (LIF_EBREAKPOINTS), "LIF_EBREAKPOINTS");
  ck_assert_str_eq (lif_error_name (LIF_EBUSY), "LIF_EBUSY");
  ck_assert_str_eq (lif_error_name (LIF_ECANCELED), "LIF_ECANCELED");
  ck_assert_str_eq (lif_error_name (LIF_ESTATE), "LIF_ESTATE");
  ck_assert_str_eq (lif_strerror (LIF_OK), "success");
  ck_assert_str_eq (lif_strerror (LIF_ENOMEM), "out of memory");
}
END_TEST

START_TEST (unknown_codes)
{
  int bad[] = { 1, 42, LAST_STATUS - 1, -1000, -2147483647 - 1, 2147483647 };
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      ck_assert_ptr_null (lif_error_name (bad[i]));
      ck_assert_str_eq (lif_strerror (bad[i]), "unknown status code");
    }
}
END_TEST

START_TEST (enum_names)
{
  static const char *const steppers[] = { "euler", "heun", "rk4", "exact" };
  static const char *const params[]
      = { "R",   "C",      "tau", "E_L", "V_th", "V_reset", "t_ref",
          "V_0", "I_bias", "V",   "t",   "dt",   "ref_left" };
  static const char *const records[] = { "t", "V", "I" };
  int i;
  /* A stepper or parameter added to lif.h fails here until its name is
   * added to the table. */
  ck_assert_covers (steppers, tst_stepper_count (), "steppers");
  for (i = 0; i < (int)TST_COUNT (steppers); i++)
    ck_assert_str_eq (lif_stepper_name (i), steppers[i]);
  ck_assert_int_eq (LIF_STEPPER_EULER, 0);
  ck_assert_int_eq (LIF_STEPPER_EXACT, 3);
  ck_assert_ptr_null (lif_stepper_name ((int)TST_COUNT (steppers)));
  ck_assert_ptr_null (lif_stepper_name (-1));
  ck_assert_str_eq (lif_timing_name (LIF_TIMING_GRID), "grid");
  ck_assert_str_eq (lif_timing_name (LIF_TIMING_PRECISE), "precise");
  ck_assert_ptr_null (lif_timing_name (2));
  ck_assert_ptr_null (lif_timing_name (-1));
  ck_assert_str_eq (lif_interpolation_name (LIF_INTERP_STEP), "step");
  ck_assert_str_eq (lif_interpolation_name (LIF_INTERP_LINEAR), "linear");
  ck_assert_ptr_null (lif_interpolation_name (2));
  ck_assert_ptr_null (lif_interpolation_name (-7));
  ck_assert_covers (params, tst_param_count (), "parameters");
  for (i = 0; i < (int)TST_COUNT (params); i++)
    ck_assert_str_eq (lif_param_name (i), params[i]);
  ck_assert_int_eq (LIF_PARAM_REF_LEFT, 12);
  ck_assert_ptr_null (lif_param_name ((int)TST_COUNT (params)));
  ck_assert_ptr_null (lif_param_name (-1));
  ck_assert_covers (records, tst_record_count (), "recorded variables");
  for (i = 0; i < (int)TST_COUNT (records); i++)
    ck_assert_str_eq (lif_record_name (i), records[i]);
  ck_assert_ptr_null (lif_record_name ((int)TST_COUNT (records)));
  ck_assert_ptr_null (lif_record_name (-1));
}
END_TEST

/* The numbers behind every public enum are part of the ABI: an FFI binding
 * passes them as plain ints, and abidiff cannot see them (lif.h's functions
 * take int, not the enum types). Values are only ever appended. */
START_TEST (enum_values_are_fixed)
{
  static const struct
  {
    const char *name;
    int value, expected;
  } values[] = {
    { "LIF_OK", LIF_OK, 0 },
    { "LIF_EINVAL", LIF_EINVAL, -1 },
    { "LIF_ENULL", LIF_ENULL, -2 },
    { "LIF_ENOMEM", LIF_ENOMEM, -3 },
    { "LIF_EENUM", LIF_EENUM, -4 },
    { "LIF_ETHRESHOLD", LIF_ETHRESHOLD, -5 },
    { "LIF_EINPUT", LIF_EINPUT, -6 },
    { "LIF_EUNSTABLE", LIF_EUNSTABLE, -7 },
    { "LIF_EDIVERGED", LIF_EDIVERGED, -8 },
    { "LIF_ESPIKELIMIT", LIF_ESPIKELIMIT, -9 },
    { "LIF_EOVERFLOW", LIF_EOVERFLOW, -10 },
    { "LIF_EORDER", LIF_EORDER, -11 },
    { "LIF_EBREAKPOINTS", LIF_EBREAKPOINTS, -12 },
    { "LIF_EBUSY", LIF_EBUSY, -13 },
    { "LIF_ECANCELED", LIF_ECANCELED, -14 },
    { "LIF_ESTATE", LIF_ESTATE, -15 },
    { "LIF_STEPPER_EULER", LIF_STEPPER_EULER, 0 },
    { "LIF_STEPPER_HEUN", LIF_STEPPER_HEUN, 1 },
    { "LIF_STEPPER_RK4", LIF_STEPPER_RK4, 2 },
    { "LIF_STEPPER_EXACT", LIF_STEPPER_EXACT, 3 },
    { "LIF_TIMING_GRID", LIF_TIMING_GRID, 0 },
    { "LIF_TIMING_PRECISE", LIF_TIMING_PRECISE, 1 },
    { "LIF_INTERP_STEP", LIF_INTERP_STEP, 0 },
    { "LIF_INTERP_LINEAR", LIF_INTERP_LINEAR, 1 },
    { "LIF_PARAM_R", LIF_PARAM_R, 0 },
    { "LIF_PARAM_C", LIF_PARAM_C, 1 },
    { "LIF_PARAM_TAU", LIF_PARAM_TAU, 2 },
    { "LIF_PARAM_E_L", LIF_PARAM_E_L, 3 },
    { "LIF_PARAM_V_TH", LIF_PARAM_V_TH, 4 },
    { "LIF_PARAM_V_RESET", LIF_PARAM_V_RESET, 5 },
    { "LIF_PARAM_T_REF", LIF_PARAM_T_REF, 6 },
    { "LIF_PARAM_V_0", LIF_PARAM_V_0, 7 },
    { "LIF_PARAM_I_BIAS", LIF_PARAM_I_BIAS, 8 },
    { "LIF_PARAM_V", LIF_PARAM_V, 9 },
    { "LIF_PARAM_T", LIF_PARAM_T, 10 },
    { "LIF_PARAM_DT", LIF_PARAM_DT, 11 },
    { "LIF_PARAM_REF_LEFT", LIF_PARAM_REF_LEFT, 12 },
    { "LIF_RECORD_T", LIF_RECORD_T, 0 },
    { "LIF_RECORD_V", LIF_RECORD_V, 1 },
    { "LIF_RECORD_I", LIF_RECORD_I, 2 },
  };
  size_t i;
  for (i = 0; i < sizeof values / sizeof values[0]; i++)
    ck_assert_msg (values[i].value == values[i].expected, "%s is %d, not %d",
                   values[i].name, values[i].value, values[i].expected);
}
END_TEST

Suite *
suite_errors (void)
{
  Suite *s = suite_create ("errors");
  TCase *tc = tcase_create ("errors");
  tcase_add_test (tc, every_code_has_a_name_and_message);
  tcase_add_test (tc, names_match_the_enum);
  tcase_add_test (tc, unknown_codes);
  tcase_add_test (tc, enum_names);
  tcase_add_test (tc, enum_values_are_fixed);
  suite_add_tcase (s, tc);
  return s;
}
