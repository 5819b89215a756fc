//! A client and a server over a real TCP socket on 127.0.0.1, with the
//! rml_rtmp-compatible API on both sides, and the first bytes of the RTMP
//! chunk stream sent in the same write as C2.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use rtmp_handshake::handshake::{Handshake, HandshakeError, HandshakeProcessResult, PeerType};
use rtmp_handshake::Mode;

const TIMEOUT: Duration = Duration::from_secs(10);
const AFTER: &[u8] = b"\x03\x00\x00\x00\x00\x00\x19\x14\x00\x00\x00\x00\x02\x00\x07connect";

/// Runs the handshake on `stream`, sends `extra` in the same write as the
/// last response, and reads until `want_after` bytes followed the handshake.
/// Returns (those bytes, the handshake).
fn run(
    mut stream: TcpStream,
    mut hs: Handshake,
    extra: &[u8],
    want_after: usize,
) -> (Vec<u8>, Handshake) {
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let first = hs.generate_outbound_p0_and_p1().unwrap();
    stream.write_all(&first).unwrap();
    let mut buf = [0u8; 700]; // small reads: the flights arrive in pieces
    loop {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "peer closed during the handshake");
        match hs.process_bytes(&buf[..n]).unwrap() {
            HandshakeProcessResult::InProgress { response_bytes } => {
                stream.write_all(&response_bytes).unwrap();
            }
            HandshakeProcessResult::Completed {
                response_bytes,
                mut remaining_bytes,
            } => {
                let mut out = response_bytes;
                out.extend_from_slice(extra);
                stream.write_all(&out).unwrap();
                while remaining_bytes.len() < want_after {
                    let n = stream.read(&mut buf).unwrap();
                    assert!(n > 0);
                    remaining_bytes.extend_from_slice(&buf[..n]);
                }
                return (remaining_bytes, hs);
            }
        }
    }
}

#[test]
fn client_and_server_over_tcp() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        run(stream, Handshake::new(PeerType::Server), b"", AFTER.len())
    });
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (client_rest, client) = run(stream, Handshake::new(PeerType::Client), AFTER, 0);
    let (server_rest, mut server) = server.join().unwrap();

    assert!(client_rest.is_empty());
    assert_eq!(
        server_rest, AFTER,
        "the chunk stream after C2, nothing lost or duplicated"
    );
    for hs in [&client, &server] {
        assert_eq!(hs.mode(), Some(Mode::Digest));
        assert!(hs.peer_verified());
    }
    assert!(matches!(
        server.process_bytes(b"more"),
        Err(HandshakeError::HandshakeAlreadyCompleted)
    ));
}
