"""Browser tests: a real `loften serve` on 127.0.0.1, driven in Debian's Chromium by Playwright.

Playwright is pointed at the system browser (never `playwright install`). axe-core comes from
npm (package.json at the repository root) and is injected into every page checked. Each test
saves a screenshot of its final page under out/screenshots/.
Outside CI the tests skip, with the reason, when Chromium or axe-core is missing; in CI
(CI=1) a missing tool is a failure, so the browser tests cannot be skipped unnoticed.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from webarchive import PASSWORD, ROOT, ROLE_USER, sample_archive

CHROMIUM = os.environ.get("LOFTEN_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "out" / "screenshots"
LAUNCH_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync"]
SERVER_START_S = 60.0


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must run the browser tests: .ci/run installs it)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        _missing(f"axe-core is missing ({AXE}); run `npm ci` in {ROOT}")
    return AXE.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Path:
    return sample_archive(tmp_path_factory, "e2e")


@pytest.fixture(scope="session")
def server(archive, chromium_path) -> str:
    """`loften serve` with two worker processes (so every test also checks that a login,
    a basket and a finished draft hold whichever worker answers) on a free port; its address."""
    port = _free_port()
    command = [sys.executable, "-m", "pipeline", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
               "--corpus", str(archive / "corpus"), "--index", str(archive / "index"),
               "--users", str(archive / "users.json")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOFTEN_")}
    log = open(archive / "server.log", "w")
    process = subprocess.Popen(command, cwd=archive, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + SERVER_START_S
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"loften serve did not start: {(archive / 'server.log').read_text()}")
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=LAUNCH_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, request, tmp_path):
    """A fresh browser context (no cookies) on the server; the final page is saved as
    out/screenshots/<test>.png. bypass_csp lets the test inject axe-core, which the app's
    Content-Security-Policy would otherwise (rightly) refuse."""
    context = browser.new_context(base_url=server, accept_downloads=True, bypass_csp=True, locale="sv-SE",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w-]+", "_", request.node.name)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


def log_in(page, role: str) -> None:
    name = ROLE_USER[role]
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(name)
    page.get_by_label("Lösenord").fill(PASSWORD[name])
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/sok"))


def assert_accessible(page, axe_source: str) -> None:
    """axe-core's WCAG 2.1 A/AA rules and best practices: no violations."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    problems = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"]]
    assert problems == [], f"{page.url}: " + "; ".join(problems)


@pytest.fixture
def axe(axe_source):
    return lambda page: assert_accessible(page, axe_source)
