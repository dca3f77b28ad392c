"""The peer for `make bench`: SpiffWorkflow running the same SOP, exported as BPMN, as a real
engine would run it: each step loads the workflow's serialized state from SQLite (WAL, as
Tertib's), runs the ready task and the engine steps after it, and saves the state in its own
transaction. SpiffWorkflow is a bench-only dependency, imported here and nowhere in the app.
"""

import logging
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tertib.sop.bpmn import process_id, task_id, to_bpmn
from tertib.sop.definition import Definition

# SKTM's happy path: the answer of the deciding step, a plain "lanjut" elsewhere.
DECISIONS = {2: "ya"}


@dataclass
class PeerFigures:
    cases: int
    steps: int
    seconds: float
    state_bytes: int  # the serialized state of one finished case

    @property
    def case_rate(self) -> float:
        return self.cases / self.seconds

    @property
    def step_rate(self) -> float:
        return self.steps / self.seconds


class SpiffRunner:
    """One SQLite WAL file with a row of serialized state per case, and the parsed process."""

    def __init__(self, definition: Definition, folder: Path):
        from lxml import etree
        from SpiffWorkflow.bpmn.parser import BpmnParser
        from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer

        logging.getLogger("spiff").setLevel(logging.WARNING)  # a line per task change otherwise
        parser = BpmnParser()
        parser.add_bpmn_xml(etree.fromstring(to_bpmn(definition)), filename="sop.bpmn")
        self.spec = parser.get_spec(process_id(definition))
        self.serializer = BpmnWorkflowSerializer()
        self.deciders = {
            task_id(s.no, len(s.pelaksana) - 1, len(s.pelaksana)): s.no
            for s in definition.langkah
            if s.jenis == "keputusan"
        }
        # isolation_level=None: the statements below open and end their transactions.
        self.db = sqlite3.connect(folder / "spiff.sqlite3", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS workflow (id integer PRIMARY KEY, state text)")

    def start(self) -> int:
        """The intake: a new workflow, its first task done, its state saved; returns its id."""
        from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

        workflow = BpmnWorkflow(self.spec)
        workflow.do_engine_steps()
        self._run_ready(workflow)
        self.db.execute("BEGIN IMMEDIATE")
        row = self.db.execute(
            "INSERT INTO workflow (state) VALUES (?)", [self.serializer.serialize_json(workflow)]
        )
        self.db.execute("COMMIT")
        return row.lastrowid

    def step(self, workflow_id: int) -> bool:
        """Load, run the ready task, save; True when the workflow has ended."""
        self.db.execute("BEGIN IMMEDIATE")
        (state,) = self.db.execute(
            "SELECT state FROM workflow WHERE id = ?", [workflow_id]
        ).fetchone()
        workflow = self.serializer.deserialize_json(state)
        self._run_ready(workflow)
        self.db.execute(
            "UPDATE workflow SET state = ? WHERE id = ?",
            [self.serializer.serialize_json(workflow), workflow_id],
        )
        self.db.execute("COMMIT")
        return workflow.completed

    def _run_ready(self, workflow) -> None:
        from SpiffWorkflow.util.task import TaskState

        task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        step_no = self.deciders.get(task.task_spec.name)
        if step_no is not None:
            task.data["keputusan"] = DECISIONS[step_no]
        task.run()
        workflow.do_engine_steps()

    def state_size(self, workflow_id: int) -> int:
        (size,) = self.db.execute(
            "SELECT length(state) FROM workflow WHERE id = ?", [workflow_id]
        ).fetchone()
        return size


def spiff_figures(definition: Definition, *, cases: int) -> PeerFigures:
    """Run `cases` cases to the end, each step its own load-run-save transaction."""
    with tempfile.TemporaryDirectory(prefix="tertib-spiff-") as folder:
        runner = SpiffRunner(definition, Path(folder))
        for _ in range(5):  # warm-up
            _spiff_case(runner)
        steps, started = 0, time.perf_counter()
        for _ in range(cases):
            workflow_id, done = _spiff_case(runner)
            steps += done
        seconds = time.perf_counter() - started
        size = runner.state_size(workflow_id)
        runner.db.close()
    return PeerFigures(cases=cases, steps=steps, seconds=seconds, state_bytes=size)


def _spiff_case(runner: SpiffRunner) -> tuple[int, int]:
    workflow_id, steps, ended = runner.start(), 1, False
    while not ended:
        ended = runner.step(workflow_id)
        steps += 1
    return workflow_id, steps
