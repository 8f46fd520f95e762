"""Individual registration, email confirmation and login, profile, API token, password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts import second_factor, services
from accounts.choices import LoginOutcome
from accounts.forms import (
    EnrolmentForm,
    IndividualRegistrationForm,
    LoginForm,
    ProfileForm,
    SecondFactorForm,
)
from accounts.models import User
from accounts.roles import Role, may_hold_api_token
from accounts.tokens import read_confirmation_token
from core import sections
from core.ratelimit import over_limit, post_rate_limit

RESEND_SESSION_KEY = "accounts.awaiting_confirmation"


def register(request):
    return render(request, "accounts/register.html")


@post_rate_limit("register")
def register_individual(request):
    form = IndividualRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_register(**form.account_data())
        request.session["registered_email"] = user.email
        return redirect("accounts:register_done")
    return render(request, "accounts/register_form.html", {"form": form, "enterprise": False})


def register_done(request):
    return render(
        request, "accounts/register_done.html", {"email": request.session.get("registered_email")}
    )


def confirm(request, token: str):
    """The link in the email shows a button; only the POST confirms, so a mail scanner that
    follows links activates nothing."""
    if request.method == "POST":
        user = services.user_confirm_email(token=token)
        if user is None:
            return render(request, "accounts/confirm_invalid.html", status=400)
        messages.success(request, "邮箱已确认，账号已激活，请登录。")
        return redirect("login")
    if read_confirmation_token(token) is None:
        return render(request, "accounts/confirm_invalid.html", status=400)
    return render(request, "accounts/confirm.html")


class LoginView(auth_views.LoginView):
    """Django's login; an account waiting for its email confirmation is told so, and may ask for
    the link again from this browser (the session remembers which account proved its password)."""

    authentication_form = LoginForm

    def form_invalid(self, form):
        user = form.awaiting_confirmation
        if user is not None:
            self.request.session[RESEND_SESSION_KEY] = user.pk
        return super().form_invalid(form)

    def get_success_url(self):
        """Accounts that need the second factor go to it first, then where they were going."""
        url = super().get_success_url()
        if second_factor.needs_verification(self.request):
            return f"{reverse('accounts:second_factor')}?{urlencode({'next': url})}"
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context["awaiting_confirmation"] = form is not None and form.awaiting_confirmation
        return context


@require_POST
@post_rate_limit("confirmation_resend")
def resend_confirmation(request):
    user = User.objects.filter(pk=request.session.get(RESEND_SESSION_KEY)).first()
    if user is not None and services.user_resend_confirmation(user=user):
        messages.success(request, f"已重新发送确认邮件到 {mask_email(user.email)}，请查收。")
    elif user is not None and not user.is_active and user.email_confirmed_at is None:
        messages.info(request, "确认邮件刚刚已发送，请稍后再试，并检查垃圾邮件箱。")
    else:
        messages.info(request, "请先用用户名和密码登录一次，再重新发送确认邮件。")
    return redirect("login")


def mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"display_name": user.display_name, "phone": user.phone}
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, actor=user, **form.cleaned_data)
        messages.success(request, "个人信息已保存。")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "sections": sections.render("profile", request, user),
            "api_token": request.session.pop("new_api_token", None),
            "may_hold_api_token": may_hold_api_token(user),
            "second_factor": {
                "required": second_factor.required_for(user),
                "enrolled": second_factor.has_device(user),
                "codes_left": second_factor.recovery_codes_left(user),
            },
        },
    )


@login_required
@require_POST
def api_token(request):
    if not may_hold_api_token(request.user):
        raise PermissionDenied
    request.session["new_api_token"] = services.api_token_rotate(user=request.user)
    messages.success(
        request, "已生成新的接口令牌，旧令牌立即失效。请妥善保存，离开本页后不再显示。"
    )
    return redirect("accounts:profile")


@method_decorator(post_rate_limit("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view; the link in the email starts with SITE_URL, never with the Host the
    request named (a forged Host would send the victim's token to another site)."""

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


# --- the second factor (accounts/second_factor.py) ---------------------------------------------


