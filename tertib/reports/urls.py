from django.urls import path

from tertib.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("kabupaten/monitoring/", views.kabupaten, name="kabupaten"),
    path("monitoring/<int:pk>/", views.monitoring_form, name="monitoring"),
    path("monitoring/<int:pk>.pdf", views.monitoring_pdf, name="monitoring_pdf"),
    path("monitoring/<int:pk>.xlsx", views.monitoring_xlsx, name="monitoring_xlsx"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    path("draf/<int:pk>/", views.draft_page, name="draft"),
    path("draf/<int:pk>.yaml", views.draft_yaml, name="draft_yaml"),
    path("draf/<int:pk>/studio/", views.draft_to_studio, name="draft_to_studio"),
    path("<slug:office>/", views.dashboard, name="dashboard"),
    path("<slug:office>/langkah.xlsx", views.steps_xlsx, name="steps_xlsx"),
    path("<slug:office>/monitoring/", views.monitoring_list, name="monitoring_list"),
    path("<slug:office>/monitoring/buka/", views.monitoring_open, name="monitoring_open"),
    path("<slug:office>/evaluasi/<int:year>/", views.evaluation_page, name="evaluation"),
    path("<slug:office>/evaluasi/<int:year>/draf/", views.draft_open, name="draft_open"),
]
