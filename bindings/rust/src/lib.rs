//! The RTMP handshake, sans-IO, over the `librtmp-handshake` C library.
//!
//! Plain (the original handshake), Flash Player 9 "digest" and, with a
//! library that has it, RTMPE; both roles. You own the socket: hand the
//! peer's bytes to [`Handshake::feed`] and send what [`Handshake::drain`]
//! returns.
//!
//! - [`sys`]: the raw C API, one `extern "C"` declaration per function.
//! - [`Handshake`] (with [`Role`], [`State`], [`Mode`], [`Error`],
//!   [`Status`]): the safe API. `Drop` frees the handle; it is `Send`, not
//!   `Sync`; failures are `Result<_, Error>` naming the status.
//! - [`handshake`]: a drop-in for `rml_rtmp::handshake`.
//!
//! ```
//! use rtmp_handshake::{Handshake, Mode, Role};
//!
//! let mut client = Handshake::new(Role::Client)?;
//! let mut server = Handshake::new(Role::Server)?;
//! server.set_verify_p2(true)?;
//! client.start()?;
//! server.feed(&client.drain())?; // C0+C1
//! client.feed(&server.drain())?; // S0+S1+S2: C2 queued
//! let mut c2_and_more = client.drain();
//! c2_and_more.extend_from_slice(b"chunk stream");
//! let used = server.feed(&c2_and_more)?;
//! assert!(server.is_done() && client.is_done());
//! assert_eq!(&c2_and_more[used..], b"chunk stream");
//! assert_eq!(server.mode(), Some(Mode::Digest));
//! assert!(server.peer_verified());
//! # Ok::<(), rtmp_handshake::Error>(())
//! ```
//!
//! One thread at a time per handle (it is not `Sync`):
//!
//! ```compile_fail
//! fn shared<T: Sync>() {}
//! shared::<rtmp_handshake::Handshake>();
//! ```
//!
//! The library is linked through `pkg-config` (package `rtmp-handshake`),
//! or from `RTMP_HS_LIB_DIR` when set; see README.md.

#![deny(missing_docs)]

mod error;
pub mod handshake;
mod session;
#[allow(missing_docs)]
pub mod sys;

pub use error::{Error, Status};
pub use session::{Handshake, Mode, Role, State};

/// `(major << 16) | (minor << 8) | patch` of the loaded library.
pub fn version() -> u32 {
    // SAFETY: no arguments, no state.
    unsafe { sys::rtmp_hs_version() }
}

/// `"major.minor.patch"` of the loaded library.
pub fn version_string() -> &'static str {
    // SAFETY: a static NUL-terminated string.
    unsafe { error::static_str(sys::rtmp_hs_version_string()) }
}
