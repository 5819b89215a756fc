# FindMbedTLS: the crypto part of Mbed TLS, whichever way it is installed.
#
# Debian 12's libmbedtls-dev (2.28.3) ships neither a CMake config nor a .pc,
# so try, in order: the upstream CMake config (3.x), pkg-config (2.28.9+, 3.x),
# then a plain header/library search.
#
# Defines: MbedTLS_FOUND, MbedTLS_VERSION, the imported target
# MbedTLS::mbedcrypto (the library's only dependency), MbedTLS::mbedx509 and
# MbedTLS::mbedtls when those are installed (TLS, for the tool only), and MbedTLS_FOUND_BY_PKGCONFIG (so our .pc can name
# mbedcrypto in Requires.private only when a mbedcrypto.pc exists).

include(FindPackageHandleStandardArgs)

set(MbedTLS_FOUND_BY_PKGCONFIG FALSE)

if(NOT TARGET MbedTLS::mbedcrypto)
  find_package(MbedTLS CONFIG QUIET NO_MODULE)
endif()

if(NOT TARGET MbedTLS::mbedcrypto)
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(PC_MBEDCRYPTO QUIET mbedcrypto)
  endif()

  find_path(MbedTLS_INCLUDE_DIR NAMES mbedtls/sha256.h HINTS ${PC_MBEDCRYPTO_INCLUDE_DIRS})
  find_library(MbedTLS_CRYPTO_LIBRARY NAMES mbedcrypto HINTS ${PC_MBEDCRYPTO_LIBRARY_DIRS})
  find_library(MbedTLS_X509_LIBRARY NAMES mbedx509 HINTS ${PC_MBEDCRYPTO_LIBRARY_DIRS})
  find_library(MbedTLS_TLS_LIBRARY NAMES mbedtls HINTS ${PC_MBEDCRYPTO_LIBRARY_DIRS})

  if(MbedTLS_INCLUDE_DIR)
    foreach(_hdr mbedtls/build_info.h mbedtls/version.h)
      if(EXISTS "${MbedTLS_INCLUDE_DIR}/${_hdr}" AND NOT MbedTLS_VERSION)
        file(STRINGS "${MbedTLS_INCLUDE_DIR}/${_hdr}" _mbedtls_ver_line
             REGEX "^#define[ \t]+MBEDTLS_VERSION_STRING[ \t]+\"[0-9.]+\"")
        if(_mbedtls_ver_line)
          string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" MbedTLS_VERSION "${_mbedtls_ver_line}")
        endif()
      endif()
    endforeach()
  endif()

  find_package_handle_standard_args(MbedTLS
    REQUIRED_VARS MbedTLS_CRYPTO_LIBRARY MbedTLS_INCLUDE_DIR
    VERSION_VAR MbedTLS_VERSION)

  if(MbedTLS_FOUND)
    add_library(MbedTLS::mbedcrypto UNKNOWN IMPORTED)
    set_target_properties(MbedTLS::mbedcrypto PROPERTIES
      IMPORTED_LOCATION "${MbedTLS_CRYPTO_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${MbedTLS_INCLUDE_DIR}")
    if(PC_MBEDCRYPTO_FOUND)
      set(MbedTLS_FOUND_BY_PKGCONFIG TRUE)
    endif()
    # x509 needs crypto, TLS needs both: static links come out in order.
    if(MbedTLS_X509_LIBRARY)
      add_library(MbedTLS::mbedx509 UNKNOWN IMPORTED)
      set_target_properties(MbedTLS::mbedx509 PROPERTIES
        IMPORTED_LOCATION "${MbedTLS_X509_LIBRARY}"
        INTERFACE_LINK_LIBRARIES MbedTLS::mbedcrypto)
      if(MbedTLS_TLS_LIBRARY)
        add_library(MbedTLS::mbedtls UNKNOWN IMPORTED)
        set_target_properties(MbedTLS::mbedtls PROPERTIES
          IMPORTED_LOCATION "${MbedTLS_TLS_LIBRARY}"
          INTERFACE_LINK_LIBRARIES MbedTLS::mbedx509)
      endif()
    endif()
  endif()
  mark_as_advanced(MbedTLS_INCLUDE_DIR MbedTLS_CRYPTO_LIBRARY MbedTLS_X509_LIBRARY
                   MbedTLS_TLS_LIBRARY)
else()
  set(MbedTLS_FOUND TRUE)
endif()
