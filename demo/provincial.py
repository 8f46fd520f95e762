"""Demo: two provincial standards (DB37) undertaken by Jining units, created through the services
(so their history, work items and audit rows exist). Titles, plan numbers and codes are plausible
inventions (演示数据)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.workflow import transition
from directory.models import Organization
from provincial.choices import ProvincialStage
from provincial.models import ProvincialProject
from provincial.services import Unit, project_create, stage_update_submit

MACHINERY = "济宁示范机械制造有限公司"
INSTITUTE = "济宁市标准化研究院（示范）"


def _report(project, stage, date, user, city, *, code="", confirm=True, note=""):
    update = stage_update_submit(
        project=project, stage=stage, date=date, standard_code=code, note=note, actor=user
    )
    if confirm:
        transition(obj=update, action="confirm", actor=city, opinion="经核实，同意确认。")
    project.refresh_from_db()
    return update


@transaction.atomic
def load_provincial() -> None:
    """Idempotent: does nothing when the demo projects exist."""
    if ProvincialProject.objects.filter(plan_number__startswith="演示-").exists():
        return
    city = User.objects.get(username="city")
    enterprise = User.objects.get(username="enterprise")
    orgs = {o.name: o for o in Organization.objects.filter(name__in=[MACHINERY, INSTITUTE])}
    today = timezone.localdate()
    year = today.year

    # In comment (征求意见): the machinery company leads, the institute follows; one report
    # confirmed, the latest waiting for the bureau.
    machinery = project_create(
        title="工程机械再制造零部件质量评价规范（演示）",
        plan_number=f"演示-{year}-SD-0318",
        year=year,
        stage=ProvincialStage.APPROVED,
        stage_date=today - dt.timedelta(days=200),
        units=[Unit(organization=orgs[MACHINERY]), Unit(organization=orgs[INSTITUTE])],
        contact_name="张标准化专员",
        contact_phone="0537-0000000",
        actor=city,
    )
    _report(machinery, ProvincialStage.DRAFTING, today - dt.timedelta(days=150), enterprise, city)
    _report(
        machinery,
        ProvincialStage.COMMENT,
        today - dt.timedelta(days=10),
        enterprise,
        city,
        confirm=False,
        note="征求意见稿已由省局网站公开征求意见。",
    )

    # Published last year (发布), registered by the bureau with its code.
    project_create(
        title="大蒜冷链仓储技术规程（演示）",
        plan_number=f"演示-{year - 1}-SD-0207",
        year=year - 1,
        stage=ProvincialStage.PUBLISHED,
        stage_date=today - dt.timedelta(days=90),
        units=[Unit(organization=orgs[INSTITUTE]), Unit(name="金乡县示范蒜业合作社")],
        contact_name="标准化研究院 刘工",
        standard_code=f"DB37/T 9901—{year}",
        actor=city,
    )
