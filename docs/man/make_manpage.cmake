# Writes rtmp-handshake(1) with help2man: NAME, SYNOPSIS and OPTIONS come from
# `rtmp-handshake --help`, one COMMANDS subsection per command from
# `rtmp-handshake COMMAND --help`, the rest from rtmp-handshake.h2m. The page
# is made from the tool's own help, so it cannot drift from what it accepts.
#
#   cmake -DTOOL= -DHELP2MAN= -DSECTIONS=rtmp-handshake.h2m -DOUT= -P make_manpage.cmake
cmake_minimum_required(VERSION 3.25)

set(_commands probe serve demo)

# roff: a backslash is \e, a line starting with . or ' would be a request.
function(_to_roff text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(_include "[COMMANDS]\n")
foreach(_command IN LISTS _commands)
  execute_process(COMMAND "${TOOL}" ${_command} --help
                  OUTPUT_VARIABLE _help RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0 OR _help STREQUAL "")
    message(FATAL_ERROR "'${TOOL} ${_command} --help' failed (${_rc})")
  endif()
  _to_roff("${_help}" _help)
  string(APPEND _include ".SS ${_command}\n.nf\n${_help}.fi\n")
endforeach()

get_filename_component(_dir "${OUT}" DIRECTORY)
set(_generated "${_dir}/commands.h2m")
file(WRITE "${_generated}" "${_include}")

execute_process(
  COMMAND "${HELP2MAN}" --no-info --section=1
          "--name=diagnose RTMP handshakes: probe servers, serve clients, run a demo"
          "--include=${_generated}" "--include=${SECTIONS}"
          "--output=${OUT}" "${TOOL}"
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  file(REMOVE "${OUT}")
  message(FATAL_ERROR "help2man failed (${_rc})")
endif()
