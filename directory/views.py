"""Directory pages: registering an organization and joining one, public profiles and registers,
the verification queues, members, specialists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import sections
from core.excel import xlsx_response
from core.permissions import sees_internals
from core.ratelimit import post_rate_limit
from core.workflow.views import handle_transition, workflow_panel
from directory import excel, selectors, services
from directory.choices import MembershipRole, VerificationState
from directory.filters import (
    CommitteeFilter,
    ExpertFilter,
    OrganizationFilter,
    SpecialistFilter,
)
from directory.forms import EnterpriseRegistrationForm, JoinOrganizationForm, SpecialistForm
from directory.models import (
    Expert,
    Membership,
    Organization,
    Specialist,
    TechnicalCommittee,
)
from directory.permissions import is_member, is_org_admin, organization_can_apply

PAGE_SIZE = 20


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return {"page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator}


def _filtered(request, filter_class, queryset):
    filterset = filter_class(request.GET, queryset=queryset, request=request)
    # An invalid value (a state that does not exist…) shows the form's error and no rows.
    return filterset, (filterset.qs if filterset.is_valid() else queryset.none())


def _register(request, template: str, filter_class, queryset):
    """A register's page: its filter (the one the API and export use) and a page of rows."""
    filterset, qs = _filtered(request, filter_class, queryset)
    return render(request, template, {"filter": filterset, **_page(request, qs)})


def organization_list(request):
    """Verified organizations for everyone; officers filter their queue by state."""
    return _register(
        request,
        "directory/organization_list.html",
        OrganizationFilter,
        selectors.organizations_visible_to(request.user),
    )


def organization_detail(request, pk: int):
    organization = get_object_or_404(selectors.organizations_visible_to(request.user), pk=pk)
    user = request.user
    insider = sees_internals(organization, user)
    context = {
        "organization": organization,
        "insider": insider,
        "is_admin": is_org_admin(request.user, organization),
        "sections": sections.render("organization_detail", request, organization),
        "specialists": Specialist.objects.visible_to(user).filter(organization=organization),
        "committees": organization.secretariats.all(),
    }
    if insider:
        from documents.forms import DocumentForm

        context["panel"] = workflow_panel(organization, request.user, request=request)
        context["documents"] = _documents_of(organization, request.user)
        if is_member(user, organization):
            context["document_form"] = DocumentForm()
            context["upload_url"] = reverse("directory:organization_document_upload", args=[pk])
    return render(request, "directory/organization_detail.html", context)


def _documents_of(obj, user):
    from documents.selectors import documents_for

    return documents_for(obj=obj, user=user)


@login_required
@require_POST
def organization_transition(request, pk: int):
    organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    return handle_transition(request, organization, next_url=organization.get_absolute_url())


