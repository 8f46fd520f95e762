from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from catalog.api import StandardViewSet, validity_check

router = DefaultRouter(trailing_slash=True)
router.register("standards", StandardViewSet, basename="standard")

urlpatterns = [
    path("api/v1/standards/validity/", validity_check, name="validity-check"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
