"""axe-core (vendored, static/vendor/axe-core-*) over every public page and the main pages of
each role: no serious or critical violation. And the API documentation under the strict CSP:
no `securitypolicyviolation` event, no console report.

The pages come from the menus (`core.menu`): everything an anonymous visitor is offered, then,
for each persona, the pages its menus add (业务管理, the user menu, the workspace). Each page is
checked once, as the first persona that reaches it."""

from pathlib import Path

import pytest
from django.conf import settings

from catalog.tests.factories import link, make_standard
from e2e.login import login, pass_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = next((Path(settings.BASE_DIR) / "static" / "vendor").glob("axe-core-*/axe.min.js"))
SERIOUS = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
LISTEN_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def personas():
    """The personas of `testing.personas.PersonaTestCase`, in the live server's database."""
    from testing.personas import PersonaTestCase

    class People(PersonaTestCase):
        pass

    People.setUpTestData()
    old = make_standard("GB/T 19001-2008", "质量管理体系 要求", status="abolished")
    link(old, make_standard("GB/T 19001-2016", "质量管理体系 要求"))
    return People


def violations(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # through the browser's debugger, not a <script>
    return page.evaluate(RUN_AXE)


def menu_paths(user) -> list[str]:
    from core import menu

    sections = (menu.MAIN, menu.FOOTER, menu.USER, menu.MANAGE, menu.WORKSPACE)
    return [item["url"] for section in sections for item in menu.section_for(user, section)]


def check(page, base, paths, seen, found):
    for path in paths:
        if path in seen or path.endswith((".xlsx", ".csv", ".json", ".xml")) or "/api/" in path:
            continue
        seen.add(path)
        response = page.goto(base + path)
        if (
            response is None
            or response.status != 200
            or "html" not in (response.headers.get("content-type", ""))
        ):
            continue
        for violation in violations(page):
            found.append((path, violation))


def test_no_serious_accessibility_violation_on_public_and_role_pages(live_server, page, personas):
    from django.contrib.auth.models import AnonymousUser

    base, seen, found = live_server.url, set(), []
    public = [
        "/",
        "/accounts/login/",
        "/accounts/register/",
        "/privacy/",
        *menu_paths(AnonymousUser()),
    ]
    check(page, base, public, seen, found)
    people = [
        personas.enterprise_user,
        personas.expert,
        personas.county_officer,
        personas.sector_officer,
        personas.city_officer,
        personas.administrator,
    ]
    for user in people:
        page.context.clear_cookies()
        login(page, base, user.username)
        check(page, base, ["/workspace/", "/accounts/profile/", *menu_paths(user)], seen, found)
    assert len(seen) > 30, sorted(seen)
    assert not found, "\n".join(f"{path}: {v}" for path, v in found)


def test_the_second_factor_pages_are_accessible(live_server, page, personas):
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill("Persona-pass-2026")
    page.get_by_role("button", name="登录").click()
    assert "/accounts/second-factor/enrol/" in page.url
    assert page.locator(".otp-qr svg").is_visible()
    assert not violations(page)
    pass_second_factor(page, "city")
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill("Persona-pass-2026")
    page.get_by_role("button", name="登录").click()
    assert page.url.startswith(base + "/accounts/second-factor/")
    assert not violations(page)


def test_the_api_docs_render_with_no_csp_violation(live_server, page):
    page.add_init_script(LISTEN_CSP)
    page.goto(live_server.url + "/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/standards/").first.click()
    page.get_by_role("button", name="Try it out").wait_for()
    assert page.evaluate("window.__cspViolations") == []
    csp = page.evaluate(
        "() => fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert "'unsafe-inline'" not in csp and "style-src 'self'" in csp
