"""An SOP as BPMN 2.0 XML, with its diagram, for process analysts and BPMN engines.

One pool, a lane per pelaksana, a user task per step (a task per stage of a paraf chain), an
exclusive gateway after each decision, and for a return to the applicant an event-based gateway
"Menunggu pemohon": "Pemohon kembali" loops back to the step that returned the case, "Permohonan
dibatalkan" ends it. Decision tasks set the process variable ``keputusan`` to "ya" or "tidak";
gateway conditions are Python expressions (SpiffWorkflow's language). Pure: no Django.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from tertib.sop.definition import PEMOHON, SELESAI, Definition, Langkah

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
NAMESPACES = {"bpmn": MODEL, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "camunda": CAMUNDA}

DECISION_VARIABLE = "keputusan"
MESSAGE_RETURNED = ("pesan_pemohon_kembali", "Pemohon kembali")
MESSAGE_CANCELLED = ("pesan_permohonan_dibatalkan", "Permohonan dibatalkan")
NAME_LIMIT = 52

# Diagram geometry, in the modelers' pixels.
POOL_X, POOL_LABEL, LANE_LABEL, LANE_HEIGHT = 60, 30, 30, 150
FIRST_COLUMN, COLUMN_WIDTH = 40, 170
SIZES = {
    "userTask": (130, 84),
    "exclusiveGateway": (50, 50),
    "eventBasedGateway": (50, 50),
    "startEvent": (36, 36),
    "endEvent": (36, 36),
    "intermediateCatchEvent": (36, 36),
}


@dataclass
class Node:
    id: str
    kind: str
    name: str
    lane: str
    column: int
    offset: int = 0  # vertical shift from the lane's middle
    properties: list[tuple[str, str]] = field(default_factory=list)
    documentation: str = ""
    candidate: str = ""
    message: str = ""
    default: str = ""


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str = ""


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    columns: int = 0

    def add(self, node: Node) -> Node:
        self.nodes[node.id] = node
        return node

    def connect(self, source: str, target: str, name: str = "", condition: str = "") -> Flow:
        flow = Flow(f"alur_{len(self.flows) + 1}", source, target, name, condition)
        self.flows.append(flow)
        return flow

    def next_column(self) -> int:
        self.columns += 1
        return self.columns - 1


def task_id(step_no: int, stage: int, stages: int) -> str:
    """The BPMN id of a step's task: langkah_3, or langkah_2_tahap_1 in a paraf chain."""
    return f"langkah_{step_no}" if stages == 1 else f"langkah_{step_no}_tahap_{stage + 1}"


def process_id(definition: Definition) -> str:
    return "sop_" + definition.kode.replace("-", "_")


def to_bpmn(definition: Definition, *, versi: int | None = None) -> bytes:
    """The SOP as a BPMN 2.0 document (UTF-8 XML bytes) with its diagram."""
    graph = build_graph(definition)
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(
        _m("definitions"),
        {
            "id": "definisi_" + process_id(definition),
            "targetNamespace": f"urn:tertib:sop:{definition.kode}",
            "exporter": "Tertib",
            "exporterVersion": "1",
        },
    )
    for message_id, name in (MESSAGE_RETURNED, MESSAGE_CANCELLED):
        ET.SubElement(root, _m("message"), {"id": message_id, "name": name})
    collaboration = ET.SubElement(root, _m("collaboration"), {"id": "kolaborasi"})
    ET.SubElement(
        collaboration,
        _m("participant"),
        {"id": "pool", "name": definition.nama, "processRef": process_id(definition)},
    )
    _write_process(root, definition, graph, versi)
    _write_diagram(root, definition, graph)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def build_graph(definition: Definition) -> Graph:
    """The process's nodes in diagram columns and its sequence flows."""
    graph = Graph()
    steps = definition.langkah
    first = steps[0]
    graph.add(Node("mulai", "startEvent", "Permohonan diterima", first.pelaksana[0], 0))
    graph.next_column()
    exits: dict[int, str] = {}  # step no -> the node its flow leaves from
    for step in steps:
        exits[step.no] = _add_step(graph, step)
        if PEMOHON in [target for _label, target in step.targets(0)]:
            _add_wait(graph, step)
    last = steps[-1]
    graph.add(Node(SELESAI, "endEvent", "Selesai", last.pelaksana[-1], graph.next_column()))
    graph.connect("mulai", task_id(first.no, 0, len(first.pelaksana)))
    for source_no, label, target in definition.edges():
        step = next(s for s in steps if s.no == source_no)
        _connect_exit(graph, step, exits[source_no], label, target, steps)
    return graph


