"""Project-wide pages: the home page and a login that slows down guessing."""

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("cases:worklist")
    return redirect("public:track_form")


def login(request: HttpRequest) -> HttpResponse:
    """Django's login, refused for 15 minutes after 5 failures for one name from one address."""
    key = _throttle_key(request)
    if request.method == "POST" and cache.get(key, 0) >= MAX_FAILURES:
        response = render(
            request,
            "registration/login.html",
            {
                "form": auth_views.AuthenticationForm(request),
                "locked": "Terlalu banyak percobaan masuk. Coba lagi 15 menit lagi.",
            },
            status=429,
        )
        return response
    response = auth_views.LoginView.as_view()(request)
    if request.method == "POST" and response.status_code != 302:
        cache.set(key, cache.get(key, 0) + 1, LOCK_SECONDS)
    elif response.status_code == 302:
        cache.delete(key)
    return response


def _throttle_key(request: HttpRequest) -> str:
    username = request.POST.get("username", "").strip().lower()[:150]
    return f"login-failures:{request.META.get('REMOTE_ADDR', '')}:{username}"
