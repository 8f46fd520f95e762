from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/register/", views.register_enterprise, name="register_enterprise"),
    path("organizations/join/", views.join_organization, name="join_organization"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path(
        "organizations/<int:pk>/transition/",
        views.organization_transition,
        name="organization_transition",
    ),
    path(
        "organizations/<int:pk>/members/", views.organization_members, name="organization_members"
    ),
    path(
        "organizations/<int:pk>/documents/",
        views.organization_document_upload,
        name="organization_document_upload",
    ),
    path("specialists/", views.specialist_list, name="specialist_list"),
    path("specialists/new/", views.specialist_create, name="specialist_create"),
    path("specialists/<int:pk>/", views.specialist_detail, name="specialist_detail"),
    path(
        "specialists/<int:pk>/transition/",
        views.specialist_transition,
        name="specialist_transition",
    ),
    path("experts/", views.expert_list, name="expert_list"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("directory/export/<str:kind>.xlsx", views.export, name="export"),
]
