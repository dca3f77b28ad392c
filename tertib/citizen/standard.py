"""The standar pelayanan of a service (UU 25/2009 art. 21, Permenpan RB 15/2014), derived from
its SOP definition and its office's settings, with how often the time standard was met."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from tertib.cases.clock import calendar, total_mutu_baku_minutes
from tertib.citizen.models import OfficeStandard, ServiceStandard
from tertib.lib.durations import minutes_text
from tertib.lib.stats import percent_text
from tertib.org.models import Assignment, Office
from tertib.reports.figures import Period, office_figures, semester_of
from tertib.sop.definition import PEMOHON, SELESAI, Definition
from tertib.sop.models import Sop


@dataclass
class Component:
    title: str
    items: list[str]


@dataclass
class Step:
    no: int
    text: str
    by: str
    waktu: str
    branch: str  # what happens on "tidak", for a decision


@dataclass
class TimeRecord:
    """How often the requests of a period finished within the total mutu baku."""

    period: Period
    finished: int
    share: float | None

    def __str__(self) -> str:
        if not self.finished:
            return f"{self.period.name}: belum ada permohonan yang selesai."
        return (
            f"{self.period.name}: {percent_text(self.share)} dari {self.finished} permohonan "
            "selesai dalam jangka waktu ini."
        )


def office_standard(office: Office) -> OfficeStandard:
    """The office's settings; an office nobody set up yet gets the defaults, unsaved."""
    return OfficeStandard.objects.filter(office=office).first() or OfficeStandard(office=office)


def service_standard(sop: Sop) -> ServiceStandard:
    return ServiceStandard.objects.filter(sop=sop).first() or ServiceStandard(sop=sop)


def biaya_text(service: ServiceStandard) -> str:
    if service.gratis:
        return "Tidak dipungut biaya (Rp 0)."
    return service.biaya or "Belum ditetapkan oleh kantor; tanyakan kepada petugas."


def steps(definition: Definition) -> list[Step]:
    """The procedure in plain words: who does what, and where a "tidak" leads."""
    names = {p.kode: p.nama for p in definition.pelaksana}
    return [
        Step(
            no=step.no,
            text=step.kegiatan,
            by=", ".join(names.get(kode, kode) for kode in step.pelaksana),
            waktu=step.mutu_baku.waktu,
            branch=_branch(step) if step.jenis == "keputusan" else "",
        )
        for step in definition.langkah
    ]


def _branch(step) -> str:
    question = step.pertanyaan or "Keputusan"
    if step.tidak == PEMOHON:
        return f"{question} Bila tidak, berkas dikembalikan kepada pemohon untuk dilengkapi."
    if step.tidak == SELESAI:
        return f"{question} Bila tidak, permohonan tidak dapat dilanjutkan."
    return f"{question} Bila tidak, lanjut ke langkah {step.tidak}."


def jangka_waktu(definition: Definition) -> str:
    minutes = total_mutu_baku_minutes(definition.langkah)
    return minutes_text(minutes, calendar().minutes_per_day()) + " (jam kerja)"


def time_record(sop: Sop, office: Office, *, today: datetime.date) -> TimeRecord:
    """The last full semester's record; while it has no finished request, this one's so far."""
    current = semester_of(today)
    last = semester_of(current.start - datetime.timedelta(days=1))
    for period in (last, current):
        figure = _sop_figure(office, period, sop)
        if figure is not None and figure.case_totals:
            return TimeRecord(period, len(figure.case_totals), figure.share_within)
    return TimeRecord(current, 0, None)


def _sop_figure(office: Office, period: Period, sop: Sop):
    return next((f for f in office_figures(office, period).sops if f.sop == sop), None)


def produk(definition: Definition) -> str:
    return definition.langkah[-1].mutu_baku.output or definition.nama


def jumlah_pelaksana(definition: Definition, office: Office, service: ServiceStandard) -> str:
    if service.jumlah_pelaksana:
        return f"{service.jumlah_pelaksana} orang"
    kodes = {p.kode for p in definition.pelaksana}
    people = (
        Assignment.objects.on(timezone.localdate())
        .filter(position__office=office, position__kode__in=kodes)
        .values("user")
        .distinct()
        .count()
    )
    roles = ", ".join(p.nama for p in definition.pelaksana)
    return f"{people} orang ({roles})" if people else roles


def components(sop: Sop, office: Office, *, today: datetime.date) -> dict:
    """The fourteen components of the version in force on `today` (the office's date), as the
    page and the maklumat print them; an approved version still to come is not shown yet."""
    definition = (sop.version_on(today) or sop.current_version).definition
    settings_, service = office_standard(office), service_standard(sop)
    record = time_record(sop, office, today=today)
    contact = [line for line in (office.phone and f"Telepon {office.phone}", office.email) if line]
    delivery = [
        Component("Persyaratan", _requirements(definition)),
        Component("Sistem, mekanisme dan prosedur", [s.text for s in steps(definition)]),
        Component("Jangka waktu pelayanan", [jangka_waktu(definition), str(record)]),
        Component("Biaya/tarif", [biaya_text(service)]),
        Component("Produk pelayanan", [produk(definition)]),
        Component("Penanganan pengaduan, saran dan masukan", _lines(settings_.pengaduan) + contact),
    ]
    management = [
        Component("Dasar hukum", definition.dasar_hukum or ["-"]),
        Component(
            "Sarana, prasarana dan/atau fasilitas",
            _lines(service.sarana or settings_.sarana) + definition.peralatan_perlengkapan,
        ),
        Component("Kompetensi pelaksana", definition.kualifikasi_pelaksana or ["-"]),
        Component("Pengawasan internal", _lines(settings_.pengawasan)),
        Component("Jumlah pelaksana", [jumlah_pelaksana(definition, office, service)]),
        Component("Jaminan pelayanan", _lines(settings_.jaminan_pelayanan)),
        Component("Jaminan keamanan dan keselamatan pelayanan", _lines(settings_.jaminan_keamanan)),
        Component("Evaluasi kinerja pelaksana", _lines(settings_.evaluasi)),
    ]
    return {
        "sop": sop,
        "definition": definition,
        "office": office,
        "delivery": delivery,
        "management": management,
        "steps": steps(definition),
        "jangka_waktu": jangka_waktu(definition),
        "record": record,
        "maklumat": settings_.maklumat,
    }


def _requirements(definition: Definition) -> list[str]:
    items = [s.nama if s.wajib else f"{s.nama} (bila ada)" for s in definition.layanan.persyaratan]
    return items or ["Tidak ada persyaratan khusus."]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
