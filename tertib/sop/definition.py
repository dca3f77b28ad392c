"""The SOP definition format: one YAML file per SOP, keys mirroring the official form.

Every identity key of the form must be present, even when the SOP leaves it blank (write the key
with no value), so a forgotten field is caught rather than silently printed empty.
"""

import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from tertib.lib.durations import Waktu, parse_waktu

SELESAI = "selesai"  # the flow ends
PEMOHON = "pemohon"  # back to the applicant; the case waits for them
EXITS = (SELESAI, PEMOHON)
KODE_PATTERN = r"^[a-z][a-z0-9_-]*$"

LABELS = {
    "nomor": "Nomor SOP",
    "tanggal_pembuatan": "Tanggal Pembuatan",
    "tanggal_revisi": "Tanggal Revisi",
    "tanggal_efektif": "Tanggal Efektif",
    "disahkan_oleh": "Disahkan oleh",
    "nama": "Nama SOP",
    "dasar_hukum": "Dasar Hukum",
    "kualifikasi_pelaksana": "Kualifikasi Pelaksana",
    "keterkaitan": "Keterkaitan",
    "peralatan_perlengkapan": "Peralatan/Perlengkapan",
    "peringatan": "Peringatan",
    "pencatatan_pendataan": "Pencatatan dan Pendataan",
}
LabelKey = Literal[tuple(LABELS)]  # type: ignore[valid-type]


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ValueError("harus berupa teks atau daftar teks")


def _pelaksana_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return value
    raise ValueError("harus berupa kode pelaksana atau daftar kode pelaksana yang tidak kosong")


def _target(value: Any) -> int | str | None:
    if value is None or value in EXITS:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"harus berupa nomor langkah, '{SELESAI}' atau '{PEMOHON}'")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("wajib diisi, tidak boleh kosong")
    return value


# A text the SOP must have: present and not blank (the printed SOP would show an empty cell).
Required = Annotated[str, AfterValidator(_not_blank)]
TextList = Annotated[list[str], BeforeValidator(_text_list)]
Target = Annotated[int | str | None, BeforeValidator(_target)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Kantor(Strict):
    pemda: str | None
    nama: Required
    alamat: str | None
    telepon: str | None
    email: str | None
    kode_unit: str | None
    logo: str | None
    faks: str | None = None
    kota: str | None = None


class Pejabat(Strict):
    jabatan: Required
    nama: str | None
    pangkat: str | None
    nip: str | None


class Pelaksana(Strict):
    kode: str = Field(pattern=KODE_PATTERN)
    nama: Required


class MutuBaku(Strict):
    kelengkapan: TextList = []
    waktu: Required  # "5 menit"; read by parse_waktu, checked with the flow
    output: str | None

    @property
    def parsed_waktu(self) -> Waktu:
        return parse_waktu(self.waktu)


class Langkah(Strict):
    no: int = Field(gt=0, le=999)
    kegiatan: Required
    pelaksana: Annotated[list[str], BeforeValidator(_pelaksana_list)]
    jenis: Literal["proses", "keputusan"] = "proses"
    pertanyaan: str | None = None
    ya: Target = None
    tidak: Target = None
    lanjut: Target = None
    mutu_baku: MutuBaku
    keterangan: str | None = None

    def targets(self, next_no: int | str) -> list[tuple[str, int | str]]:
        """Where this step leads: [("ya", 3), ("tidak", "pemohon")] or [("lanjut", 4)]."""
        if self.jenis == "keputusan":
            return [("ya", self.ya or next_no), ("tidak", self.tidak or next_no)]
        return [("lanjut", self.lanjut or next_no)]


class Isian(Strict):
    """A field of the intake form."""

    kode: str = Field(pattern=KODE_PATTERN)
    label: Required
    jenis: str = Field(default="teks", pattern=KODE_PATTERN)  # a registered field kind
    wajib: bool = True
    rahasia: bool = False  # personal data: masked in lists, never on public pages
    subjek: bool = False  # the applicant's name, shown (masked) when tracking
    panjang: int | None = Field(default=None, gt=0, le=500)


class Syarat(Strict):
    """An item of the requirement checklist."""

    kode: str = Field(pattern=KODE_PATTERN)
    nama: Required
    wajib: bool = True


class Aksi(Strict):
    """What a step does besides moving the case on."""

    periksa_persyaratan: bool = False  # tick the checklist; what is missing goes back
    konfirmasi_sandi: bool = False  # the signer re-enters the password
    buku_register: str | None = None  # takes the next number of this register
    serah_terima: bool = False  # records to whom the result was handed
    dokumen: list[str] = []  # documents issued when the step is done
    periksa: list[str] = []  # named fact checks that must be clean unless the answer is "tidak"
    kirim: bool = False  # records the dispatch to another office (date, receiver, receipt)
    tolak: bool = False  # its holder may refuse the request for good, with a reason
    # The words on the button that finishes the step ("Legalisasi"); by default they follow
    # from the step (Paraf, Tanda tangani, Kembalikan ke pemohon, …; cases/forms.py).
    tombol: str | None = Field(default=None, min_length=1, max_length=40)


class Layanan(Strict):
    formulir: list[Isian] = []
    persyaratan: list[Syarat] = []
    aksi: dict[str, Aksi] = {}  # by step number
    teks_pengesahan: str | None = None


class Definition(Strict):
    kode: str = Field(pattern=KODE_PATTERN)
    kantor: Kantor
    judul_sampul: str | None = None
    nomor: str | None
    tanggal_pembuatan: datetime.date | None
    tanggal_revisi: datetime.date | None
    tanggal_efektif: datetime.date | None
    disahkan_oleh: Pejabat
    nama: Required
    label: dict[LabelKey, str] = {}
    dasar_hukum: TextList
    kualifikasi_pelaksana: TextList
    keterkaitan: TextList
    peralatan_perlengkapan: TextList
    peringatan: TextList
    pencatatan_pendataan: TextList
    pelaksana: list[Pelaksana] = Field(min_length=1)
    langkah: list[Langkah] = Field(min_length=1)
    # What running the SOP needs: intake fields, checklist, what each step does.
    layanan: Layanan = Layanan()

    def label_of(self, key: str) -> str:
        return self.label.get(key, LABELS[key])

    def edges(self) -> list[tuple[int, str, int | str]]:
        return flow_edges(self.langkah)

    def step(self, no: int | None) -> "Langkah | None":
        """The step with that number, if the SOP has one."""
        return next((step for step in self.langkah if step.no == no), None)

    def aksi(self, step_no: int) -> Aksi:
        return self.layanan.aksi.get(str(step_no), Aksi())


def flow_edges(langkah: list[Langkah]) -> list[tuple[int, str, int | str]]:
    """Every arrow of the flow as (from step, label, to step or exit)."""
    return [
        (step.no, label, target)
        for index, step in enumerate(langkah)
        for label, target in step.targets(
            langkah[index + 1].no if index + 1 < len(langkah) else SELESAI
        )
    ]
