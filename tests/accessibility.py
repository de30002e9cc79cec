"""axe-core (npm, pinned in package.json) run on a page in headless Chromium (Debian's
`chromium` and `chromium-driver`, driven by selenium): the WCAG 2.2 A and AA rules, as a
browser with assistive technology would meet the page. `.ci/run` installs all three;
`unavailable()` says why a machine cannot run it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def unavailable() -> str:
    """Why axe cannot run here ('' when it can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "needs selenium (pip install '.[test]')"
    if not AXE.exists():
        return "needs axe-core (npm install, from package.json)"
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        return "needs Debian's chromium and chromium-driver"
    return ""


def violations(page: Path) -> list[dict]:
    """axe's WCAG 2.2 A/AA violations on a local page, opened from its file as a partner
    would (each: rule id, impact, help, and the offending elements' selectors)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.set_script_timeout(60)
        driver.get(page.resolve().as_uri())
        driver.execute_script(AXE.read_text())
        return driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
            " help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))))"
            ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));", TAGS)
    finally:
        driver.quit()
