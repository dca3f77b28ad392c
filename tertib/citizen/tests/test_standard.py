"""The public service standard, derived from an SOP written only for these tests."""

import datetime

import pytest
from django.urls import reverse

from tertib.cases.testing import pdf_text
from tertib.citizen.models import OfficeStandard, ServiceStandard
from tertib.citizen.standard import time_record
from tertib.citizen.testing import served
from tertib.org.testing import assign, make_office, make_user
from tertib.sop.loading import load_file

pytestmark = pytest.mark.django_db

DOMISILI = """\
kode: uji-domisili-usaha
kantor:
  pemda: PEMERINTAH KABUPATEN KUDUS
  nama: KELURAHAN UJI
  alamat: Jalan Uji 1
  telepon:
  email:
  kode_unit:
  logo: ../logo-kabupaten-kudus.svg
nomor: 001/SOP/2026
tanggal_pembuatan: 2026-01-05
tanggal_revisi:
tanggal_efektif: 2026-02-01
disahkan_oleh:
  jabatan: LURAH UJI
  nama: DEWI SARTIKA, S.IP
  pangkat: Penata
  nip: 19800101 200501 2 001
nama: Surat Keterangan Domisili Usaha
dasar_hukum:
  - Perda Kabupaten Uji No. 7 Tahun 2020 tentang Perizinan Usaha Mikro
kualifikasi_pelaksana:
  - Memahami administrasi kependudukan
keterkaitan:
peralatan_perlengkapan:
  - Komputer dan printer
peringatan:
pencatatan_pendataan:
pelaksana:
  - {kode: staf, nama: Petugas loket}
  - {kode: lurah, nama: Lurah}
langkah:
  - no: 1
    kegiatan: Menerima berkas permohonan
    pelaksana: staf
    mutu_baku: {waktu: 5 menit, output: Berkas diterima}
  - no: 2
    kegiatan: Memeriksa kelengkapan berkas
    pelaksana: staf
    jenis: keputusan
    pertanyaan: Berkas lengkap?
    ya: 3
    tidak: pemohon
    mutu_baku: {waktu: 10 menit, output: Berkas lengkap}
  - no: 3
    kegiatan: Menandatangani surat keterangan
    pelaksana: lurah
    mutu_baku: {waktu: 1 jam, output: Surat Keterangan Domisili Usaha yang ditandatangani}
layanan:
  formulir:
    - {kode: nama, label: Nama pemilik usaha, subjek: true}
  persyaratan:
    - {kode: ktp, nama: Fotokopi KTP-el pemilik usaha}
    - {kode: pengantar, nama: Surat pengantar RT/RW}
    - {kode: foto, nama: Foto tempat usaha, wajib: false}
"""


@pytest.fixture
def domisili(db, write_sop):
    office = make_office(
        slug="kantor-uji", name="Kelurahan Uji", positions={"staf": "Staf", "lurah": "Lurah"}
    )
    assign(make_user("loket"), office, "staf")
    assign(make_user("lurah"), office, "lurah")
    load_file(write_sop(DOMISILI))
    return office


def page(client, office="kantor-uji", kode="uji-domisili-usaha"):
    return client.get(reverse("citizen:service", args=[office, kode]))


def test_public_page_states_the_standard_from_the_sop(client, domisili):
    response = page(client)

    text = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    for expected in [
        "<h1>Surat Keterangan Domisili Usaha</h1>",
        "<li>Fotokopi KTP-el pemilik usaha</li>",
        "<li>Surat pengantar RT/RW</li>",
        "<li>Foto tempat usaha (bila ada)</li>",
        "<strong>2.</strong> Memeriksa kelengkapan berkas<br>"
        '<span class="by">Petugas loket · 10 menit</span>',
        "Berkas lengkap? Bila tidak, berkas dikembalikan kepada pemohon untuk dilengkapi.",
        '<div class="figure">1 jam 15 menit (jam kerja)</div>',
        "Belum ditetapkan oleh kantor; tanyakan kepada petugas.",
        "<p>Surat Keterangan Domisili Usaha yang ditandatangani</p>",
        "<li>SP4N-LAPOR!: www.lapor.go.id, SMS 1708, aplikasi SP4N-LAPOR!</li>",
        "<p>Perda Kabupaten Uji No. 7 Tahun 2020 tentang Perizinan Usaha Mikro</p>",
        "<p>Memahami administrasi kependudukan</p>",
        "<li>Komputer dan printer</li>",
        "<p>2 orang (Petugas loket, Lurah)</p>",
        "belum ada permohonan yang selesai.",
    ]:
        assert expected in text, expected


