"""The services registry, the comparison of two versions, and the BPMN export of odd SOP
shapes (decision at step 1, paraf chains, a process step that returns to the applicant)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import TextChoices
from lxml import etree

from conftest import IURAN, SKTM
from tertib.sop import services
from tertib.sop.bpmn import MODEL, NAME_LIMIT, to_bpmn
from tertib.sop.diff import identity_rows, minutes, step_rows, time_change
from tertib.sop.services import Check, DocumentKind, FieldKind, Service
from tertib.sop.validation import check_text

SKTM_TEXT = SKTM.read_text(encoding="utf-8")
NS = {"bpmn": MODEL}
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"


def definition_of(text: str):
    checked = check_text(text, file="uji.yaml")
    assert checked.problems == [], checked.problems
    return checked.definition


def replaced(old: str, new: str, text: str = SKTM_TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


# --- registry ---------------------------------------------------------------------------------


class UjiAction(TextChoices):
    CEK = "uji_cek", "Pemeriksaan uji dijalankan"


def problems_of_case(case) -> list[str]:
    return [] if case == "baik" else ["NIK belum diverifikasi"]


def uji_service(kode="uji", **kinds) -> Service:
    return Service(
        kode=kode,
        nama="Layanan Uji",
        checks=kinds.get("checks", {"uji_cek": Check("Cek uji", problems_of_case)}),
        documents=kinds.get(
            "documents",
            {"uji_surat": DocumentKind("Surat uji", lambda case: None, lambda doc: b"%PDF")},
        ),
        fields=kinds.get("fields", {"uji_isian": FieldKind("Isian uji", lambda isian, **kw: None)}),
        audit_actions=UjiAction,
        sebutan="tagihan uji",
    )


@pytest.fixture
def registry(monkeypatch):
    """The real registry, copied, so a test's registrations vanish afterwards."""
    monkeypatch.setattr(services, "SERVICES", dict(services.SERVICES))
    return services.SERVICES


def test_registered_names_are_found_by_kind(registry):
    services.register(uji_service())

    assert "uji_cek" in services.names("checks")
    assert "uji_surat" in services.names("documents")
    assert "uji_isian" in services.names("fields")
    assert "uji_cek" not in services.names("documents")
    assert services.check("uji_cek").run("baik") == []
    assert services.check("uji_cek").run("buruk") == ["NIK belum diverifikasi"]
    assert services.document("uji_surat").label == "Surat uji"
    assert services.field_kind("uji_isian").label == "Isian uji"


def test_unknown_names_raise_key_error(registry):
    with pytest.raises(KeyError):
        services.check("tidak_ada")
    with pytest.raises(KeyError):
        services.document("tidak_ada")
    with pytest.raises(KeyError):
        services.field_kind("tidak_ada")


def test_unknown_document_and_action_get_a_readable_label(registry):
    services.register(uji_service())

    assert services.document_label("uji_surat") == "Surat uji"
    assert services.document_label("surat_keterangan_lain") == "Surat keterangan lain"
    assert services.audit_label("uji_cek") == "Pemeriksaan uji dijalankan"
    assert services.audit_label("aksi_tak_dikenal") == "Aksi tak dikenal"
    assert "uji_cek" in services.known_actions()


def test_a_service_registered_twice_is_a_configuration_error(registry):
    services.register(uji_service())

    with pytest.raises(ImproperlyConfigured, match="Layanan 'uji' didaftarkan dua kali"):
        services.register(uji_service())


@pytest.mark.parametrize("kind", ["checks", "documents", "fields"])
def test_a_name_taken_by_another_service_is_refused(registry, kind):
    services.register(uji_service())
    first = uji_service()
    kinds = {"checks": {}, "documents": {}, "fields": {}, kind: getattr(first, kind)}
    clash = uji_service("uji-dua", **kinds)

    with pytest.raises(ImproperlyConfigured, match=f"Nama {kind} sudah dipakai layanan lain"):
        services.register(clash)

    assert "uji-dua" not in registry


def test_used_by_and_case_noun_follow_the_sops_actions(registry):
    services.register(uji_service())
    plain = definition_of(SKTM_TEXT)
    using = definition_of(replaced('"6": {serah_terima: true}', '"6": {periksa: [uji_cek]}'))

    assert services.SERVICES["uji"] not in services.used_by(plain)
    assert services.SERVICES["uji"] in services.used_by(using)
    assert services.case_noun(plain) == "permohonan"
    assert services.case_noun(using) == "tagihan uji"


def test_a_registered_check_is_accepted_by_the_validator(registry):
    text = replaced('"6": {serah_terima: true}', '"6": {periksa: [uji_cek]}')
    assert any("uji_cek" in p.message for p in check_text(text, file="uji.yaml").problems)

    services.register(uji_service())

    assert check_text(text, file="uji.yaml").problems == []


# --- diff -------------------------------------------------------------------------------------


