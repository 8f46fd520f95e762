"""Individual registration, email confirmation and login, profile, API token, password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import IndividualRegistrationForm, LoginForm, ProfileForm
from accounts.models import User
from accounts.roles import may_hold_api_token
from accounts.tokens import read_confirmation_token
from core import sections
from core.ratelimit import post_rate_limit

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
