"""What the iuran service adds to Tertib, registered when Django starts (apps.py)."""

from django.db import models
from django.template.loader import render_to_string

from tertib.org.access import my_offices
from tertib.org.models import Desa
from tertib.sop.access import office_sops
from tertib.sop.services import Check, DocumentKind, MenuEntry, Service


class IuranAction(models.TextChoices):
    VERIFIKASI_PERANGKAT = "verifikasi_perangkat", "Perangkat desa diverifikasi"
    UBAH_PERANGKAT = "ubah_perangkat", "Data perangkat desa diubah"
    IMPOR_PERANGKAT = "impor_perangkat", "Daftar perangkat desa diimpor"
    UBAH_SILTAP = "ubah_siltap", "Siltap perangkat desa diubah"
    PUTUSKAN_SELISIH = "putuskan_selisih", "Selisih tagihan diputuskan"
    CATAT_SP2D = "catat_sp2d", "SP2D dan pembayaran dicatat"
    GANTI_TAGIHAN = "ganti_tagihan", "Tagihan diganti tagihan perbaikan"
    KOREKSI_TAGIHAN = "koreksi_tagihan", "Tagihan dikoreksi"
    SIAPKAN_SPP_SPM = "siapkan_spp_spm", "SPP dan SPM disiapkan"


def runs_iuran(request) -> bool:
    """The menu's iuran pages: only for staff of the office that runs the iuran SOP (the SOPs
    of the user's offices are read once per request: the worklist reads them too)."""
    from tertib.services.iuran.access import IURAN_SOP

    if not request.user.is_authenticated:
        return False
    return any(sop.kode == IURAN_SOP for sop in office_sops(request))


def sees_roster(request) -> bool:
    """The roster: the Dinas PMD, and kecamatan staff who verify their own desa."""
    if not request.user.is_authenticated:
        return False
    offices = list(my_offices(request))
    return runs_iuran(request) or Desa.objects.filter(kecamatan__in=offices).exists()


def worklist(request) -> str:
    """On the Dinas PMD's worklist: where a new BPJS bill is registered (it has no intake form)."""
    if not runs_iuran(request):
        return ""
    return render_to_string("iuran/_worklist.html", {}, request=request)


def panel(request, case, record, may_act: bool) -> str:
    """The bill, its month limit and the contribution check, on the case page of a bill."""
    from tertib.services.iuran.templatetags.iuran_tags import iuran_panel

    context = iuran_panel(case, record, may_act)
    if context.get("bill") is None:
        return ""
    return render_to_string("iuran/_panel.html", context, request=request)


def service() -> Service:
    from tertib.services.iuran.bills import payment_problems
    from tertib.services.iuran.check import bill_problems
    from tertib.services.iuran.documents import issue_archive
    from tertib.services.iuran.payment import (
        lateness_on_completion,
        signer_problems,
        sp2d_problems,
    )

    return Service(
        kode="iuran",
        nama="Iuran Jaminan Kesehatan Kepala Desa dan Perangkat Desa",
        checks={
            "iuran_spp_spm": Check("SPP dan SPM sudah disiapkan", payment_problems),
            "iuran_data_dukung": Check(
                "Data dukung tagihan lengkap dan selisih diputuskan", bill_problems
            ),
            "iuran_penandatangan": Check(
                "SPP dan SPM ditandatangani orang berbeda", signer_problems
            ),
            "iuran_sp2d": Check("SP2D dan bukti transfer dicatat", sp2d_problems),
            "iuran_waktu": Check("Keterlambatan tagihan dicatat", lateness_on_completion),
        },
        documents={
            "arsip_iuran": DocumentKind("Arsip pembayaran iuran (SPP dan SPM)", issue_archive)
        },
        panels=[panel],
        worklist=[worklist],
        menu=[
            MenuEntry("Iuran JK perangkat desa", "iuran:index", runs_iuran),
            MenuEntry("Perangkat desa", "iuran:roster", sees_roster),
        ],
        audit_actions=IuranAction,
        sebutan="tagihan",
        urls="tertib.services.iuran.urls",
        url_prefix="iuran",
    )
