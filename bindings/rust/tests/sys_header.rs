//! `sys` declares every `rtmp_hs_*` function of the header with the same
//! number of parameters, and the header's constants with the same values.
//! The header is parsed now (RTMP_HS_HEADER, else the one build.rs found), so
//! this stays true as the header grows.

use std::collections::BTreeMap;

const SYS_SOURCE: &str = include_str!("../src/sys.rs");

fn header_text() -> String {
    let path = std::env::var("RTMP_HS_HEADER")
        .ok()
        .or_else(|| option_env!("RTMP_HS_BUILD_HEADER").map(String::from))
        .expect("set RTMP_HS_HEADER to rtmp_handshake.h (ctest does)");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The text without C comments and preprocessor lines.
fn strip_c(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |end| &after[end + 2..]);
        } else if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |end| &after[end..]);
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// From the '(' at the start of `text`: what is inside the matching ')',
/// split at the top-level commas, empty pieces (a trailing comma) dropped.
fn parameters(text: &str) -> Vec<String> {
    let mut depth = 0;
    let mut pieces = vec![String::new()];
    for c in text.chars() {
        match c {
            '(' | '<' | '[' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            ')' | '>' | ']' if depth > 0 => {
                // "->" inside a Rust fn-pointer type is not a closing bracket.
                if c == '>' && pieces.last().map_or(false, |p| p.ends_with('-')) {
                    pieces.last_mut().unwrap().push(c);
                    continue;
                }
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                pieces.push(String::new());
                continue;
            }
            _ => {}
        }
        pieces.last_mut().unwrap().push(c);
    }
    pieces
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty() && p != "void")
        .collect()
}

fn identifier_before(text: &str) -> &str {
    let trimmed = text.trim_end();
    let start = trimmed
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    &trimmed[start..]
}

fn header_functions() -> BTreeMap<String, usize> {
    let text = strip_c(&header_text());
    let mut found = BTreeMap::new();
    for (at, _) in text.match_indices("RTMP_HS_EXTERN") {
        let decl = &text[at..];
        let decl = &decl[..decl.find(';').expect("declaration without ';'")];
        let open = decl.find('(').expect("declaration without '('");
        let name = identifier_before(&decl[..open]);
        found.insert(name.to_string(), parameters(&decl[open..]).len());
    }
    found
}

fn sys_functions() -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for (at, _) in SYS_SOURCE.match_indices("pub fn rtmp_hs_") {
        let decl = &SYS_SOURCE[at + "pub fn ".len()..];
        let open = decl.find('(').unwrap();
        found.insert(decl[..open].to_string(), parameters(&decl[open..]).len());
    }
    found
}

#[test]
fn every_header_function_is_declared_with_its_parameter_count() {
    let header = header_functions();
    let sys = sys_functions();
    assert!(
        header.contains_key("rtmp_hs_feed"),
        "parsed nothing: {header:?}"
    );
    assert_eq!(header["rtmp_hs_feed"], 4);
    assert_eq!(header["rtmp_hs_version"], 0);
    assert_eq!(sys["rtmp_hs_set_random"], 3);
    for (name, count) in &header {
        assert_eq!(
            sys.get(name),
            Some(count),
            "{name} has {count} parameters in the header; sys declares {:?}",
            sys.get(name)
        );
    }
}

#[test]
fn header_constants_have_the_sys_values() {
    let text = strip_c(&header_text());
    let mut checked = 0;
    // "RTMP_HS_X = -13" inside the enums.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for piece in flat.split([',', '{', '}']) {
        let mut parts = piece.split('=');
        let (name, value) = match (parts.next(), parts.next()) {
            (Some(n), Some(v)) => (n.trim(), v.trim()),
            _ => continue,
        };
        if !name.starts_with("RTMP_HS_") {
            continue;
        }
        let value: i64 = value
            .parse()
            .unwrap_or_else(|_| panic!("{name} = {value}?"));
        let needle = format!("pub const {name}: c_int = {value};");
        assert!(SYS_SOURCE.contains(&needle), "sys lacks `{needle}`");
        checked += 1;
    }
    assert!(checked >= 23, "only {checked} enum constants found");
    let defines = header_text();
    for (name, value) in [("RTMP_HS_REQUIRE_DIGEST", 1), ("RTMP_HS_VERIFY_P2", 2)] {
        assert!(defines.contains(&format!("#define {name} {value}u")));
        assert!(SYS_SOURCE.contains(&format!("pub const {name}: u32 = {value};")));
    }
}
