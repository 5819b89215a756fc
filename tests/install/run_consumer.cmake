# Builds and runs the consumer project against an installed rtmp-handshake.
#
#   cmake -DKIND=cmake|pkgconfig -DPREFIX=<install prefix> -DLIBDIR=lib
#         -DPACKAGE_DIR=lib/cmake/rtmp-handshake
#         -DFLAVOUR=shared|static -DWORK=<scratch dir> [-DRELOCATE=ON]
#         -DC_COMPILER=... -DC_FLAGS=... -DLINKER_FLAGS=... -DGENERATOR=...
#         -DBUILD_TYPE=... -DPKG_CONFIG=... -P run_consumer.cmake
#
# KIND may name both, comma-separated. RELOCATE first copies the prefix
# somewhere else and uses only the copy: both packages must be relocatable.
cmake_minimum_required(VERSION 3.25)

foreach(_var KIND PREFIX LIBDIR PACKAGE_DIR FLAVOUR WORK C_COMPILER GENERATOR)
  if("${${_var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: -D${_var}= is required")
  endif()
endforeach()
set(_here "${CMAKE_CURRENT_LIST_DIR}")
string(REPLACE "," ";" KIND "${KIND}")

# Stage only: nothing from the build tree may satisfy the loader.
unset(ENV{LD_LIBRARY_PATH})

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
if(RELOCATE)
  set(_moved "${WORK}/moved/elsewhere")
  file(MAKE_DIRECTORY "${_moved}")
  file(COPY "${PREFIX}/" DESTINATION "${_moved}")
  set(PREFIX "${_moved}")
endif()
file(REAL_PATH "${PREFIX}" PREFIX)

include("${CMAKE_CURRENT_LIST_DIR}/run_or_fail.cmake")

# The shared consumer must load the library from the prefix (through the
# RPATH CMake gives it); the static one must not load it at all.
function(check_loaded_from exe)
  execute_process(COMMAND ldd "${exe}" OUTPUT_VARIABLE _ldd RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "ldd ${exe} failed")
  endif()
  set(_loaded "")
  if(_ldd MATCHES "librtmp-handshake[^ \t]* => ([^ \t]+)")
    file(REAL_PATH "${CMAKE_MATCH_1}" _loaded)
    get_filename_component(_loaded "${_loaded}" DIRECTORY)
  endif()
  file(REAL_PATH "${PREFIX}/${LIBDIR}" _libdir)
  if(FLAVOUR STREQUAL "shared" AND NOT _loaded STREQUAL _libdir)
    message(FATAL_ERROR "${exe} does not load librtmp-handshake from "
                        "${_libdir}:\n${_ldd}")
  elseif(FLAVOUR STREQUAL "static" AND _ldd MATCHES "librtmp-handshake")
    message(FATAL_ERROR "static consumer ${exe} loads a shared "
                        "librtmp-handshake:\n${_ldd}")
  endif()
endfunction()

if("cmake" IN_LIST KIND)
  set(_bin "${WORK}/cmake")
  # A packager's custom package directory may lie outside find_package()'s
  # search paths; then point at it, as such a packager's users would.
  set(_hint "")
  if(NOT PACKAGE_DIR MATCHES "^(lib[^/]*|lib/[^/]+|share)/cmake/rtmp-handshake$")
    set(_hint "-Drtmp-handshake_DIR=${PREFIX}/${PACKAGE_DIR}")
  endif()
  run("configuring the find_package consumer"
      "${CMAKE_COMMAND}" -S "${_here}/consumer" -B "${_bin}" -G "${GENERATOR}"
      "-DCMAKE_C_COMPILER=${C_COMPILER}"
      "-DCMAKE_C_FLAGS=${C_FLAGS}"
      "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}"
      "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
      "-DCMAKE_PREFIX_PATH=${PREFIX}"
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF ${_hint})
  # find_package must have used this prefix, not some other install.
  file(STRINGS "${_bin}/CMakeCache.txt" _dir REGEX "^rtmp-handshake_DIR:")
  string(REGEX REPLACE "^[^=]*=" "" _dir "${_dir}")
  if(NOT _dir STREQUAL "${PREFIX}/${PACKAGE_DIR}")
    message(FATAL_ERROR "find_package used ${_dir}, not ${PREFIX}/${PACKAGE_DIR}")
  endif()
  run("building the find_package consumer" "${CMAKE_COMMAND}" --build "${_bin}")
  check_loaded_from("${_bin}/consumer")
  run("the find_package consumer" "${_bin}/consumer" "${FLAVOUR}")
endif()

if("pkgconfig" IN_LIST KIND)
  if(PKG_CONFIG)
    set(ENV{PKG_CONFIG} "${PKG_CONFIG}")
  endif()
  set(ENV{CC} "${C_COMPILER}")
  set(ENV{CFLAGS} "${C_FLAGS}")
  set(ENV{LDFLAGS} "${LINKER_FLAGS}")
  run("the pkg-config consumer"
      sh "${_here}/pkgconfig_consumer.sh" "${PREFIX}" "${LIBDIR}" "${FLAVOUR}"
      "${WORK}/pkgconfig" "${_here}/consumer/main.c")
endif()
