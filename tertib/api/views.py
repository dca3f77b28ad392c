"""The user's own API tokens: make one (its secret shown once), see them, revoke them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tertib.api.models import ApiToken
from tertib.api.tokens import create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Nama token",
        max_length=100,
        error_messages={
            "required": "Nama token: wajib diisi.",
            "max_length": "Nama token: paling banyak 100 huruf.",
        },
    )
    scope = forms.ChoiceField(label="Cakupan", choices=ApiToken.Scope.choices)
    days = forms.IntegerField(
        label="Berlaku (hari)",
        min_value=1,
        max_value=365,
        initial=90,
        error_messages={
            "required": "Berlaku (hari): wajib diisi.",
            "invalid": "Berlaku (hari): tulis bilangan bulat.",
            "min_value": "Berlaku (hari): paling sedikit 1.",
            "max_value": "Berlaku (hari): paling lama 365.",
        },
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = create_token(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm()
    rows = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "secret": secret, "tokens": rows})


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is not None:
        revoke_token(user=request.user, token_id=token.pk)
        messages.success(request, f"Token {token.name} dicabut.")
    return redirect("api_tokens")
