from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import LoginView, PasswordResetView

admin.site.site_header = "济宁市标准化平台 管理后台"
admin.site.site_title = "济宁市标准化平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    # The API first: its paths all start with api/ (no page's does), and Django tries patterns
    # in order, so the busiest endpoint would otherwise be matched after every page pattern.
    path("", include("api.urls")),
    path("", include("portal.urls")),
    path("", include("catalog.urls")),
    path("", include("directory.urls")),
    path("", include("documents.urls")),
    path("", include("calls.urls")),
    path("", include("notices.urls")),
    path("", include("showcase.urls")),
    path("", include("publicity.urls")),
    path("", include("provincial.urls")),
    path("", include("reviews.urls")),
    path("", include("drafting.urls")),
    path("", include("opendata.urls")),
    path("", include("drafts.urls")),
    path("", include("consultation.urls")),
    path("", include("notifications.urls")),
    path("", include("follows.urls")),
    path("", include("programs.urls")),
    path("", include("analytics.urls")),
    path("", include("profiles.urls")),
    path("", include("topics.urls")),
    path("", include("workspace.urls")),
    path("", include("insight.urls")),
    path("", include("core.urls")),
    path("", include("core.export_urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
