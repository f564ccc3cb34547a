# LIF_CHECK_CFLAG(FLAG, VARIABLE)
# -------------------------------
# Appends FLAG to VARIABLE when the C compiler accepts it without a warning
# (the probe compiles with -Werror, so a flag the compiler merely ignores with
# a warning is not taken).
AC_DEFUN([LIF_CHECK_CFLAG], [
  AS_VAR_PUSHDEF([lif_cv], [lif_cv_cflag_$1])
  AC_CACHE_CHECK([whether $CC accepts $1], [lif_cv], [
    lif_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $1"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
      [AS_VAR_SET([lif_cv], [yes])], [AS_VAR_SET([lif_cv], [no])])
    CFLAGS=$lif_save_CFLAGS])
  AS_VAR_IF([lif_cv], [yes], [$2="$$2 $1"])
  AS_VAR_POPDEF([lif_cv])
])
