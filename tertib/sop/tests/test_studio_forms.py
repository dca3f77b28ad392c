"""The studio's forms: every field of the seed SOPs survives edit → save → export → load."""

import pytest
from django.contrib.auth.models import Permission

from conftest import IURAN, SKTM
from tertib.org.testing import make_user
from tertib.sop import drafting, studio
from tertib.sop.definition import Definition
from tertib.sop.models import Sop, StudioDraft
from tertib.sop.testing import form_data
from tertib.sop.validation import check_text

pytestmark = pytest.mark.django_db


def bagian_organisasi():
    user = make_user("ortala", full_name="Dewi Lestari")
    user.user_permissions.add(Permission.objects.get(codename="change_every_sop"))
    return user


def open_and_post(client, sop, user, change=None):
    """Open the SOP's draft in the studio, post its form back as a browser would."""
    client.force_login(user)
    response = client.post(f"/sop/studio/sop/{sop.kode}/ubah/")
    draft = StudioDraft.objects.get(sop=sop)
    assert response.url == f"/sop/studio/draf/{draft.pk}/"
    page = client.get(response.url)
    assert page.status_code == 200
    data = form_data(page.content.decode())
    if change:
        change(data)
    response = client.post(response.url, {**data, "aksi": "simpan"})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    return draft


@pytest.mark.parametrize("seed", ["undaan", "pmd"])
def test_seed_sop_survives_edit_save_export_load(client, request, seed):
    people = request.getfixturevalue(seed)
    sop = people.version.sop
    draft = open_and_post(client, sop, bagian_organisasi())

    seed_file = {"undaan": SKTM, "pmd": IURAN}[seed]
    assert people.version.source_text == seed_file.read_text()
    assert draft.text != people.version.source_text  # written by the forms, not the file
    exported = client.get(f"/sop/studio/draf/{draft.pk}.yaml").content.decode()
    assert exported == draft.text
    checked = check_text(exported, file="draf", office_slug=sop.office_slug)
    assert checked.problems == []
    assert checked.definition == people.version.definition


def test_editing_a_time_changes_only_that_step(client, undaan):
    def change(data):
        data["langkah-3-waktu"] = ["10 menit"]

    draft = open_and_post(client, undaan.version.sop, bagian_organisasi(), change)

    definition = Definition.model_validate(drafting.read_data(draft.text))
    before = undaan.version.definition
    assert definition.langkah[3].mutu_baku.waktu == "10 menit"
    assert before.langkah[3].mutu_baku.waktu == "4 menit"
    assert definition.model_copy(update={"langkah": before.langkah}) == before


def test_moving_a_step_renumbers_and_keeps_decision_targets(client, undaan):
    def change(data):  # step 3 (fiat) goes after step 4 (legalisasi)
        data["langkah-2-ORDER"], data["langkah-3-ORDER"] = ["4"], ["3"]

    draft = open_and_post(client, undaan.version.sop, bagian_organisasi(), change)

    definition = Definition.model_validate(drafting.read_data(draft.text))
    assert [s.kegiatan for s in definition.langkah][2:4] == [
        "Legalisasi SKTM",
        "Fiat surat permohonan",
    ]
    assert [s.no for s in definition.langkah] == [1, 2, 3, 4, 5, 6]
    assert (definition.langkah[1].ya, definition.langkah[1].tidak) == (4, "pemohon")
    aksi = definition.layanan.aksi
    assert (aksi["3"].konfirmasi_sandi, aksi["4"].konfirmasi_sandi) == (True, False)


def test_deleting_a_step_reports_the_target_that_pointed_to_it(client, undaan):
    def change(data):
        data["langkah-2-DELETE"] = ["on"]

    draft = open_and_post(client, undaan.version.sop, bagian_organisasi(), change)

    problems = studio.check(draft).problems
    assert [(p.field, p.message) for p in problems] == [
        ("langkah ke-2 › ya", "langkah 3 tidak ada"),
    ]  # its aksi went with it
    page = client.get(f"/sop/studio/draf/{draft.pk}/").content.decode()
    assert "data-check>langkah 3 tidak ada</p>" in page


def test_bad_time_is_shown_beside_the_waktu_field(client, undaan):
    def change(data):
        data["langkah-0-waktu"] = ["sebentar"]

    draft = open_and_post(client, undaan.version.sop, bagian_organisasi(), change)

    page = client.get(f"/sop/studio/draf/{draft.pk}/").content.decode()
    field = page.index('name="langkah-0-waktu"')
    message = page.index("waktu &#x27;sebentar&#x27; tidak dapat dibaca")
    assert field < message < page.index('name="langkah-0-output"')


