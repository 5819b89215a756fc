//! The tests ran against the library they were meant to (the one just built,
//! never a stale installed copy): ctest names it in RTMP_HS_EXPECT_LIBRARY.

#[test]
fn the_expected_library_is_loaded() {
    let expected = match std::env::var("RTMP_HS_EXPECT_LIBRARY") {
        Ok(path) => std::fs::canonicalize(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
        Err(_) => {
            eprintln!("RTMP_HS_EXPECT_LIBRARY not set: nothing to compare with");
            return;
        }
    };
    assert!(rtmp_handshake::version() > 0); // the library is mapped now
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let loaded: Vec<&str> = maps
        .lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .filter(|path| path.contains("rtmp-handshake"))
        .collect();
    assert!(
        loaded
            .iter()
            .any(|path| std::path::Path::new(path) == expected),
        "expected {} to be loaded; mapped: {loaded:?}",
        expected.display()
    );
}
