"""Every non-public page and API endpoint of people & organizations, for five kinds of caller:
anonymous, no role, another organization, another county, and the allowed user.

A record outside the caller's scope is a 404 that reveals nothing (not a 403 that confirms it exists).

`test_every_url_is_public_or_in_the_matrix` walks the URL configuration: a new URL fails the suite
until it gets a row here or is declared in PUBLIC (with the reason it needs no login or scope).
"""

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from catalog.tests.factories import make_standard
from core.models import AuditEvent
from core.workflow import transition
from directory.models import Expert
from directory.services import specialist_declare
from follows.services import follow_create, saved_search_create
from notifications.services import notify
from testing.personas import PersonaTestCase

LOGIN = "login"  # anonymous on a page: redirect to the login page
CALLERS = ("anonymous", "citizen", "other_org", "other_county", "allowed")

# URL names that anyone may open: public pages and endpoints (their querysets still scope what a
# caller sees, tested with their apps), and the steps of logging in, registering and resetting.
PUBLIC = {
    "portal:home", "portal:accessibility", "portal:favicon",
    "catalog:standard_list", "catalog:standard_export", "catalog:standard_detail",
    "catalog:validity_check",
    "directory:organization_list", "directory:specialist_list", "directory:committee_list",
    "directory:committee_detail",
    "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete",
    "accounts:register", "accounts:register_enterprise", "accounts:register_individual",
    "accounts:register_done", "accounts:confirm",
    "api-root", "schema", "api-docs", "validity-check", "standard-list", "standard-detail",
    "organization-list", "specialist-list", "committee-list", "committee-detail",
}  # fmt: skip
# Django's admin guards itself (staff only; its own permissions per model).
SELF_GUARDED_NAMESPACES = ("admin",)


