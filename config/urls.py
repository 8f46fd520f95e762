from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "济宁市标准化平台 管理后台"
admin.site.site_title = "济宁市标准化平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("catalog.urls")),
    path("", include("api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
