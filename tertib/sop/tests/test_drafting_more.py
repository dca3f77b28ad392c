"""Between the studio's forms and the text: renumbering, targets that follow their step, the
round trip text → forms → text, and where a problem shows on the forms."""

import pytest
from django.contrib.auth.models import Permission

from conftest import SKTM
from tertib.org.testing import make_user
from tertib.sop import drafting, studio
from tertib.sop.models import StudioDraft
from tertib.sop.testing import form_data
from tertib.sop.validation import check_text

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def rows(*numbers):
    return [{"no": number} for number in numbers]


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ((1, 2, 3), [1, 2, 3]),
        ((1, 2, 5), [1, 2, 5]),  # a gap is kept while the numbers rise
        ((1, None, 3), [1, 2, 3]),  # a new row takes the number after the row above
        ((1, 2, None), [1, 2, 3]),
        ((2, 1, 3), [1, 2, 3]),  # moved: 1, 2, 3, …
        ((1, None, 2), [1, 2, 3]),  # the new row's 2 clashes: renumbered
        ((None, None), [1, 2]),
        ((), []),
    ],
)
def test_step_numbers(numbers, expected):
    assert drafting.step_numbers(rows(*numbers)) == expected


def test_lines_drops_blank_lines_and_outer_spaces():
    assert drafting.lines("  ATK \n\n Meja\r\n  \n") == ["ATK", "Meja"]
    assert drafting.lines(None) == []
    assert drafting.lines("") == []


def test_to_text_of_a_valid_sop_reads_back_to_the_same_definition():
    definition = check_text(SKTM_TEXT, file="uji.yaml").definition

    text = drafting.to_text(drafting.read_data(SKTM_TEXT))

    again = check_text(text, file="uji.yaml")
    assert again.problems == []
    assert again.definition == definition
    assert "jenis: proses" not in text  # defaults are left out


def test_to_text_of_broken_data_keeps_it_as_written_for_the_checker():
    data = drafting.read_data(SKTM_TEXT.replace("waktu: 4 menit", "waktu: 4"))
    text = drafting.to_text(data)

    problems = check_text(text, file="uji.yaml").problems
    assert [(p.field, p.message) for p in problems] == [
        ("langkah ke-4 › mutu_baku › waktu", "harus berupa teks")
    ]


@pytest.mark.parametrize("text", ["", "- a\n", "a: [\n", "kode: !!python/none x\n"])
def test_read_data_of_unreadable_text_is_empty(text):
    assert drafting.read_data(text) == {}


def test_initial_values_of_the_seed():
    values = drafting.initial(SKTM_TEXT)

    assert values["kode"] == "undaan-legalisasi-sktm"
    assert values["logo"] == "../logo-kabupaten-kudus.svg"
    assert values["identity"]["peringatan"] == (
        "Berkas harus lengkap disertai dokumen pendukung yang sah\n"
        "Perlunya koordinasi dengan pemerintah desa"
    )
    assert values["identity"]["label_tanggal_efektif"] == "Tanggal Pengesahan"
    assert [row["kode"] for row in values["pelaksana"]] == ["camat", "kasi_kesra", "staf"]
    step2, step4 = values["langkah"][1], values["langkah"][3]
    assert (step2["jenis"], step2["ya"], step2["tidak"]) == ("keputusan", 3, "pemohon")
    assert (step2["periksa_persyaratan"], step2["tolak"], step2["serah_terima"]) == (
        True,
        True,
        False,
    )
    assert (step4["konfirmasi_sandi"], step4["tombol"]) == (True, "Legalisasi")
    assert values["langkah"][4]["buku_register"] == "legalisasi-sktm"
    assert values["langkah"][4]["dokumen"] == ["lembar_legalisasi"]
    telepon = values["formulir"][5]
    assert (telepon["kode"], telepon["wajib"], telepon["rahasia"]) == ("telepon", "tidak", True)


def test_initial_values_of_broken_text_still_fill_what_they_can():
    values = drafting.initial(SKTM_TEXT.replace("waktu: 4 menit", "waktu: 4"))

    assert values["kode"] == "undaan-legalisasi-sktm"
    assert values["langkah"][3]["waktu"] == 4
    assert len(values["langkah"]) == 6


