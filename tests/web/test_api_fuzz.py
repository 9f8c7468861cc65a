"""The API fuzz (tests/web/api_fuzz_cases.py) in a pytest process of its own.

Schemathesis changes hypothesis' global state for whatever runs after it in the same process:
the plan-adaptation property tests then generated without bound until the machine ran out of
memory. A separate process keeps the fuzz and the rest of the suite apart.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).with_name("api_fuzz_cases.py")
ROOT = Path(__file__).resolve().parents[2]


def test_no_fuzzed_api_call_gets_a_server_error() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(CASES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-6000:] + finished.stderr[-2000:]
    assert " passed" in finished.stdout
