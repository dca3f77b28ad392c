"""The case page in the words of Indonesian public service: buttons that say what happens, the
SOP's names for people and outcomes, and the paraf chain's times as the SOP gives them."""

import pytest
from django.urls import reverse

from tertib.cases.clock import mutu_baku_minutes
from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.forms import finish_buttons
from tertib.cases.models import Outcome
from tertib.lib.durations import Waktu
from tertib.org.testing import PASSWORD

pytestmark = pytest.mark.django_db

ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]


def opened(u):
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
        checklist=ALL,
    )
    return complete_step(case=case, record_id=open_record(case).pk, actor=u.staf)


def done(case, actor, decision=Outcome.LANJUT, **given):
    from tertib.cases.actions import StepInput

    record = open_record(case)
    return complete_step(
        case=case,
        record_id=record.pk,
        actor=actor,
        decision=decision,
        given=StepInput(checklist=ALL, **given),
    )


def page(client, user, case) -> str:
    client.force_login(user)
    return client.get(reverse("cases:detail", args=[case.code])).content.decode()


def buttons(version, no: int, *, last_stage: bool = True) -> list[tuple[str, str]]:
    definition = version.definition
    return finish_buttons(definition=definition, step=definition.step(no), last_stage=last_stage)


def test_buttons_of_the_sktm_steps(undaan):
    v = undaan.version
    assert buttons(v, 2) == [("ya", "Ya — lanjut ke langkah 3"), ("tidak", "Kembalikan ke pemohon")]
    assert buttons(v, 3) == [("", "Selesaikan langkah 3")]
    assert buttons(v, 4) == [("", "Legalisasi")]  # the SOP's own tombol
    assert buttons(v, 5) == [("", "Selesaikan langkah 5")]


def test_buttons_of_the_iuran_steps(pmd):
    v = pmd.version
    assert buttons(v, 2, last_stage=False) == [("", "Paraf")]
    assert buttons(v, 2) == [("", "Tanda tangani")]
    assert buttons(v, 3) == [("ya", "Tanda tangani"), ("tidak", "Kirim kembali ke langkah 1")]


def test_a_decision_that_ends_the_flow_says_selesai(undaan):
    definition = undaan.version.definition
    check = definition.step(2).model_copy(update={"ya": "selesai"})
    langkah = [check if s.no == 2 else s for s in definition.langkah]
    definition = definition.model_copy(update={"langkah": langkah})

    answers = finish_buttons(definition=definition, step=check, last_stage=True)

    assert answers[0] == ("ya", "Ya — selesai")


def test_the_check_step_answers_with_its_buttons_and_no_radio(undaan, client):
    case = opened(undaan)

    html = page(client, undaan.staf, case)

    assert "<legend>Berkas lengkap?</legend>" in html
    assert (
        '<button type="submit" name="keputusan" value="ya">Ya — lanjut ke langkah 3</button>'
        in html
    )
    assert 'value="tidak" class="secondary">Kembalikan ke pemohon</button>' in html
    assert 'name="keputusan" type="radio"' not in html and 'type="radio"' not in html


def test_pressing_kembalikan_ke_pemohon_returns_the_request(undaan, client):
    case = opened(undaan)
    client.force_login(undaan.staf)
    record = open_record(case)

    client.post(
        reverse("cases:complete", args=[case.code]),
        {"record": record.pk, "ada": ALL[:-1], "keputusan": "tidak"},
    )

    case.refresh_from_db()
    assert case.state == case.State.MENUNGGU_PEMOHON


def test_a_decision_posted_without_an_answer_names_the_question(undaan, client):
    case = opened(undaan)
    client.force_login(undaan.staf)

    response = client.post(
        reverse("cases:complete", args=[case.code]),
        {"record": open_record(case).pk, "ada": ALL},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert '<fieldset class="decision has-error">' in html
    assert "Berkas lengkap?: pilih Ya atau Tidak." in html


def test_the_camat_legalises_with_the_legalisasi_button(undaan, client):
    case = done(opened(undaan), undaan.staf, Outcome.YA)
    case = done(case, undaan.kasi)

    html = page(client, undaan.camat, case)

    assert '<button type="submit">Legalisasi</button>' in html
    assert "<summary>Tolak permohonan</summary>" in html
    assert "Tanda tangani" not in html


def test_the_history_names_outcomes_and_pelaksana_in_words(undaan, client):
    case = done(opened(undaan), undaan.staf, Outcome.YA)

    html = page(client, undaan.kasi, case)
    history = html.split("<h2>Riwayat langkah</h2>")[1]

    for code in ("lanjut", "kasi_kesra", ">staf<", "undaan-legalisasi-sktm"):
        assert code not in history
    assert "<td>Selesai" in history and "<td>Ya" in history
    assert "Staf<br><small>Siti Aminah</small>" in history


def test_no_court_word_on_the_desk(undaan, client):
    case = opened(undaan)
    client.force_login(undaan.staf)

    pages = [
        client.get(reverse("cases:worklist")),
        client.get(reverse("cases:detail", args=[case.code])),
        client.get(reverse("cases:search"), {"cari": "sumarni"}),
    ]

    assert all("perkara" not in p.content.decode().lower() for p in pages)


@pytest.mark.parametrize(
    ("minutes", "stages", "shares"),
    [(15, 2, [8, 7]), (15, 1, [15]), (5, 3, [2, 2, 1]), (1, 3, [1, 1, 1]), (16, 4, [4, 4, 4, 4])],
)
def test_a_paraf_chain_shares_the_steps_time_adding_up_to_it(minutes, stages, shares):
    waktu = Waktu(minutes, "menit")

    assert [mutu_baku_minutes(waktu, stages, stage) for stage in range(stages)] == shares


def test_the_signing_step_asks_the_password_on_the_same_page(undaan, client):
    case = done(opened(undaan), undaan.staf, Outcome.YA)
    case = done(case, undaan.kasi)
    client.force_login(undaan.camat)
    record = open_record(case)

    refused = client.post(
        reverse("cases:complete", args=[case.code]),
        {"record": record.pk, "password": "keliru", "catatan": "cek"},
    )
    client.post(
        reverse("cases:complete", args=[case.code]), {"record": record.pk, "password": PASSWORD}
    )

    assert refused.status_code == 400
    assert '<button type="submit">Legalisasi</button>' in refused.content.decode()
    case.refresh_from_db()
    assert case.current_step == 5