def _add_step(graph: Graph, step: Langkah) -> str:
    """A task per stage, chained; a gateway after a decision. Returns the node that leaves."""
    stages = len(step.pelaksana)
    previous = ""
    for stage, kode in enumerate(step.pelaksana):
        node = graph.add(
            Node(
                task_id(step.no, stage, stages),
                "userTask",
                _task_name(step, stage),
                kode,
                graph.next_column(),
                properties=_properties(step, stage),
                documentation=_documentation(step),
                candidate=kode,
            )
        )
        if previous:
            graph.connect(previous, node.id, "Paraf")
        previous = node.id
    if step.jenis != "keputusan":
        return previous
    gateway = graph.add(
        Node(
            f"keputusan_{step.no}",
            "exclusiveGateway",
            step.pertanyaan or f"Keputusan langkah {step.no}",
            step.pelaksana[-1],
            graph.next_column(),
        )
    )
    graph.connect(previous, gateway.id)
    return gateway.id


def _connect_exit(graph: Graph, step: Langkah, source: str, label: str, target, steps) -> None:
    name = {"ya": "Ya", "tidak": "Tidak"}.get(label, "")
    condition = f'{DECISION_VARIABLE} == "{label}"' if label == "tidak" else ""
    if target == PEMOHON:
        target_id = f"menunggu_pemohon_{step.no}"
    elif target == SELESAI:
        target_id = SELESAI
    else:
        target_step = next(s for s in steps if s.no == target)
        target_id = task_id(target_step.no, 0, len(target_step.pelaksana))
    flow = graph.connect(source, target_id, name, condition)
    if label == "ya":
        graph.nodes[source].default = flow.id


def _add_wait(graph: Graph, step: Langkah) -> None:
    """The case waits for the applicant, then resumes at this step or is cancelled."""
    lane, column = step.pelaksana[-1], graph.next_column()
    wait = graph.add(
        Node(f"menunggu_pemohon_{step.no}", "eventBasedGateway", "Menunggu pemohon", lane, column)
    )
    back_column = graph.next_column()
    returned = graph.add(
        Node(
            f"pemohon_kembali_{step.no}",
            "intermediateCatchEvent",
            MESSAGE_RETURNED[1],
            lane,
            back_column,
            offset=38,  # below, so its loop back runs under the lane without crossing
            message=MESSAGE_RETURNED[0],
        )
    )
    cancelled = graph.add(
        Node(
            f"permohonan_dibatalkan_{step.no}",
            "intermediateCatchEvent",
            MESSAGE_CANCELLED[1],
            lane,
            back_column,
            offset=-38,
            message=MESSAGE_CANCELLED[0],
        )
    )
    end = graph.add(
        Node(
            f"tidak_dilanjutkan_{step.no}",
            "endEvent",
            "Tidak dilanjutkan",
            lane,
            graph.next_column(),
            offset=-38,
        )
    )
    graph.connect(wait.id, returned.id)
    graph.connect(wait.id, cancelled.id)
    graph.connect(returned.id, task_id(step.no, 0, len(step.pelaksana)))
    graph.connect(cancelled.id, end.id)


def _task_name(step: Langkah, stage: int) -> str:
    name = f"{step.no}. {' '.join(step.kegiatan.split())}"
    if len(name) > NAME_LIMIT:
        name = name[: NAME_LIMIT - 1].rstrip() + "…"
    if len(step.pelaksana) > 1:
        name += f" (paraf {stage + 1}/{len(step.pelaksana)})"
    return name


def _documentation(step: Langkah) -> str:
    return "\n".join(text for text in (step.kegiatan.strip(), step.keterangan or "") if text)


