from django.urls import path

from tertib.citizen import views

app_name = "ikm"
urlpatterns = [
    path("<slug:office>/", views.ikm_page, name="office"),
    path("<slug:office>/laporan.pdf", views.ikm_pdf, name="pdf"),
    path("<slug:office>/jawaban.xlsx", views.ikm_xlsx, name="xlsx"),
    path("<slug:office>/kuesioner/", views.paper, name="paper"),
    path("<slug:office>/kuesioner/cetak/", views.questionnaire, name="questionnaire"),
]
