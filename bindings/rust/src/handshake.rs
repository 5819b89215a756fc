//! A drop-in for `rml_rtmp::handshake`: the same types and methods, so a
//! program written against rml_rtmp's handshake compiles and runs after
//! changing only its `use` line.
//!
//! rml_rtmp's own documented example (the `Handshake` docs of rml_rtmp 0.3 to
//! 0.8 on docs.rs), reproduced as a test of that promise, with only its `use`
//! line changed:
//!
//! ```
//! use rtmp_handshake::handshake::{Handshake, PeerType, HandshakeProcessResult};
//!
//! let mut client = Handshake::new(PeerType::Client);
//! let mut server = Handshake::new(PeerType::Server);
//!
//! let c0_and_c1 = client.generate_outbound_p0_and_p1().unwrap();
//! let s0_s1_and_s2 = match server.process_bytes(&c0_and_c1[..]) {
//!     Ok(HandshakeProcessResult::InProgress {response_bytes: bytes}) => bytes,
//!     x => panic!("Unexpected process_bytes response: {:?}", x),
//! };
//!
//! let c2 = match client.process_bytes(&s0_s1_and_s2[..]) {
//!     Ok(HandshakeProcessResult::Completed {
//!         response_bytes: bytes,
//!         remaining_bytes: _
//!     }) => bytes,
//!     x => panic!("Unexpected s0_s1_and_s2 process_bytes response: {:?}", x),
//! };
//!
//! match server.process_bytes(&c2[..]) {
//!     Ok(HandshakeProcessResult::Completed {
//!             response_bytes: _,
//!             remaining_bytes: _
//!         }) => {},
//!     x => panic!("Unexpected process_bytes response: {:?}", x),
//! }
//! ```
//!
//! Where this goes further than rml_rtmp: the peer's P2 is verified and
//! reported ([`Handshake::peer_verified`]); strict options (require a digest,
//! require a verified P2) and RTMPE are set on a [`crate::Handshake`] and
//! wrapped with [`Handshake::from_session`]; every failure keeps the library's
//! status ([`HandshakeError::status`]).
//!
//! Differences a program could notice: a server's
//! [`generate_outbound_p0_and_p1`](Handshake::generate_outbound_p0_and_p1)
//! returns no bytes (S0+S1 are sent with S2 in the response to C0+C1), and
//! a P1 without a valid digest falls back to the original handshake whatever
//! its version field says, unless a digest is required.

use std::fmt;
use std::io;

use crate::error::{Error, Status};
use crate::session::{self, Mode, Role};

/// The result of processing bytes (as in rml_rtmp).
#[derive(PartialEq, Eq, Debug)]
pub enum HandshakeProcessResult {
    /// The handshake is still going on.
    InProgress {
        /// Bytes to send to the peer.
        response_bytes: Vec<u8>,
    },
    /// The handshake completed.
    Completed {
        /// Bytes to send to the peer (a client's C2).
        response_bytes: Vec<u8>,
        /// Bytes received after the peer's last handshake packet: the start
        /// of the RTMP chunk stream.
        remaining_bytes: Vec<u8>,
    },
}

/// Which side of the handshake this is (as in rml_rtmp).
#[derive(Debug, Eq, PartialEq, Clone, Copy)]
pub enum PeerType {
    /// The server side.
    Server,
    /// The client side.
    Client,
}

/// Why the handshake failed (rml_rtmp's variants). Failures rml_rtmp has no
/// variant for (the peer speaks TLS or HTTP, RTMPE errors, the random source
/// failed, ...) come as `Io` with an [`io::Error`] wrapping the library's
/// [`Error`]; [`status`](HandshakeError::status) gives the status of any.
#[derive(Debug)]
pub enum HandshakeError {
    /// The peer's C0/S0 is not a version this side accepts.
    BadVersionId,
    /// Kept for rml_rtmp compatibility; never returned.
    NonZeroedTimeInPacket1,
    /// Kept for rml_rtmp compatibility; never returned.
    IncorrectPeerTime,
    /// Kept for rml_rtmp compatibility; never returned.
    IncorrectRandomData,
    /// `process_bytes` was called after the handshake completed.
    HandshakeAlreadyCompleted,
    /// The peer's P1 carries no valid digest, and one is required.
    UnknownPacket1Format,
    /// The peer's P2 is neither signed nor an echo, and verification is required.
    InvalidP2Packet,
    /// Any other failure; wraps the library's [`Error`] when it has one.
    Io(io::Error),
}

