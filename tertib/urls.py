from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tertib.api import views as api_views
from tertib.api.api import api
from tertib.sop.services import SERVICES
from tertib.views import home, login

urlpatterns = [
    path("", home, name="home"),
    path("masuk/", login, name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sop/", include("tertib.sop.urls")),
    path("layanan/", include("tertib.cases.urls")),
    path("register/", include("tertib.cases.register_urls")),
    path("laporan/", include("tertib.reports.urls")),
    path("layanan-publik/", include("tertib.citizen.urls")),
    path("survei/", include("tertib.citizen.survey_urls")),
    path("ikm/", include("tertib.citizen.ikm_urls")),
    path("", include("tertib.cases.public_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("akun/token/", api_views.tokens, name="api_tokens"),
    path("akun/token/<int:pk>/cabut/", api_views.revoke, name="api_token_revoke"),
    *[
        path(f"{service.url_prefix}/", include(service.urls))
        for service in SERVICES.values()
        if service.urls
    ],
]
