"""The whole sign-in suite on the other backend: tests/app/test_signin.py and the session routes run again
in a pytest of their own whose accounts folder keeps its state in a PostgreSQL started for it
(ANTQ_TEST_STORE=postgresql, tests/conftest.py). The default run covers SQLite."""
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow  # runs a second pytest
def test_the_sign_in_suite_passes_with_the_state_in_postgresql():
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/app/test_signin.py",
                          "tests/unit/test_session_routes.py"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "ANTQ_TEST_STORE": "postgresql"}, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and " failed" not in run.stdout
