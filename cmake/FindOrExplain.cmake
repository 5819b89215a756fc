# rtmp_hs_find_package(<Package> DEBIAN <package> [find_package arguments...])
#
# find_package() that, when the package is missing, stops configure with the
# Debian package to install instead of CMake's generic "could not find"
# message, so a user on a fresh machine knows what to do next.
function(rtmp_hs_find_package name)
  cmake_parse_arguments(PARSE_ARGV 1 _arg "" "DEBIAN" "")
  find_package(${name} ${_arg_UNPARSED_ARGUMENTS})
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR
      "${name} was not found. On Debian or Ubuntu: apt-get install ${_arg_DEBIAN} "
      "(or point CMAKE_PREFIX_PATH at another installation).")
  endif()
endfunction()

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