def _properties(step: Langkah, stage: int) -> list[tuple[str, str]]:
    mutu = step.mutu_baku
    pairs = [
        ("langkah", str(step.no)),
        ("tahap", str(stage + 1)),
        ("jumlah_tahap", str(len(step.pelaksana))),
        ("pelaksana", step.pelaksana[stage]),
        ("mutu_baku_waktu", mutu.waktu),
        ("mutu_baku_kelengkapan", "; ".join(mutu.kelengkapan)),
        ("output", mutu.output or ""),
    ]
    if step.jenis == "keputusan" and stage == len(step.pelaksana) - 1:
        pairs.append(("keputusan", DECISION_VARIABLE))
    return pairs


def lanes_of(definition: Definition) -> list[tuple[str, str]]:
    """(kode, name) of each lane: the pelaksana in order, then any kode a step names beside them."""
    lanes = {pelaksana.kode: pelaksana.nama for pelaksana in definition.pelaksana}
    for step in definition.langkah:
        for kode in step.pelaksana:
            lanes.setdefault(kode, kode)
    return list(lanes.items())


def _m(tag: str) -> str:
    return f"{{{MODEL}}}{tag}"


def _write_process(root: ET.Element, definition: Definition, graph: Graph, versi) -> None:
    process = ET.SubElement(
        root,
        _m("process"),
        {"id": process_id(definition), "name": definition.nama, "isExecutable": "true"},
    )
    _write_properties(
        process,
        [("kode", definition.kode), ("nomor", definition.nomor or ""), ("versi", str(versi or ""))],
    )
    lanes = ET.SubElement(process, _m("laneSet"), {"id": "lajur"})
    for kode, name in lanes_of(definition):
        lane = ET.SubElement(lanes, _m("lane"), {"id": f"lajur_{kode}", "name": name})
        for node in graph.nodes.values():
            if node.lane == kode:
                ET.SubElement(lane, _m("flowNodeRef")).text = node.id
    for node in graph.nodes.values():
        _write_node(process, node, graph)
    for flow in graph.flows:
        _write_flow(process, flow)


def _write_node(process: ET.Element, node: Node, graph: Graph) -> None:
    attributes = {"id": node.id, "name": node.name}
    if node.default:
        attributes["default"] = node.default
    if node.candidate:
        attributes[f"{{{CAMUNDA}}}candidateGroups"] = node.candidate
    element = ET.SubElement(process, _m(node.kind), attributes)
    if node.documentation:
        ET.SubElement(element, _m("documentation")).text = node.documentation
    if node.properties:
        _write_properties(element, node.properties)
    for flow in graph.flows:
        if flow.target == node.id:
            ET.SubElement(element, _m("incoming")).text = flow.id
    for flow in graph.flows:
        if flow.source == node.id:
            ET.SubElement(element, _m("outgoing")).text = flow.id
    if node.message:
        ET.SubElement(element, _m("messageEventDefinition"), {"messageRef": node.message})


def _write_properties(element: ET.Element, pairs: list[tuple[str, str]]) -> None:
    extensions = ET.SubElement(element, _m("extensionElements"))
    properties = ET.SubElement(extensions, f"{{{CAMUNDA}}}properties")
    for name, value in pairs:
        ET.SubElement(properties, f"{{{CAMUNDA}}}property", {"name": name, "value": value})


def _write_flow(process: ET.Element, flow: Flow) -> None:
    attributes = {"id": flow.id, "sourceRef": flow.source, "targetRef": flow.target}
    if flow.name:
        attributes["name"] = flow.name
    element = ET.SubElement(process, _m("sequenceFlow"), attributes)
    if flow.condition:
        condition = ET.SubElement(
            element,
            _m("conditionExpression"),
            {f"{{{XSI}}}type": "bpmn:tFormalExpression", "language": "python"},
        )
        condition.text = flow.condition


# The diagram (BPMN DI): lanes are horizontal bands, nodes sit in columns in their lane.


