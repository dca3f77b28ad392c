from django.urls import path

from tertib.sop import views

app_name = "sop"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:kode>/", views.document, name="document"),
    path("<slug:kode>/v<int:number>/", views.document, name="version"),
    path("<slug:kode>/v<int:number>.pdf", views.document_pdf, name="pdf"),
    path("<slug:kode>/v<int:number>.bpmn", views.document_bpmn, name="bpmn"),
]
