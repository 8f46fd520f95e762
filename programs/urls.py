from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.home, name="home"),
    path("subsidies/policies/", views.policy_list, name="policy_list"),
    path("subsidies/policies/new/", views.policy_edit, name="policy_create"),
    path("subsidies/policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("subsidies/policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("subsidies/policies/<int:pk>/allocation/", views.allocation, name="allocation"),
    path("subsidies/policies/<int:pk>/notice/", views.notice, name="notice"),
    path("subsidies/applications/", views.application_list, name="application_list"),
    path("subsidies/applications/new/", views.application_new, name="application_new"),
    path("subsidies/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "subsidies/applications/<int:pk>/transition/",
        views.application_transition,
        name="application_transition",
    ),
    path(
        "subsidies/applications/<int:pk>/payments/",
        views.application_payment,
        name="application_payment",
    ),
    path(
        "subsidies/applications/<int:pk>/score/", views.application_score, name="application_score"
    ),
    path("subsidies/report/", views.report, name="report"),
    path("subsidies/notices/", views.award_notices, name="award_notices"),
    path("forerunners/", views.forerunner_list, name="forerunner_list"),
    path("forerunners/new/", views.forerunner_new, name="forerunner_new"),
    path("forerunners/import/", views.forerunner_import, name="forerunner_import"),
    path("upgrades/new/", views.upgrade_new, name="upgrade_new"),
    path("reform/", views.plan_list, name="plan_list"),
    path("reform/new/", views.plan_new, name="plan_new"),
    path("reform/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("reform/<int:pk>/transition/", views.plan_transition, name="plan_transition"),
    path("pilots/", views.pilot_list, name="pilot_list"),
    path("pilots/showcase/", views.pilot_showcase, name="pilot_showcase"),
    path("pilots/new/", views.pilot_new, name="pilot_new"),
    path("pilots/<int:pk>/", views.pilot_detail, name="pilot_detail"),
    path("pilots/<int:pk>/transition/", views.pilot_transition, name="pilot_transition"),
    path("pilots/<int:pk>/extend/", views.pilot_extend, name="pilot_extend"),
    path("pilots/<int:pk>/reports/", views.pilot_report, name="pilot_report"),
    path(
        "pilots/<int:pk>/reports/<int:report>/read/",
        views.pilot_report_read,
        name="pilot_report_read",
    ),
    path("pilots/<int:pk>/achievements/", views.pilot_achievements, name="pilot_achievements"),
    path("pilots/<int:pk>/documents/", views.pilot_document_upload, name="pilot_documents"),
]