def test_form_errors_come_back_in_indonesian_without_saving(client, undaan):
    user = bagian_organisasi()
    client.force_login(user)
    draft = studio.start_draft(sop=undaan.version.sop, actor=user)
    data = form_data(client.get(f"/sop/studio/draf/{draft.pk}/").content.decode())
    data["sop-tanggal_efektif"] = ["31-31-2026"]
    data["langkah-0-ya"] = ["langkah dua"]

    response = client.post(f"/sop/studio/draf/{draft.pk}/", {**data, "aksi": "simpan"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Masukkan tanggal yang valid." in page or "Isikan tanggal yang valid." in page
    assert "tulis nomor langkah, &#x27;selesai&#x27; atau &#x27;pemohon&#x27;" in page
    draft.refresh_from_db()
    assert draft.text == undaan.version.source_text


def test_new_sop_starts_from_the_office_letterhead(client, undaan):
    client.force_login(bagian_organisasi())

    response = client.post(
        "/sop/studio/kantor/kecamatan-undaan/baru/",
        {"kode": "undaan-surat-pindah", "nama": "Surat Keterangan Pindah"},
    )

    draft = StudioDraft.objects.get(sop__kode="undaan-surat-pindah")
    assert response.url == f"/sop/studio/draf/{draft.pk}/"
    data = drafting.read_data(draft.text)
    assert data["kantor"]["nama"] == "KECAMATAN UNDAAN"
    assert data["nama"] == "Surat Keterangan Pindah"
    assert Sop.objects.get(kode="undaan-surat-pindah").current_version is None
    page = client.get(response.url)
    assert page.status_code == 200


def test_new_sop_with_a_taken_kode_is_refused(client, undaan):
    client.force_login(bagian_organisasi())

    response = client.post(
        "/sop/studio/kantor/kecamatan-undaan/baru/",
        {"kode": "undaan-legalisasi-sktm", "nama": "Lagi"},
    )

    assert response.status_code == 200
    assert (
        "kode &#x27;undaan-legalisasi-sktm&#x27; sudah dipakai SOP lain"
        in response.content.decode()
    )


def test_problem_fields_map_to_form_fields():
    index = {"5": 4}
    assert drafting.form_field("langkah ke-3 › mutu_baku › waktu", index) == "langkah-2-waktu"
    assert drafting.form_field("langkah ke-2 › pelaksana ke-2", index) == "langkah-1-pelaksana_2"
    assert drafting.form_field("langkah ke-2 › pelaksana", index) == "langkah-1-pelaksana_1"
    assert drafting.form_field("pelaksana ke-1 › kode", index) == "pelaksana-0-kode"
    assert drafting.form_field("disahkan_oleh › jabatan", index) == "sop-disahkan_jabatan"
    assert drafting.form_field("nomor", index) == "sop-nomor"
    assert drafting.form_field("layanan › aksi › 5 › buku_register", index) == (
        "langkah-4-buku_register"
    )
    assert drafting.form_field("layanan › formulir ke-2 › jenis", index) == "formulir-1-jenis"
    assert drafting.form_field("kantor", index) == ""
    assert drafting.form_field("", index) == ""


def test_tambah_langkah_saves_and_comes_back_with_empty_steps(client, undaan):
    user = bagian_organisasi()
    client.force_login(user)
    draft = studio.start_draft(sop=undaan.version.sop, actor=user)
    url = f"/sop/studio/draf/{draft.pk}/"
    data = form_data(client.get(url).content.decode())
    assert data["langkah-TOTAL_FORMS"] == ["7"]  # six steps and one empty row

    response = client.post(url, {**data, "aksi": "tambah_langkah"})

    assert response.url == url + "?tambah=langkah#langkah-baru"
    again = form_data(client.get(response.url).content.decode())
    assert again["langkah-TOTAL_FORMS"] == ["9"]
    assert again["langkah-8-kegiatan"] == [""]


def test_a_new_step_filled_in_the_empty_row_joins_the_flow(client, undaan):
    def change(data):
        data.update(
            {
                "langkah-6-kegiatan": ["Arsip berkas"],
                "langkah-6-pelaksana_1": ["staf"],
                "langkah-6-waktu": ["3 menit"],
            }
        )

    draft = open_and_post(client, undaan.version.sop, bagian_organisasi(), change)

    definition = Definition.model_validate(drafting.read_data(draft.text))
    assert [(s.no, s.kegiatan) for s in definition.langkah][-2:] == [
        (6, "Menyampaikan berkas ke pemohon"),
        (7, "Arsip berkas"),
    ]
    assert studio.check(draft).problems == []


def test_a_steps_button_words_are_written_and_read_back_by_the_studio(client, undaan):
    def change(data):
        assert data["langkah-3-tombol"] == ["Legalisasi"]  # read from the SOP file
        data["langkah-3-tombol"] = ["Legalisasi SKTM"]
        data["langkah-2-tombol"] = ["Beri fiat"]

    draft = open_and_post(client, undaan.version.sop, bagian_organisasi(), change)

    definition = Definition.model_validate(drafting.read_data(draft.text))
    assert (definition.aksi(3).tombol, definition.aksi(4).tombol) == (
        "Beri fiat",
        "Legalisasi SKTM",
    )
    assert definition.aksi(5).tombol is None
