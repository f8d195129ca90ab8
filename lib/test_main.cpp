// The doctest runner of ssoctl_tests; the tests live beside the code (lib/<area>/*_test.cpp).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
