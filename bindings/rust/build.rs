//! Finds librtmp-handshake and tells cargo how to link it.
//!
//! - `RTMP_HS_LIB_DIR`: the directory holding `librtmp-handshake.so` (or
//!   `.a` with `RTMP_HS_STATIC=1`); pkg-config is not run. `RTMP_HS_INCLUDE_DIR`
//!   optionally names the directory of `rtmp_handshake.h`.
//! - Otherwise the `pkg-config` program (or `$PKG_CONFIG`) is asked for the
//!   package `rtmp-handshake` (honouring `PKG_CONFIG_PATH`/`PKG_CONFIG_LIBDIR`).
//!
//! When the header found declares RTMPE (`rtmp_hs_set_encryption`), the
//! safe API's RTMPE methods are compiled in (`cfg(rtmp_hs_rtmpe)`): calling
//! C functions a library lacks would not link.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const PACKAGE: &str = "rtmp-handshake";
const MIN_VERSION: &str = "0.1.0";

fn main() {
    for var in [
        "RTMP_HS_LIB_DIR",
        "RTMP_HS_INCLUDE_DIR",
        "RTMP_HS_STATIC",
        "PKG_CONFIG",
        "PKG_CONFIG_PATH",
        "PKG_CONFIG_LIBDIR",
        "PKG_CONFIG_SYSROOT_DIR",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    // Rust 1.80+ checks cfg names (and older cargo warns about this line).
    if rustc_minor_version().map_or(false, |minor| minor >= 80) {
        println!("cargo:rustc-check-cfg=cfg(rtmp_hs_rtmpe)");
    }

    let statically = env::var("RTMP_HS_STATIC").map_or(false, |v| v == "1");
    let include_dir = match env::var_os("RTMP_HS_LIB_DIR") {
        Some(dir) => from_override(Path::new(&dir), statically),
        None => from_pkg_config(statically),
    };

    if let Some(header) = include_dir.map(|dir| dir.join("rtmp_handshake.h")) {
        println!("cargo:rerun-if-changed={}", header.display());
        match std::fs::read_to_string(&header) {
            Ok(text) => {
                println!("cargo:rustc-env=RTMP_HS_BUILD_HEADER={}", header.display());
                println!(
                    "cargo:include={}",
                    header.parent().unwrap_or(&header).display()
                );
                if text.contains("rtmp_hs_set_encryption(") {
                    println!("cargo:rustc-cfg=rtmp_hs_rtmpe");
                }
            }
            Err(e) => println!(
                "cargo:warning=cannot read {} ({e}): RTMPE methods left out",
                header.display()
            ),
        }
    }
}

/// The minor version of the rustc cargo uses ("rustc 1.63.0 ..." -> 63).
fn rustc_minor_version() -> Option<u32> {
    let rustc = env::var_os("RUSTC")?;
    let output = Command::new(rustc).arg("--version").output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    text.split_whitespace()
        .nth(1)?
        .split('.')
        .nth(1)?
        .parse()
        .ok()
}

fn link_kind(statically: bool) -> &'static str {
    if statically {
        "static"
    } else {
        "dylib"
    }
}

fn from_override(dir: &Path, statically: bool) -> Option<PathBuf> {
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib={}={PACKAGE}", link_kind(statically));
    if statically {
        // What the static archive needs besides itself (rtmp-handshake.pc's Libs.private).
        println!("cargo:rustc-link-lib=mbedcrypto");
    }
    env::var_os("RTMP_HS_INCLUDE_DIR").map(PathBuf::from)
}

fn pkg_config(args: &[&str]) -> Result<String, String> {
    let program = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_string());
    let output = Command::new(&program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {program} ({e})"))?;
    if !output.status.success() {
        return Err(format!(
            "{program} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn from_pkg_config(statically: bool) -> Option<PathBuf> {
    let wanted = format!("{PACKAGE} >= {MIN_VERSION}");
    let mut args = vec!["--libs"];
    if statically {
        args.push("--static");
    }
    args.push(&wanted);
    let libs = pkg_config(&args).unwrap_or_else(|e| {
        panic!(
            "librtmp-handshake >= {MIN_VERSION} not found through pkg-config: {e}\n\
             Install it (its rtmp-handshake.pc), point PKG_CONFIG_PATH at the directory \
             holding rtmp-handshake.pc, or set RTMP_HS_LIB_DIR to the directory holding \
             librtmp-handshake.so (and RTMP_HS_INCLUDE_DIR to rtmp_handshake.h's)."
        )
    });
    for flag in libs.split_whitespace() {
        if let Some(dir) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={dir}");
        } else if let Some(name) = flag.strip_prefix("-l") {
            if name == PACKAGE {
                println!("cargo:rustc-link-lib={}={name}", link_kind(statically));
            } else {
                println!("cargo:rustc-link-lib={name}");
            }
        }
    }
    pkg_config(&["--variable=includedir", PACKAGE])
        .ok()
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}
