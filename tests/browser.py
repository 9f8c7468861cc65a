"""A real browser for tests: Playwright driving Debian's chromium (installed by .ci/run).

Skips on a machine without them, but fails under CI=true, so CI cannot silently skip the
browser tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser")


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}, but CI=true requires the browser tests (see .ci/run)", pytrace=False)
    pytest.skip(f"{what}: install chromium and playwright to run the browser tests")


# The flags keep chromium off the network (background updates, QUIC) in a closed sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless chromium, shared by a module's tests."""
    executable = next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)
    if executable is None:
        _missing("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def browser_page(browser: Any) -> Any:
    """A fresh headless chromium page."""
    return browser.new_page()
