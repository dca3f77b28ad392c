from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from tertib.sop.models import Sop

DEMO_LOGINS = [("admin", "tertib-demo", "Admin aplikasi (Django admin)")]


class Command(BaseCommand):
    help = "Siapkan akun demo dan cetak alamat serta login demo."

    def handle(self, *args, **options):
        users = get_user_model().objects
        for username, password, _role in DEMO_LOGINS:
            if not users.filter(username=username).exists():
                users.create_superuser(username=username, password=password, email="")
        self.stdout.write("\nTertib siap di http://127.0.0.1:8000/")
        self.stdout.write("  Katalog SOP: http://127.0.0.1:8000/sop/")
        for sop in Sop.objects.select_related("current_version"):
            self.stdout.write(f"  - {sop.current_version.data['nama']} (/sop/{sop.kode}/)")
        self.stdout.write("Login demo:")
        for username, password, role in DEMO_LOGINS:
            self.stdout.write(f"  {username} / {password}  — {role}")
        self.stdout.write("")
