//! The safe API against the built library: both roles, every mode,
//! fragmentation, leftovers, errors, the random callback, Send.

use std::io;
use std::sync::{Arc, Mutex};

use rtmp_handshake::{Error, Handshake, Mode, Role, State, Status};

const PACKET: usize = 1536;
const FLIGHT: usize = 1 + 2 * PACKET;

/// A deterministic random source (a 64-bit LCG) recording each size asked.
fn seeded(
    seed: u64,
    calls: Option<Arc<Mutex<Vec<usize>>>>,
) -> impl FnMut(&mut [u8]) -> io::Result<()> + Send {
    let mut state = seed;
    move |buf: &mut [u8]| {
        if let Some(calls) = &calls {
            calls.lock().unwrap().push(buf.len());
        }
        for b in buf.iter_mut() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *b = (state >> 56) as u8;
        }
        Ok(())
    }
}

/// Moves what `src` has queued to `dst`, `piece` bytes at a time (0: all at
/// once); returns the count.
fn step(src: &mut Handshake, dst: &mut Handshake, wire: &mut Vec<u8>, piece: usize) -> usize {
    let out = src.drain();
    let size = if piece == 0 { out.len().max(1) } else { piece };
    for part in out.chunks(size) {
        assert_eq!(dst.feed(part).unwrap(), part.len());
    }
    wire.extend_from_slice(&out);
    out.len()
}

/// Plays client against server until neither has anything to send.
/// Returns (client->server, server->client).
fn pump(client: &mut Handshake, server: &mut Handshake, piece: usize) -> (Vec<u8>, Vec<u8>) {
    let (mut to_server, mut to_client) = (Vec::new(), Vec::new());
    client.start().unwrap();
    while step(client, server, &mut to_server, piece) + step(server, client, &mut to_client, piece)
        > 0
    {}
    (to_server, to_client)
}

fn pair() -> (Handshake, Handshake) {
    (
        Handshake::new(Role::Client).unwrap(),
        Handshake::new(Role::Server).unwrap(),
    )
}

fn assert_done(h: &Handshake, mode: Mode) {
    assert_eq!(h.state(), State::Done);
    assert!(h.is_done());
    assert_eq!(h.error(), None);
    assert_eq!(h.mode(), Some(mode));
    assert!(h.peer_verified());
    assert_eq!(h.peer_p0(), Some(3));
    assert_eq!(h.needed(), 0);
}

#[test]
fn digest_handshake_reports_the_peer() {
    let (mut client, mut server) = pair();
    client.set_time(1000).unwrap();
    server.set_time(2000).unwrap();
    let (to_server, to_client) = pump(&mut client, &mut server, 0);
    assert_eq!((to_server.len(), to_client.len()), (FLIGHT, FLIGHT));
    assert_done(&client, Mode::Digest);
    assert_done(&server, Mode::Digest);
    assert_eq!(
        (server.peer_scheme(), client.peer_scheme()),
        (Some(0), Some(0))
    );
    assert_eq!(server.peer_version(), 0x8000_0702);
    assert_eq!(client.peer_version(), 0x0405_0001);
    assert_eq!((server.peer_time(), client.peer_time()), (1000, 2000));
}

#[test]
fn scheme_1_is_mirrored() {
    let (mut client, mut server) = pair();
    client.set_scheme(Some(1)).unwrap();
    pump(&mut client, &mut server, 0);
    assert_eq!(
        (server.peer_scheme(), client.peer_scheme()),
        (Some(1), Some(1))
    );
}

#[test]
fn original_handshake_echoes_byte_for_byte() {
    let (mut client, mut server) = pair();
    client.set_version(0).unwrap();
    let (to_server, to_client) = pump(&mut client, &mut server, 0);
    assert_done(&client, Mode::Simple);
    assert_done(&server, Mode::Simple);
    assert_eq!(&to_client[1 + PACKET..], &to_server[1..1 + PACKET]); // S2 = C1
    assert_eq!(&to_server[1 + PACKET..], &to_client[1..1 + PACKET]); // C2 = S1
    assert_eq!(server.peer_scheme(), None);
}

