# Writes ssoctl_git.h with `git describe` of the source checkout (empty outside one).
# Run at every build by the ssoctl_git target; the file changes only when the description does.
execute_process(COMMAND git -C "${SRC}" describe --always --dirty --tags
  OUTPUT_VARIABLE describe OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  set(describe "")
endif()
file(CONFIGURE OUTPUT "${OUT}" CONTENT "#pragma once\n#define SSOCTL_GIT_DESCRIBE \"@describe@\"\n" @ONLY)
