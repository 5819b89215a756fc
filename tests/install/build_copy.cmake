# Configures, builds and installs a second copy of this project in the other
# flavour (static when the main build is shared, and the reverse), with the
# same toolchain, so one build proves both packages.
#
#   cmake -DSOURCE_DIR= -DBINARY_DIR= -DPREFIX= -DSHARED=ON|OFF -DGENERATOR=
#         -DC_COMPILER= -DCXX_COMPILER= -DBUILD_TYPE= -DLIBDIR= -DINCLUDEDIR=
#         -DPACKAGE_DIR= -P build_copy.cmake
cmake_minimum_required(VERSION 3.25)

include("${CMAKE_CURRENT_LIST_DIR}/run_or_fail.cmake")

# Reconfiguring an existing copy keeps rebuilds incremental; every setting
# that matters is passed explicitly, so a stale cache cannot leak in.
run("configuring the ${BUILD_TYPE} copy (BUILD_SHARED_LIBS=${SHARED})"
    "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G "${GENERATOR}"
    "-DCMAKE_C_COMPILER=${C_COMPILER}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
    -DCMAKE_C_FLAGS= -DCMAKE_CXX_FLAGS=
    -DCMAKE_EXE_LINKER_FLAGS= -DCMAKE_SHARED_LINKER_FLAGS=
    "-DCMAKE_INSTALL_LIBDIR=${LIBDIR}"
    "-DCMAKE_INSTALL_INCLUDEDIR=${INCLUDEDIR}"
    "-DRTMP_HS_INSTALL_CMAKEDIR=${PACKAGE_DIR}"
    "-DBUILD_SHARED_LIBS=${SHARED}"
    -DRTMP_HS_INSTALL=ON
    -DRTMP_HS_BUILD_TESTS=OFF
    -DRTMP_HS_BUILD_TOOLS=OFF
    -DRTMP_HS_BUILD_FUZZERS=OFF
    -DRTMP_HS_BUILD_BENCHMARKS=OFF)
run("building the copy" "${CMAKE_COMMAND}" --build "${BINARY_DIR}" --config "${BUILD_TYPE}")
file(REMOVE_RECURSE "${PREFIX}")
run("installing the copy"
    "${CMAKE_COMMAND}" --install "${BINARY_DIR}" --prefix "${PREFIX}" --config "${BUILD_TYPE}")
