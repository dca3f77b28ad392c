from django.urls import path

from tertib.citizen import views

app_name = "survey"
urlpatterns = [
    path("<str:code>/<str:token>/", views.answer, name="answer"),
]
