"""The subsidy report by year (what was paid, by enterprise, standard kind and county), and the
public notice list and allocation table as XLSX and DOCX."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

from docx import Document as DocxDocument

from core.excel import Column, Sheet
from core.templatetags.ui import money
from programs.allocation import from_fen, split_fen, to_fen
from programs.choices import AwardKind
from programs.models import Forerunner, StandardUpgrade, SubsidyItem, SubsidyPayment

ZERO = Decimal("0.00")
UNSPECIFIED_KIND = "未分类"
UNSPECIFIED_COUNTY = "未填写"


def subsidy_report(year: int) -> dict:
    """Payments recorded for the policy year `year`. Each payment is split over its
    application's standard kinds in proportion to the items' amounts (to the fen, largest
    remainders), so every list sums to the total exactly."""
    payments = list(
        SubsidyPayment.objects.filter(application__policy__year=year).select_related(
            "application__organization__region"
        )
    )
    app_ids = {p.application_id for p in payments}
    weights: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for app_id, kind, amount in (
        SubsidyItem.objects.filter(application_id__in=app_ids, amount__gt=0)
        .order_by("application_id", "line")
        .values_list("application_id", "kind", "amount")
    ):
        weights[app_id].append((kind or UNSPECIFIED_KIND, to_fen(amount)))
    total = 0
    by_org: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    by_county: dict[str, int] = defaultdict(int)
    for payment in payments:
        fen = to_fen(payment.amount)
        organization = payment.application.organization
        total += fen
        by_org[organization.name] += fen
        region = organization.region
        by_county[region.name if region else UNSPECIFIED_COUNTY] += fen
        parts = weights.get(payment.application_id) or [(UNSPECIFIED_KIND, 1)]
        for (kind, _), share in zip(parts, split_fen([w for _, w in parts], fen), strict=True):
            by_kind[kind] += share
    labels = dict(AwardKind.choices)

    def rows(data: dict[str, int], key: str, label=lambda k: k) -> list[dict]:
        ordered = sorted(data.items(), key=lambda kv: (-kv[1], kv[0]))
        return [{key: label(k), "amount": from_fen(v)} for k, v in ordered]

    return {
        "year": year,
        "total": from_fen(total),
        "by_enterprise": rows(by_org, "organization"),
        "by_kind": rows(by_kind, "kind", lambda k: labels.get(k, k)),
        "by_county": rows(by_county, "county"),
        "enterprise_count": len(by_org),
        "application_count": len(app_ids),
        "upgrade_count": StandardUpgrade.objects.filter(year=year).count(),
        "forerunner_count": Forerunner.objects.filter(year=year).count(),
    }


REPORT_SHEET = Sheet(
    "资助奖励统计",
    (
        Column("分组", "group", get=lambda r: r[0]),
        Column("名称", "name", get=lambda r: r[1]),
        Column("金额（元）", "amount", get=lambda r: r[2]),
    ),
)


def report_xlsx(report: dict) -> bytes:
    lines = [("合计", f"{report['year']}年", report["total"])]
    lines += [("按企业", r["organization"], r["amount"]) for r in report["by_enterprise"]]
    lines += [("按标准类别", r["kind"], r["amount"]) for r in report["by_kind"]]
    lines += [("按县(市、区)", r["county"], r["amount"]) for r in report["by_county"]]
    return REPORT_SHEET.write(lines)


# --- the notice list and the allocation table ----------------------------------------------------

NOTICE_COLUMNS = (
    "序号",
    "申报单位",
    "所在县(市、区)",
    "资助标准",
    "核定金额（元）",
    "拟资助金额（元）",
)
ALLOCATION_COLUMNS = (
    "序号",
    "申报单位",
    "所在县(市、区)",
    "评审得分",
    "核定金额（元）",
    "分配金额（元）",
)


def notice_rows(applications) -> list[tuple]:
    """One row per application (公示名单): its funded standards, the amount assessed and the
    amount to be granted (the allocation when the budget did not suffice)."""
    rows = []
    for application in applications:
        funded = [i for i in application.items.all() if i.amount > 0]
        if not funded:
            continue
        region = application.organization.region
        codes = "、".join(
            f"{i.code}（{i.get_kind_display()}·{i.get_role_display()}）" for i in funded
        )
        rows.append(
            (
                len(rows) + 1,
                application.organization.name,
                region.name if region else "",
                codes,
                application.total,
                application.granted,
            )
        )
    return rows


def allocation_rows(plan) -> list[tuple]:
    rows = []
    for index, (application, share) in enumerate(plan, start=1):
        region = application.organization.region
        rows.append(
            (
                index,
                application.organization.name,
                region.name if region else "",
                application.score if application.score is not None else "",
                application.total,
                share,
            )
        )
    return rows


def table_xlsx(title: str, header: tuple[str, ...], rows: list[tuple]) -> bytes:
    sheet = Sheet(
        title, tuple(Column(h, f"c{i}", get=lambda r, i=i: r[i]) for i, h in enumerate(header))
    )
    return sheet.write(rows)


def table_docx(title: str, intro: str, header: tuple[str, ...], rows: list[tuple]) -> bytes:
    document = DocxDocument()
    document.add_heading(title, level=1)
    if intro:
        document.add_paragraph(intro)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = money(value).lstrip("¥") if isinstance(value, Decimal) else str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
