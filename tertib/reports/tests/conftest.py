import pytest


@pytest.fixture
def organisasi(db):
    """A Bagian Organisasi official: reads every office, holds no position in any."""
    from django.contrib.auth.models import Permission

    from tertib.org.testing import make_user

    user = make_user("organisasi", full_name="Rahmat Hidayat")
    user.user_permissions.add(Permission.objects.get(codename="view_every_office"))
    return user
