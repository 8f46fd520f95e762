from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from catalog.api import StandardViewSet, validity_check
from consultation.api import ConsultationTableFileView, ConsultationViewSet
from core.api import AuditEventViewSet
from directory.api import CommitteeViewSet, ExpertViewSet, OrganizationViewSet, SpecialistViewSet
from follows.api import FollowViewSet, SavedSearchViewSet
from notifications.api import NotificationViewSet

router = DefaultRouter(trailing_slash=True)
router.register("standards", StandardViewSet, basename="standard")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("specialists", SpecialistViewSet, basename="specialist")
router.register("experts", ExpertViewSet, basename="expert")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("follows/standards", FollowViewSet, basename="follow")
router.register("follows/searches", SavedSearchViewSet, basename="saved-search")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("consultations", ConsultationViewSet, basename="consultation")

urlpatterns = [
    path("api/v1/standards/validity/", validity_check, name="validity-check"),
    # The 汇总处理表 without the router's trailing slash, as files are usually addressed.
    path(
        "api/v1/consultations/<int:pk>/comment-table.xlsx",
        ConsultationTableFileView.as_view({"get": "comment_table_xlsx"}),
        name="consultation-table-xlsx",
    ),
    path(
        "api/v1/consultations/<int:pk>/comment-table.docx",
        ConsultationTableFileView.as_view({"get": "comment_table_docx"}),
        name="consultation-table-docx",
    ),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