#[test]
fn strict_options_pass_a_digest_peer_and_refuse_others() {
    let (mut client, mut server) = pair();
    for h in [&mut client, &mut server] {
        h.set_require_digest(true).unwrap();
        h.set_verify_p2(true).unwrap();
    }
    pump(&mut client, &mut server, 0);
    assert_done(&server, Mode::Digest);

    let (mut simple, mut strict) = pair();
    simple.set_version(0).unwrap();
    strict.set_require_digest(true).unwrap();
    simple.start().unwrap();
    let err = strict.feed(&simple.drain()).unwrap_err();
    assert_eq!(err.status(), Status::Digest);
    assert_eq!(err.name(), "RTMP_HS_ERR_DIGEST");
    assert_eq!(err.code(), -13);
    assert!(
        err.to_string().starts_with("RTMP_HS_ERR_DIGEST (-13): "),
        "{err}"
    );
    assert_eq!(strict.state(), State::Failed);
    assert_eq!(strict.error(), Some(err));
}

#[test]
fn unverified_p2_is_reported_or_refused() {
    let mut junk = vec![3u8];
    junk.extend_from_slice(&[0u8; 8]);
    junk.resize(FLIGHT, 0x11);
    let mut lenient = Handshake::new(Role::Client).unwrap();
    assert_eq!(lenient.feed(&junk).unwrap(), FLIGHT);
    assert!(lenient.is_done());
    assert!(!lenient.peer_verified());
    let mut strict = Handshake::new(Role::Client).unwrap();
    strict.set_verify_p2(true).unwrap();
    assert_eq!(strict.feed(&junk).unwrap_err().status(), Status::Signature);
}

#[test]
fn one_byte_at_a_time_gives_the_same_bytes() {
    let mut runs = Vec::new();
    for piece in [0, 1, 7] {
        let (mut client, mut server) = pair();
        client.set_random(seeded(7, None)).unwrap();
        server.set_random(seeded(8, None)).unwrap();
        runs.push(pump(&mut client, &mut server, piece));
        assert_done(&server, Mode::Digest);
    }
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
}

#[test]
fn bytes_after_the_handshake_are_not_consumed() {
    let chunk = b"\x03\x00\x00\x00\x00\x00\xbe\x14\x00\x00\x00\x00\x02\x00\x07connect";
    let (mut client, mut server) = pair();
    client.start().unwrap();
    assert_eq!(server.feed(&client.drain()).unwrap(), 1 + PACKET);
    let mut data = server.drain();
    data.extend_from_slice(chunk);
    let used = client.feed(&data).unwrap();
    assert_eq!((used, &data[used..]), (FLIGHT, &chunk[..]));
    assert!(client.is_done());
    assert_eq!(client.pending(), PACKET); // C2, queued by the completing call
    let mut data = client.drain();
    data.extend_from_slice(chunk);
    let used = server.feed(&data).unwrap();
    assert_eq!(&data[used..], &chunk[..]);
    assert_eq!(server.feed(chunk).unwrap(), 0);
    assert!(server.drain().is_empty());
}

#[test]
fn wrong_protocols_name_their_status_and_stick() {
    let mut version = vec![7u8];
    version.resize(1 + PACKET, 0);
    let cases: [(Role, &[u8], Status); 4] = [
        (
            Role::Server,
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
            Status::Tls,
        ),
        (
            Role::Server,
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
            Status::Http,
        ),
        (
            Role::Client,
            b"HTTP/1.1 400 Bad Request\r\n\r\n",
            Status::Http,
        ),
        (Role::Server, &version, Status::Version),
    ];
    for (role, data, status) in cases {
        let mut h = Handshake::new(role).unwrap();
        for _ in 0..2 {
            let err = h.feed(data).unwrap_err();
            assert_eq!(err.status(), status);
            assert!(status.is_sticky());
            assert!(err.name().starts_with("RTMP_HS_ERR_"));
            assert!(!status.text().is_empty());
        }
        assert_eq!(h.state(), State::Failed);
        assert!(h.drain().is_empty());
    }
}

