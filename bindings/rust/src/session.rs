//! The safe API: one handle, driven sans-IO, closely following the C API.

use std::cell::Cell;
use std::io;
use std::marker::PhantomData;
use std::os::raw::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::{self, NonNull};

use crate::error::{Error, Status};
use crate::sys;

/// Which side of the handshake a [`Handshake`] plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Sends C0+C1 first.
    Client,
    /// Answers S0+S1+S2 once C0+C1 arrived.
    Server,
}

/// Where a handshake is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Still exchanging packets.
    InProgress,
    /// Completed: the RTMP chunk stream follows.
    Done,
    /// Failed: see [`Handshake::error`].
    Failed,
}

/// Which handshake the peer's P1 led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The original handshake: P2 echoes P1.
    Simple,
    /// Flash Player 9: HMAC-SHA256 digests, signed P2.
    Digest,
    /// RTMPE: the digest handshake plus Diffie-Hellman and RC4.
    Encrypted,
}

type RandomFill = dyn FnMut(&mut [u8]) -> io::Result<()> + Send;

/// One side of an RTMP handshake (an `rtmp_hs` handle).
///
/// Hand every byte received from the peer to [`feed`](Handshake::feed) and
/// send what [`drain`](Handshake::drain) returns, until
/// [`is_done`](Handshake::is_done). In the call to `feed` that completes
/// the handshake, `data[consumed..]` is the start of the RTMP chunk stream;
/// output queued by that call must still be drained.
///
/// Options (`set_*`) are allowed before [`start`](Handshake::start) and the
/// first `feed`, else they fail with [`Status::State`]. Dropping the value
/// frees the handle and wipes its key material. It is `Send` (move it to
/// another thread) but not `Sync`: one thread at a time, as the C API says.
pub struct Handshake {
    raw: NonNull<sys::rtmp_hs>,
    role: Role,
    flags: u32,
    // The closure the C handle's ctx points at: boxed twice for a thin pointer,
    // kept until after rtmp_hs_free (fields drop after Drop::drop).
    random: Option<Box<Box<RandomFill>>>,
    _not_sync: PhantomData<Cell<()>>,
}

// SAFETY: the handle has no thread affinity (no thread-local or global state
// in the library); it is only reachable through &mut self or &self of one
// owner, and the random closure it calls is Send.
unsafe impl Send for Handshake {}

unsafe extern "C" fn fill_trampoline(ctx: *mut c_void, buf: *mut u8, len: usize) -> c_int {
    // SAFETY: ctx is the Box<RandomFill> set with it in set_random, alive
    // for as long as the handle; buf holds len writable bytes.
    let fill = &mut *(ctx as *mut Box<RandomFill>);
    let out: &mut [u8] = if len == 0 {
        &mut []
    } else {
        std::slice::from_raw_parts_mut(buf, len)
    };
    // A panic must not unwind into C: it fails the handshake instead.
    match catch_unwind(AssertUnwindSafe(|| fill(out))) {
        Ok(Ok(())) => 0,
        _ => 1,
    }
}

impl Handshake {
    /// A new handle for `role`, with the library's defaults.
    ///
    /// Fails with [`Status::NoMem`] only when memory is exhausted.
    pub fn new(role: Role) -> Result<Handshake, Error> {
        let c_role = match role {
            Role::Client => sys::RTMP_HS_CLIENT,
            Role::Server => sys::RTMP_HS_SERVER,
        };
        // SAFETY: any int is a valid argument; NULL means no memory.
        let raw = NonNull::new(unsafe { sys::rtmp_hs_new(c_role) })
            .ok_or_else(|| Error::new(Status::NoMem))?;
        Ok(Handshake {
            raw,
            role,
            flags: 0,
            random: None,
            _not_sync: PhantomData,
        })
    }