def url_names(resolver=None, namespace="", route=""):
    """The name of every URL pattern of the project with its namespace (the route when unnamed)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or route + str(entry.pattern)}"


class PermissionMatrixTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        transition(obj=cls.organization, action="submit", actor=cls.enterprise_user)
        cls.specialist = specialist_declare(
            organization=cls.organization, actor=cls.enterprise_user, name="刘专员"
        )
        cls.notification = notify(
            recipients=[cls.enterprise_user], kind="workflow", title="测试通知"
        )[0]
        cls.expert_entry = Expert.objects.create(name="孙专家")
        make_standard("GB/T 19001-2016", "质量管理体系 要求")
        make_standard("GB/T 24001-2016", "环境管理体系 要求及使用指南")
        cls.follow, _ = follow_create(user=cls.enterprise_user, code="GB/T 19001-2016")
        cls.saved_search = saved_search_create(
            user=cls.enterprise_user, name="质量管理", params={"q": "质量"}
        )

    def caller(self, key, allowed):
        return {
            "anonymous": None,
            "citizen": self.citizen,
            "other_org": self.other_enterprise_user,
            "other_county": self.other_county_officer,
            "allowed": allowed,
        }[key]

    def check(self, method, url, expected, allowed, data=None, api=False):
        """`expected`: one status per caller in CALLERS order (LOGIN for a login redirect)."""
        for key, want in zip(CALLERS, expected, strict=True):
            user = self.caller(key, allowed)
            with self.subTest(url=url, caller=key), transaction.atomic():
                self.client.logout()
                if user is not None:
                    self.login(user)
                send = getattr(self.client, method)
                response = (
                    send(url, data or {}, content_type="application/json")
                    if api and method == "post"
                    else send(url, data or {})
                )
                if want == LOGIN:
                    assert response.status_code == 302, response.status_code
                    assert response["Location"].startswith(reverse("login"))
                else:
                    assert response.status_code == want, (key, response.status_code)
                if response.status_code == 404:
                    assert "营业执照" not in response.content.decode()
                transaction.set_rollback(True)  # every caller starts from the same state

    def page_rows(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from documents.services import document_attach

        self.document = document_attach(
            obj=self.organization,
            upload=SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4\n%%EOF\n"),
            kind="business_license",
            actor=self.enterprise_user,
        )
        org, sp = self.organization.pk, self.specialist.pk
        fol, ss = self.follow.pk, self.saved_search.pk
        county, city, ent = self.county_officer, self.city_officer, self.enterprise_user
        rows = [
            ("get", f"/organizations/{org}/", (404, 404, 404, 404, 200), ent),
            ("get", f"/organizations/{org}/", (404, 404, 404, 404, 200), county),
            ("post", f"/organizations/{org}/transition/", (LOGIN, 404, 404, 404, 302), county),
            ("get", f"/organizations/{org}/members/", (LOGIN, 404, 404, 404, 200), ent),
            ("post", f"/organizations/{org}/documents/", (LOGIN, 404, 404, 404, 302), ent),
            ("get", f"/documents/{self.document.pk}/", (LOGIN, 404, 404, 404, 200), ent),
            ("get", f"/specialists/{sp}/", (404, 404, 404, 404, 200), county),
            ("post", f"/specialists/{sp}/transition/", (LOGIN, 404, 404, 404, 302), city),
            ("get", "/specialists/new/", (LOGIN, 403, 200, 403, 200), ent),
            ("get", "/experts/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/directory/export/experts.xlsx", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/audit/", (LOGIN, 403, 403, 403, 200), self.administrator),
            ("get", "/audit/export.xlsx", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/workspace/", (LOGIN, 200, 200, 200, 200), county),
            ("get", "/notifications/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/notifications/preferences/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/accounts/profile/", (LOGIN, 200, 200, 200, 200), ent),
            ("post", "/accounts/profile/join/", (LOGIN, 302, 302, 302, 302), ent),
            # Officers and staff get no token (accounts.roles.may_hold_api_token).
            ("post", "/accounts/profile/api-token/", (LOGIN, 302, 302, 403, 302), ent),
            ("get", "/accounts/password/change/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/accounts/password/change/done/", (LOGIN, 200, 200, 200, 200), ent),
            ("post", "/notifications/read/", (LOGIN, 302, 302, 302, 302), ent),
            ("get", "/standards/import/", (LOGIN, 403, 403, 403, 200), city),
            # Another user's (here: no) import batch is a 404 even for the bureau.
            ("get", "/standards/import/999999/", (LOGIN, 403, 403, 403, 404), city),
            ("post", "/standards/import/999999/commit/", (LOGIN, 403, 403, 403, 404), city),
            # 我的关注 belongs to one user: everyone has their own, nobody reaches another's.
            ("get", "/follows/", (LOGIN, 200, 200, 200, 200), ent),
            (
                "post",
                "/follows/standards/",
                (LOGIN, 302, 302, 302, 302),
                ent,
                {"code": "GB/T 24001-2016"},
            ),
            ("post", f"/follows/standards/{fol}/delete/", (LOGIN, 404, 404, 404, 302), ent),
            (
                "post",
                "/follows/searches/",
                (LOGIN, 302, 302, 302, 302),
                ent,
                {"name": "环境", "q": "环境"},
            ),
            ("get", f"/follows/searches/{ss}/", (LOGIN, 404, 404, 404, 302), ent),
            ("post", f"/follows/searches/{ss}/delete/", (LOGIN, 404, 404, 404, 302), ent),
        ]
        return rows

    def test_pages(self):
        for method, url, expected, allowed, *data in self.page_rows():
            data = (
                data[0] if data else ({"action": "verify"} if url.endswith("transition/") else None)
            )
            self.check(method, url, expected, allowed, data=data)

    def api_rows(self):
        org, sp, n = self.organization.pk, self.specialist.pk, self.notification.pk
        event = AuditEvent.objects.order_by("pk").first().pk
        county, ent = self.county_officer, self.enterprise_user
        rows = [
            ("get", f"/api/v1/organizations/{org}/", (404, 404, 404, 404, 200), county),
            ("get", f"/api/v1/organizations/{org}/history/", (404, 404, 404, 404, 200), ent),
            ("post", f"/api/v1/organizations/{org}/transition/", (403, 404, 404, 404, 201), county),
            ("get", f"/api/v1/specialists/{sp}/", (404, 404, 404, 404, 200), ent),
            ("post", f"/api/v1/specialists/{sp}/transition/", (403, 404, 404, 404, 201), county),
            (
                "get",
                f"/api/v1/experts/{self.expert_entry.pk}/",
                (403, 404, 404, 404, 200),
                self.city_officer,
            ),
            ("get", f"/api/v1/notifications/{n}/", (403, 404, 404, 404, 200), ent),
            ("post", f"/api/v1/notifications/{n}/read/", (403, 404, 404, 404, 200), ent),
            ("get", f"/api/v1/specialists/{sp}/history/", (404, 404, 404, 404, 200), ent),
            ("get", "/api/v1/experts/", (403, 200, 200, 200, 200), self.city_officer),
            ("get", "/api/v1/notifications/", (403, 200, 200, 200, 200), ent),
            ("get", "/api/v1/audit-events/", (403, 403, 403, 403, 200), self.city_officer),
            ("get", f"/api/v1/audit-events/{event}/", (403, 403, 403, 403, 200), self.city_officer),
            ("get", "/api/v1/follows/standards/", (403, 200, 200, 200, 200), ent),
            ("get", f"/api/v1/follows/standards/{self.follow.pk}/", (403, 404, 404, 404, 200), ent),
            ("get", "/api/v1/follows/searches/", (403, 200, 200, 200, 200), ent),
            (
                "get",
                f"/api/v1/follows/searches/{self.saved_search.pk}/",
                (403, 404, 404, 404, 200),
                ent,
            ),
        ]
        return rows

    def test_api(self):
        for method, url, expected, allowed in self.api_rows():
            data = {"action": "verify"} if url.endswith("transition/") else None
            self.check(method, url, expected, allowed, data=data, api=True)

    def test_every_url_is_public_or_in_the_matrix(self):
        covered = {resolve(row[1]).view_name for row in self.page_rows() + self.api_rows()}
        assert not covered & PUBLIC, "a URL in the matrix is not public"
        missing = sorted(
            name
            for name in set(url_names())
            if name not in PUBLIC
            and name not in covered
            and not name.startswith(tuple(f"{ns}:" for ns in SELF_GUARDED_NAMESPACES))
        )
        assert not missing, f"URLs neither declared public nor in the permission matrix: {missing}"
