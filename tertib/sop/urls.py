from django.urls import path

from tertib.sop import studio_views, views

app_name = "sop"
studio = [
    path("studio/", studio_views.index, name="studio"),
    path("studio/kantor/<slug:office>/baru/", studio_views.new_sop, name="studio_new"),
    path("studio/sop/<slug:kode>/", studio_views.sop_page, name="studio_sop"),
    path("studio/sop/<slug:kode>/ubah/", studio_views.sop_revise, name="studio_revise"),
    path("studio/sop/<slug:kode>/banding/", studio_views.compare, name="studio_compare"),
    path(
        "studio/sop/<slug:kode>/v<int:number>.yaml",
        studio_views.version_yaml,
        name="studio_version_yaml",
    ),
    path("studio/draf/<int:pk>/", studio_views.draft_edit, name="studio_draft"),
    path("studio/draf/<int:pk>/pratinjau/", studio_views.draft_preview, name="studio_preview"),
    path("studio/draf/<int:pk>/ajukan/", studio_views.draft_submit, name="studio_submit"),
    path("studio/draf/<int:pk>/sahkan/", studio_views.draft_approve, name="studio_approve"),
    path("studio/draf/<int:pk>/kembalikan/", studio_views.draft_return, name="studio_return"),
    path("studio/draf/<int:pk>/impor/", studio_views.draft_import, name="studio_import"),
    path("studio/draf/<int:pk>.yaml", studio_views.draft_yaml, name="studio_draft_yaml"),
]
urlpatterns = [
    *studio,
    path("", views.catalogue, name="catalogue"),
    path("<slug:kode>/", views.document, name="document"),
    path("<slug:kode>/v<int:number>/", views.document, name="version"),
    path("<slug:kode>/v<int:number>.pdf", views.document_pdf, name="pdf"),
    path("<slug:kode>/v<int:number>.bpmn", views.document_bpmn, name="bpmn"),
]