def test_identity_rows_mark_only_what_changed():
    old = definition_of(SKTM_TEXT)
    new = definition_of(
        replaced("nomor:\n", "nomor: 100/2024\n").replace(
            "  - Masyarakat mendapatkan pelayanan terbaik\n", ""
        )
    )

    changed = {row.label: (row.old, row.new) for row in identity_rows(old, new) if row.changed}

    assert changed == {
        "Nomor SOP": ("", "100/2024"),
        "Pencatatan dan Pendataan": (
            "Mendukung tercapainya pencapaian target kinerja yang diamanatkan Pemkab kudus\n"
            "Masyarakat mendapatkan pelayanan terbaik",
            "Mendukung tercapainya pencapaian target kinerja yang diamanatkan Pemkab kudus",
        ),
    }


def test_identity_rows_show_the_approver_and_the_columns():
    definition = definition_of(SKTM_TEXT)

    rows = {row.label: row for row in identity_rows(definition, definition)}

    assert rows["Disahkan oleh"].new == (
        "CAMAT UNDAAN\nARIF BUDIYANTO, S.Sos, M.Si\nPembina Tk. I\n19730710 199303 1 003"
    )
    assert rows["Pelaksana"].new == "Camat (camat), Kasi Kesra (kasi_kesra), Staf (staf)"
    assert not any(row.changed for row in rows.values())


