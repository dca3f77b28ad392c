"""Project-wide pages: the home page and the login (throttled, see tertib/org/throttle.py)."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from tertib.org.forms import LoginForm


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("cases:worklist")
    return redirect("public:track_form")


def login(request: HttpRequest) -> HttpResponse:
    """Django's login with the throttled form; a refused attempt answers 429."""
    response = auth_views.LoginView.as_view(authentication_form=LoginForm)(request)
    form = getattr(response, "context_data", {}).get("form")
    if form is not None and form.has_error("__all__", code="throttled"):
        response.status_code = 429
    return response
