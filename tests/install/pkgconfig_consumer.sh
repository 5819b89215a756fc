#!/bin/sh
# Build and run consumer/main.c against an installed rtmp-handshake using only
# what pkg-config reports, the way a downstream Makefile would:
#   cc $(pkg-config --cflags rtmp-handshake) main.c $(pkg-config --libs rtmp-handshake)
# (--static --libs for the static flavour). pkgconf's --define-prefix derives
# ${prefix} from where the .pc file lies, so a moved prefix must still work.
#
# Usage: pkgconfig_consumer.sh PREFIX LIBDIR shared|static WORKDIR MAIN_C
# Environment: CC (default cc), PKG_CONFIG (default pkg-config), and CFLAGS /
# LDFLAGS for the toolchain only (e.g. sanitizers), never for the library.
set -eu

prefix=$(cd "$1" && pwd -P)
libdir=$2
flavour=$3
work=$4
main_c=$5
cc=${CC:-cc}
pkg_config=${PKG_CONFIG:-pkg-config}

fail() {
  echo "pkgconfig_consumer: $*" >&2
  exit 1
}

pcdir="$prefix/$libdir/pkgconfig"
[ -f "$pcdir/rtmp-handshake.pc" ] || fail "no rtmp-handshake.pc in $pcdir"
PKG_CONFIG_PATH="$pcdir"
export PKG_CONFIG_PATH
unset PKG_CONFIG_SYSROOT_DIR

found=$("$pkg_config" --path rtmp-handshake)
[ "$found" = "$pcdir/rtmp-handshake.pc" ] ||
  fail "pkg-config picked $found, not the one under $pcdir"
# pkgconf 1.8 exits 0 after mere warnings, so any output is a failure too.
complaints=$("$pkg_config" --validate rtmp-handshake 2>&1) ||
  fail "--validate rejected $found: $complaints"
[ -z "$complaints" ] || fail "--validate complained about $found: $complaints"

pc="$pkg_config --define-prefix"
cflags=$($pc --cflags rtmp-handshake)
case $flavour in
  shared) libs=$($pc --libs rtmp-handshake) ;;
  static) libs=$($pc --static --libs rtmp-handshake) ;;
  *) fail "flavour must be shared or static, not $flavour" ;;
esac
echo "cflags: $cflags"
echo "libs:   $libs"

# The flags must point into this prefix, wherever it lies now.
case " $cflags " in
  *" -I$prefix/"*) ;;
  *) fail "--cflags does not point into $prefix" ;;
esac
case " $libs " in
  *" -L$prefix/$libdir "*) ;;
  *) fail "--libs does not point into $prefix/$libdir" ;;
esac

mkdir -p "$work"
exe="$work/consumer"
rm -f "$exe"
# Word splitting of the flag strings is intended.
# shellcheck disable=SC2086
"$cc" ${CFLAGS:-} $cflags "$main_c" -o "$exe" ${LDFLAGS:-} $libs

if [ "$flavour" = shared ]; then
  # Only the installed copy may satisfy the loader.
  LD_LIBRARY_PATH="$prefix/$libdir"
  export LD_LIBRARY_PATH
  ldd "$exe" | grep -F "librtmp-handshake.so" | grep -qF "=> $prefix/$libdir/" ||
    fail "$exe does not load librtmp-handshake from $prefix/$libdir"
else
  if ldd "$exe" | grep -qF "librtmp-handshake"; then
    fail "$exe links librtmp-handshake dynamically in a static consumer"
  fi
fi
"$exe" "$flavour"