#[test]
fn refused_options() {
    let mut h = Handshake::new(Role::Client).unwrap();
    assert_eq!(h.set_scheme(Some(5)).unwrap_err().status(), Status::Arg);
    h.start().unwrap();
    assert_eq!(h.set_version(1).unwrap_err().status(), Status::State);
    assert_eq!(h.set_verify_p2(true).unwrap_err().status(), Status::State);
    assert_eq!(
        h.set_random(seeded(1, None)).unwrap_err().status(),
        Status::State
    );
    assert_eq!(Status::from_code(0), None);
    assert_eq!(Status::from_code(-13), Some(Status::Digest));
    assert_eq!(Status::from_code(-1000), Some(Status::Other(-1000)));
    assert_eq!(Status::Other(-1000).name(), "RTMP_HS_ERR_?");
}

#[test]
fn random_callback_is_used_and_reproducible() {
    let mut streams = Vec::new();
    for _ in 0..2 {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let (mut client, mut server) = pair();
        client.set_random(seeded(42, Some(calls.clone()))).unwrap();
        server.set_random(seeded(43, None)).unwrap();
        streams.push(pump(&mut client, &mut server, 0));
        assert_eq!(*calls.lock().unwrap(), vec![1528]);
    }
    assert_eq!(streams[0], streams[1]);
    let (mut client, mut server) = pair();
    client.set_random(seeded(44, None)).unwrap();
    server.set_random(seeded(43, None)).unwrap();
    let other = pump(&mut client, &mut server, 0);
    assert_ne!(other.0[9..1 + PACKET], streams[0].0[9..1 + PACKET]);
}

#[test]
fn failing_or_panicking_random_source_fails_with_random() {
    let mut h = Handshake::new(Role::Client).unwrap();
    h.set_random(|_: &mut [u8]| Err(io::Error::new(io::ErrorKind::Other, "no entropy")))
        .unwrap();
    assert_eq!(h.start().unwrap_err().status(), Status::Random);
    assert_eq!(h.pending(), 0);

    let mut h = Handshake::new(Role::Client).unwrap();
    h.set_random(|_: &mut [u8]| panic!("deliberate panic in the random source"))
        .unwrap();
    let err: Error = h.start().unwrap_err();
    assert_eq!(err.status(), Status::Random);
    assert_eq!(h.state(), State::Failed);
}

#[test]
fn a_handle_moves_to_another_thread() {
    fn is_send<T: Send>() {}
    is_send::<Handshake>();
    let (mut client, mut server) = pair();
    client.start().unwrap();
    let c_flight = client.drain();
    let s_flight = std::thread::spawn(move || {
        server.feed(&c_flight).unwrap();
        (server.drain(), server)
    });
    let (s_flight, mut server) = s_flight.join().unwrap();
    client.feed(&s_flight).unwrap();
    server.feed(&client.drain()).unwrap();
    assert!(client.is_done() && server.is_done());
    assert!(format!("{server:?}").contains("Done"));
}

#[test]
fn library_version_matches_its_string() {
    let v = rtmp_handshake::version();
    assert_eq!(
        rtmp_handshake::version_string(),
        format!("{}.{}.{}", v >> 16, (v >> 8) & 0xff, v & 0xff)
    );
}

#[cfg(rtmp_hs_rtmpe)]
#[test]
fn encrypted_handshake_and_streams() {
    let (mut client, mut server) = pair();
    client.set_encryption(9).unwrap();
    server.set_encryption((1 << 6) | (1 << 9)).unwrap();
    pump(&mut client, &mut server, 0);
    for h in [&client, &server] {
        assert_eq!(h.mode(), Some(Mode::Encrypted));
        assert_eq!(h.encryption_type(), 9);
    }
    let message = b"hello, encrypted world".to_vec();
    let mut wire = message.clone();
    client.encrypt(&mut wire).unwrap();
    assert_ne!(wire, message);
    let (a, b) = wire.split_at_mut(5);
    server.decrypt(a).unwrap();
    server.decrypt(b).unwrap();
    assert_eq!(wire, message);
}

#[test]
fn rtmpe_follows_the_header() {
    let header = std::env::var("RTMP_HS_HEADER")
        .ok()
        .or_else(|| option_env!("RTMP_HS_BUILD_HEADER").map(String::from))
        .expect("RTMP_HS_HEADER");
    let text = std::fs::read_to_string(header).unwrap();
    assert_eq!(
        Handshake::has_rtmpe(),
        text.contains("rtmp_hs_set_encryption(")
    );
}
