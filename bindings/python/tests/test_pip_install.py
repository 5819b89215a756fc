"""`pip install` of the package with no package index works, as README.md says.

RTMP_HS_PIP_PYTHON names the interpreter to install for (ctest: Debian's
/usr/bin/python3, which the README's command is for); else this one.

The package is copied to a temporary directory first (setuptools builds in
the tree it is given), installed from there with
``pip install --no-index --no-build-isolation --target DIR``, and the
installed copy, not the source, is imported and driven in a new interpreter.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import LIB_PATH

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT_S = 120

CHECK = """
import sys, rtmp_handshake as r
assert r.__file__.startswith(sys.argv[1]), r.__file__
with r.Handshake(r.Role.CLIENT) as c, r.Handshake(r.Role.SERVER) as s:
    c.start(); s.feed(c.drain()); c.feed(s.drain()); s.feed(c.drain())
    assert c.done and s.done and s.mode == r.Mode.DIGEST
print("installed", r.__version__, "library", r.library_version())
"""


class PipInstall(unittest.TestCase):
    def test_installs_offline_and_works(self):
        python = os.environ.get("RTMP_HS_PIP_PYTHON") or sys.executable
        # setuptools before pip: Debian's pip pulls in the stdlib distutils.
        probe = subprocess.run([python, "-c", "import setuptools, wheel, pip"],
                               capture_output=True, text=True, timeout=TIMEOUT_S)
        self.assertEqual(probe.returncode, 0,
                         "%s lacks pip, setuptools or wheel: apt-get install python3-pip "
                         "python3-setuptools python3-wheel\n%s" % (python, probe.stderr))
        with tempfile.TemporaryDirectory(prefix="rtmp-hs-pip-") as tmp:
            source = os.path.join(tmp, "python")
            shutil.copytree(PACKAGE_DIR, source, ignore=shutil.ignore_patterns(
                "build", "*.egg-info", "__pycache__", "tests"))
            target = os.path.join(tmp, "site")
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith("PIP_") and k != "PYTHONPATH"}
            env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
            install = subprocess.run(
                [python, "-m", "pip", "install", "--no-index",
                 "--no-build-isolation", "--target", target, source],
                cwd=tmp, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
            self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
            env["PYTHONPATH"] = target
            env["RTMP_HS_LIBRARY"] = LIB_PATH
            run = subprocess.run([python, "-c", CHECK, target], cwd=tmp, env=env,
                                 capture_output=True, text=True, timeout=TIMEOUT_S)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            self.assertIn("installed 0.1.0", run.stdout)


if __name__ == "__main__":
    unittest.main()