def _write_diagram(root: ET.Element, definition: Definition, graph: Graph) -> None:
    diagram = ET.SubElement(root, f"{{{BPMNDI}}}BPMNDiagram", {"id": "diagram"})
    plane = ET.SubElement(
        diagram, f"{{{BPMNDI}}}BPMNPlane", {"id": "bidang", "bpmnElement": "kolaborasi"}
    )
    lanes = [kode for kode, _name in lanes_of(definition)]
    width = POOL_LABEL + LANE_LABEL + FIRST_COLUMN * 2 + COLUMN_WIDTH * graph.columns
    _shape(plane, "pool", (POOL_X, 0, width, LANE_HEIGHT * len(lanes)))
    for index, kode in enumerate(lanes):
        box = (POOL_X + POOL_LABEL, index * LANE_HEIGHT, width - POOL_LABEL, LANE_HEIGHT)
        _shape(plane, f"lajur_{kode}", box)
    bounds = {node.id: node_bounds(node, lanes) for node in graph.nodes.values()}
    for node in graph.nodes.values():
        _shape(plane, node.id, bounds[node.id], label=node.kind != "userTask")
    for flow in graph.flows:
        _edge(plane, flow, bounds, lanes, graph)


def node_bounds(node: Node, lanes: list[str]) -> tuple[int, int, int, int]:
    """(x, y, width, height) of a node: its column, the middle of its lane plus its offset."""
    width, height = SIZES[node.kind]
    centre_x = POOL_X + POOL_LABEL + LANE_LABEL + FIRST_COLUMN + COLUMN_WIDTH * node.column + 55
    centre_y = lanes.index(node.lane) * LANE_HEIGHT + LANE_HEIGHT // 2 + node.offset
    return centre_x - width // 2, centre_y - height // 2, width, height


def _shape(plane: ET.Element, element_id: str, box, label: bool = False) -> None:
    attributes = {"id": f"{element_id}_di", "bpmnElement": element_id}
    if element_id == "pool" or element_id.startswith("lajur_"):
        attributes["isHorizontal"] = "true"
    shape = ET.SubElement(plane, f"{{{BPMNDI}}}BPMNShape", attributes)
    _bounds(shape, box)
    if label:
        x, y, width, height = box
        _label(shape, (x - 30, y + height + 4, width + 60, 28))


def _edge(plane: ET.Element, flow: Flow, bounds: dict, lanes: list[str], graph: Graph) -> None:
    edge = ET.SubElement(
        plane, f"{{{BPMNDI}}}BPMNEdge", {"id": f"{flow.id}_di", "bpmnElement": flow.id}
    )
    source_lane = lanes.index(graph.nodes[flow.source].lane)
    target_lane = lanes.index(graph.nodes[flow.target].lane)
    bottom = (max(source_lane, target_lane) + 1) * LANE_HEIGHT - 8
    gateway = graph.nodes[flow.source].kind.endswith("Gateway")
    points = waypoints(bounds[flow.source], bounds[flow.target], bottom, gateway=gateway)
    for x, y in points:
        ET.SubElement(edge, f"{{{DI}}}waypoint", {"x": str(x), "y": str(y)})
    if flow.name:
        (x1, y1), (x2, y2) = points[0], points[1]
        x, y = (x1 + x2) // 2 if len(points) == 2 else x2, (y1 + y2) // 2 if y1 != y2 else y1
        _label(edge, (x + 4, y - 20, 40, 16))


def waypoints(source, target, bottom: int, gateway: bool = False) -> list[tuple[int, int]]:
    """Right angles: forward from the source's right side (a gateway's branch upward leaves from
    its top corner), backward from its bottom under the floor of the lanes involved."""
    sx, sy, sw, sh = source
    tx, ty, tw, th = target
    start_y, end_y = sy + sh // 2, ty + th // 2
    if tx > sx + sw:
        if start_y == end_y:
            return [(sx + sw, start_y), (tx, end_y)]
        if gateway and end_y < start_y:
            corner = (sx + sw // 2, sy)
            return [corner, (corner[0], end_y), (tx, end_y)]
        middle = tx - 20
        return [(sx + sw, start_y), (middle, start_y), (middle, end_y), (tx, end_y)]
    start_x, end_x = sx + sw // 2, tx + tw // 2
    return [(start_x, sy + sh), (start_x, bottom), (end_x, bottom), (end_x, ty + th)]


def _bounds(parent: ET.Element, box) -> None:
    x, y, width, height = box
    ET.SubElement(
        parent,
        f"{{{DC}}}Bounds",
        {"x": str(x), "y": str(y), "width": str(width), "height": str(height)},
    )


def _label(parent: ET.Element, box) -> None:
    _bounds(ET.SubElement(parent, f"{{{BPMNDI}}}BPMNLabel"), box)