    /// The role it was created with.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The raw handle, for calls into [`crate::sys`]; it stays owned by `self`.
    pub fn as_ptr(&self) -> *mut sys::rtmp_hs {
        self.raw.as_ptr()
    }

    fn ptr(&self) -> *const sys::rtmp_hs {
        self.raw.as_ptr()
    }

    fn mut_ptr(&mut self) -> *mut sys::rtmp_hs {
        self.raw.as_ptr()
    }

    // ---- options -----------------------------------------------------------

    /// Bytes 4..7 of our P1. 0 selects the original handshake (no digest).
    pub fn set_version(&mut self, version: u32) -> Result<(), Error> {
        // SAFETY: a live handle we own.
        Error::check(unsafe { sys::rtmp_hs_set_version(self.mut_ptr(), version) })
    }

    /// Bytes 0..3 of our P1 (default 0).
    pub fn set_time(&mut self, time_ms: u32) -> Result<(), Error> {
        // SAFETY: a live handle we own.
        Error::check(unsafe { sys::rtmp_hs_set_time(self.mut_ptr(), time_ms) })
    }

    /// Where our P1 digest goes: `Some(0)`, `Some(1)`, or `None` for
    /// automatic (the default). Other values fail with [`Status::Arg`].
    pub fn set_scheme(&mut self, scheme: Option<u8>) -> Result<(), Error> {
        let value = scheme.map_or(sys::RTMP_HS_SCHEME_AUTO, c_int::from);
        // SAFETY: a live handle we own.
        Error::check(unsafe { sys::rtmp_hs_set_scheme(self.mut_ptr(), value) })
    }

    fn set_flag(&mut self, flag: u32, on: bool) -> Result<(), Error> {
        let flags = if on {
            self.flags | flag
        } else {
            self.flags & !flag
        };
        // SAFETY: a live handle we own.
        Error::check(unsafe { sys::rtmp_hs_set_flags(self.mut_ptr(), flags) })?;
        self.flags = flags;
        Ok(())
    }

    /// Fail with [`Status::Digest`] when the peer's P1 carries no valid
    /// digest (default: fall back to the original handshake).
    pub fn set_require_digest(&mut self, on: bool) -> Result<(), Error> {
        self.set_flag(sys::RTMP_HS_REQUIRE_DIGEST, on)
    }

    /// Fail with [`Status::Signature`] when the peer's P2 neither is signed
    /// nor echoes our P1 (default: complete and report it in
    /// [`peer_verified`](Handshake::peer_verified)).
    pub fn set_verify_p2(&mut self, on: bool) -> Result<(), Error> {
        self.set_flag(sys::RTMP_HS_VERIFY_P2, on)
    }

    /// The source of every random byte (default: the OS CSPRNG). `fill`
    /// fills the whole slice; an `Err` or a panic fails the handshake with
    /// [`Status::Random`]. With a deterministic source the output is
    /// byte-for-byte reproducible.
    pub fn set_random<F>(&mut self, fill: F) -> Result<(), Error>
    where
        F: FnMut(&mut [u8]) -> io::Result<()> + Send + 'static,
    {
        let mut boxed: Box<Box<RandomFill>> = Box::new(Box::new(fill));
        let ctx = &mut *boxed as *mut Box<RandomFill> as *mut c_void;
        // SAFETY: ctx stays valid while the handle lives: it is stored in
        // self.random below, which outlives the handle (see Drop).
        Error::check(unsafe {
            sys::rtmp_hs_set_random(self.mut_ptr(), Some(fill_trampoline), ctx)
        })?;
        self.random = Some(boxed);
        Ok(())
    }

    // ---- driving it --------------------------------------------------------

    /// Client: queue C0+C1 (`feed` also does it). Server: optional, queues
    /// nothing. Calling it twice is harmless.
    pub fn start(&mut self) -> Result<(), Error> {
        // SAFETY: a live handle we own.
        Error::check(unsafe { sys::rtmp_hs_start(self.mut_ptr()) })
    }