impl HandshakeError {
    /// The library's status for this failure (`None` for
    /// `HandshakeAlreadyCompleted` and for I/O errors not from the library).
    pub fn status(&self) -> Option<Status> {
        match self {
            HandshakeError::BadVersionId => Some(Status::Version),
            HandshakeError::UnknownPacket1Format => Some(Status::Digest),
            HandshakeError::InvalidP2Packet => Some(Status::Signature),
            HandshakeError::Io(e) => e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<Error>())
                .map(Error::status),
            _ => None,
        }
    }
}

impl From<Error> for HandshakeError {
    fn from(e: Error) -> HandshakeError {
        match e.status() {
            Status::Version => HandshakeError::BadVersionId,
            Status::Digest => HandshakeError::UnknownPacket1Format,
            Status::Signature => HandshakeError::InvalidP2Packet,
            _ => HandshakeError::Io(e.into()),
        }
    }
}

impl From<io::Error> for HandshakeError {
    fn from(e: io::Error) -> HandshakeError {
        HandshakeError::Io(e)
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            HandshakeError::BadVersionId => {
                "First byte of the handshake is not a version we accept"
            }
            HandshakeError::NonZeroedTimeInPacket1 => "Packet 1's second time field was not zero",
            HandshakeError::IncorrectPeerTime => "Peer did not send the correct time back",
            HandshakeError::IncorrectRandomData => "Peer did not send the correct random data back",
            HandshakeError::HandshakeAlreadyCompleted => {
                "Attempted to continue handshake process after completing handshake"
            }
            HandshakeError::UnknownPacket1Format => "Packet 1 carries no valid digest",
            HandshakeError::InvalidP2Packet => "Invalid handshake packet 2 received",
            HandshakeError::Io(e) => return write!(f, "{e}"),
        };
        f.write_str(text)
    }
}

impl std::error::Error for HandshakeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HandshakeError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Handles the handshake (as in rml_rtmp), backed by librtmp-handshake.
#[derive(Debug)]
pub struct Handshake {
    session: session::Handshake,
    completed: bool,
}

impl Handshake {
    /// A handshake for `peer_type` with the library's defaults.
    ///
    /// # Panics
    /// When memory is exhausted (as allocating a `Vec` would).
    pub fn new(peer_type: PeerType) -> Handshake {
        let role = match peer_type {
            PeerType::Client => Role::Client,
            PeerType::Server => Role::Server,
        };
        match session::Handshake::new(role) {
            Ok(session) => Handshake::from_session(session),
            Err(e) => panic!("rtmp_hs_new failed: {e}"),
        }
    }

    /// Wrap a configured [`crate::Handshake`] (strict options, RTMPE, a
    /// random source, ...) that has not exchanged bytes yet.
    pub fn from_session(session: session::Handshake) -> Handshake {
        Handshake {
            session,
            completed: false,
        }
    }

    /// Packets 0 and 1 to send to the peer. A client must call it (or let
    /// the first `process_bytes` include them). A server gets no bytes: it
    /// sends S0+S1 together with S2 in its response to C0+C1.
    pub fn generate_outbound_p0_and_p1(&mut self) -> Result<Vec<u8>, HandshakeError> {
        self.session.start()?;
        Ok(self.session.drain())
    }

    /// Process bytes received from the peer, in any fragmentation. Returns
    /// the bytes to send, and once complete, the bytes that followed the
    /// handshake (`remaining_bytes`). After completion, fails with
    /// [`HandshakeError::HandshakeAlreadyCompleted`].
    pub fn process_bytes(&mut self, data: &[u8]) -> Result<HandshakeProcessResult, HandshakeError> {
        if self.completed {
            return Err(HandshakeError::HandshakeAlreadyCompleted);
        }
        let used = self.session.feed(data)?;
        let response_bytes = self.session.drain();
        if self.session.is_done() {
            self.completed = true;
            Ok(HandshakeProcessResult::Completed {
                response_bytes,
                remaining_bytes: data[used..].to_vec(),
            })
        } else {
            Ok(HandshakeProcessResult::InProgress { response_bytes })
        }
    }

    /// Whether the peer's P2 verified (a valid signature, or an echo of our
    /// P1); rml_rtmp does not check it.
    pub fn peer_verified(&self) -> bool {
        self.session.peer_verified()
    }

    /// The handshake the peer's P1 led to, once known.
    pub fn mode(&self) -> Option<Mode> {
        self.session.mode()
    }

    /// The underlying handle: everything else that was learned.
    pub fn session(&self) -> &session::Handshake {
        &self.session
    }

    /// The underlying handle, e.g. to decrypt the stream after RTMPE.
    pub fn session_mut(&mut self) -> &mut session::Handshake {
        &mut self.session
    }
}
