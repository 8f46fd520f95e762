"""Registration, email confirmation, profile, joining an organization, API token."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import IndividualRegistrationForm, ProfileForm
from accounts.roles import may_hold_api_token
from core import sections
from core.ratelimit import post_rate_limit


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
    user = services.user_confirm_email(token=token)
    if user is None:
        return render(request, "accounts/confirm_invalid.html", status=400)
    messages.success(request, "邮箱已确认，账号已激活，请登录。")
    return redirect("login")


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