    /// Hand over bytes received from the peer, in any fragmentation; returns
    /// how many belong to the handshake (all of them until it completes; in
    /// the completing call, `data[consumed..]` is the RTMP chunk stream;
    /// after completion, 0). A failing status is sticky: every later call
    /// fails the same way.
    pub fn feed(&mut self, data: &[u8]) -> Result<usize, Error> {
        let mut consumed = 0usize;
        let ptr = if data.is_empty() {
            ptr::null()
        } else {
            data.as_ptr()
        };
        // SAFETY: data holds data.len() readable bytes; the library keeps no
        // pointer to it after the call.
        Error::check(unsafe { sys::rtmp_hs_feed(self.mut_ptr(), ptr, data.len(), &mut consumed) })?;
        Ok(consumed)
    }

    /// Bytes queued for the peer.
    pub fn pending(&self) -> usize {
        // SAFETY: a live handle.
        unsafe { sys::rtmp_hs_pending(self.ptr()) }
    }

    /// Copy up to `out.len()` queued bytes into `out`, in order, and dequeue
    /// them; returns how many.
    pub fn drain_into(&mut self, out: &mut [u8]) -> usize {
        if out.is_empty() {
            return 0;
        }
        // SAFETY: out holds out.len() writable bytes.
        unsafe { sys::rtmp_hs_drain(self.mut_ptr(), out.as_mut_ptr(), out.len()) }
    }

    /// Everything queued for the peer (empty when nothing is), dequeued.
    pub fn drain(&mut self) -> Vec<u8> {
        let mut out = vec![0u8; self.pending()];
        let n = self.drain_into(&mut out);
        out.truncate(n);
        out
    }

    /// Bytes still to read from the peer before the handshake can complete;
    /// 0 when done or failed.
    pub fn needed(&self) -> usize {
        // SAFETY: a live handle.
        unsafe { sys::rtmp_hs_needed(self.ptr()) }
    }

    /// In progress, done or failed.
    pub fn state(&self) -> State {
        // SAFETY: a live handle.
        match unsafe { sys::rtmp_hs_state(self.ptr()) } {
            sys::RTMP_HS_IN_PROGRESS => State::InProgress,
            sys::RTMP_HS_DONE => State::Done,
            _ => State::Failed,
        }
    }

    /// Whether the handshake completed.
    pub fn is_done(&self) -> bool {
        self.state() == State::Done
    }

    /// The error that failed the handshake, if it failed.
    pub fn error(&self) -> Option<Error> {
        // SAFETY: a live handle.
        Error::check(unsafe { sys::rtmp_hs_error(self.ptr()) }).err()
    }

    // ---- what was learned about the peer ------------------------------------

    /// The handshake the peer's P1 led to, once it arrived.
    pub fn mode(&self) -> Option<Mode> {
        // SAFETY: a live handle.
        match unsafe { sys::rtmp_hs_mode(self.ptr()) } {
            sys::RTMP_HS_MODE_SIMPLE => Some(Mode::Simple),
            sys::RTMP_HS_MODE_DIGEST => Some(Mode::Digest),
            sys::RTMP_HS_MODE_ENCRYPTED => Some(Mode::Encrypted),
            _ => None,
        }
    }

    /// 0 or 1: where a valid digest was found in the peer's P1.
    pub fn peer_scheme(&self) -> Option<u8> {
        // SAFETY: a live handle.
        u8::try_from(unsafe { sys::rtmp_hs_peer_scheme(self.ptr()) }).ok()
    }

    /// Bytes 4..7 of the peer's P1 (big-endian); 0 until it arrived.
    pub fn peer_version(&self) -> u32 {
        // SAFETY: a live handle.
        unsafe { sys::rtmp_hs_peer_version(self.ptr()) }
    }

