# The static archive must not need the C++ runtime: C consumers link it with
# the C driver (cc, or a LANGUAGES C project), which adds no libstdc++.
#   cmake -DNM=nm -DARCHIVE=librtmp-handshake.a -P check_archive_runtime.cmake
cmake_minimum_required(VERSION 3.25)

execute_process(COMMAND "${NM}" -u "${ARCHIVE}"
  OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${NM} -u ${ARCHIVE} failed (${_rc})")
endif()
string(REGEX MATCHALL "[^\n]+" _lines "${_out}")
set(_runtime "")
set(_undefined 0)
foreach(_line IN LISTS _lines)
  if(_line MATCHES "^ *U +([^ ]+)$")
    math(EXPR _undefined "${_undefined} + 1")
    # operator new/delete (plain and array), exception support, std::,
    # typeinfo vtables (RTTI), unwinder.
    if(CMAKE_MATCH_1 MATCHES
       "^(_Znw|_Zna|_Zdl|_Zda|__cxa_|_ZSt|__gxx_personality|_ZTVN10__cxxabiv|_Unwind_)")
      list(APPEND _runtime "${CMAKE_MATCH_1}")
    endif()
  endif()
endforeach()
if(_undefined EQUAL 0)
  message(FATAL_ERROR "${NM} -u listed no undefined symbol at all in ${ARCHIVE}: "
                      "the check cannot be trusted")
endif()
if(_runtime)
  list(REMOVE_DUPLICATES _runtime)
  list(JOIN _runtime "\n  " _list)
  message(FATAL_ERROR "${ARCHIVE} needs the C++ runtime:\n  ${_list}")
endif()
message(STATUS "${_undefined} undefined references, none into the C++ runtime")