def _next_url(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def second_factor_verify(request):
    """After the password: the code from the authenticator app, or a recovery code."""
    from django.contrib.auth import logout

    user = request.user
    if not second_factor.needs_verification(request):
        return redirect(_next_url(request))
    if not second_factor.has_device(user):
        return redirect(f"{reverse('accounts:second_factor_enrol')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, "second_factor"):
            second_factor.login_event(
                request=request, outcome=LoginOutcome.SECOND_FACTOR_THROTTLED, user=user
            )
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(settings.POST_RATE_LIMITS["second_factor"][1])
            return response
        if form.is_valid():
            check = second_factor.verify(user=user, code=form.cleaned_data["code"])
            if check.device is not None:
                second_factor.mark_verified(request, check.device)
                outcome = (
                    LoginOutcome.RECOVERY_CODE_USED
                    if check.recovery
                    else LoginOutcome.SECOND_FACTOR_OK
                )
                second_factor.login_event(request=request, outcome=outcome, user=user)
                if check.recovery:
                    left = second_factor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        f"已使用一个恢复码，还剩 {left} 个。"
                        "如手机丢失，请在个人中心重新绑定动态口令。",
                    )
                return redirect(_next_url(request))
            failures = request.session.get(second_factor.FAILURES_KEY, 0) + 1
            request.session[second_factor.FAILURES_KEY] = failures
            second_factor.login_event(
                request=request,
                outcome=(
                    LoginOutcome.SECOND_FACTOR_THROTTLED
                    if check.throttled
                    else LoginOutcome.SECOND_FACTOR_FAILED
                ),
                user=user,
                detail=f"本次第 {failures} 次",
            )
            if failures >= settings.SECOND_FACTOR_MAX_FAILURES:
                logout(request)
                messages.error(request, "动态口令多次输入错误，已退出登录，请重新输入密码。")
                return redirect("login")
            form.add_error(
                "code",
                "尝试过于频繁，请稍等几秒再输入。"
                if check.throttled
                else "动态口令不正确或已过期，请输入应用中当前显示的数字。",
            )
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "demo_code": second_factor.demo_hint(user),
        },
    )


@login_required
def second_factor_enrol(request):
    """Bind an authenticator app: scan the QR code (or type the key), confirm with a code; the
    recovery codes follow, shown once. A session that must verify an existing device cannot
    bind another one (a password alone never replaces the second factor)."""
    user = request.user
    if second_factor.has_device(user) and second_factor.needs_verification(request):
        return redirect(f"{reverse('accounts:second_factor')}?{request.GET.urlencode()}")
    device = second_factor.enrolment_device(user=user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, "second_factor"):
            return render(request, "429.html", status=429)
        if form.is_valid():
            enrolment = second_factor.enrolment_confirm(
                user=user, device=device, token=form.cleaned_data["code"], request=request
            )
            if enrolment is not None:
                second_factor.mark_verified(request, enrolment.device)
                request.session[second_factor.NEW_CODES_KEY] = enrolment.recovery_codes
                request.session["accounts.after_codes"] = _next_url(request)
                messages.success(request, "动态口令已绑定。")
                return redirect("accounts:recovery_codes")
            form.add_error("code", "验证码不正确，请确认手机时间准确后输入当前显示的数字。")
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "qr_svg": mark_safe(second_factor.qr_svg(device)),
            "secret": second_factor.secret_base32(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "required": second_factor.required_for(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@login_required
def recovery_codes(request):
    """The new recovery codes, shown once (then gone from the session); POST makes new ones."""
    if second_factor.needs_verification(request):
        return redirect("accounts:second_factor")
    if request.method == "POST":
        if not second_factor.has_device(request.user):
            return redirect("accounts:second_factor_enrol")
        codes = second_factor.recovery_codes_renew(user=request.user, request=request)
        request.session[second_factor.NEW_CODES_KEY] = codes
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(second_factor.NEW_CODES_KEY, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "left": second_factor.recovery_codes_left(request.user),
            "continue_url": request.session.pop("accounts.after_codes", None)
            or reverse("accounts:profile"),
        },
    )


# --- the login audit ---------------------------------------------------------------------------

LOGIN_AUDIT_EXPORT_LIMIT = 10_000


def may_read_login_audit(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def _login_events(request):
    from accounts.filters import LoginEventFilter
    from accounts.models import LoginEvent

    if not may_read_login_audit(request.user):
        raise PermissionDenied
    filterset = LoginEventFilter(request.GET, queryset=LoginEvent.objects.select_related("user"))
    return filterset, (filterset.qs if filterset.is_valid() else filterset.queryset.none())


@login_required
def login_audit(request):
    """Every sign-in step, by account, address and outcome: the administrator's view."""
    from django.core.paginator import Paginator

    filterset, qs = _login_events(request)
    paginator = Paginator(qs, 50)
    return render(
        request,
        "accounts/login_audit.html",
        {
            "filterset": filterset,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "keep_days": settings.LOGIN_AUDIT_DAYS,
            "export_limit": LOGIN_AUDIT_EXPORT_LIMIT,
        },
    )


@login_required
def login_audit_export(request):
    """The filtered login audit as Excel, at most LOGIN_AUDIT_EXPORT_LIMIT rows (the newest)."""
    from django.utils import timezone

    from accounts.excel import LOGIN_EVENT_SHEET
    from core.excel import xlsx_response

    _, qs = _login_events(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = qs[:LOGIN_AUDIT_EXPORT_LIMIT].iterator()
    return xlsx_response(LOGIN_EVENT_SHEET.write(rows), f"登录日志-{stamp}.xlsx")
