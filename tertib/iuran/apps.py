from django.apps import AppConfig


class IuranConfig(AppConfig):
    name = "tertib.iuran"
    verbose_name = "Iuran Jaminan Kesehatan Kepala Desa dan Perangkat Desa"

    def ready(self):
        # The SOP file names these checks under aksi.periksa; the engine runs them.
        from tertib.cases.actions import CHECKS
        from tertib.cases.documents import ISSUERS
        from tertib.iuran.bills import payment_problems
        from tertib.iuran.check import bill_problems
        from tertib.iuran.documents import issue_archive
        from tertib.iuran.payment import lateness_on_completion, signer_problems, sp2d_problems

        CHECKS["iuran_spp_spm"] = payment_problems
        CHECKS["iuran_data_dukung"] = bill_problems
        CHECKS["iuran_penandatangan"] = signer_problems
        CHECKS["iuran_sp2d"] = sp2d_problems
        CHECKS["iuran_waktu"] = lateness_on_completion
        ISSUERS["arsip_iuran"] = issue_archive
