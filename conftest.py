"""Shared pytest fixtures. Browser fixtures drive Debian's chromium through Playwright."""

import os
import random
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests are judged on what they find, not on how fast one example runs: a loaded CI
# machine must not turn a slow example into a failure. "ci" (chosen by CI=1 or
# HYPOTHESIS_PROFILE=ci) runs ten times the examples; tests that set their own count scale it
# with testing.hypothesis.examples(n).
hypothesis_settings.register_profile("project", deadline=None, print_blob=True)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("project"), max_examples=1000
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "project")
)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """One seed per run for every property test, chosen here unless given
    (--hypothesis-seed=N or HYPOTHESIS_SEED=N), and printed in the header and after a failure,
    so that what one run found the next can replay."""
    if config.getoption("hypothesis_seed", None) is None:
        seed = os.environ.get("HYPOTHESIS_SEED") or str(random.SystemRandom().randrange(2**32))
        config.option.hypothesis_seed = seed


def _seed_line(config) -> str:
    seed = config.getoption("hypothesis_seed", None)
    return f"hypothesis seed: {seed} (replay with --hypothesis-seed={seed})"


def pytest_report_header(config):
    return _seed_line(config)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts from empty caches, as its database starts from a clean transaction: a
    value cached by one test (site totals, a page fragment) must not answer in the next."""
    yield
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}; CI must run the browser tests")
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; the journey fails if the browser reports a Content-Security-Policy
    violation (an inline script, style or style= attribute that slipped into a template)."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, f"CSP violations in the browser console: {sorted(set(violations))}"


def pytest_terminal_summary(terminalreporter):
    """Say how many browser journeys ran, so a CI log shows the browser was really driven, and
    repeat the property tests' seed after a failure."""
    if terminalreporter.stats.get("failed") or terminalreporter.stats.get("error"):
        terminalreporter.write_line(_seed_line(terminalreporter.config))
    counts = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        counts[outcome] = sum(
            1
            for report in terminalreporter.stats.get(outcome, [])
            if "e2e" in getattr(report, "keywords", {})
        )
    if any(counts.values()):
        terminalreporter.write_line(
            "browser journeys (chromium): "
            + ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n)
        )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _search_index_per_test(settings, tmp_path):
    """Every test gets its own search index directory: the index follows the test database."""
    from catalog.search import index

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield
    index.forget()
