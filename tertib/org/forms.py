"""Login forms that go through the password throttle."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

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


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