    /// Bytes 0..3 of the peer's P1; 0 until it arrived.
    pub fn peer_time(&self) -> u32 {
        // SAFETY: a live handle.
        unsafe { sys::rtmp_hs_peer_time(self.ptr()) }
    }

    /// The peer's C0/S0 byte (3 for plain RTMP), once it arrived.
    pub fn peer_p0(&self) -> Option<u8> {
        // SAFETY: a live handle.
        u8::try_from(unsafe { sys::rtmp_hs_peer_p0(self.ptr()) }).ok()
    }

    /// Whether the peer's P2 verified: a valid signature, or an echo of
    /// bytes 8..1535 of our P1.
    pub fn peer_verified(&self) -> bool {
        // SAFETY: a live handle.
        unsafe { sys::rtmp_hs_peer_verified(self.ptr()) != 0 }
    }

    /// Whether this build has RTMPE (`set_encryption`, `encryption_type`,
    /// `encrypt`, `decrypt`, `swf_verification`): the header it was built
    /// against declares it.
    pub const fn has_rtmpe() -> bool {
        cfg!(rtmp_hs_rtmpe)
    }
}

#[cfg(rtmp_hs_rtmpe)]
impl Handshake {
    /// RTMPE. A client: the type to request in C0 (0 none, 6, 8 or 9). A
    /// server: a mask of accepted types, any of `(1 << 6) | (1 << 8) | (1 << 9)`.
    pub fn set_encryption(&mut self, types: i32) -> Result<(), Error> {
        // SAFETY: a live handle we own.
        Error::check(unsafe { sys::rtmp_hs_set_encryption(self.mut_ptr(), types) })
    }

    /// 6, 8 or 9 once an encrypted handshake was agreed, else 0.
    pub fn encryption_type(&self) -> i32 {
        // SAFETY: a live handle.
        unsafe { sys::rtmp_hs_encryption_type(self.ptr()) }
    }

    /// Encrypt, in place, bytes we send after the handshake (one continuous
    /// RC4 stream). [`Status::State`] before done or on a plain handshake.
    pub fn encrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let ptr = if buf.is_empty() {
            ptr::null_mut()
        } else {
            buf.as_mut_ptr()
        };
        // SAFETY: buf holds buf.len() writable bytes.
        Error::check(unsafe { sys::rtmp_hs_encrypt(self.mut_ptr(), ptr, buf.len()) })
    }

    /// Decrypt, in place, bytes received after the handshake, in order (the
    /// leftovers of the completing `feed` first).
    pub fn decrypt(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        let ptr = if buf.is_empty() {
            ptr::null_mut()
        } else {
            buf.as_mut_ptr()
        };
        // SAFETY: buf holds buf.len() writable bytes.
        Error::check(unsafe { sys::rtmp_hs_decrypt(self.mut_ptr(), ptr, buf.len()) })
    }

    /// The 42-byte SWFVerification response for a SWF of this SHA-256 hash
    /// and size, from the server's S1 ([`Status::State`] before it is known).
    pub fn swf_verification(&self, swf_hash: &[u8; 32], swf_size: u32) -> Result<[u8; 42], Error> {
        let mut out = [0u8; 42];
        // SAFETY: 32 readable and 42 writable bytes, as the C API requires.
        Error::check(unsafe {
            sys::rtmp_hs_swf_verification(self.ptr(), swf_hash.as_ptr(), swf_size, out.as_mut_ptr())
        })?;
        Ok(out)
    }
}

impl Drop for Handshake {
    fn drop(&mut self) {
        // SAFETY: we own the handle and nothing uses it after this; the
        // random closure (a field) is dropped only after this returns.
        unsafe { sys::rtmp_hs_free(self.raw.as_ptr()) }
    }
}

impl std::fmt::Debug for Handshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handshake")
            .field("role", &self.role)
            .field("state", &self.state())
            .field("mode", &self.mode())
            .field("pending", &self.pending())
            .field("peer_verified", &self.peer_verified())
            .finish()
    }
}