@login_required
def organization_members(request, pk: int):
    organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if not is_org_admin(request.user, organization):
        raise PermissionDenied
    if request.method == "POST":
        membership = get_object_or_404(
            Membership, pk=request.POST.get("membership"), organization=organization
        )
        try:
            services.membership_decide(
                membership=membership,
                approve=request.POST.get("decision") == "approve",
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已处理该申请。")
        return redirect("directory:organization_members", pk=pk)
    return render(
        request,
        "directory/organization_members.html",
        {
            "organization": organization,
            "memberships": organization.memberships.select_related("user").order_by("state"),
        },
    )


@post_rate_limit("register")
def register_enterprise(request):
    form = EnterpriseRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        user = services.enterprise_register(
            account=form.account_data(),
            organization=form.organization_data(),
            licence=form.cleaned_data["licence"],
        )
        request.session["registered_email"] = user.email
        return redirect("accounts:register_done")
    return render(request, "accounts/register_form.html", {"form": form, "enterprise": True})


def profile_section(request, user) -> str:
    """所属机构 on the profile page (`core.sections`): the same organization as the workspace."""
    organization = selectors.organization_of(user)
    return render_to_string(
        "directory/includes/profile_organization.html",
        {
            "memberships": Membership.objects.filter(user=user).select_related("organization"),
            "organization": organization,
            "can_apply": organization_can_apply(organization),
            "join_form": JoinOrganizationForm(),
        },
        request,
    )


def confirmation_email_section(request, user) -> str:
    """The line the confirmation email adds for an organization's administrator (`core.sections`)."""
    organizations = [
        m.organization
        for m in selectors.active_memberships(user).filter(
            role=MembershipRole.ADMIN,
            organization__verification_state=VerificationState.UNSUBMITTED,
        )
    ]
    return render_to_string(
        "directory/email/confirmation_note.txt", {"organizations": organizations}
    ).strip()


@login_required
@require_POST
def join_organization(request):
    form = JoinOrganizationForm(request.POST)
    if form.is_valid():
        try:
            services.membership_request(user=request.user, organization=form.cleaned_data["uscc"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已提交加入申请，等待该机构管理员审批。")
    else:
        messages.error(request, "；".join(form.errors["uscc"]))
    return redirect("accounts:profile")


def specialist_list(request):
    return _register(
        request,
        "directory/specialist_list.html",
        SpecialistFilter,
        Specialist.objects.visible_to(request.user).select_related("organization"),
    )


@login_required
def specialist_create(request):
    organization = selectors.organization_of(request.user)
    if organization is None or not is_org_admin(request.user, organization):
        raise PermissionDenied
    form = SpecialistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        specialist = services.specialist_declare(
            organization=organization, actor=request.user, **form.cleaned_data
        )
        messages.success(request, "标准化专员已申报，等待审核。")
        return redirect(specialist.get_absolute_url())
    return render(
        request, "directory/specialist_form.html", {"form": form, "organization": organization}
    )


def specialist_detail(request, pk: int):
    specialist = get_object_or_404(
        Specialist.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    panel = (
        workflow_panel(specialist, request.user, request=request)
        if sees_internals(specialist, request.user)
        else None
    )
    return render(
        request, "directory/specialist_detail.html", {"specialist": specialist, "panel": panel}
    )


@login_required
@require_POST
def specialist_transition(request, pk: int):
    specialist = get_object_or_404(Specialist.objects.visible_to(request.user), pk=pk)
    return handle_transition(request, specialist, next_url=specialist.get_absolute_url())


@login_required
def expert_list(request):
    if not request.user.is_bureau:
        raise PermissionDenied
    return _register(
        request,
        "directory/expert_list.html",
        ExpertFilter,
        Expert.objects.visible_to(request.user)
        .select_related("employer")
        .prefetch_related("ccs_specialties", "industry_specialties"),
    )


def committee_list(request):
    return _register(
        request,
        "directory/committee_list.html",
        CommitteeFilter,
        TechnicalCommittee.objects.visible_to(request.user).select_related("secretariat"),
    )


def committee_detail(request, pk: int):
    committee = get_object_or_404(
        TechnicalCommittee.objects.visible_to(request.user).select_related("secretariat"), pk=pk
    )
    members = committee.members.select_related("organization")
    return render(
        request, "directory/committee_detail.html", {"committee": committee, "members": members}
    )


# Each register's export: its scoped queryset, the filter its page uses, the sheet.
EXPORTS = {
    "organizations": (Organization.objects.visible_to, OrganizationFilter, excel.ORGANIZATIONS),
    "experts": (Expert.objects.visible_to, ExpertFilter, excel.EXPERTS),
    "specialists": (Specialist.objects.visible_to, SpecialistFilter, excel.SPECIALISTS),
    "committees": (TechnicalCommittee.objects.visible_to, CommitteeFilter, excel.COMMITTEES),
}


@login_required
def export(request, kind: str) -> HttpResponse:
    """Excel of a directory register as the bureau sees it, filtered as its page is (the import
    reads it back)."""
    if not request.user.is_bureau or kind not in EXPORTS:
        raise PermissionDenied
    queryset, filter_class, sheet = EXPORTS[kind]
    _, rows = _filtered(request, filter_class, queryset(request.user))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(sheet.write(rows), f"{sheet.title}-{stamp}.xlsx")


@login_required
@require_POST
def organization_document_upload(request, pk: int):
    """Members add documents (营业执照…) to their organization, e.g. for verification."""
    from documents.views import attach_from_post

    organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if not is_member(request.user, organization):
        raise PermissionDenied
    attach_from_post(request, organization)
    return redirect(organization.get_absolute_url())
