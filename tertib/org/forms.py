"""Login forms that go through the password throttle; account forms that refuse look-alike names."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm

from tertib.forms import CleanInputMixin
from tertib.lib.text import is_plain_username, normalise_username
from tertib.org import throttle


class ThrottledLoginMixin:
    """Authenticates through tertib.org.throttle with the name exactly as typed."""

    def clean(self):
        username = self.data.get("username", "")
        password = self.cleaned_data.get("password")
        if username and password:
            try:
                self.user_cache = throttle.authenticate(
                    self.request, username=username, password=password
                )
            except throttle.Throttled as refused:
                raise forms.ValidationError(str(refused), code="throttled") from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


# Django's Indonesian message names the field through the model's verbose name and so reads
# "Masukkan nama pengguna nama pengguna dan sandi yang benar"; ours says it once.
INVALID_LOGIN = (
    "Nama pengguna atau kata sandi salah. "
    "Periksa huruf besar/kecil pada kata sandi, lalu coba lagi."
)


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Nama pengguna atau kata sandi salah, atau akun ini tidak berhak "
        "membuka admin.",
    }


def check_new_username(username: str, *, exclude_pk=None) -> str:
    """A new account's name: plain lower-case ASCII, and not another account's name in other
    letters or case ("Kasi.Kesra", full-width "ｋasi.kesra")."""
    if not is_plain_username(username):
        raise forms.ValidationError(
            "Nama pengguna: hanya huruf kecil a-z, angka, titik, garis bawah dan tanda hubung "
            "(2-150 karakter), tanpa spasi.",
            code="username_plain",
        )
    others = get_user_model().objects.exclude(pk=exclude_pk).values_list("username", flat=True)
    if normalise_username(username) in {normalise_username(name) for name in others}:
        raise forms.ValidationError(
            "Nama pengguna: sudah dipakai akun lain (dengan huruf besar/kecil yang berbeda).",
            code="username_taken",
        )
    return username


class NewUserForm(CleanInputMixin, AdminUserCreationForm):
    def clean_username(self):
        return check_new_username(self.data.get("username", ""))


class UserForm(CleanInputMixin, UserChangeForm):
    def clean_username(self):
        username = self.data.get("username", "")
        if username == self.instance.username:
            return username  # an old name stays as it is
        return check_new_username(username, exclude_pk=self.instance.pk)
