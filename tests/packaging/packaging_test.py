#!/usr/bin/env python3
"""Builds the project the ways packagers and users do, from a copy of the
tree in a scratch directory with nothing beside it.

  no-test-deps   -DBUILD_TESTING=OFF with GoogleTest, Python and Google
                 Benchmark made unfindable: configures, builds and installs
                 the library, the tool and the man page, and builds no test.
  subproject     a consumer pulls the tree in with add_subdirectory or
                 FetchContent and links rtmp-handshake::rtmp-handshake: no
                 tests, no tool, nothing installed.
  missing-deps   configure names the Debian package when mbedTLS or
                 GoogleTest is missing.
  readme         the README gives exactly two commands, .ci/run runs the
                 test one, and the main job passes in a copy of the clone.

Usage: packaging_test.py CHECK SOURCE_DIR WORK_DIR GENERATOR [C_COMPILER CXX_COMPILER]
"""
import os
import re
import shutil
import subprocess
import sys
import textwrap

CHECK, SOURCE, WORK, GENERATOR = sys.argv[1:5]
COMPILERS = sys.argv[5:7]


def fail(message):
    sys.exit(f"FAIL: {message}")


def run(argv, cwd=None, expect_ok=True, timeout=900, env=None):
    print("+", " ".join(argv), flush=True)
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True,
                            timeout=timeout, env=env)
    if expect_ok and result.returncode != 0:
        fail(f"{' '.join(argv)} exited {result.returncode}:\n"
             f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def copy_tree(dest):
    """The files a clone has (tracked or new, never ignored) into dest."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    if os.path.isdir(os.path.join(SOURCE, ".git")):
        listed = run(["git", "-C", SOURCE, "ls-files", "-z", "--cached", "--others",
                      "--exclude-standard"]).stdout.split("\0")
        for rel in filter(None, listed):
            src = os.path.join(SOURCE, rel)
            if os.path.isfile(src):  # skip files deleted in the work tree
                os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
                shutil.copy2(src, os.path.join(dest, rel))
    else:  # a release tarball: everything but build trees
        shutil.copytree(SOURCE, dest, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("build", "build-*", ".git"))
    return dest


def configure_args(src, build, *extra):
    args = ["cmake", "-S", src, "-B", build, "-G", GENERATOR, "-DCMAKE_BUILD_TYPE=Release"]
    if COMPILERS:
        args += [f"-DCMAKE_C_COMPILER={COMPILERS[0]}", f"-DCMAKE_CXX_COMPILER={COMPILERS[1]}"]
    return args + list(extra)


def cache(build):
    values = {}
    with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9_]+):[A-Z]+=(.*)$", line.rstrip("\n"))
            if m:
                values[m.group(1)] = m.group(2)
    return values


def built_files(build):
    return {os.path.relpath(os.path.join(d, f), build)
            for d, _, files in os.walk(build) for f in files}


def no_test_deps():
    # WORK/alone holds the copy and nothing else beside it.
    src = copy_tree(os.path.join(WORK, "alone", "rtmp-handshake"))
    build, prefix = os.path.join(WORK, "build"), os.path.join(WORK, "prefix")
    shutil.rmtree(build, ignore_errors=True)
    shutil.rmtree(prefix, ignore_errors=True)
    run(configure_args(src, build, "-DBUILD_TESTING=OFF",
                             "-DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON",
                             "-DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON",
                             "-DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON"))
    values = cache(build)
    if values.get("RTMP_HS_BUILD_TESTS") != "OFF":
        fail(f"BUILD_TESTING=OFF left RTMP_HS_BUILD_TESTS={values.get('RTMP_HS_BUILD_TESTS')}")
    looked_up = [k for k in values if k.startswith(("INTEROP_", "GTEST_", "Python3_EXECUTABLE"))]
    if looked_up:
        fail(f"a build without tests looked for test dependencies: {looked_up}")
    run(["cmake", "--build", build, "-j2"])
    tests = [f for f in built_files(build) if re.search(r"_tests?$|fuzz_|/tests/", f)]
    if tests:
        fail(f"test programs were built: {sorted(tests)[:5]}")
    if os.path.exists(os.path.join(build, "CTestTestfile.cmake")):
        fail("ctest files were generated although BUILD_TESTING=OFF")
    run(["cmake", "--install", build, "--prefix", prefix])
    installed = built_files(prefix)
    want = ["include/rtmp_handshake.h", "bin/rtmp-handshake",
            "lib/pkgconfig/rtmp-handshake.pc".replace("lib/", values["CMAKE_INSTALL_LIBDIR"] + "/")]
    if shutil.which("help2man"):
        want.append("share/man/man1/rtmp-handshake.1")
    if shutil.which("doxygen"):
        want.append("share/doc/rtmp-handshake/html/index.html")
    missing = [w for w in want if w not in installed]
    if missing:
        fail(f"not installed: {missing}")
    tool = os.path.join(prefix, "bin", "rtmp-handshake")
    version = run([tool, "--version"]).stdout.strip()
    print(f"installed {len(installed)} files; {version}")


CONSUMER = """\
cmake_minimum_required(VERSION 3.25)
project(consumer C)
{pull}
add_executable(consumer main.c)
target_link_libraries(consumer PRIVATE rtmp-handshake::rtmp-handshake)
install(TARGETS consumer)
"""
PULLS = {
    "add_subdirectory": 'add_subdirectory("{src}" rtmp-handshake)',
    "fetchcontent": textwrap.dedent("""\
        include(FetchContent)
        FetchContent_Declare(rtmp-handshake SOURCE_DIR "{src}")
        FetchContent_MakeAvailable(rtmp-handshake)"""),
}


def subproject(kind):
    src = copy_tree(os.path.join(WORK, "alone", "rtmp-handshake"))
    project = os.path.join(WORK, "consumer")
    build, prefix = os.path.join(WORK, "build"), os.path.join(WORK, "prefix")
    for d in (project, build, prefix):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(project)
    with open(os.path.join(project, "CMakeLists.txt"), "w", encoding="utf-8") as f:
        f.write(CONSUMER.format(pull=PULLS[kind].format(src=src)))
    shutil.copy(os.path.join(src, "examples", "handshake_in_memory.c"),
                os.path.join(project, "main.c"))
    run(configure_args(project, build))
    values = cache(build)
    for option in ("RTMP_HS_BUILD_TESTS", "RTMP_HS_BUILD_TOOLS", "RTMP_HS_INSTALL"):
        if values.get(option) != "OFF":
            fail(f"as a subproject {option} is {values.get(option)}, not OFF")
    run(["cmake", "--build", build, "-j2"])
    built = built_files(build)
    extra = [f for f in built if re.search(r"(_tests?|rtmp-handshake|fuzz_\w+)$", f)]
    if extra:
        fail(f"the subproject built more than the library: {sorted(extra)}")
    result = run([os.path.join(build, "consumer")])
    if "handshakes completed" not in result.stdout:
        fail(f"the consumer's handshakes did not run:\n{result.stdout}")
    run(["cmake", "--install", build, "--prefix", prefix])
    installed = sorted(built_files(prefix))
    if installed != ["bin/consumer"]:
        fail(f"installing the consumer installed more than its program: {installed}")
    print(result.stdout.strip().splitlines()[-1])


def missing_deps():
    src = copy_tree(os.path.join(WORK, "alone", "rtmp-handshake"))
    cases = [
        ("mbedTLS", ["-DCMAKE_DISABLE_FIND_PACKAGE_MbedTLS=ON"], "apt-get install libmbedtls-dev"),
        ("GoogleTest", ["-DBUILD_TESTING=ON", "-DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON"],
         "apt-get install libgtest-dev"),
    ]
    for what, flags, hint in cases:
        build = os.path.join(WORK, "build-" + what)
        shutil.rmtree(build, ignore_errors=True)
        result = run(configure_args(src, build, *flags), expect_ok=False, timeout=120)
        if result.returncode == 0:
            fail(f"configure succeeded without {what}")
        if hint not in " ".join((result.stdout + result.stderr).split()):
            fail(f"configure without {what} did not say '{hint}':\n{result.stderr[-2000:]}")
        print(f"without {what}: configure stops and says '{hint}'")


def readme():
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("## The two commands", 1)
    if len(section) != 2:
        fail("README has no 'The two commands' section")
    body = section[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\|[^|]*\|\s*`([^`]+)`\s*\|$", body, re.M)
    if len(commands) != 2:
        fail(f"README's table gives {len(commands)} commands, not 2: {commands}")
    main_job, test_command = commands
    if "nothing beside it" not in body:
        fail("README's commands do not say they run from a clone with nothing beside it")
    with open(os.path.join(SOURCE, ".ci", "run"), encoding="utf-8") as f:
        ci = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    if not any(line.endswith(test_command) for line in ci):
        fail(f".ci/run does not run the README's test command '{test_command}': {ci}")
    # The main job, as a user runs it, in a copy with nothing beside it.
    clone = copy_tree(os.path.join(WORK, "alone", "rtmp-handshake"))
    result = run(["bash", "-c", main_job], cwd=clone, timeout=1200)
    print(result.stdout[-2500:])


CHECKS = {"no-test-deps": no_test_deps, "missing-deps": missing_deps, "readme": readme,
          "add_subdirectory": lambda: subproject("add_subdirectory"),
          "fetchcontent": lambda: subproject("fetchcontent")}

if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    CHECKS[CHECK]()
