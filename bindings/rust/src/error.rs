//! Status codes and the error type of the safe API.

use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_int;

use crate::sys;

/// A failing status code of the C API (every `RTMP_HS_ERR_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// `RTMP_HS_ERR_ARG`: bad argument; nothing changed.
    Arg,
    /// `RTMP_HS_ERR_STATE`: not allowed now (an option after start, ...).
    State,
    /// `RTMP_HS_ERR_NOMEM`: out of memory.
    NoMem,
    /// `RTMP_HS_ERR_VERSION`: the peer's C0/S0 is not an accepted version.
    Version,
    /// `RTMP_HS_ERR_TLS`: the peer speaks TLS (RTMPS).
    Tls,
    /// `RTMP_HS_ERR_HTTP`: the peer speaks HTTP (wrong port or URL).
    Http,
    /// `RTMP_HS_ERR_DIGEST`: the peer's P1 has no valid digest (required).
    Digest,
    /// `RTMP_HS_ERR_SIGNATURE`: the peer's P2 is neither signed nor an echo (required).
    Signature,
    /// `RTMP_HS_ERR_DH`: the peer's Diffie-Hellman key is invalid (RTMPE).
    Dh,
    /// `RTMP_HS_ERR_UNSUPPORTED`: the peer asked for something not enabled.
    Unsupported,
    /// `RTMP_HS_ERR_RANDOM`: the random source failed.
    Random,
    /// `RTMP_HS_ERR_CRYPTO`: the crypto library failed.
    Crypto,
    /// `RTMP_HS_ERR_INTERNAL`: a bug.
    Internal,
    /// A code this crate does not know (from a newer library).
    Other(c_int),
}

impl Status {
    /// The status for a C return code; `None` for `RTMP_HS_OK`.
    pub fn from_code(code: c_int) -> Option<Status> {
        Some(match code {
            sys::RTMP_HS_OK => return None,
            sys::RTMP_HS_ERR_ARG => Status::Arg,
            sys::RTMP_HS_ERR_STATE => Status::State,
            sys::RTMP_HS_ERR_NOMEM => Status::NoMem,
            sys::RTMP_HS_ERR_VERSION => Status::Version,
            sys::RTMP_HS_ERR_TLS => Status::Tls,
            sys::RTMP_HS_ERR_HTTP => Status::Http,
            sys::RTMP_HS_ERR_DIGEST => Status::Digest,
            sys::RTMP_HS_ERR_SIGNATURE => Status::Signature,
            sys::RTMP_HS_ERR_DH => Status::Dh,
            sys::RTMP_HS_ERR_UNSUPPORTED => Status::Unsupported,
            sys::RTMP_HS_ERR_RANDOM => Status::Random,
            sys::RTMP_HS_ERR_CRYPTO => Status::Crypto,
            sys::RTMP_HS_ERR_INTERNAL => Status::Internal,
            other => Status::Other(other),
        })
    }

    /// The C value, e.g. -13 for [`Status::Digest`].
    pub fn code(self) -> c_int {
        match self {
            Status::Arg => sys::RTMP_HS_ERR_ARG,
            Status::State => sys::RTMP_HS_ERR_STATE,
            Status::NoMem => sys::RTMP_HS_ERR_NOMEM,
            Status::Version => sys::RTMP_HS_ERR_VERSION,
            Status::Tls => sys::RTMP_HS_ERR_TLS,
            Status::Http => sys::RTMP_HS_ERR_HTTP,
            Status::Digest => sys::RTMP_HS_ERR_DIGEST,
            Status::Signature => sys::RTMP_HS_ERR_SIGNATURE,
            Status::Dh => sys::RTMP_HS_ERR_DH,
            Status::Unsupported => sys::RTMP_HS_ERR_UNSUPPORTED,
            Status::Random => sys::RTMP_HS_ERR_RANDOM,
            Status::Crypto => sys::RTMP_HS_ERR_CRYPTO,
            Status::Internal => sys::RTMP_HS_ERR_INTERNAL,
            Status::Other(code) => code,
        }
    }

    /// The C constant's name, e.g. `"RTMP_HS_ERR_DIGEST"` (from the library).
    pub fn name(self) -> &'static str {
        // SAFETY: the library returns a static NUL-terminated string for any int.
        unsafe { static_str(sys::rtmp_hs_status_name(self.code())) }
    }

    /// The library's English text for it.
    pub fn text(self) -> &'static str {
        // SAFETY: as for name().
        unsafe { static_str(sys::rtmp_hs_strerror(self.code())) }
    }

    /// Whether this code fails the handle for good (-10 and below).
    pub fn is_sticky(self) -> bool {
        self.code() <= -10
    }
}

/// # Safety
/// `p` is NULL or a NUL-terminated string that lives forever.
pub(crate) unsafe fn static_str(p: *const std::os::raw::c_char) -> &'static str {
    if p.is_null() {
        return "";
    }
    CStr::from_ptr(p).to_str().unwrap_or("")
}

/// What a failing call of the safe API returns: the [`Status`] it failed
/// with. `Display` names it: `RTMP_HS_ERR_DIGEST (-13): <the library's text>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    status: Status,
}

impl Error {
    /// The error for a failing status.
    pub fn new(status: Status) -> Error {
        Error { status }
    }

    /// Turn a C return code into `Ok(())` or the error.
    pub fn check(code: c_int) -> Result<(), Error> {
        match Status::from_code(code) {
            None => Ok(()),
            Some(status) => Err(Error { status }),
        }
    }

    /// The status the call failed with.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The C constant's name, e.g. `"RTMP_HS_ERR_DIGEST"`.
    pub fn name(&self) -> &'static str {
        self.status.name()
    }

    /// The C value.
    pub fn code(&self) -> c_int {
        self.status.code()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({} ({}))", self.name(), self.code())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.name(),
            self.code(),
            self.status.text()
        )
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}
