# rtmp_hs_find_package(<Package> DEBIAN <package> [find_package arguments...])
#
# find_package() that, when the package is missing, stops configure with the
# Debian package to install instead of CMake's generic "could not find"
# message, so a user on a fresh machine knows what to do next. A macro, so the
# variables find_package sets (Python3_EXECUTABLE, ...) reach the caller.
macro(rtmp_hs_find_package _rtmp_hs_fp_name)
  cmake_parse_arguments(_rtmp_hs_fp "" "DEBIAN" "" ${ARGN})
  find_package(${_rtmp_hs_fp_name} ${_rtmp_hs_fp_UNPARSED_ARGUMENTS})
  if(NOT ${_rtmp_hs_fp_name}_FOUND)
    message(FATAL_ERROR
      "${_rtmp_hs_fp_name} was not found. On Debian or Ubuntu: apt-get install "
      "${_rtmp_hs_fp_DEBIAN} (or point CMAKE_PREFIX_PATH at another installation).")
  endif()
endmacro()

# rtmp_hs_add_missing_tool_test(<test name> <label> <what> <Debian package>)
#
# For a test whose tool was not found at configure time: registers a test
# that fails and says what to install, so a missing tool is never a silent
# skip (install it and re-run cmake; find_program retries a NOTFOUND).
function(rtmp_hs_add_missing_tool_test name label what package)
  add_test(NAME ${name}
    COMMAND sh -c "echo '${what} not found at configure time: apt-get install ${package}, then re-run cmake' >&2; exit 1")
  set_tests_properties(${name} PROPERTIES LABELS ${label})
endfunction()
