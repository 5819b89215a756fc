# Installs a build tree into a fresh prefix (nothing left from an older run).
#   cmake -DBUILD_DIR=... -DPREFIX=... -DCONFIG=... [-DCOMPONENT=...] -P stage.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${PREFIX}")
set(_component "")
if(COMPONENT)
  set(_component --component "${COMPONENT}")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
          --config "${CONFIG}" ${_component}
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${_rc})")
endif()
