"""Any office's SOP runs from its file alone: SOPs of many shapes, written only here, are taken in
at the desk and driven to the end along both ways of every decision.

Step 1 may be a decision (incomplete → back to the applicant, resumed at the counter), a paraf
chain or a process; later steps likewise. The path the engine takes is compared with a walk of
the same flow done here from the definition's arrows alone.
"""

import datetime as dt
import itertools
from collections import deque

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tertib.cases.actions import StepInput
from tertib.cases.engine import complete_step, open_record, resume_case
from tertib.cases.models import Case, Outcome
from tertib.cases.requests import take_in
from tertib.org.testing import PASSWORD, assign, make_office, make_user
from tertib.sop.definition import PEMOHON, SELESAI
from tertib.sop.loading import load_file

POSITIONS = {
    "loket": "Petugas Loket",
    "kasi": "Kasi Pelayanan",
    "sekcam": "Sekcam",
    "camat": "Camat",
}
SYARAT = [{"kode": "ktp", "nama": "Fotokopi KTP"}, {"kode": "surat", "nama": "Surat pengantar"}]


@st.composite
def steps(draw) -> list[dict]:
    """A flow of 1–6 steps; step 1 starts at the counter (loket)."""
    count = draw(st.integers(1, 6))
    result = []
    for no in range(1, count + 1):
        kind = draw(st.sampled_from(["proses", "keputusan", "paraf"]))
        if kind == "paraf":
            people = draw(st.permutations(list(POSITIONS)))[: draw(st.integers(2, 3))]
        else:
            people = [draw(st.sampled_from(list(POSITIONS)))]
        if no == 1:
            people = ["loket", *[p for p in people if p != "loket"]][: max(1, len(people))]
        step = {
            "no": no,
            "kegiatan": f"Kegiatan {no}",
            "pelaksana": people if kind == "paraf" else people[0],
            "mutu_baku": {"waktu": f"{draw(st.integers(1, 30))} menit", "output": f"Hasil {no}"},
        }
        later = [*range(no + 1, count + 1), SELESAI]
        if kind == "keputusan":
            step |= {
                "jenis": "keputusan",
                "pertanyaan": f"Memenuhi syarat {no}?",
                "ya": draw(st.sampled_from(later)),
                "tidak": draw(st.sampled_from([PEMOHON, *range(1, no)])),
            }
        result.append(step)
    return result


