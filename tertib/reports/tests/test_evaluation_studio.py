"""The evaluation's proposed times open as a draft of the SOP studio."""

import pytest

from tertib.lib.durations import Waktu
from tertib.reports.evaluation import open_draft
from tertib.sop.models import StudioDraft

pytestmark = pytest.mark.django_db


def test_proposed_times_open_in_the_studio(client, undaan):
    sop = undaan.version.sop
    undaan.office.admins.add(undaan.camat)
    draft = open_draft(sop=sop, actor=undaan.camat, changes={4: Waktu(9, "menit")}, reason="uji")
    client.force_login(undaan.camat)

    response = client.post(f"/laporan/draf/{draft.pk}/studio/")

    opened = StudioDraft.objects.get()
    assert response.url == f"/sop/studio/draf/{opened.pk}/"
    assert (opened.text, opened.reason, opened.base_version) == (draft.text, "uji", undaan.version)
    assert "waktu: 9 menit" in opened.text


def test_an_assessor_who_does_not_edit_sops_is_told_so(client, undaan):
    sop = undaan.version.sop
    draft = open_draft(sop=sop, actor=undaan.camat, changes={4: Waktu(9, "menit")}, reason="uji")
    client.force_login(undaan.camat)

    response = client.post(f"/laporan/draf/{draft.pk}/studio/", follow=True)

    assert (
        "hanya pengelola kantor pemilik SOP atau Bagian Organisasi yang dapat mengubah SOP ini"
        in (response.content.decode())
    )
    assert StudioDraft.objects.count() == 0
