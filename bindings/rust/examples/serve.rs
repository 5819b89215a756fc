//! A blocking RTMP server that handshakes each client and prints what it
//! learned, then closes (it speaks the handshake, not RTMP):
//!
//! ```sh
//! cargo run --example serve -- 127.0.0.1:1935
//! ffmpeg -re -f lavfi -i testsrc -t 2 -f flv rtmp://127.0.0.1:1935/live/s
//! ```

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use rtmp_handshake::handshake::{Handshake, HandshakeError, HandshakeProcessResult, PeerType};

fn handshake(stream: &mut TcpStream) -> Result<(Handshake, Vec<u8>), HandshakeError> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut hs = Handshake::new(PeerType::Server);
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof).into());
        }
        match hs.process_bytes(&buf[..n])? {
            HandshakeProcessResult::InProgress { response_bytes } => {
                stream.write_all(&response_bytes)?
            }
            HandshakeProcessResult::Completed {
                response_bytes,
                remaining_bytes,
            } => {
                stream.write_all(&response_bytes)?;
                return Ok((hs, remaining_bytes));
            }
        }
    }
}

fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:1935".to_string());
    let listener = TcpListener::bind(&addr)?;
    eprintln!("listening on {}", listener.local_addr()?);
    for stream in listener.incoming() {
        let mut stream = stream?;
        let peer = stream.peer_addr()?;
        match handshake(&mut stream) {
            Ok((hs, rest)) => {
                let s = hs.session();
                println!(
                    "{peer}: C0={:?} version={:#010x} mode={:?} scheme={:?} c2_verified={} \
                     then {} bytes of the chunk stream",
                    s.peer_p0(),
                    s.peer_version(),
                    s.mode(),
                    s.peer_scheme(),
                    s.peer_verified(),
                    rest.len()
                );
            }
            Err(e) => println!("{peer}: handshake failed: {e} ({:?})", e.status()),
        }
    }
    Ok(())
}
