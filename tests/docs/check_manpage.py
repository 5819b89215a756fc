#!/usr/bin/env python3
"""rtmp-handshake(1) documents the tool as it is.

Renders the generated page with man(1) and checks that it names every
command, every option each command's --help lists, the exit status and
examples, and the version the tool prints. With --installed PREFIX it checks
the page that `cmake --install` put under PREFIX/share/man instead, found the
way `man rtmp-handshake` finds it.

Usage: check_manpage.py TOOL (PAGE | --installed PREFIX MANDIR)
"""
import os
import re
import shutil
import subprocess
import sys

COMMANDS = ("probe", "serve", "demo")


def fail(message):
    sys.exit(f"FAIL: {message}")


def run(*argv, env=None):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
    if result.returncode != 0:
        fail(f"{' '.join(argv)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def render(argv):
    if shutil.which("man") is None:
        fail("man not found: apt-get install man-db")
    env = dict(os.environ, MANWIDTH="200", MAN_KEEP_FORMATTING="0", PAGER="cat")
    text = run("man", *argv, env=env)
    # Overstrike bold/underline, should a man(1) keep it.
    return re.sub(r".\x08", "", text)


def main():
    tool = sys.argv[1]
    if sys.argv[2] == "--installed":
        prefix, mandir = sys.argv[3], sys.argv[4]
        manpath = os.path.join(prefix, mandir)
        where = run("man", f"--manpath={manpath}", "-w", "rtmp-handshake").strip()
        expected = os.path.join(manpath, "man1", "rtmp-handshake.1")
        if os.path.realpath(where) != os.path.realpath(expected):
            fail(f"man -w found {where}, not the installed {expected}")
        page = render([f"--manpath={manpath}", "rtmp-handshake"])
    else:
        if not os.path.isfile(sys.argv[2]):
            fail(f"{sys.argv[2]} was not generated: help2man missing at configure "
                 "time? apt-get install help2man, then re-run cmake")
        page = render(["-l", sys.argv[2]])

    problems = []
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS",
                    "EXIT STATUS", "EXAMPLES"):
        if not re.search(rf"^{section}$", page, re.M):
            problems.append(f"no {section} section")
    version = run(tool, "--version").split()[-1]
    if version not in page:
        problems.append(f"version {version} not in the page")
    for option in re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", run(tool, "--help"), re.M):
        if option not in page:
            problems.append(f"top-level option {option} not in the page")
    for command in COMMANDS:
        if not re.search(rf"^\s+{command}$", page, re.M):
            problems.append(f"no subsection for '{command}'")
        for option in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", run(tool, command, "--help"))):
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", page):
                problems.append(f"'{command} {option}' not in the page")
        for example in (f"rtmp-handshake {command}",):
            if example not in page.split("EXAMPLES", 1)[-1]:
                problems.append(f"no example of '{example}'")
    if problems:
        fail("; ".join(problems))
    print(f"rtmp-handshake(1): {len(page.splitlines())} lines, every command and option present")


if __name__ == "__main__":
    main()
