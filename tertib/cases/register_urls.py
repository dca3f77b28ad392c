from django.urls import path

from tertib.cases import register_views

app_name = "registers"
urlpatterns = [
    path("<slug:office>/<slug:kode>/", register_views.book, name="book"),
    path("<slug:office>/<slug:kode>.xlsx", register_views.book_xlsx, name="xlsx"),
]
