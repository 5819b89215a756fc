# rtmp_hs_sanitizer_preload_env(<list-var>)
# Under clang's ASan the shared library expects the sanitizer runtime from the
# executable. An interpreter (Python) has none, so tests that load the library
# into one preload the runtime, and ignore the interpreter's own deliberate
# leaks. Appends those environment entries to <list-var>; nothing otherwise.
function(rtmp_hs_sanitizer_preload_env out_var)
  if(NOT (CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address" AND
          CMAKE_CXX_COMPILER_ID STREQUAL "Clang"))
    return()
  endif()
  execute_process(
    COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libclang_rt.asan-x86_64.so
    OUTPUT_VARIABLE _asan_runtime OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT EXISTS "${_asan_runtime}")
    message(FATAL_ERROR "ASan runtime not found for the Python tests: ${_asan_runtime}")
  endif()
  set(_env ${${out_var}})
  list(APPEND _env "LD_PRELOAD=${_asan_runtime}" "ASAN_OPTIONS=detect_leaks=0")
  set(${out_var} ${_env} PARENT_SCOPE)
endfunction()
