from django.urls import path

from drafting import views

app_name = "drafting"

urlpatterns = [
    path("local-standards/", views.index, name="index"),
    path("local-standards/projects/", views.project_list, name="project_list"),
    path("local-standards/projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("local-standards/projects/<int:pk>/review/", views.project_review, name="project_review"),
    path(
        "local-standards/projects/<int:pk>/duplicate-check/",
        views.duplicate_check,
        name="duplicate_check",
    ),
    path("local-standards/projects/<int:pk>/action/", views.project_action, name="project_action"),
    path("local-standards/projects/<int:pk>/extend/", views.project_extend, name="project_extend"),
    path("local-standards/projects/<int:pk>/drafts/", views.draft_upload, name="draft_upload"),
    path(
        "local-standards/projects/<int:pk>/materials/",
        views.material_upload,
        name="material_upload",
    ),
    path("local-standards/projects/<int:pk>/tech-panel/", views.tech_panel, name="tech_panel"),
    path("local-standards/projects/<int:pk>/vote/", views.tech_vote, name="tech_vote"),
    path("local-standards/projects/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("local-standards/apply/", views.apply, name="apply"),
    path("local-standards/mine/", views.my_projects, name="my_projects"),
    path("local-standards/manage/", views.bureau, name="bureau"),
    path("local-standards/comments/", views.open_for_comment, name="open_for_comment"),
    path("local-standards/published/", views.published, name="published"),
    path("local-standards/suggestions/", views.suggestion_list, name="suggestion_list"),
    path("local-standards/suggestions/new/", views.suggestion_new, name="suggestion_new"),
    path(
        "local-standards/suggestions/<int:pk>/answer/",
        views.suggestion_answer,
        name="suggestion_answer",
    ),
]
