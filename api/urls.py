from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from calls.api import CallViewSet
from catalog.api import StandardViewSet, validity_check
from consultation.api import ConsultationTableFileView, ConsultationViewSet
from core.api import AuditEventViewSet
from directory.api import CommitteeViewSet, ExpertViewSet, OrganizationViewSet, SpecialistViewSet
from drafting.api import ProjectTableFileView, ProjectViewSet
from follows.api import FollowViewSet, SavedSearchViewSet
from insight import api as insight_api
from notices.api import ArticleViewSet
from notifications.api import NotificationViewSet
from profiles.api import organization_profile
from programs import api as programs_api
from provincial.api import ProvincialProjectViewSet
from publicity.api import NoticeViewSet
from reviews.api import ReviewViewSet
from showcase.api import ShowcaseViewSet
from topics.api import TopicViewSet

router = DefaultRouter(trailing_slash=True)
router.register("standards", StandardViewSet, basename="standard")
router.register("calls", CallViewSet, basename="call")
router.register("publicity", NoticeViewSet, basename="notice")
router.register("notices", ArticleViewSet, basename="article")
router.register(
    "local-standards/provincial", ProvincialProjectViewSet, basename="provincial-project"
)
router.register("reviews", ReviewViewSet, basename="review")
router.register("local-standards/projects", ProjectViewSet, basename="local-standard-project")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("specialists", SpecialistViewSet, basename="specialist")
router.register("experts", ExpertViewSet, basename="expert")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("follows/standards", FollowViewSet, basename="follow")
router.register("follows/searches", SavedSearchViewSet, basename="saved-search")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("subsidies/policies", programs_api.PolicyViewSet, basename="subsidy-policy")
router.register(
    "subsidies/applications", programs_api.ApplicationViewSet, basename="subsidy-application"
)
router.register("forerunners", programs_api.ForerunnerViewSet, basename="forerunner")
router.register("pilots", programs_api.PilotViewSet, basename="pilot")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("showcase", ShowcaseViewSet, basename="showcase")
router.register("topics", TopicViewSet, basename="topic")

urlpatterns = [
    path("api/v1/standards/validity/", validity_check, name="validity-check"),
    path("api/v1/subsidies/report/", programs_api.report, name="subsidy-report"),
    path(
        "api/v1/statistics/public/",
        insight_api.public_statistics,
        name="statistics-public",
    ),
    path(
        "api/v1/statistics/bureau/",
        insight_api.bureau_statistics,
        name="statistics-bureau",
    ),
    path(
        "api/v1/organizations/<int:pk>/profile/",
        organization_profile,
        name="organization-profile",
    ),
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
    path(
        "api/v1/local-standards/projects/<int:pk>/comment-table.xlsx",
        ProjectTableFileView.as_view({"get": "comment_table_xlsx"}),
        name="local-standard-table-xlsx",
    ),
    path(
        "api/v1/local-standards/projects/<int:pk>/comment-table.docx",
        ProjectTableFileView.as_view({"get": "comment_table_docx"}),
        name="local-standard-table-docx",
    ),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
