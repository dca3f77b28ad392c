from django.urls import path

from tertib.citizen import views

app_name = "citizen"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:office>/<slug:kode>/", views.service, name="service"),
    path("<slug:office>/<slug:kode>/maklumat.pdf", views.maklumat, name="maklumat"),
]
