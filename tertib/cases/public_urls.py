from django.urls import path

from tertib.cases import public_views

app_name = "public"
urlpatterns = [
    path("lacak/", public_views.track_form, name="track_form"),
    path("lacak/<str:code>/", public_views.track, name="track"),
    path("verifikasi/<str:code>/", public_views.verify, name="verify"),
]
