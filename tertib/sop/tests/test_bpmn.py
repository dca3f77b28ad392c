"""BPMN export: valid against the OMG schema, and SpiffWorkflow runs it as the SOP's flow runs."""

import logging
from collections import deque
from pathlib import Path

import pytest
import SpiffWorkflow
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from conftest import IURAN, SKTM
from tertib.sop.bpmn import MESSAGE_CANCELLED, MESSAGE_RETURNED, MODEL, process_id, task_id, to_bpmn
from tertib.sop.definition import PEMOHON, SELESAI, Definition
from tertib.sop.loading import load_file
from tertib.sop.validation import check_file, check_text

logging.getLogger("spiff").setLevel(logging.WARNING)  # a line per task state change otherwise
SCHEMA = etree.XMLSchema(
    etree.parse(str(Path(SpiffWorkflow.__file__).parent / "bpmn/parser/schema/BPMN20.xsd"))
)
NS = {"bpmn": MODEL, "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"
MESSAGES = {"kembali": MESSAGE_RETURNED[1], "batal": MESSAGE_CANCELLED[1]}


# Tertib's own reading of the flow: which tasks run, in order, for a list of choices.


def _stages(definition: Definition, no: int) -> list[str]:
    step = next(s for s in definition.langkah if s.no == no)
    return [task_id(no, stage, len(step.pelaksana)) for stage in range(len(step.pelaksana))]


def _moves(definition: Definition) -> dict:
    """Where each point of the flow may go: {point: [(choice, next point)]}.

    Points are step numbers, ("pemohon", no) while the case waits, and the end ids.
    """
    moves: dict = {}
    for source, label, target in definition.edges():
        point = ("pemohon", source) if target == PEMOHON else target
        moves.setdefault(source, []).append((label, point))
        if target == PEMOHON:
            moves[point] = [("kembali", source), ("batal", f"tidak_dilanjutkan_{source}")]
    return moves


def _shortest(moves: dict, start, goal) -> list | None:
    """The choices [(point, choice)] of a shortest walk from start to goal (an end if None)."""
    paths, queue = {start: []}, deque([start])
    while queue:
        point = queue.popleft()
        if point == goal or (goal is None and isinstance(point, str)):
            return paths[point]
        for choice, after in moves.get(point, []):
            if after not in paths:
                paths[after] = [*paths[point], (point, choice)]
                queue.append(after)
    return None


def every_branch(definition: Definition) -> list[list[tuple]]:
    """For each arrow of the flow, a run that takes it: reach it, take it, then end quickly."""
    moves, first = _moves(definition), definition.langkah[0].no
    runs = []
    for point, options in moves.items():
        for choice, after in options:
            run = [*_shortest(moves, first, point), (point, choice)]
            run += _shortest(moves, after, None)
            if run not in runs:
                runs.append(run)
    return runs


def expected_run(definition: Definition, run: list[tuple]) -> tuple[list[str], str]:
    """The tasks Tertib's flow visits on that run, and the end it reaches."""
    moves, tasks = _moves(definition), []
    point = definition.langkah[0].no
    for at, choice in run:
        assert at == point
        if isinstance(point, int):
            tasks += _stages(definition, point)
        point = dict(moves[point])[choice]
    return tasks, point


# SpiffWorkflow running the export.


def spiff_run(definition: Definition, xml: bytes, run: list[tuple]) -> tuple[list[str], str]:
    """Run the BPMN in SpiffWorkflow answering decisions and waits as the run says."""
    parser = BpmnParser()
    parser.add_bpmn_xml(etree.fromstring(xml), filename="sop.bpmn")
    workflow = BpmnWorkflow(parser.get_spec(process_id(definition)))
    answers = iter(choice for _point, choice in run if choice != "lanjut")
    deciders = {
        _stages(definition, step.no)[-1] for step in definition.langkah if step.jenis == "keputusan"
    }
    tasks: list[str] = []
    workflow.do_engine_steps()
    while not workflow.completed and len(tasks) < 200:
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if ready:
            task = ready[0]
            tasks.append(task.task_spec.name)
            if task.task_spec.name in deciders:
                task.data["keputusan"] = next(answers)
            task.run()
        else:
            name = MESSAGES[next(answers)]
            workflow.catch(BpmnEvent(MessageEventDefinition(name)))
        workflow.do_engine_steps()
    ends = [
        task.task_spec.name
        for task in workflow.get_tasks(state=TaskState.COMPLETED)
        if task.task_spec.name == SELESAI or task.task_spec.name.startswith("tidak_dilanjutkan")
    ]
    assert workflow.completed and len(ends) == 1, (tasks, ends)
    return tasks, ends[0]


def assert_runs_like_tertib(definition: Definition) -> list:
    xml = to_bpmn(definition)
    assert SCHEMA.validate(etree.fromstring(xml)), SCHEMA.error_log
    runs = every_branch(definition)
    branches = {
        (point, choice) for point, options in _moves(definition).items() for choice, _ in options
    }
    assert {move for run in runs for move in run} == branches
    for run in runs:
        assert spiff_run(definition, xml, run) == expected_run(definition, run), run
    return runs


SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def shipped(name: str) -> Definition:
    return check_file({"sktm": SKTM, "iuran": IURAN}[name]).definition


def variant(old: str, new: str) -> Definition:
    assert old in SKTM_TEXT
    checked = check_text(SKTM_TEXT.replace(old, new, 1), file="uji.yaml")
    assert checked.problems == []
    return checked.definition


# The shipped SOPs.


def test_sktm_runs_every_branch_in_spiffworkflow():
    runs = assert_runs_like_tertib(shipped("sktm"))
    assert [[choice for _point, choice in run if choice != "lanjut"] for run in runs] == [
        ["tidak", "batal"],
        ["ya"],
        ["tidak", "kembali", "tidak", "batal"],
    ]


def test_sktm_return_to_applicant_waits_then_resumes_at_step_2():
    definition = shipped("sktm")
    run = [(1, "lanjut"), (2, "tidak"), (("pemohon", 2), "kembali"), (2, "ya")]
    run += [(no, "lanjut") for no in (3, 4, 5, 6)]
    tasks, end = spiff_run(definition, to_bpmn(definition), run)
    assert tasks == [f"langkah_{no}" for no in (1, 2, 2, 3, 4, 5, 6)]
    assert end == "selesai"


def test_iuran_paraf_chain_and_loop_back_to_step_1_run_in_spiffworkflow():
    definition = shipped("iuran")
    assert_runs_like_tertib(definition)
    run = [(1, "lanjut"), (2, "lanjut"), (3, "tidak"), (1, "lanjut"), (2, "lanjut"), (3, "ya")]
    tasks, end = spiff_run(definition, to_bpmn(definition), [*run, (4, "lanjut")])
    chain = ["langkah_1", "langkah_2_tahap_1", "langkah_2_tahap_2", "langkah_3"]
    assert tasks == [*chain, *chain, "langkah_4"]
    assert end == "selesai"


# SOP shapes written only here.


def test_decision_at_step_1():
    runs = assert_runs_like_tertib(
        variant(
            "    pelaksana: staf\n    mutu_baku:\n      kelengkapan: Meja",
            "    pelaksana: staf\n    jenis: keputusan\n    pertanyaan: Pemohon berhak?\n"
            "    ya: 2\n    tidak: selesai\n    mutu_baku:\n      kelengkapan: Meja",
        )
    )
    assert ["tidak"] in [[c for _p, c in run if c != "lanjut"] for run in runs]


def test_paraf_chain_at_step_1():
    definition = variant(
        "    pelaksana: staf\n    mutu_baku:\n      kelengkapan: Meja",
        "    pelaksana: [staf, kasi_kesra, camat]\n    mutu_baku:\n      kelengkapan: Meja",
    )
    assert_runs_like_tertib(definition)
    tasks, _end = spiff_run(definition, to_bpmn(definition), every_branch(definition)[0])
    assert tasks[:3] == ["langkah_1_tahap_1", "langkah_1_tahap_2", "langkah_1_tahap_3"]


def test_decision_back_to_an_earlier_step_and_forward_past_steps():
    text = SKTM_TEXT.replace(
        "    pelaksana: camat\n",
        "    pelaksana: camat\n    jenis: keputusan\n    pertanyaan: Setuju?\n"
        "    ya: 5\n    tidak: 1\n",
    ).replace(
        "    pelaksana: kasi_kesra\n",
        "    pelaksana: kasi_kesra\n    jenis: keputusan\n    pertanyaan: Perlu camat?\n"
        "    ya: 4\n    tidak: 6\n",
    )
    checked = check_text(text, file="uji.yaml")
    assert checked.problems == []
    runs = assert_runs_like_tertib(checked.definition)
    assert [(3, "tidak"), (6, "lanjut")] in [run[2:] for run in runs]
    assert [(4, "tidak"), (1, "lanjut")] in [run[3:5] for run in runs]


def test_return_to_applicant_from_the_camat_mid_flow():
    definition = variant(
        "    pelaksana: camat\n",
        "    pelaksana: camat\n    jenis: keputusan\n    pertanyaan: Setuju?\n"
        "    ya: 5\n    tidak: pemohon\n",
    )
    assert_runs_like_tertib(definition)
    run = [(1, "lanjut"), (2, "ya"), (3, "lanjut"), (4, "tidak"), (("pemohon", 4), "kembali")]
    run += [(4, "ya"), (5, "lanjut"), (6, "lanjut")]
    tasks, end = spiff_run(definition, to_bpmn(definition), run)
    assert tasks == [f"langkah_{no}" for no in (1, 2, 3, 4, 4, 5, 6)]
    assert end == "selesai"


@st.composite
def sop_shapes(draw):
    """Any flow the validator accepts: any kind of step anywhere, arrows to anywhere."""
    count = draw(st.integers(1, 5))
    kodes = ["a", "b", "c"]
    steps = []
    for no in range(1, count + 1):
        targets = st.sampled_from([n for n in range(1, count + 1) if n != no] + [SELESAI, PEMOHON])
        step = {"no": no, "kegiatan": f"Kegiatan {no}", "mutu_baku": {"waktu": "5 menit"}}
        step["mutu_baku"]["output"] = f"Hasil {no}"
        if draw(st.booleans()):
            ya, tidak = draw(targets), draw(targets)
            step |= {"jenis": "keputusan", "pertanyaan": f"Tanya {no}?", "ya": ya, "tidak": tidak}
            step["pelaksana"] = draw(st.sampled_from(kodes))
        else:
            step["pelaksana"] = draw(st.lists(st.sampled_from(kodes), min_size=1, unique=True))
            if draw(st.booleans()):
                step["lanjut"] = draw(targets)
        steps.append(step)
    text = (
        SKTM_TEXT.split("\npelaksana:\n")[0]
        + "\n"
        + yaml.safe_dump(
            {"pelaksana": [{"kode": k, "nama": k.upper()} for k in kodes], "langkah": steps}
        )
    )
    return check_text(text, file="uji.yaml").definition


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(sop_shapes().filter(lambda definition: definition is not None))
def test_any_valid_sop_shape_runs_like_tertib(definition):
    assert_runs_like_tertib(definition)


# What a modeler needs to draw it, and what it carries.


def _parsed(definition: Definition):
    return etree.fromstring(to_bpmn(definition, versi=3))


def test_a_lane_per_pelaksana_holding_its_steps():
    root = _parsed(shipped("iuran"))
    lanes = {
        lane.get("name"): [ref.text for ref in lane.findall("bpmn:flowNodeRef", NS)]
        for lane in root.iterfind(".//bpmn:lane", NS)
    }
    assert list(lanes) == ["Ka. Dinas", "Sekdin / Kabid", "Ka. Subbag / Kasi", "Pelaksana"]
    assert lanes["Ka. Dinas"] == ["langkah_3", "keputusan_3"]
    assert lanes["Sekdin / Kabid"] == ["langkah_2_tahap_2"]
    assert lanes["Ka. Subbag / Kasi"] == ["langkah_2_tahap_1"]
    assert lanes["Pelaksana"] == ["mulai", "langkah_1", "langkah_4", "selesai"]


def test_decision_gateway_has_named_flows_and_ya_is_the_default():
    root = _parsed(shipped("sktm"))
    gateway = root.find(".//bpmn:exclusiveGateway[@id='keputusan_2']", NS)
    flows = root.findall(".//bpmn:sequenceFlow[@sourceRef='keputusan_2']", NS)
    assert gateway.get("name") == "Berkas lengkap?"
    assert {flow.get("name"): flow.get("targetRef") for flow in flows} == {
        "Ya": "langkah_3",
        "Tidak": "menunggu_pemohon_2",
    }
    ya, tidak = flows
    assert gateway.get("default") == ya.get("id")
    assert tidak.findtext("bpmn:conditionExpression", namespaces=NS) == 'keputusan == "tidak"'


def test_mutu_baku_and_output_are_extension_properties():
    root = _parsed(shipped("sktm"))
    task = root.find(".//bpmn:userTask[@id='langkah_2']", NS)
    properties = {p.get("name"): p.get("value") for p in task.iter(f"{CAMUNDA}property")}
    assert properties == {
        "langkah": "2",
        "tahap": "1",
        "jumlah_tahap": "1",
        "pelaksana": "staf",
        "mutu_baku_waktu": "5 menit",
        "mutu_baku_kelengkapan": "ATK",
        "output": "Terverifikasinya berkas ajuan dan dokumen pendukung",
        "keputusan": "keputusan",
    }
    assert task.get(f"{CAMUNDA}candidateGroups") == "staf"
    assert task.get("name") == "2. Pemeriksaan kelengkapan surat"
    process = root.find("bpmn:process", NS)
    versi = process.find(f"bpmn:extensionElements/{CAMUNDA}properties/{CAMUNDA}property[3]", NS)
    assert (versi.get("name"), versi.get("value")) == ("versi", "3")


@pytest.mark.parametrize("name", ["sktm", "iuran"])
def test_diagram_draws_every_node_inside_its_lane_and_every_flow(name):
    root = _parsed(shipped(name))
    shapes = {
        shape.get("bpmnElement"): [float(shape[0].get(k)) for k in ("x", "y", "width", "height")]
        for shape in root.iterfind(".//bpmndi:BPMNShape", NS)
    }
    edges = {edge.get("bpmnElement"): edge for edge in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    for lane in root.iterfind(".//bpmn:lane", NS):
        _x, top, _w, height = shapes[lane.get("id")]
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            _x, y, _w, h = shapes[ref.text]
            assert top <= y and y + h <= top + height, ref.text
    flows = root.findall(".//bpmn:sequenceFlow", NS)
    assert sorted(edges) == sorted(flow.get("id") for flow in flows)
    assert all(len(edge.findall("{*}waypoint")) >= 2 for edge in edges.values())
    assert shapes["pool"][3] == 150 * len(root.findall(".//bpmn:lane", NS))


# Where people get it: the SOP page and the command.


@pytest.mark.django_db
def test_document_page_links_the_bpmn_download(client):
    load_file(SKTM)
    html = client.get(reverse("sop:document", args=["undaan-legalisasi-sktm"])).content.decode()
    assert 'href="/sop/undaan-legalisasi-sktm/v1.bpmn"' in html
    assert "Unduh BPMN" in html


@pytest.mark.django_db
def test_bpmn_download_is_the_export_of_that_version(client, write_sop):
    text = SKTM.read_text(encoding="utf-8")
    load_file(write_sop(text))
    load_file(write_sop(text.replace("waktu: 4 menit", "waktu: 3 menit")))
    response = client.get(reverse("sop:bpmn", args=["undaan-legalisasi-sktm", 1]))
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="SOP-undaan-legalisasi-sktm-v1.bpmn"'
    )
    assert response.content == to_bpmn(check_file(SKTM).definition, versi=1)
    assert client.get("/sop/undaan-legalisasi-sktm/v3.bpmn").status_code == 404


@pytest.mark.django_db
def test_sop_bpmn_command_writes_the_chosen_version(tmp_path, write_sop):
    text = SKTM.read_text(encoding="utf-8")
    load_file(write_sop(text))
    load_file(write_sop(text.replace("waktu: 4 menit", "waktu: 3 menit")))
    out = tmp_path / "keluar" / "sktm.bpmn"
    call_command("sop_bpmn", "undaan-legalisasi-sktm", "--versi", "1", "--out", str(out))
    assert out.read_bytes() == to_bpmn(check_file(SKTM).definition, versi=1)
    call_command("sop_bpmn", "undaan-legalisasi-sktm", "--out", str(out))
    assert b'name="mutu_baku_waktu" value="3 menit"' in out.read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tidak-ada"], "SOP 'tidak-ada' belum dimuat"),
        (["undaan-legalisasi-sktm", "--versi", "7"], "SOP 'undaan-legalisasi-sktm' tidak punya"),
    ],
)
def test_sop_bpmn_command_refuses_unknown_sop_or_version(tmp_path, args, message):
    load_file(SKTM)
    with pytest.raises(CommandError, match=message):
        call_command("sop_bpmn", *args, "--out", str(tmp_path / "x.bpmn"))


def test_a_step_naming_an_unlisted_pelaksana_still_gets_a_lane():
    data = shipped("sktm").model_dump()
    data["pelaksana"] = [p for p in data["pelaksana"] if p["kode"] != "camat"]
    definition = Definition.model_validate(data, strict=False)
    root = etree.fromstring(to_bpmn(definition))
    lanes = [(lane.get("id"), lane.get("name")) for lane in root.iterfind(".//bpmn:lane", NS)]
    assert lanes == [
        ("lajur_kasi_kesra", "Kasi Kesra"),
        ("lajur_staf", "Staf"),
        ("lajur_camat", "camat"),
    ]
    assert SCHEMA.validate(root), SCHEMA.error_log