def test_cost_and_office_settings_come_from_the_admin_tables(client, domisili):
    ServiceStandard.objects.create(sop_id=_sop_id(), gratis=True, jumlah_pelaksana=3)
    OfficeStandard.objects.create(office=domisili, pengaduan="Kotak saran\nWhatsApp 0811 000")

    text = page(client).content.decode()

    assert "<p>Tidak dipungut biaya (Rp 0).</p>" in text
    assert "<li>Kotak saran</li>" in text and "<li>WhatsApp 0811 000</li>" in text
    assert "SP4N-LAPOR!" not in text
    assert "<p>3 orang</p>" in text


def test_a_stated_cost_is_printed_as_written(client, domisili):
    ServiceStandard.objects.create(sop_id=_sop_id(), biaya="Rp 10.000 (Perda No. 7 Tahun 2020)")

    assert "<p>Rp 10.000 (Perda No. 7 Tahun 2020)</p>" in page(client).content.decode()


def _sop_id() -> int:
    from tertib.sop.models import Sop

    return Sop.objects.get(kode="uji-domisili-usaha").pk


def test_unknown_service_or_wrong_office_is_not_found(client, domisili, undaan):
    assert page(client, kode="tidak-ada").status_code == 404
    assert page(client, office="kecamatan-undaan").status_code == 404


def test_catalogue_lists_each_office_service(client, domisili):
    text = client.get(reverse("citizen:catalogue")).content.decode()

    assert "<h2>Kelurahan Uji</h2>" in text
    assert reverse("citizen:service", args=["kantor-uji", "uji-domisili-usaha"]) in text


def test_maklumat_pdf_prints_the_standard_and_the_pledge(client, domisili):
    response = client.get(reverse("citizen:maklumat", args=["kantor-uji", "uji-domisili-usaha"]))

    text = " ".join(pdf_text(response.content).split())
    assert response["Content-Type"] == "application/pdf"
    assert "STANDAR PELAYANAN" in text
    assert "MAKLUMAT PELAYANAN" in text
    assert "Fotokopi KTP-el pemilik usaha" in text
    assert "1 jam 15 menit (jam kerja)" in text
    assert "DEWI SARTIKA, S.IP" in text
    assert "NIP. 19800101 200501 2 001" in text


