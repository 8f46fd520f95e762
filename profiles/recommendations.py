"""精准信息服务: what the platform recommends to an organization. The catalog lists (standards of
its industry, outdated standards it follows or drafted) are computed with the score each night
and stored on `OrganizationScore.recommendations`; open calls and drafts open for comment are
read live (small tables, capped)."""

from __future__ import annotations

from django.db.models import Q

from catalog.choices import Status
from catalog.models import Standard, StandardReplacement
from directory.models import Organization
from profiles import mappings

CAP = 10


def _brief(standard: Standard) -> dict:
    return {
        "code": standard.code,
        "title": standard.title,
        "url": standard.get_absolute_url(),
        "status": standard.get_status_display(),
    }


def industry_standards(field: mappings.Field, *, exclude_org: Organization | None = None):
    """Up to CAP public standards in force in the field, newest first."""
    if not field:
        return []
    q = Q()
    for prefix in field.ics:
        q |= Q(ics__code__startswith=prefix)
    for prefix in field.ccs:
        q |= Q(ccs__code__startswith=prefix)
    ids = Standard.objects.public().filter(status=Status.CURRENT).filter(q)
    if exclude_org is not None:
        ids = ids.exclude(drafting_units__organization=exclude_org)
    ids = list(ids.order_by("-issue_date", "code_key").values_list("pk", flat=True)[: CAP * 5])
    # distinct over the join, then the first CAP in order
    unique = list(dict.fromkeys(ids))[:CAP]
    by_id = Standard.objects.in_bulk(unique)
    return [_brief(by_id[pk]) for pk in unique if pk in by_id]


def outdated_standards(organization: Organization) -> list[dict]:
    """Standards its users follow or it drafted that are abolished or replaced, each with what
    replaces it."""
    from directory.choices import MembershipState
    from follows.models import Follow

    followed = Follow.objects.filter(
        user__memberships__organization=organization,
        user__memberships__state=MembershipState.ACTIVE,
    ).values("standard_id")
    drafted = organization.drafted_standards.values("standard_id")
    replaced = StandardReplacement.objects.values("old_id")
    candidates = (
        Standard.objects.public()
        .filter(Q(pk__in=followed) | Q(pk__in=drafted))
        .filter(Q(status=Status.ABOLISHED) | Q(pk__in=replaced))
        .order_by("code_key")[:CAP]
    )
    standards = list(candidates)
    followed_ids = set(
        Follow.objects.filter(
            user__memberships__organization=organization, standard__in=standards
        ).values_list("standard_id", flat=True)
    )
    links: dict[int, list[dict]] = {}
    for link in StandardReplacement.objects.filter(old__in=standards).select_related("new"):
        links.setdefault(link.old_id, []).append(
            {
                "code": link.new_code,
                "url": link.new.get_absolute_url() if link.new else "",
                "partial": link.is_partial,
            }
        )
    return [
        {
            **_brief(s),
            "why": "本单位用户关注" if s.pk in followed_ids else "本单位参与起草",
            "replacements": links.get(s.pk, []),
        }
        for s in standards
    ]


def stored_recommendations(organization: Organization, *, memo: dict | None = None) -> dict:
    """The nightly part; `memo` shares the industry lists between organizations of one run."""
    field = mappings.field_of_industry(organization.industry)
    division = mappings.division_of(organization.industry)
    memo = memo if memo is not None else {}
    if division not in memo:
        memo[division] = industry_standards(field)
    own_codes = set(organization.drafted_standards.values_list("standard__code", flat=True)[:1000])
    return {
        "industry": [s for s in memo[division] if s["code"] not in own_codes][:CAP],
        "outdated": outdated_standards(organization),
    }


def open_calls_for(organization: Organization) -> list[dict]:
    """Calls open now that a verified organization may answer, each with why it qualifies."""
    from calls.selectors import open_calls
    from directory.permissions import organization_can_apply

    if not organization_can_apply(organization):
        return []
    out = []
    for call in open_calls()[:CAP]:
        out.append(
            {
                "title": call.title,
                "url": call.get_absolute_url(),
                "program": call.program_label,
                "closes": call.last_day,
                "why": "贵单位已通过认证，可在截止前申报",
            }
        )
    return out


def open_consultations_for(organization: Organization) -> list[dict]:
    """Drafts open for comment whose field (the record's classification, else its title)
    lies in the organization's industry."""
    from consultation.models import Consultation

    field = mappings.field_of_industry(organization.industry)
    if not field:
        return []
    out = []
    for consultation in Consultation.objects.open_now().order_by("closes_at")[:200]:
        found = mappings.classify_title(consultation.title)
        if found and field.covers(ics=[found[0]], ccs=found[1]):
            out.append(
                {
                    "title": consultation.title,
                    "url": consultation.get_absolute_url(),
                    "closes": consultation.closes_at,
                    "days_left": consultation.days_left(),
                }
            )
        if len(out) >= CAP:
            break
    return out


def live_recommendations(organization: Organization) -> dict:
    return {
        "calls": open_calls_for(organization),
        "consultations": open_consultations_for(organization),
    }
