//! The raw C API of `librtmp-handshake`, one declaration per function of
//! `rtmp_handshake.h` (and of the public contract, API.md).
//!
//! Everything here is `unsafe` to call and follows the C rules: a NULL handle
//! gives `RTMP_HS_ERR_ARG` (getters: their neutral value), a zero length with
//! a NULL pointer is valid, one thread at a time per handle. Prefer the safe
//! [`crate::Handshake`] or the rml_rtmp-compatible [`crate::handshake`].
//!
//! The RTMPE functions (`rtmp_hs_set_encryption` ... `rtmp_hs_swf_verification`)
//! and the caller-owned-memory ones (`rtmp_hs_sizeof`, `rtmp_hs_init`,
//! `rtmp_hs_cleanup`) are declared as API.md fixes them. A library built
//! before they existed lacks the symbols: calling one then fails to link, so
//! the safe API only uses the RTMPE ones when the header it was built against
//! declares them (`cfg(rtmp_hs_rtmpe)`, set by build.rs).
#![allow(non_camel_case_types)]

use std::marker::{PhantomData, PhantomPinned};
use std::os::raw::{c_char, c_int, c_void};

/// The opaque handle (`rtmp_hs *`): only ever used behind a pointer.
#[repr(C)]
pub struct rtmp_hs {
    _private: [u8; 0],
    _not_send_sync_unpin: PhantomData<(*mut u8, PhantomPinned)>,
}

/// `int (*fill)(void *ctx, uint8_t *buf, size_t len)`: fill `buf` and return
/// 0, or non-zero to fail with `RTMP_HS_ERR_RANDOM`.
pub type rtmp_hs_random_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, buf: *mut u8, len: usize) -> c_int>;

// Status codes (ABI: never renumbered).
pub const RTMP_HS_OK: c_int = 0;
pub const RTMP_HS_ERR_ARG: c_int = -1;
pub const RTMP_HS_ERR_STATE: c_int = -2;
pub const RTMP_HS_ERR_NOMEM: c_int = -3;
pub const RTMP_HS_ERR_VERSION: c_int = -10;
pub const RTMP_HS_ERR_TLS: c_int = -11;
pub const RTMP_HS_ERR_HTTP: c_int = -12;
pub const RTMP_HS_ERR_DIGEST: c_int = -13;
pub const RTMP_HS_ERR_SIGNATURE: c_int = -14;
pub const RTMP_HS_ERR_DH: c_int = -15;
pub const RTMP_HS_ERR_UNSUPPORTED: c_int = -16;
pub const RTMP_HS_ERR_RANDOM: c_int = -20;
pub const RTMP_HS_ERR_CRYPTO: c_int = -21;
pub const RTMP_HS_ERR_INTERNAL: c_int = -99;

// Roles, states, modes.
pub const RTMP_HS_CLIENT: c_int = 1;
pub const RTMP_HS_SERVER: c_int = 2;
pub const RTMP_HS_IN_PROGRESS: c_int = 0;
pub const RTMP_HS_DONE: c_int = 1;
pub const RTMP_HS_FAILED: c_int = 2;
pub const RTMP_HS_MODE_SIMPLE: c_int = 0;
pub const RTMP_HS_MODE_DIGEST: c_int = 1;
pub const RTMP_HS_MODE_ENCRYPTED: c_int = 2;
pub const RTMP_HS_SCHEME_AUTO: c_int = -1;

// rtmp_hs_set_flags() bits.
pub const RTMP_HS_REQUIRE_DIGEST: u32 = 1;
pub const RTMP_HS_VERIFY_P2: u32 = 2;

extern "C" {
    // Lifecycle.
    pub fn rtmp_hs_new(role: c_int) -> *mut rtmp_hs;
    pub fn rtmp_hs_free(hs: *mut rtmp_hs);

    // Options: before rtmp_hs_start() and the first rtmp_hs_feed().
    pub fn rtmp_hs_set_version(hs: *mut rtmp_hs, version: u32) -> c_int;
    pub fn rtmp_hs_set_time(hs: *mut rtmp_hs, time_ms: u32) -> c_int;
    pub fn rtmp_hs_set_scheme(hs: *mut rtmp_hs, scheme: c_int) -> c_int;
    pub fn rtmp_hs_set_flags(hs: *mut rtmp_hs, flags: u32) -> c_int;
    pub fn rtmp_hs_set_random(hs: *mut rtmp_hs, fill: rtmp_hs_random_fn, ctx: *mut c_void)
        -> c_int;

    // Driving it.
    pub fn rtmp_hs_start(hs: *mut rtmp_hs) -> c_int;
    pub fn rtmp_hs_feed(
        hs: *mut rtmp_hs,
        data: *const u8,
        len: usize,
        consumed: *mut usize,
    ) -> c_int;
    pub fn rtmp_hs_pending(hs: *const rtmp_hs) -> usize;
    pub fn rtmp_hs_drain(hs: *mut rtmp_hs, out: *mut u8, cap: usize) -> usize;
    pub fn rtmp_hs_needed(hs: *const rtmp_hs) -> usize;
    pub fn rtmp_hs_state(hs: *const rtmp_hs) -> c_int;
    pub fn rtmp_hs_error(hs: *const rtmp_hs) -> c_int;
    pub fn rtmp_hs_strerror(status: c_int) -> *const c_char;
    pub fn rtmp_hs_status_name(status: c_int) -> *const c_char;

    // What was learned about the peer.
    pub fn rtmp_hs_peer_version(hs: *const rtmp_hs) -> u32;
    pub fn rtmp_hs_peer_time(hs: *const rtmp_hs) -> u32;
    pub fn rtmp_hs_peer_p0(hs: *const rtmp_hs) -> c_int;
    pub fn rtmp_hs_mode(hs: *const rtmp_hs) -> c_int;
    pub fn rtmp_hs_peer_scheme(hs: *const rtmp_hs) -> c_int;
    pub fn rtmp_hs_peer_verified(hs: *const rtmp_hs) -> c_int;

    // Version of the loaded library.
    pub fn rtmp_hs_version() -> u32;
    pub fn rtmp_hs_version_string() -> *const c_char;

    // RTMPE and SWF verification (API.md; in libraries that have them).
    pub fn rtmp_hs_set_encryption(hs: *mut rtmp_hs, types: c_int) -> c_int;
    pub fn rtmp_hs_encryption_type(hs: *const rtmp_hs) -> c_int;
    pub fn rtmp_hs_encrypt(hs: *mut rtmp_hs, buf: *mut u8, len: usize) -> c_int;
    pub fn rtmp_hs_decrypt(hs: *mut rtmp_hs, buf: *mut u8, len: usize) -> c_int;
    pub fn rtmp_hs_swf_verification(
        hs: *const rtmp_hs,
        swf_hash: *const u8,
        swf_size: u32,
        out: *mut u8,
    ) -> c_int;

    // Caller-owned memory (API.md; in libraries that have them).
    pub fn rtmp_hs_sizeof() -> usize;
    pub fn rtmp_hs_init(mem: *mut c_void, size: usize, role: c_int) -> *mut rtmp_hs;
    pub fn rtmp_hs_cleanup(hs: *mut rtmp_hs);
}
