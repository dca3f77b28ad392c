from django.conf import settings
from django.db import models
from django.db.models import Q

from tertib.cases.models import Case
from tertib.org.models import Office
from tertib.sop.models import Sop

LAPOR = (
    "SP4N-LAPOR!: www.lapor.go.id, SMS 1708, aplikasi SP4N-LAPOR!\n"
    "Kotak saran dan pengaduan di ruang pelayanan\n"
    "Langsung kepada petugas pengaduan di jam kerja"
)


class OfficeStandard(models.Model):
    """What an office's service standard says that no SOP file holds: how to complain, the
    premises, who supervises, what it guarantees. Shared by all its services."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="standard")
    pengaduan = models.TextField(
        "penanganan pengaduan, saran dan masukan", default=LAPOR, help_text="satu saluran per baris"
    )
    sarana = models.TextField(
        "sarana, prasarana dan/atau fasilitas",
        default="Ruang tunggu, loket pelayanan, kotak saran, toilet",
    )
    pengawasan = models.TextField(
        "pengawasan internal",
        default="Dilakukan oleh atasan langsung secara berjenjang dan oleh Inspektorat Daerah",
    )
    jaminan_pelayanan = models.TextField(
        "jaminan pelayanan",
        default="Pelayanan diberikan sesuai standar pelayanan yang ditetapkan dalam maklumat",
    )
    jaminan_keamanan = models.TextField(
        "jaminan keamanan dan keselamatan pelayanan",
        default="Berkas pemohon disimpan dengan aman dan data pribadi dijaga kerahasiaannya",
    )
    evaluasi = models.TextField(
        "evaluasi kinerja pelaksana",
        default="Survei Kepuasan Masyarakat setiap semester dan evaluasi SOP setiap tahun",
    )
    maklumat = models.TextField(
        "maklumat pelayanan",
        default=(
            "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar "
            "pelayanan yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap "
            "menerima sanksi sesuai peraturan perundang-undangan yang berlaku."
        ),
    )

    class Meta:
        verbose_name = "standar pelayanan kantor"
        verbose_name_plural = "standar pelayanan kantor"

    def __str__(self) -> str:
        return f"Standar pelayanan {self.office}"


class ServiceStandard(models.Model):
    """A service's cost and what differs from its office's standard. The cost is stated only
    here: a service with no row, or with neither field set, shows it as not yet stated."""

    sop = models.OneToOneField(Sop, on_delete=models.CASCADE, related_name="standard")
    gratis = models.BooleanField(
        "tidak dipungut biaya", default=False, help_text="centang bila layanan ini gratis"
    )
    biaya = models.TextField(
        "biaya/tarif", blank=True, help_text="besar biaya dan dasar hukumnya, bila tidak gratis"
    )
    sarana = models.TextField(
        "sarana khusus layanan ini", blank=True, help_text="kosong: sarana kantor"
    )
    jumlah_pelaksana = models.PositiveSmallIntegerField(
        "jumlah pelaksana", null=True, blank=True, help_text="kosong: jumlah jabatan dalam SOP"
    )

    class Meta:
        verbose_name = "standar pelayanan layanan"
        verbose_name_plural = "standar pelayanan layanan"

    def __str__(self) -> str:
        return f"Standar pelayanan {self.sop}"


class SurveyResponse(models.Model):
    """One completed SKM questionnaire: the nine elements of one served request, answered once
    by the citizen online or entered by staff from paper. No name, no NIK."""

    class Channel(models.TextChoices):
        ONLINE = "online", "Daring (tautan pada tanda terima)"
        KERTAS = "kertas", "Kuesioner kertas"

    class Sex(models.TextChoices):
        L = "L", "Laki-laki"
        P = "P", "Perempuan"

    class Education(models.TextChoices):
        SD = "sd", "SD ke bawah"
        SMP = "smp", "SMP"
        SMA = "sma", "SMA/SMK"
        D3 = "d3", "D1–D3"
        S1 = "s1", "D4/S1"
        S2 = "s2", "S2 ke atas"

    class Occupation(models.TextChoices):
        PNS = "pns", "PNS"
        TNI = "tni", "TNI/Polri"
        SWASTA = "swasta", "Pegawai swasta"
        WIRAUSAHA = "wirausaha", "Wirausaha"
        PETANI = "petani", "Petani/nelayan"
        PELAJAR = "pelajar", "Pelajar/mahasiswa"
        LAINNYA = "lainnya", "Lainnya"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="survey")
    # Copied from the case so that the figures of a period read one table through one index.
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField("diisi")
    channel = models.CharField("cara", max_length=10, choices=Channel)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    u1 = models.PositiveSmallIntegerField("persyaratan")
    u2 = models.PositiveSmallIntegerField("sistem, mekanisme dan prosedur")
    u3 = models.PositiveSmallIntegerField("waktu penyelesaian")
    u4 = models.PositiveSmallIntegerField("biaya/tarif")
    u5 = models.PositiveSmallIntegerField("produk spesifikasi jenis pelayanan")
    u6 = models.PositiveSmallIntegerField("kompetensi pelaksana")
    u7 = models.PositiveSmallIntegerField("perilaku pelaksana")
    u8 = models.PositiveSmallIntegerField("penanganan pengaduan, saran dan masukan")
    u9 = models.PositiveSmallIntegerField("sarana dan prasarana")
    saran = models.TextField("saran dan masukan", blank=True)
    age = models.PositiveSmallIntegerField("umur", null=True, blank=True)
    sex = models.CharField("jenis kelamin", max_length=1, choices=Sex, blank=True)
    education = models.CharField("pendidikan", max_length=5, choices=Education, blank=True)
    occupation = models.CharField("pekerjaan", max_length=10, choices=Occupation, blank=True)

    class Meta:
        ordering = ["answered_at", "pk"]
        indexes = [models.Index(fields=["office", "answered_at"], name="survey_office_answered")]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"u{n}__gte": 1, f"u{n}__lte": 4}), name=f"survey_u{n}_scale"
            )
            for n in range(1, 10)
        ]
        verbose_name = "jawaban survei kepuasan"
        verbose_name_plural = "jawaban survei kepuasan"

    def __str__(self) -> str:
        return f"SKM {self.case}"

    @property
    def answers(self) -> list[int]:
        return [getattr(self, f"u{n}") for n in range(1, 10)]
