"""Bulk downloads take turns (tertib.middleware.BulkLane): a public SOP PDF waits for a slot of
the server; every other request walks past the lane."""

import fcntl
import threading

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from tertib.middleware import BulkLane, bulk_slot


@pytest.fixture
def lane(settings, tmp_path):
    settings.BULK_LANE_DIR = tmp_path / "lanes"
    settings.BULK_SLOTS = 1
    served = []

    def view(request):
        served.append(request.path)
        return HttpResponse("ok")

    return BulkLane(view), served


def slot_held_elsewhere(settings, n: int = 0):
    """The slot's lock file locked through a handle of its own, as another worker would."""
    (settings.BULK_LANE_DIR).mkdir(parents=True, exist_ok=True)
    handle = open(settings.BULK_LANE_DIR / f"slot-{n}.lock", "a")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def in_thread(function) -> threading.Thread:
    thread = threading.Thread(target=function, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize(
    ("path", "bulk"),
    [
        ("/sop/undaan-legalisasi-sktm/v1.pdf", True),
        ("/sop/dinas-pmd-iuran/v12.bpmn", True),
        ("/sop/undaan-legalisasi-sktm/", False),
        ("/sop/undaan-legalisasi-sktm/v1/", False),
        ("/sop/studio/sop/x/v1.yaml", False),
        ("/lacak/UND-AAAA-BBBB-CCCC/", False),
        ("/layanan/UND-AAAA-BBBB-CCCC/dokumen/1.pdf", False),
    ],
)
def test_only_public_sop_documents_take_the_lane(lane, settings, path, bulk):
    middleware, served = lane
    held = slot_held_elsewhere(settings)
    try:
        thread = in_thread(lambda: middleware(RequestFactory().get(path)))
        thread.join(0.5)
        assert thread.is_alive() is bulk  # a bulk request waits while the one slot is taken
    finally:
        fcntl.flock(held, fcntl.LOCK_UN)
        held.close()
    thread.join(10)
    assert not thread.is_alive()
    assert served == [path]


def test_a_waiting_download_is_served_once_the_slot_is_free(lane, settings):
    middleware, served = lane
    held = slot_held_elsewhere(settings)
    responses = []
    thread = in_thread(
        lambda: responses.append(middleware(RequestFactory().get("/sop/a-b/v1.pdf")))
    )
    thread.join(0.3)
    assert served == []
    fcntl.flock(held, fcntl.LOCK_UN)
    held.close()
    thread.join(10)
    assert served == ["/sop/a-b/v1.pdf"]
    assert responses[0].content == b"ok"


def test_a_second_slot_lets_a_second_download_through(lane, settings):
    settings.BULK_SLOTS = 2
    middleware, served = lane
    held = slot_held_elsewhere(settings, 0)
    try:
        thread = in_thread(lambda: middleware(RequestFactory().get("/sop/a-b/v2.pdf")))
        thread.join(10)
        assert served == ["/sop/a-b/v2.pdf"]  # slot 1 was free
    finally:
        fcntl.flock(held, fcntl.LOCK_UN)
        held.close()


def test_the_slot_is_given_back_when_the_view_fails(settings, tmp_path):
    settings.BULK_LANE_DIR = tmp_path / "lanes"
    settings.BULK_SLOTS = 1

    def broken(request):
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        BulkLane(broken)(RequestFactory().get("/sop/a-b/v1.pdf"))
    handle = open(settings.BULK_LANE_DIR / "slot-0.lock", "a")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if the slot were still held
    finally:
        handle.close()


def test_slots_nest_nowhere_and_are_free_after_use(settings, tmp_path):
    settings.BULK_LANE_DIR = tmp_path / "lanes"
    settings.BULK_SLOTS = 1
    with bulk_slot():
        other = in_thread(lambda: bulk_slot().__enter__())
        other.join(0.3)
        assert other.is_alive()  # a second holder waits, even in the same process
    other.join(10)
    assert not other.is_alive()


@pytest.mark.django_db
def test_a_real_sop_pdf_goes_through_the_lane(client, settings, tmp_path, undaan):
    """The whole stack: the SOP's PDF is answered while the lane is free, and the lane file
    exists afterwards (the request took its slot)."""
    settings.BULK_LANE_DIR = tmp_path / "lanes"
    version = undaan.version
    response = client.get(f"/sop/{version.sop.kode}/v{version.number}.pdf")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )  # drawn now (bytes) or streamed from the store
    assert body.startswith(b"%PDF")
    assert (settings.BULK_LANE_DIR / "slot-0.lock").exists()


def test_a_quick_answer_keeps_its_slot_for_the_rest_of_its_turn(lane, settings, monkeypatch):
    """At most BULK_PER_SECOND downloads a second per slot: a 5 ms answer sleeps the other
    15 ms of a 50-a-second turn before the slot is free (clock and sleep are the test's)."""
    from tertib import middleware

    settings.BULK_PER_SECOND = 50
    clock, slept = [100.0], []

    def view(request):
        clock[0] += 0.005  # the answer took 5 ms
        return HttpResponse("ok")

    monkeypatch.setattr(middleware.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(middleware.time, "sleep", slept.append)

    BulkLane(view)(RequestFactory().get("/sop/a-b/v1.pdf"))
    BulkLane(view)(RequestFactory().get("/lacak/UND-AAAA-BBBB-CCCC/"))  # not bulk: no turn

    assert slept == [pytest.approx(0.015)]


def test_a_slow_answer_used_up_its_turn_and_frees_the_slot_at_once(lane, settings, monkeypatch):
    from tertib import middleware

    settings.BULK_PER_SECOND = 50
    clock, slept = [100.0], []

    def slow(request):
        clock[0] += 0.5
        return HttpResponse("ok")

    monkeypatch.setattr(middleware.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(middleware.time, "sleep", slept.append)

    BulkLane(slow)(RequestFactory().get("/sop/a-b/v1.pdf"))

    assert slept == []
