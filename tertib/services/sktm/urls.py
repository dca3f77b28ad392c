from django.contrib.auth.decorators import login_required
from django.urls import path

from tertib.services.sktm import views

app_name = "sktm"
urlpatterns = [
    path("<str:code>/legalisasi.pdf", login_required(views.legalisation), name="legalisation"),
]