def test_time_record_is_last_semester_share_within_the_total_mutu_baku(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    monday = datetime.date(2026, 11, 23)
    served(undaan, day=monday)  # 6 minutes of 15
    served(undaan, day=monday, plan=[(0, 1), (0, 1), (0, 1), (0, 30), (0, 1), (0, 1)])

    record = time_record(undaan.version.sop, undaan.office, today=datetime.date(2027, 2, 1))
    so_far = time_record(undaan.version.sop, undaan.office, today=datetime.date(2026, 12, 1))
    nothing = time_record(undaan.version.sop, undaan.office, today=datetime.date(2026, 3, 1))

    assert str(record) == (
        "Semester II 2026: 50 % dari 2 permohonan selesai dalam jangka waktu ini."
    )
    assert str(so_far) == str(record)  # last semester empty: this one so far
    assert str(nothing) == "Semester I 2026: belum ada permohonan yang selesai."


def test_an_internal_procedure_has_no_public_standard(client, pmd):
    page = client.get(
        reverse("citizen:service", args=["dinas-pmd", "dinas-pmd-iuran-jaminan-kesehatan"])
    )
    catalogue = client.get(reverse("citizen:catalogue")).content.decode()

    assert page.status_code == 404
    assert "dinas-pmd-iuran-jaminan-kesehatan" not in catalogue


@pytest.mark.parametrize(
    ("tidak", "branch"),
    [
        (
            "pemohon",
            "Berkas lengkap? Bila tidak, berkas dikembalikan kepada pemohon untuk dilengkapi.",
        ),
        ("selesai", "Berkas lengkap? Bila tidak, permohonan tidak dapat dilanjutkan."),
        ("1", "Berkas lengkap? Bila tidak, lanjut ke langkah 1."),
    ],
)
def test_a_decision_says_where_no_leads(write_sop, db, tidak, branch):
    from tertib.citizen.standard import steps

    version = load_file(write_sop(DOMISILI.replace("tidak: pemohon", f"tidak: {tidak}"))).version

    described = steps(version.definition)

    assert [step.branch for step in described] == ["", branch, ""]
    assert [(step.no, step.by, step.waktu) for step in described] == [
        (1, "Petugas loket", "5 menit"),
        (2, "Petugas loket", "10 menit"),
        (3, "Lurah", "1 jam"),
    ]


def test_an_office_without_staff_names_the_roles(client, write_sop, db):
    # The office has the posts its SOP names (loading checks that) but nobody holds them yet.
    make_office(
        slug="kantor-uji", name="Kelurahan Uji", positions={"staf": "Staf", "lurah": "Lurah"}
    )
    assert load_file(write_sop(DOMISILI)).problems == []

    assert "<p>Petugas loket, Lurah</p>" in page(client).content.decode()


def test_the_survey_page_shows_no_applicant_name(client, undaan, settings, tmp_path):
    from tertib.citizen.survey import survey_token

    settings.PRIVATE_DIR = tmp_path
    case = served(undaan, day=datetime.date(2026, 11, 23))

    text = client.get(reverse("survey:answer", args=[case.code, survey_token(case.code)]))

    assert case.subject == "Sumarni"
    assert "Sumarni" not in text.content.decode()


def revised(write_sop, *, effective_from: datetime.date):
    """Version 2 of the domisili SOP, renamed, approved to come in force on that day."""
    renamed = DOMISILI.replace(
        "nama: Surat Keterangan Domisili Usaha\n",
        "nama: Surat Keterangan Domisili Usaha Revisi Kedua\n",
    )
    version = load_file(write_sop(renamed)).version
    version.effective_from = effective_from
    version.save(update_fields=["effective_from"])
    return version


def test_the_page_states_the_version_in_force_not_one_to_come(client, domisili, write_sop):
    version = revised(write_sop, effective_from=datetime.date.today() + datetime.timedelta(days=30))

    text = page(client).content.decode()

    assert version.number == 2 and version.sop.current_version == version
    assert "<h1>Surat Keterangan Domisili Usaha</h1>" in text
    assert "Revisi Kedua" not in text


def test_the_page_states_a_new_version_from_its_effective_date(client, domisili, write_sop):
    revised(write_sop, effective_from=datetime.date.today() - datetime.timedelta(days=1))

    text = page(client).content.decode()

    assert "<h1>Surat Keterangan Domisili Usaha Revisi Kedua</h1>" in text


def test_the_maklumat_prints_the_version_in_force(client, domisili, write_sop):
    revised(write_sop, effective_from=datetime.date.today() + datetime.timedelta(days=30))

    response = client.get(reverse("citizen:maklumat", args=["kantor-uji", "uji-domisili-usaha"]))

    text = pdf_text(response.content)
    assert "Surat Keterangan Domisili Usaha" in text
    assert "Revisi Kedua" not in text


def test_the_catalogue_names_the_version_in_force(client, domisili, write_sop):
    revised(write_sop, effective_from=datetime.date.today() + datetime.timedelta(days=30))

    text = client.get(reverse("citizen:catalogue")).content.decode()

    assert "Surat Keterangan Domisili Usaha</a>" in text
    assert "Revisi Kedua" not in text
