"""What the API answers: typed, so that the OpenAPI document says exactly what comes back."""

import datetime
from typing import Any

from ninja import Schema


class Problem(Schema):
    field: str  # the form field concerned; "" for the request as a whole
    message: str  # in Indonesian, as on the pages


class ErrorOut(Schema):
    detail: list[Problem]


class VersionOut(Schema):
    number: int
    content_hash: str
    loaded_at: datetime.datetime


class SopOut(Schema):
    kode: str
    nama: str
    kantor: str
    versi_berlaku: int
    boleh_dimulai: bool  # whether the SOP has an intake form at the counter


class SopDetailOut(SopOut):
    versi: list[VersionOut]
    definisi: dict[str, Any]


class StepOut(Schema):
    record: int
    langkah: int
    tahap: int
    kegiatan: str
    pelaksana: str
    pelaksana_nama: str
    tiba: datetime.datetime
    batas: datetime.datetime | None
    selesai: datetime.datetime | None
    hasil: str
    hasil_label: str
    catatan: str
    tunggu_menit: int | None
    proses_menit: int | None
    mutu_baku_menit: int
    terlambat: bool


class DocumentOut(Schema):
    jenis: str
    label: str
    kode_verifikasi: str
    nomor: str
    diterbitkan: datetime.datetime
    dicabut: bool


class CaseOut(Schema):
    kode: str
    status: str
    status_label: str
    sop: str
    versi: int
    kantor: str
    pemohon: str
    langkah_sekarang: int | None
    record_terbuka: int | None
    catatan: str
    langkah: list[StepOut]
    dokumen: list[DocumentOut]


class WorkOut(Schema):
    kode: str
    perihal: str
    record: int
    langkah: int
    kegiatan: str
    tiba: datetime.datetime
    batas: datetime.datetime | None
    terlambat: bool
    mutu_baku_menit: int


class WorklistOut(Schema):
    halaman: int
    jumlah_halaman: int
    jumlah: int
    terlambat: int
    baris: list[WorkOut]


class CompleteIn(Schema):
    record: int
    keputusan: str | None = None  # "ya" or "tidak" on a decision step
    catatan: str = ""
    ada: list[str] = []  # the requirements at hand, where the step checks them
    password: str = ""  # where the step signs
    penerima: str = ""
    diserahkan_kepada: str = ""
    tanggal_kirim: datetime.date | None = None
    nomor_tanda_terima: str = ""


class ResumeIn(Schema):
    catatan: str = ""


class RejectIn(Schema):
    record: int
    alasan: str


class CancelIn(Schema):
    alasan: str


class TrackOut(Schema):
    kode: str
    layanan: str
    kantor: str
    status: str
    status_label: str
    pemohon: str  # masked
    diterima: datetime.datetime
    ditutup: datetime.datetime | None


class VerifyOut(Schema):
    kode_verifikasi: str
    sah: bool
    jenis: str
    nomor: str
    kantor: str
    diterbitkan: datetime.datetime
    dicabut: datetime.datetime | None
    alasan_pencabutan: str
    sha256: str
