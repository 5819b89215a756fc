//! The rml_rtmp-compatible module beyond its documented example: results in
//! pieces, errors and their statuses, strict options through from_session.

use rtmp_handshake::handshake::{Handshake, HandshakeError, HandshakeProcessResult, PeerType};
use rtmp_handshake::{Mode, Role, Status};

const PACKET: usize = 1536;

fn response(result: HandshakeProcessResult) -> Vec<u8> {
    match result {
        HandshakeProcessResult::InProgress { response_bytes } => response_bytes,
        other => panic!("expected InProgress, got {other:?}"),
    }
}

#[test]
fn a_server_sends_nothing_before_c0_c1_and_everything_after() {
    let mut server = Handshake::new(PeerType::Server);
    assert!(server.generate_outbound_p0_and_p1().unwrap().is_empty());
    let mut client = Handshake::new(PeerType::Client);
    let c0_c1 = client.generate_outbound_p0_and_p1().unwrap();
    assert_eq!(c0_c1.len(), 1 + PACKET);
    // One byte at a time: nothing to send until C1 is complete.
    let mut s_flight = Vec::new();
    for byte in c0_c1.chunks(1) {
        s_flight.extend(response(server.process_bytes(byte).unwrap()));
    }
    assert_eq!(s_flight.len(), 1 + 2 * PACKET);
    match client.process_bytes(&s_flight).unwrap() {
        HandshakeProcessResult::Completed {
            response_bytes,
            remaining_bytes,
        } => {
            assert_eq!(response_bytes.len(), PACKET);
            assert!(remaining_bytes.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(client.mode(), Some(Mode::Digest));
}

#[test]
fn a_client_that_skipped_p0_p1_sends_them_first() {
    let mut server = Handshake::new(PeerType::Server);
    let mut lazy = Handshake::new(PeerType::Client);
    let mut first = rtmp_handshake::Handshake::new(Role::Client).unwrap();
    first.start().unwrap();
    let s_flight = response(server.process_bytes(&first.drain()).unwrap());
    // Answering a server that is not ours: C0+C1 and C2 in one response.
    match lazy.process_bytes(&s_flight).unwrap() {
        HandshakeProcessResult::Completed { response_bytes, .. } => {
            assert_eq!(response_bytes.len(), 1 + 2 * PACKET);
            assert_eq!(response_bytes[0], 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(!lazy.peer_verified()); // S2 signed someone else's C1
}

#[test]
fn strict_options_through_from_session() {
    let mut strict = rtmp_handshake::Handshake::new(Role::Server).unwrap();
    strict.set_require_digest(true).unwrap();
    let mut server = Handshake::from_session(strict);
    let mut simple = rtmp_handshake::Handshake::new(Role::Client).unwrap();
    simple.set_version(0).unwrap();
    simple.start().unwrap();
    let err = server.process_bytes(&simple.drain()).unwrap_err();
    assert!(
        matches!(err, HandshakeError::UnknownPacket1Format),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(Status::Digest));
    assert_eq!(
        server.session().error().map(|e| e.status()),
        Some(Status::Digest)
    );
}

#[test]
fn failures_without_an_rml_variant_keep_their_status() {
    let mut server = Handshake::new(PeerType::Server);
    let err = server.process_bytes(b"GET / HTTP/1.1\r\n\r\n").unwrap_err();
    match &err {
        HandshakeError::Io(inner) => assert!(inner.to_string().contains("RTMP_HS_ERR_HTTP")),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(Status::Http));
    assert!(std::error::Error::source(&err).is_some());

    let mut server = Handshake::new(PeerType::Server);
    let err = server.process_bytes(&[7u8; 1 + PACKET]).unwrap_err();
    assert!(matches!(err, HandshakeError::BadVersionId));
    assert_eq!(err.status(), Some(Status::Version));
    // Sticky, as in the C API.
    assert!(matches!(
        server.process_bytes(b"\x03").unwrap_err(),
        HandshakeError::BadVersionId
    ));
}
