#!/usr/bin/env python3
"""The Doxygen API reference documents every public function of the header.

Doxygen runs with warnings as errors (an undocumented member fails the
build); this checks the result: the HTML exists, and each rtmp_hs_*
function, and each RTMP_HS_* constant, of the header has its entry with its
text on the header's page.

Usage: check_api_reference.py HEADER HTML_DIR
"""
import html
import os
import re
import sys


def fail(message):
    sys.exit(f"FAIL: {message}")


def main():
    header, html_dir = sys.argv[1], sys.argv[2]
    page_path = os.path.join(html_dir, "rtmp__handshake_8h.html")
    if not os.path.isfile(os.path.join(html_dir, "index.html")):
        fail(f"no {html_dir}/index.html: doxygen missing at configure time? "
             "apt-get install doxygen, then re-run cmake")
    if not os.path.isfile(page_path):
        fail(f"no {page_path}: the header is not documented as a file (@file)")
    with open(header, encoding="utf-8") as f:
        source = f.read()
    with open(page_path, encoding="utf-8") as f:
        page = html.unescape(re.sub(r"<[^>]+>", "", f.read()))

    functions = re.findall(r"RTMP_HS_EXTERN\s+[^;(]*?\b(rtmp_hs_\w+)\s*\(", source)
    constants = re.findall(r"^\s*(RTMP_HS_[A-Z0-9_]+)\s*=", source, re.M)
    constants += re.findall(r"^#define\s+(RTMP_HS_(?!EXTERN|H\b)[A-Z0-9_]+)", source, re.M)
    if len(functions) < 20:
        fail(f"only {len(functions)} functions parsed from {header}")
    missing = [name for name in functions + constants if name not in page]
    if missing:
        fail("not in the API reference: " + ", ".join(missing))
    # Each function's entry carries its comment, not only its prototype: the
    # first words of the comment above each declaration are on the page.
    flat = " ".join(page.split())
    for comment, name in re.findall(
            r"/\*\*((?:(?!\*/).)*)\*/\s*RTMP_HS_EXTERN\s+[^;(]*?\b(rtmp_hs_\w+)\s*\(",
            source, re.S):
        words = " ".join(re.sub(r"^\s*\*", "", comment, flags=re.M).split()[:5])
        if words not in flat:
            fail(f"{name}: its comment ('{words} ...') is not in the API reference")
    print(f"API reference: {len(functions)} functions and {len(constants)} constants documented")


if __name__ == "__main__":
    main()