@pytest.mark.parametrize(
    ("field", "path"),
    [
        ("langkah ke-3 › mutu_baku › waktu", ("langkah", 2, "mutu_baku", "waktu")),
        ("layanan › aksi › 5 › dokumen ke-2", ("layanan", "aksi", "5", "dokumen", 1)),
        ("nomor", ("nomor",)),
        ("", ()),
    ],
)
def test_problem_path_reads_the_field_back(field, path):
    assert drafting.problem_path(field) == path


@pytest.mark.parametrize(
    ("field", "form_field"),
    [
        ("langkah", "langkah"),
        ("langkah ke-2", "langkah-1"),
        ("langkah ke-2 › ya", "langkah-1-ya"),
        ("langkah ke-2 › mutu_baku", "langkah-1-waktu"),
        ("pelaksana", "pelaksana"),
        ("pelaksana ke-2", "pelaksana-1-kode"),
        ("layanan › persyaratan ke-3 › nama", "syarat-2-nama"),
        ("layanan › formulir ke-1", "formulir-0-kode"),
        ("layanan › teks_pengesahan", "sop-teks_pengesahan"),
        ("layanan › aksi › 5", "langkah-4"),
        ("layanan › aksi › 9 › tombol", ""),  # no such step on the forms
        ("kantor › alamat", "sop-kantor_alamat"),
        ("label › nama", "sop-label_nama"),
        ("peringatan ke-2", "sop-peringatan"),
        ("judul_sampul", "sop-judul_sampul"),
        ("kunci_asing", ""),
    ],
)
def test_form_field_of_a_problem(field, form_field):
    assert drafting.form_field(field, {"5": 4}) == form_field


def test_skeleton_of_a_new_sop_uses_the_letterhead_and_is_not_yet_valid(db):
    from tertib.org.testing import make_office

    office = make_office()
    office.address, office.city = "Jl. Raya Undaan 1", "Kudus"

    data = drafting.skeleton(office, kode="undaan-baru", nama="Layanan Baru")

    assert data["kantor"]["nama"] == "KECAMATAN UNDAAN"
    assert (data["kantor"]["alamat"], data["kantor"]["kota"]) == ("Jl. Raya Undaan 1", "Kudus")
    assert (data["kode"], data["nama"], data["pelaksana"], data["langkah"]) == (
        "undaan-baru",
        "Layanan Baru",
        [],
        [],
    )
    fields = {p.field for p in check_text(drafting.to_text(data), file="draf").problems}
    assert {"pelaksana", "langkah"} <= fields


# --- through the studio's forms ---------------------------------------------------------------


def post_draft(client, sop, change):
    user = make_user("ortala", full_name="Dewi Lestari")
    user.user_permissions.add(Permission.objects.get(codename="change_every_sop"))
    client.force_login(user)
    url = client.post(f"/sop/studio/sop/{sop.kode}/ubah/").url
    data = form_data(client.get(url).content.decode())
    change(data)
    response = client.post(url, {**data, "aksi": "simpan"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return StudioDraft.objects.get(sop=sop)


@pytest.mark.django_db
def test_bad_time_of_the_fifth_step_is_named_for_that_step(client, undaan):
    def change(data):
        data["langkah-4-waktu"] = ["5 jam kerja"]

    draft = post_draft(client, undaan.version.sop, change)

    assert [p.field for p in studio.check(draft).problems] == ["langkah ke-5 › mutu_baku › waktu"]


@pytest.mark.django_db
def test_target_of_a_deleted_step_is_not_silently_given_to_another_step(client, undaan):
    def change(data):  # delete step 3 (fiat), then put step 6 before step 5
        data["langkah-2-DELETE"] = ["on"]
        data["langkah-4-ORDER"], data["langkah-5-ORDER"] = ["6"], ["5"]

    draft = post_draft(client, undaan.version.sop, change)

    # Step 2's "ya" pointed at the deleted step 3. After the reordering the number 3 belongs to
    # the Legalisasi; the author must be told, not find the flow quietly rewired to it.
    problems = [(p.field, p.message) for p in studio.check(draft).problems]
    assert problems == [
        ("langkah ke-2 › ya", "harus berupa nomor langkah, 'selesai' atau 'pemohon'")
    ]
    steps = drafting.read_data(draft.text)["langkah"]
    assert [s["kegiatan"] for s in steps][2:] == [
        "Legalisasi SKTM",
        "Menyampaikan berkas ke pemohon",
        "Diagenda di buku register",
    ]
    assert steps[1]["ya"] == "langkah 3 (dihapus)"
