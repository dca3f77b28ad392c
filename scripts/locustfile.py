"""`make load`: the mix a kecamatan sees on a busy morning, as Locust users against gunicorn.

Staff take requests in at the counter (with a scanned SKTM), check them and finish the last
steps; the Kasi gives fiat and the Camat signs (with the password); citizens track their
requests, verify documents and read SOP PDFs. scripts/load.py prepares the database, starts
the server and writes the codes and PDF paths this file reads (LOAD_TARGETS)."""

import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ["LOAD_TARGETS"], encoding="utf-8") as targets:
    TARGETS = json.load(targets)
PASSWORD = TARGETS["password"]
SOP = TARGETS["sktm_sop"]
ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]
CASE_LINK = re.compile(r'href="/layanan/([A-Z]{3}-[A-Z0-9-]+)/"')
RECORD = re.compile(r'name="record" value="(\d+)"')
with open(TARGETS["scan"], "rb") as scan:
    SCAN = scan.read()


class Staff(HttpUser):
    """Logs in once, then works: the worklist, a case opened and its step finished."""

    abstract = True
    username = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.get("/masuk/")
        self.post("/masuk/", {"username": self.username, "password": PASSWORD}, name="/masuk/")

    def post(self, url: str, data: dict, *, name: str, files=None):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        return self.client.post(url, data, files=files, name=name, allow_redirects=False)

    def worklist_codes(self) -> list[str]:
        page = self.client.get("/layanan/", name="/layanan/ (daftar kerja)")
        return CASE_LINK.findall(page.text)

    def finish_open_step(self, code: str, **data) -> None:
        page = self.client.get(f"/layanan/{code}/", name="/layanan/[kode]/")
        record = RECORD.search(page.text)
        if record:  # none when someone else finished it a moment ago
            self.post(
                f"/layanan/{code}/selesaikan/",
                {"record": record.group(1), **data},
                name="/layanan/[kode]/selesaikan/",
            )

    @task(3)
    def worklist(self) -> None:
        self.worklist_codes()

    @task(2)
    def work_a_case(self) -> None:
        codes = self.worklist_codes()
        if codes:
            self.finish_open_step(random.choice(codes[:20]), **self.step_input())

    def step_input(self) -> dict:
        return {}


class Clerk(Staff):
    """The counter: intake with a scan, the completeness check, register and hand-over."""

    username = "staf.undaan"
    weight = 4

    @task(2)
    def intake(self) -> None:
        desa = random.choice(TARGETS["desa"])
        data = {
            "nama": random.choice(["Sumarni Rahayu", "Budi Hartono", "Siti Nurjanah"]),
            "nik": "3319045203850002",
            "kk": "3319041503120007",
            "alamat": "RT 02 RW 01",
            "desa": desa,
            "telepon": "081234567890",
            "nomor_jkn": "0001234567890",
            "nomor_sktm": f"400.7.22/{random.randint(1, 999):03}/2026",
            "tanggal_sktm": "2026-11-16",
            "desa_sktm": desa,
            **{f"ada_{kode}": "on" for kode in ALL},
        }
        scan = {"scan_sktm_asli": ("sktm.pdf", SCAN, "application/pdf")}
        response = self.post(f"/layanan/baru/{SOP}/", data, files=scan, name="intake + scan")
        if response.status_code == 302:
            code = response.headers["Location"].strip("/").split("/")[-1]
            self.finish_open_step(code, keputusan="ya", ada=ALL)

    def step_input(self) -> dict:
        return {"keputusan": "ya", "ada": ALL, "diserahkan_kepada": "Pemohon"}


class Kasi(Staff):
    username = "kasi.kesra"
    weight = 1


class Camat(Staff):
    """Signs with the password: a deliberately slow hash on every signature."""

    username = "camat.undaan"
    weight = 1

    def step_input(self) -> dict:
        return {"password": PASSWORD}


class Citizen(HttpUser):
    """No login: tracking, verification and the SOP's printed document."""

    weight = 6
    wait_time = between(1, 5)

    @task(5)
    def track(self) -> None:
        self.client.get(f"/lacak/{random.choice(TARGETS['cases'])}/", name="/lacak/[kode]/")

    @task(2)
    def verify(self) -> None:
        if TARGETS["documents"]:
            code = random.choice(TARGETS["documents"])
            self.client.get(f"/verifikasi/{code}/", name="/verifikasi/[kode]/")

    @task(2)
    def sop_pdf(self) -> None:
        self.client.get(random.choice(TARGETS["pdfs"]), name="/sop/[kode]/v[n].pdf")

    @task(1)
    def sop_page(self) -> None:
        self.client.get(random.choice(TARGETS["pages"]), name="/sop/[kode]/")
