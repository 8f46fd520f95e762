"""Demo data for `make run`: reference tables, the real standards in data/standards/, a few
organizations and one user per role. Loaded once; running it again changes nothing."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.backends import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from catalog.importer import commit_import, read_import_file
from core.workflow import transition
from demo.analytics import load_analytics
from demo.drafting import load_local_standards
from demo.notices import load_notices
from demo.profiles import load_profiles
from demo.programs import load_programs
from demo.provincial import load_provincial
from demo.showcase import load_showcase
from demo.topics import load_topics
from directory.choices import MembershipRole, MembershipState, OrganizationKind
from directory.models import Expert, ExpertConflict, Membership, Organization
from directory.services import clusters_proposed_for, organization_clusters_set
from documents.choices import DocumentKind
from documents.selectors import document_kinds_of
from documents.services import document_attach
from insight.services import snapshots_refresh
from reference.loaders import load_reference
from reference.models import IndustryClass, Region

DEMO_STANDARD_FILES = ["sports_standards.csv", "film_documents.csv"]


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    uscc: str
    county: str
    industry: str
    kind: str = OrganizationKind.ENTERPRISE
    verified: bool = True


DEMO_ORGANIZATIONS = [
    DemoOrganization("济宁示范机械制造有限公司", "91370811MA3C12340U", "370811", "3411"),
    DemoOrganization("邹城示范食品有限公司", "91370883MA3D56780E", "370883", "1391"),
    DemoOrganization("汶上示范纺织有限公司", "91370830MA3E90120K", "370830", "1711"),
    # Waits for the county officer (任城区) to verify it.
    DemoOrganization(
        "济宁待审示范科技有限公司", "91370811MA3C123510", "370811", "3411", verified=False
    ),
    DemoOrganization(
        "济宁市标准化研究院（示范）",
        "12370800MB00000008",
        "370811",
        "7520",
        OrganizationKind.INSTITUTE,
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role | None
    organization: str | None = None
    county: str | None = None
    superuser: bool = False


DEMO_USERS = [
    DemoUser("admin", "平台管理员", Role.ADMINISTRATOR, superuser=True),
    DemoUser("city", "市局标准化科 王科长", Role.CITY_OFFICER),
    DemoUser("county", "任城区市场监管局 李干事", Role.COUNTY_OFFICER, county="370811"),
    DemoUser("sector", "市农业农村局 赵科长", Role.SECTOR_DEPARTMENT),
    DemoUser(
        "enterprise",
        "济宁示范机械 张标准化专员",
        Role.ENTERPRISE,
        organization="济宁示范机械制造有限公司",
    ),
    DemoUser("expert", "孙专家", Role.EXPERT, organization="济宁市标准化研究院（示范）"),
    DemoUser(
        "pending",
        "待审示范科技 周经理",
        Role.ENTERPRISE,
        organization="济宁待审示范科技有限公司",
    ),
]

DEMO_EXPERTS = [
    ("孙专家", "研究员", "济宁市标准化研究院（示范）", "expert"),
    ("钱专家", "高级工程师", "邹城示范食品有限公司", None),
    ("吴专家", "教授", None, None),
]


def demo_logins() -> list[tuple[str, str, str]]:
    from demo.drafting import DEMO_USERS as DRAFTING_USERS

    logins = [(u.username, DEMO_PASSWORD, u.role.label if u.role else "") for u in DEMO_USERS]
    return logins + [(name, DEMO_PASSWORD, role.label) for name, _, role, _ in DRAFTING_USERS]


def _organizations() -> dict[str, Organization]:
    orgs = {}
    for spec in DEMO_ORGANIZATIONS:
        industry = IndustryClass.objects.filter(code=spec.industry).first()
        org, _ = Organization.objects.get_or_create(
            uscc=spec.uscc,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "industry": industry,
                "region": Region.objects.get(code=spec.county),
            },
        )
        orgs[spec.name] = org
        _licence(org)
    return orgs


def _clusters(orgs: dict[str, Organization]) -> None:
    """Each demo organization joins the clusters its industry belongs to, as the bureau would."""
    bureau = User.objects.get(username="city")
    for org in orgs.values():
        if not org.clusters.exists():
            organization_clusters_set(
                organization=org, clusters=clusters_proposed_for(org.industry), actor=bureau
            )


def licence_pdf(organization: Organization) -> bytes:
    """A one-page PDF standing in for a demo organization's business licence (营业执照)."""
    text = f"Business licence (demo) - USCC {organization.uscc}".encode("ascii")
    stream = b"BT /F1 16 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def _licence(organization: Organization) -> None:
    """Every demo organization has its licence, as registration requires (private to it, its
    county officer and the bureau)."""
    if DocumentKind.BUSINESS_LICENSE in document_kinds_of(organization):
        return
    upload = ContentFile(licence_pdf(organization), name="营业执照（示范）.pdf")
    document_attach(obj=organization, upload=upload, kind=DocumentKind.BUSINESS_LICENSE, actor=None)


