from django.contrib import admin
from django.urls import include, path
from django.views.generic.base import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="sop:catalogue", permanent=False)),
    path("sop/", include("tertib.sop.urls")),
    path("admin/", admin.site.urls),
]
