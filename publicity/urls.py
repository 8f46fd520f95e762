from django.urls import path

from publicity import views

app_name = "publicity"

urlpatterns = [
    path("publicity/", views.notice_list, name="notice_list"),
    path("publicity/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("publicity/objections/", views.objection_list, name="objection_list"),
    path("publicity/objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
]