def _users(orgs: dict[str, Organization]) -> None:
    for spec in DEMO_USERS:
        if User.objects.filter(username=spec.username).exists():
            continue
        user = User.objects.create_user(
            username=spec.username,
            password=DEMO_PASSWORD,
            display_name=spec.display_name,
            email=f"{spec.username}@demo.invalid",
            is_superuser=spec.superuser,
            is_staff=spec.superuser,
            county=Region.objects.filter(code=spec.county).first() if spec.county else None,
        )
        if spec.role:
            user_grant_role(user=user, role=spec.role)
        if spec.organization:
            # The enterprise users administer their organization; the expert works at the
            # institute (a member), which the workspace and the profile both show.
            Membership.objects.create(
                user=user,
                organization=orgs[spec.organization],
                role=MembershipRole.ADMIN
                if spec.role == Role.ENTERPRISE
                else MembershipRole.MEMBER,
                state=MembershipState.ACTIVE,
                decided_at=timezone.now(),
            )


def _verification() -> None:
    """Run the demo organizations through the real workflow: most verified, one waiting."""
    city = User.objects.get(username="city")
    pending_admin = User.objects.get(username="pending")
    for spec in DEMO_ORGANIZATIONS:
        org = Organization.objects.get(uscc=spec.uscc)
        if org.verification_state != "unsubmitted":
            continue
        if not spec.verified:
            transition(obj=org, action="submit", actor=pending_admin)
            continue
        Organization.objects.filter(pk=org.pk).update(verification_state="submitted")
        org.refresh_from_db()
        transition(obj=org, action="verify", actor=city, opinion="演示数据：材料齐全")


def _experts(orgs: dict[str, Organization]) -> None:
    for name, title, employer, username in DEMO_EXPERTS:
        expert, created = Expert.objects.get_or_create(
            name=name,
            defaults={
                "title": title,
                "employer": orgs.get(employer or ""),
                "user": User.objects.filter(username=username).first() if username else None,
            },
        )
        if created and name == "吴专家":
            ExpertConflict.objects.create(
                expert=expert,
                organization=orgs["济宁示范机械制造有限公司"],
                reason="曾任该公司顾问",
            )


def load_demo(*, data_dir: Path | None = None, stdout=None) -> None:
    """Everything `make run` needs on a fresh database."""
    data_dir = data_dir or Path(settings.BASE_DIR) / "data" / "standards"
    load_reference()
    roles_sync()
    with transaction.atomic():
        orgs = _organizations()
        _users(orgs)
        _verification()
        _experts(orgs)
        _clusters(orgs)
    load_provincial()  # two DB37 projects undertaken by Jining units (demo/provincial.py)
    for name in DEMO_STANDARD_FILES:
        path = data_dir / name
        preview = read_import_file(path.read_bytes(), name)
        counts = commit_import(preview, actor=None, skip_invalid=True)
        if stdout:
            stdout.write(
                f"{name}：新增 {counts.created}，更新 {counts.updated}，未变化 {counts.unchanged}，"
                f"跳过 {len(preview.rejected_lines)} 行（国外标准、草案或数据有误）"
            )
    load_local_standards(stdout=stdout)
    load_programs(
        enterprises=[
            Organization.objects.get(uscc=spec.uscc)
            for spec in DEMO_ORGANIZATIONS
            if spec.verified and spec.kind == OrganizationKind.ENTERPRISE
        ],
        licence=_licence,
    )
    load_notices()
    load_profiles(stdout=stdout)
    load_topics()  # 专题服务: three topics with trees, rules, a gap and a replaced standard
    load_showcase()  # brands and a typical case with images (demo/showcase.py)
    load_analytics()  # 90 days of demo site figures (demo/analytics.py)
    snapshots_refresh()  # the statistics pages read a snapshot (cron keeps it fresh afterwards)
