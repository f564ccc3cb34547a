/* The release number agrees wherever it is written or reported. */
#include "tests.h"

#include <config.h>
#include <stdio.h>
#include <string.h>

START_TEST (runtime_matches_header)
{
  ck_assert_uint_eq (lif_version (), LIF_VERSION_HEX);
  ck_assert_str_eq (lif_version_string (), LIF_VERSION_STRING);
}
END_TEST

START_TEST (string_matches_numbers)
{
  char buf[64];
  snprintf (buf, sizeof buf, "%d.%d.%d", LIF_VERSION_MAJOR, LIF_VERSION_MINOR,
            LIF_VERSION_PATCH);
  ck_assert_str_eq (buf, LIF_VERSION_STRING);
  ck_assert_uint_eq (LIF_VERSION_HEX, (unsigned)((LIF_VERSION_MAJOR << 16)
                                                 | (LIF_VERSION_MINOR << 8)
                                                 | LIF_VERSION_PATCH));
}
END_TEST

START_TEST (package_matches_header)
{
  /* configure reads the release from lif.h; this catches a stale build. */
  ck_assert_str_eq (PACKAGE_VERSION, LIF_VERSION_STRING);
}
END_TEST

Suite *
suite_version (void)
{
  Suite *s = suite_create ("version");
  TCase *tc = tcase_create ("version");
  tcase_add_test (tc, runtime_matches_header);
  tcase_add_test (tc, string_matches_numbers);
  tcase_add_test (tc, package_matches_header);
  suite_add_tcase (s, tc);
  return s;
}
