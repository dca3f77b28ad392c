"""Two people at once: one draft is approved once, two texts stored at once get two numbers.
These need PostgreSQL's row locks; SQLite serialises whole transactions and skips them."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from conftest import SKTM
from tertib.cases.models import AuditEvent
from tertib.org.testing import PASSWORD, assign, make_user
from tertib.sop import studio
from tertib.sop.loading import load_text
from tertib.sop.models import Sop, SopVersion
from tertib.sop.studio import StudioAction, StudioError

SKTM_TEXT = SKTM.read_text(encoding="utf-8")

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL row locks"
)


def run_together(*jobs) -> list:
    """Run the jobs in threads started at one barrier; each result or the exception raised."""
    barrier, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test looks at what each job met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_draft_approved_by_two_officials_at_once_is_stored_once(undaan):
    admin = make_user("admin.undaan")
    undaan.office.admins.add(admin)
    plh = make_user("plh.camat")
    today = timezone.localdate()
    assign(plh, undaan.office, "camat", kind="plh", starts_on=today, ends_on=today)
    draft = studio.start_draft(sop=undaan.version.sop, actor=admin)
    text = draft.text.replace("waktu: 4 menit", "waktu: 6 menit")
    draft = studio.save_draft(draft=draft, actor=admin, text=text)
    draft = studio.submit(draft=draft, actor=admin, approver_kode="camat")

    results = run_together(
        lambda: studio.approve(draft=draft, actor=undaan.camat, password=PASSWORD),
        lambda: studio.approve(draft=draft, actor=plh, password=PASSWORD),
    )

    refused = [r for r in results if isinstance(r, StudioError)]
    assert len(refused) == 1, results
    assert refused[0].problems[0].message == "draf berstatus Disahkan; tidak dapat disahkan"
    assert SopVersion.objects.count() == 2
    assert AuditEvent.objects.filter(action=StudioAction.SAHKAN).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_texts_stored_at_once_get_distinct_numbers(undaan):
    writer = make_user("penyusun")
    sop = undaan.version.sop
    texts = [SKTM_TEXT.replace("waktu: 4 menit", f"waktu: {n} menit") for n in (6, 7, 8, 9)]

    results = run_together(
        *[
            lambda text=text: load_text(text, sop=Sop.objects.get(pk=sop.pk), actor=writer)
            for text in texts
        ]
    )

    assert all(r.version is not None and r.created for r in results), results
    assert sorted(r.version.number for r in results) == [2, 3, 4, 5]
    current = Sop.objects.get(pk=sop.pk).current_version
    assert current.number == 5
