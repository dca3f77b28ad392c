from django.urls import path

from tertib.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("baru/<slug:kode>/", views.new_case, name="new"),
    path("cari/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/ambil/", views.claim, name="claim"),
    path("<str:code>/selesaikan/", views.complete, name="complete"),
    path("<str:code>/lanjutkan/", views.resume, name="resume"),
    path("<str:code>/tolak/", views.reject, name="reject"),
    path("<str:code>/batalkan/", views.cancel, name="cancel"),
    path("<str:code>/cabut/", views.revoke, name="revoke"),
    path("<str:code>/tanda-terima.pdf", views.receipt, name="receipt"),
    path("<str:code>/slip-pengembalian.pdf", views.return_slip, name="return_slip"),
    path("<str:code>/berkas/<int:pk>/", views.attachment, name="attachment"),
    path("<str:code>/dokumen/<int:pk>.pdf", views.issued, name="issued"),
]