def sop_text(kode: str, flow: list[dict], draw_aksi: dict) -> str:
    data = {
        "kode": kode,
        "kantor": {
            "pemda": "PEMERINTAH KABUPATEN UJI",
            "nama": "KECAMATAN UJI",
            "alamat": None,
            "telepon": None,
            "email": None,
            "kode_unit": None,
            "logo": None,
        },
        "nomor": "000/1/2026",
        "tanggal_pembuatan": dt.date(2026, 1, 2),
        "tanggal_revisi": None,
        "tanggal_efektif": dt.date(2026, 1, 2),
        "disahkan_oleh": {"jabatan": "CAMAT UJI", "nama": None, "pangkat": None, "nip": None},
        "nama": f"SOP uji {kode}",
        **{key: [] for key in ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan")},
        **{key: [] for key in ("peralatan_perlengkapan", "peringatan", "pencatatan_pendataan")},
        "pelaksana": [{"kode": kode_, "nama": nama} for kode_, nama in POSITIONS.items()],
        "langkah": flow,
        "layanan": {
            "formulir": [{"kode": "nama", "label": "Nama pemohon", "subjek": True}],
            "persyaratan": SYARAT,
            "aksi": draw_aksi,
        },
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def sops(draw) -> tuple[list[dict], dict]:
    flow = draw(steps())
    aksi = {}
    for step in flow:
        chosen = {}
        if step.get("jenis") == "keputusan" and draw(st.booleans()):
            chosen["periksa_persyaratan"] = True
        if draw(st.integers(0, 3)) == 0:
            chosen["konfirmasi_sandi"] = True
        if draw(st.integers(0, 4)) == 0:
            chosen["serah_terima"] = True
        if chosen:
            aksi[str(step["no"])] = chosen
    return flow, aksi


@pytest.fixture
def kecamatan(db):
    office = make_office(slug="kecamatan-uji", name="Kecamatan Uji", positions=POSITIONS)
    people = {kode: make_user(f"{kode}.uji") for kode in POSITIONS}
    for kode, user in people.items():
        assign(user, office, kode)
    return office, people


COUNTER = itertools.count()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shape=sops())
def test_any_shape_runs_to_the_end_both_ways_of_every_decision(kecamatan, tmp_path_factory, shape):
    office, people = kecamatan
    flow, aksi = shape
    folder = tmp_path_factory.mktemp("sops") / office.slug
    folder.mkdir()
    path = folder / "sop.yaml"
    path.write_text(sop_text(f"uji-{next(COUNTER)}", flow, aksi), encoding="utf-8")
    loaded = load_file(path)
    assume(loaded.version is not None)  # a jump may leave a step unreached: not a valid SOP
    definition = loaded.version.definition
    decisions = [s.no for s in definition.langkah if s.jenis == "keputusan"]
    for forced in [None, *decisions]:
        expected, case = drive(loaded.version, office, people, forced)
        assert case.state == Case.State.SELESAI
        taken = [(r.step_no, r.stage, r.outcome) for r in case.records.order_by("pk")]
        assert taken == expected


def drive(version, office, people, forced: int | None):
    """Take a request in at the desk and finish every step; at the `forced` decision answer
    "tidak" once, elsewhere take the shortest way to the end. Returns the walk this test expects
    from the flow's arrows, and the case."""
    definition = version.definition
    edges = {(src, label): dst for src, label, dst in definition.edges()}
    distance = _distance_to_end(definition, edges)
    first = definition.langkah[0]
    expected, answered = [], set()

    def choose(step):
        if step.jenis != "keputusan":
            return Outcome.LANJUT
        if step.no == forced and step.no not in answered:
            answered.add(step.no)
            return Outcome.TIDAK
        return min(
            ("ya", "tidak"), key=lambda label: distance[_resolve(step.no, edges[(step.no, label)])]
        )

    def given_for(step, decision):
        aksi = definition.aksi(step.no)
        return StepInput(
            checklist=["ktp", "surat"] if decision != Outcome.TIDAK else ["ktp"],
            password=PASSWORD if aksi.konfirmasi_sandi else "",
            recipient="Pemohon" if aksi.serah_terima else "",
        )

    decision = choose(first) if len(first.pelaksana) == 1 else Outcome.LANJUT
    case = take_in(
        sop_version=version,
        office=office,
        actor=people[first.pelaksana[0]],
        subject="Pemohon Uji",
        intake={"nama": "Pemohon Uji"},
        checklist=["ktp", "surat"] if decision != Outcome.TIDAK else ["ktp"],
        scans=[],
        decision=decision,
        note="kurang" if decision == Outcome.TIDAK else "",
        given=given_for(first, decision),
    )
    expected.append((first.no, 0, decision))
    for _ in range(200):
        case.refresh_from_db()
        if case.state == Case.State.MENUNGGU_PEMOHON:
            step = _step(definition, case.current_step)
            case = resume_case(case=case, actor=people[step.pelaksana[0]], note="kembali")
            continue
        record = open_record(case)
        if record is None:
            break
        step = _step(definition, record.step_no)
        last = record.stage + 1 == len(step.pelaksana)
        decision = choose(step) if last else Outcome.LANJUT
        expected.append((step.no, record.stage, decision))
        case = complete_step(
            case=case,
            record_id=record.pk,
            actor=people[record.pelaksana],
            decision=decision,
            note="kurang" if decision == Outcome.TIDAK else "",
            given=given_for(step, decision),
        )
    case.refresh_from_db()
    return expected, case


def _step(definition, no):
    return next(s for s in definition.langkah if s.no == no)


def _resolve(source, target):
    """Back to the applicant resumes the same step."""
    return source if target == PEMOHON else target


def _distance_to_end(definition, edges) -> dict:
    """Arrows to selesai, counted backwards from the end (pemohon resumes the same step)."""
    backwards: dict = {}
    for (src, _label), dst in edges.items():
        backwards.setdefault(_resolve(src, dst), set()).add(src)
    distance, queue = {SELESAI: 0}, deque([SELESAI])
    while queue:
        node = queue.popleft()
        for src in backwards.get(node, ()):
            if src not in distance:
                distance[src] = distance[node] + 1
                queue.append(src)
    return distance
