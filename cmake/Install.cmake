# Install rules: the library, its header, a relocatable CMake package
# (rtmp-handshake::rtmp-handshake) and a pkg-config file. Nothing else: the
# command-line tool installs itself from tools/.

include(CMakePackageConfigHelpers)

set(RTMP_HS_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/rtmp-handshake"
    CACHE STRING "Where rtmp-handshake-config.cmake goes (relative to the prefix)")
mark_as_advanced(RTMP_HS_INSTALL_CMAKEDIR)

install(TARGETS rtmp_hs
  EXPORT rtmp-handshake-targets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
    COMPONENT rtmp-handshake_Runtime
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    COMPONENT rtmp-handshake_Runtime
    NAMELINK_COMPONENT rtmp-handshake_Development
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    COMPONENT rtmp-handshake_Development
  FILE_SET HEADERS DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
    COMPONENT rtmp-handshake_Development)

install(EXPORT rtmp-handshake-targets
  NAMESPACE rtmp-handshake::
  FILE rtmp-handshake-targets.cmake
  DESTINATION "${RTMP_HS_INSTALL_CMAKEDIR}"
  COMPONENT rtmp-handshake_Development)

# A static archive carries MbedTLS::mbedcrypto in its link interface, so only
# the static package has to find it again (a shared one hides it entirely).
get_target_property(_rtmp_hs_type rtmp_hs TYPE)
if(_rtmp_hs_type STREQUAL "STATIC_LIBRARY")
  set(RTMP_HS_PACKAGE_STATIC TRUE)
else()
  set(RTMP_HS_PACKAGE_STATIC FALSE)
endif()

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/rtmp-handshake-config.cmake.in"
  "${PROJECT_BINARY_DIR}/rtmp-handshake-config.cmake"
  INSTALL_DESTINATION "${RTMP_HS_INSTALL_CMAKEDIR}")
# While the version is 0.y every minor release may break the ABI (SOVERSION 0.y).
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/rtmp-handshake-config-version.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
    "${PROJECT_BINARY_DIR}/rtmp-handshake-config.cmake"
    "${PROJECT_BINARY_DIR}/rtmp-handshake-config-version.cmake"
    "${PROJECT_SOURCE_DIR}/cmake/FindMbedTLS.cmake"
  DESTINATION "${RTMP_HS_INSTALL_CMAKEDIR}"
  COMPONENT rtmp-handshake_Development)

# pkg-config: paths relative to ${prefix} so the file can be relocated
# (pkgconf --define-prefix), unless the packager chose absolute directories.
foreach(_kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_kind}}")
    set(RTMP_HS_PC_${_kind} "${CMAKE_INSTALL_${_kind}}")
  elseif(_kind STREQUAL "LIBDIR")
    set(RTMP_HS_PC_${_kind} "\${exec_prefix}/${CMAKE_INSTALL_${_kind}}")
  else()
    set(RTMP_HS_PC_${_kind} "\${prefix}/${CMAKE_INSTALL_${_kind}}")
  endif()
endforeach()
# Debian 12's mbedTLS ships no mbedcrypto.pc, and naming a missing module in
# Requires.private makes every pkg-config query fail, not only --static.
if(MbedTLS_FOUND_BY_PKGCONFIG)
  set(RTMP_HS_PC_REQUIRES_PRIVATE "mbedcrypto")
  set(RTMP_HS_PC_LIBS_PRIVATE "")
else()
  set(RTMP_HS_PC_REQUIRES_PRIVATE "")
  set(RTMP_HS_PC_LIBS_PRIVATE "-lmbedcrypto")
endif()
# The nettle SHA-256 backend: nettle ships nettle.pc, so static linking
# finds it by name.
if(RTMP_HS_SHA256 STREQUAL "nettle")
  string(STRIP "${RTMP_HS_PC_REQUIRES_PRIVATE} nettle" RTMP_HS_PC_REQUIRES_PRIVATE)
endif()
# Mirrors the static target's INTERFACE definition (it selects the import
# decoration on Windows).
if(RTMP_HS_PACKAGE_STATIC)
  set(RTMP_HS_PC_CFLAGS_EXTRA " -DRTMP_HS_STATIC")
else()
  set(RTMP_HS_PC_CFLAGS_EXTRA "")
endif()
configure_file("${PROJECT_SOURCE_DIR}/rtmp-handshake.pc.in"
               "${PROJECT_BINARY_DIR}/rtmp-handshake.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/rtmp-handshake.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
  COMPONENT rtmp-handshake_Development)

unset(_rtmp_hs_type)
unset(_kind)
