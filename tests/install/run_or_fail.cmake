# run(<what> <command...>): runs a command from a cmake -P script and stops
# the script with "<what> failed (<rc>)" when it exits non-zero.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${_rc})")
  endif()
endfunction()
