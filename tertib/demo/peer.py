"""Whole SKTM cases in `make bench`: Tertib against SpiffWorkflow running the same SOP.

SpiffWorkflow runs the SOP exported as BPMN as a real engine would: each step loads the
workflow's serialized state from SQLite (WAL, as Tertib's), runs the ready task and the engine
steps after it, and saves the state in its own transaction. It checks nothing else.

Tertib runs the desk's calls: the intake (the case, the clerk's part of step 1), then each step
finished by its holder in one transaction, with everything the engine does besides: the
holder's right on that day, the stale-step guard, office-time due dates, the audit chain with a
copy of each finished record, the register number and the document's row at step 5. Timed
apart, where the code does them outside the step's transaction: the Camat's password at step 4,
proven before it (through the password throttle, with a fast hasher here: the real hash is slow
on purpose), and the documents' PDFs, rendered after the commit. Where the code still does them
inside the step, they are in the figure.

Both take turns, a tenth of the cases at a time, so that a slow spell of a shared machine falls
on both alike. SpiffWorkflow is a bench-only dependency, imported here and nowhere in the app.
"""

import contextlib
import logging
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import override_settings

from tertib.cases import actions
from tertib.cases.actions import StepInput
from tertib.cases.engine import complete_step
from tertib.cases.models import StepRecord
from tertib.cases.requests import take_in
from tertib.sop.bpmn import process_id, task_id, to_bpmn
from tertib.sop.definition import Definition

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"

# SKTM's happy path: the answer of the deciding step, a plain "lanjut" elsewhere.
DECISIONS = {2: "ya"}


@dataclass
class PeerFigures:
    cases: int = 0
    steps: int = 0
    seconds: float = 0.0
    after_commit: float = 0.0  # work run after the commits (PDFs), not in seconds
    before: float = 0.0  # passwords proven before the step's transaction, not in seconds
    state_bytes: int = 0  # SpiffWorkflow: the serialized state of one finished case

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
        self.last_id = row.lastrowid
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


def whole_cases(*, definition: Definition, desk, cases: int, rounds: int = 10):
    """Tertib's figures and SpiffWorkflow's, `cases` whole cases each, taking turns."""
    tertib, spiff = PeerFigures(), PeerFigures()
    per_round = max(1, cases // rounds)
    with tempfile.TemporaryDirectory(prefix="tertib-spiff-") as folder:
        runner = SpiffRunner(definition, Path(folder))
        with desk.fast_password():
            for _ in range(3):  # warm-up
                _spiff_case(runner)
                desk.case()
            for _ in range(rounds):
                _time_spiff(runner, spiff, per_round)
                _time_tertib(desk, tertib, per_round)
        spiff.state_bytes = runner.state_size(runner.last_id)
        runner.db.close()
    return tertib, spiff


def _time_spiff(runner: "SpiffRunner", figures: PeerFigures, count: int) -> None:
    started = time.perf_counter()
    for _ in range(count):
        figures.steps += _spiff_case(runner)[1]
    figures.seconds += time.perf_counter() - started
    figures.cases += count


def _time_tertib(desk: "Desk", figures: PeerFigures, count: int) -> None:
    with _after_commit_timed() as after:
        started = time.perf_counter()
        for _ in range(count):
            figures.steps += desk.case()
        elapsed = time.perf_counter() - started
    figures.seconds += elapsed - sum(after) - desk.proving
    figures.after_commit += sum(after)
    figures.before += desk.proving
    figures.cases += count
    desk.proving = 0.0


@contextlib.contextmanager
def _after_commit_timed():
    """Time the on_commit hooks apart: what the engine leaves until after the commit."""
    db = connections[DEFAULT_DB_ALIAS]
    original, spent = db.run_and_clear_commit_hooks, []

    def timed():
        started = time.perf_counter()
        try:
            original()
        finally:
            spent.append(time.perf_counter() - started)

    db.run_and_clear_commit_hooks = timed
    try:
        yield spent
    finally:
        del db.run_and_clear_commit_hooks


@dataclass
class Desk:
    """An office's holders walking SKTM cases through the engine as the desk does."""

    version: object
    office: object
    people: dict  # pelaksana kode -> user
    intake: dict
    checklist: list[str]
    password: str
    proving: float = 0.0  # seconds spent proving passwords since the last look

    def case(self) -> int:
        """Intake and every step to the end; returns the steps done (intake counts as one)."""
        case = take_in(
            sop_version=self.version,
            office=self.office,
            actor=self.people["staf"],
            subject=self.intake["nama"],
            intake=self.intake,
            checklist=self.checklist,
            scans=[],
        )
        given = {
            2: StepInput(checklist=self.checklist),
            4: StepInput(password=self.password),
            6: StepInput(recipient="Pemohon sendiri"),
        }
        steps = 1
        while case.is_open:
            step = self.version.definition.step(case.current_step)
            actor, decision = self.people[step.pelaksana[0]], DECISIONS.get(step.no, "lanjut")
            case = complete_step(
                case=case,
                record_id=case.open_record_id,
                actor=actor,
                decision=decision,
                given=self._proven(case, step, actor, decision, given.get(step.no)),
            )
            steps += 1
        return steps

    def _proven(self, case, step, actor, decision: str, given: StepInput | None):
        """The input as the desk hands it to the engine: with the password proven before the
        step's transaction, where the code does that (actions.prove_password)."""
        prove = getattr(actions, "prove_password", None)
        if prove is None or given is None:
            return given
        started = time.perf_counter()
        record = StepRecord(step_no=step.no, stage=0)  # the open record, as the form posts it
        given = prove(case=case, record=record, decision=decision, actor=actor, given=given)
        self.proving += time.perf_counter() - started
        return given

    @contextlib.contextmanager
    def fast_password(self):
        """The signer's password hashed with a fast hasher while the bench runs."""
        signers = {user.pk: user.password for user in self.people.values()}
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            fast = make_password(self.password)
            try:
                for user in self.people.values():
                    type(user).objects.filter(pk=user.pk).update(password=fast)
                    user.password = fast
                yield
            finally:
                for user in self.people.values():
                    type(user).objects.filter(pk=user.pk).update(password=signers[user.pk])
                    user.password = signers[user.pk]


def _spiff_case(runner: SpiffRunner) -> tuple[int, int]:
    workflow_id, steps, ended = runner.start(), 1, False
    while not ended:
        ended = runner.step(workflow_id)
        steps += 1
    return workflow_id, steps