def test_step_rows_match_by_number_and_show_added_and_removed_steps():
    old = definition_of(SKTM_TEXT)
    text = replaced("  - no: 6\n", "  - no: 7\n")
    text = replaced('"6": {serah_terima: true}', '"7": {serah_terima: true}', text)
    text = replaced(
        "      waktu: 2 menit\n      output: Terfiatnya",
        ("      waktu: 1 jam\n      output: Terfiatnya"),
        text,
    )
    new = definition_of(text)

    rows = step_rows(old, new)

    assert [row.no for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [row.changed for row in rows] == [False, False, True, False, False, True, True]
    assert (rows[5].old.kegiatan, rows[5].new) == ("Menyampaikan berkas ke pemohon", None)
    assert (rows[6].old, rows[6].new.kegiatan) == (None, "Menyampaikan berkas ke pemohon")
    assert rows[2].time_change == "lebih-lama"
    assert [row.time_change for i, row in enumerate(rows) if i != 2] == [""] * 6


def test_time_change_compares_across_units():
    definition = definition_of(SKTM_TEXT)
    step = definition.langkah[0]

    def with_time(waktu):
        return step.model_copy(
            update={"mutu_baku": step.mutu_baku.model_copy(update={"waktu": waktu})}
        )

    assert minutes(with_time("2 jam")) == 120
    assert minutes(with_time("1 hari kerja")) == 480
    assert minutes(with_time("sebentar")) is None
    assert minutes(None) is None
    assert time_change(with_time("61 menit"), with_time("1 jam")) == "lebih-cepat"
    assert time_change(with_time("60 menit"), with_time("1 jam")) == ""
    assert time_change(with_time("1 jam"), with_time("1 hari")) == "lebih-lama"
    assert time_change(with_time("sebentar"), with_time("1 jam")) == ""
    assert time_change(None, with_time("1 jam")) == ""


# --- BPMN of odd shapes -----------------------------------------------------------------------


def parsed(definition):
    return etree.fromstring(to_bpmn(definition, versi=2))


def flows(root) -> set[tuple[str, str, str]]:
    return {
        (flow.get("sourceRef"), flow.get("targetRef"), flow.get("name") or "")
        for flow in root.iterfind(".//bpmn:sequenceFlow", NS)
    }


def ids(root, kind: str) -> list[str]:
    return [node.get("id") for node in root.iterfind(f".//bpmn:{kind}", NS)]


def test_two_returns_to_the_applicant_each_wait_and_resume_at_their_own_step():
    definition = definition_of(
        replaced(
            "    pelaksana: camat\n",
            "    pelaksana: camat\n    jenis: keputusan\n    pertanyaan: Setuju?\n"
            "    ya: 5\n    tidak: pemohon\n",
        )
    )
    root = parsed(definition)

    assert ids(root, "eventBasedGateway") == ["menunggu_pemohon_2", "menunggu_pemohon_4"]
    for no in (2, 4):
        assert {
            (f"keputusan_{no}", f"menunggu_pemohon_{no}", "Tidak"),
            (f"menunggu_pemohon_{no}", f"pemohon_kembali_{no}", ""),
            (f"menunggu_pemohon_{no}", f"permohonan_dibatalkan_{no}", ""),
            (f"pemohon_kembali_{no}", f"langkah_{no}", ""),
            (f"permohonan_dibatalkan_{no}", f"tidak_dilanjutkan_{no}", ""),
        } <= flows(root)
    assert sorted(ids(root, "endEvent")) == [
        "selesai",
        "tidak_dilanjutkan_2",
        "tidak_dilanjutkan_4",
    ]
    lanes = {
        lane.get("id"): {ref.text for ref in lane.findall("bpmn:flowNodeRef", NS)}
        for lane in root.iterfind(".//bpmn:lane", NS)
    }
    assert {"menunggu_pemohon_4", "pemohon_kembali_4"} <= lanes["lajur_camat"]
    assert {"menunggu_pemohon_2", "pemohon_kembali_2"} <= lanes["lajur_staf"]


def test_a_process_step_whose_only_exit_is_the_applicant_is_refused():
    # Only a decision may send the case back: a plain step doing so never reaches the end.
    text = replaced(
        "      output: Terfiatnya berkas ajuan\n",
        "      output: Terfiatnya berkas ajuan\n    lanjut: pemohon\n",
    )
    checked = check_text(text, file="uji.yaml")
    assert checked.definition is None
    found = {(p.line, p.field, p.message) for p in checked.problems}
    assert (49, "langkah", "tidak ada jalur yang sampai ke akhir (selesai)") in found
    assert (
        68,
        "langkah ke-3",
        "dari langkah 3 tidak ada jalan sampai selesai "
        "(putaran tanpa jalan keluar, atau hanya kembali ke pemohon)",
    ) in found


def test_decision_at_step_one_ending_the_flow_on_tidak():
    definition = definition_of(
        replaced(
            "    pelaksana: staf\n    mutu_baku:\n      kelengkapan: Meja",
            "    pelaksana: staf\n    jenis: keputusan\n    pertanyaan: Pemohon berhak?\n"
            "    ya: 2\n    tidak: selesai\n    mutu_baku:\n      kelengkapan: Meja",
        )
    )
    root = parsed(definition)

    gateway = root.find(".//bpmn:exclusiveGateway[@id='keputusan_1']", NS)
    assert gateway.get("name") == "Pemohon berhak?"
    assert {
        ("mulai", "langkah_1", ""),
        ("langkah_1", "keputusan_1", ""),
        ("keputusan_1", "langkah_2", "Ya"),
        ("keputusan_1", "selesai", "Tidak"),
    } <= flows(root)
    default = root.find(f".//bpmn:sequenceFlow[@id='{gateway.get('default')}']", NS)
    assert default.get("targetRef") == "langkah_2"
    tidak = root.find(".//bpmn:sequenceFlow[@targetRef='selesai'][@name='Tidak']", NS)
    assert tidak.find("bpmn:conditionExpression", NS).text == 'keputusan == "tidak"'


def test_paraf_chain_has_a_task_per_stage_in_each_lane():
    definition = definition_of(
        replaced("    pelaksana: kasi_kesra\n", "    pelaksana: [staf, kasi_kesra, camat]\n")
    )
    root = parsed(definition)

    tasks = {task.get("id"): task for task in root.iterfind(".//bpmn:userTask", NS)}
    chain = ["langkah_3_tahap_1", "langkah_3_tahap_2", "langkah_3_tahap_3"]
    assert [tasks[t].get(f"{CAMUNDA}candidateGroups") for t in chain] == [
        "staf",
        "kasi_kesra",
        "camat",
    ]
    assert [tasks[t].get("name") for t in chain] == [
        f"3. Fiat surat permohonan (paraf {n}/3)" for n in (1, 2, 3)
    ]
    assert {
        ("keputusan_2", "langkah_3_tahap_1", "Ya"),
        ("langkah_3_tahap_1", "langkah_3_tahap_2", "Paraf"),
        ("langkah_3_tahap_2", "langkah_3_tahap_3", "Paraf"),
        ("langkah_3_tahap_3", "langkah_4", ""),
    } <= flows(root)
    assert "langkah_3" not in tasks


def test_long_activity_names_are_cut_with_an_ellipsis_but_documented_whole():
    long = "Pemeriksaan " + "sangat " * 20 + "teliti"
    definition = definition_of(replaced("kegiatan: Fiat surat permohonan", f"kegiatan: {long}"))
    root = parsed(definition)

    task = root.find(".//bpmn:userTask[@id='langkah_3']", NS)
    assert len(task.get("name")) == NAME_LIMIT
    assert task.get("name").startswith("3. Pemeriksaan sangat") and task.get("name").endswith("…")
    assert task.find("bpmn:documentation", NS).text == long


def test_one_step_sop_goes_from_start_to_end():
    head = SKTM_TEXT[: SKTM_TEXT.index("langkah:\n")]
    definition = definition_of(
        head + "langkah:\n  - no: 1\n    kegiatan: Tanda tangan\n    pelaksana: camat\n"
        "    mutu_baku:\n      waktu: 1 menit\n      output:\n"
    )
    root = parsed(definition)

    assert flows(root) == {("mulai", "langkah_1", ""), ("langkah_1", "selesai", "")}
    process = root.find("bpmn:process", NS)
    assert process.get("id") == "sop_undaan_legalisasi_sktm"
    properties = {
        p.get("name"): p.get("value")
        for p in process.find("bpmn:extensionElements", NS).iter(f"{CAMUNDA}property")
    }
    assert properties == {"kode": "undaan-legalisasi-sktm", "nomor": "", "versi": "2"}


def test_every_flow_points_at_nodes_that_exist_in_both_seeds():
    for path in (SKTM, IURAN):
        root = parsed(definition_of(path.read_text(encoding="utf-8")))
        process = root.find("bpmn:process", NS)
        node_ids = {el.get("id") for el in process if el.get("id") and "Flow" not in el.tag}
        for source, target, _name in flows(root):
            assert source in node_ids and target in node_ids, (path.name, source, target)
