from django.urls import path

from tertib.services.iuran import views

app_name = "iuran"
urlpatterns = [
    path("", views.index, name="index"),
    path("tagihan/baru/", views.new_bill, name="new_bill"),
    path("tagihan/<str:code>/spp-spm/", views.payment, name="payment"),
    path("tagihan/<str:code>/selisih/", views.decide_difference, name="decide"),
    path("tagihan/<str:code>/koreksi/", views.correct, name="correct"),
    path("tagihan/<str:code>/sp2d/", views.sp2d, name="sp2d"),
    path("tagihan/<str:code>/<slug:kind>.pdf", views.document, name="document"),
    path("perangkat/", views.roster, name="roster"),
    path("perangkat/impor/", views.roster_import, name="roster_import"),
    path("perangkat/<int:pk>/", views.edit_official, name="official"),
    path("perangkat/<int:pk>/verifikasi/", views.verify, name="verify"),
]
