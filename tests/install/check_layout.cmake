# Installs the two components of the library separately and compares what
# each contains with the intended layout: Runtime = what a program loads,
# Development = header, link-time library, CMake package and .pc. Nothing more
# (no docs, no internal headers).
#
#   cmake -DBUILD_DIR= -DWORK= -DCONFIG= -DFLAVOUR=shared|static -DLIBDIR=
#         -DINCLUDEDIR= -DPACKAGE_DIR= -DVERSION= -DSOVERSION= -P check_layout.cmake
cmake_minimum_required(VERSION 3.25)

set(_lib "${LIBDIR}/librtmp-handshake")
string(TOLOWER "${CONFIG}" _config)
if(_config STREQUAL "")
  set(_config "noconfig")
endif()
set(_pkg "${PACKAGE_DIR}/rtmp-handshake")

if(FLAVOUR STREQUAL "shared")
  set(_expect_Runtime "${_lib}.so.${SOVERSION}" "${_lib}.so.${VERSION}")
  set(_expect_Development "${_lib}.so")
else()
  set(_expect_Runtime "")
  set(_expect_Development "${_lib}.a")
endif()
list(APPEND _expect_Development
  "${INCLUDEDIR}/rtmp_handshake.h"
  "${LIBDIR}/pkgconfig/rtmp-handshake.pc"
  "${PACKAGE_DIR}/FindMbedTLS.cmake"
  "${_pkg}-config.cmake"
  "${_pkg}-config-version.cmake"
  "${_pkg}-targets.cmake"
  "${_pkg}-targets-${_config}.cmake")

set(_errors "")
foreach(_component Runtime Development)
  set(_prefix "${WORK}/${_component}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -DBUILD_DIR=${BUILD_DIR} -DPREFIX=${_prefix}
            -DCONFIG=${CONFIG} -DCOMPONENT=rtmp-handshake_${_component}
            -P "${CMAKE_CURRENT_LIST_DIR}/stage.cmake"
    RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "installing component rtmp-handshake_${_component} failed")
  endif()
  file(GLOB_RECURSE _files LIST_DIRECTORIES false RELATIVE "${_prefix}" "${_prefix}/*")
  list(SORT _files)
  set(_expected ${_expect_${_component}})
  list(SORT _expected)
  if(NOT "${_files}" STREQUAL "${_expected}")
    list(JOIN _files "\n    " _got)
    list(JOIN _expected "\n    " _want)
    string(APPEND _errors "rtmp-handshake_${_component} installs\n    ${_got}\n"
                          "  expected\n    ${_want}\n")
  endif()
endforeach()
if(_errors)
  message(FATAL_ERROR "${_errors}")
endif()
