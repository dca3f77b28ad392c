"""SOP definitions of chosen flow shapes, built in code, for the flowchart and document tests."""

import datetime

from tertib.sop.definition import Definition

PELAKSANA = [
    ("camat", "Camat"),
    ("sekcam", "Sekcam"),
    ("kasi", "Kasi Pelayanan"),
    ("loket", "Petugas Loket"),
    ("arsip", "Pengelola Arsip"),
]


def step(no: int, who, *, ya=None, tidak=None, lanjut=None, kegiatan: str = "") -> dict:
    """One step: a decision when ya/tidak are given, a process otherwise; who is kode(s)."""
    data = {
        "no": no,
        "kegiatan": kegiatan or f"Kegiatan langkah {no}",
        "pelaksana": who,
        "mutu_baku": {"kelengkapan": "ATK", "waktu": "5 menit", "output": f"Hasil {no}"},
    }
    if ya is not None or tidak is not None:
        data |= {"jenis": "keputusan", "pertanyaan": f"Lengkap {no}?", "ya": ya, "tidak": tidak}
    if lanjut is not None:
        data["lanjut"] = lanjut
    return data


def definition_of(steps: list[dict], lanes: int = 4, kode: str = "bentuk-uji") -> Definition:
    """A complete definition with the first `lanes` pelaksana and the given steps."""
    return Definition.model_validate(sop_data(steps, lanes, kode))


def sop_data(steps: list[dict], lanes: int = 4, kode: str = "bentuk-uji") -> dict:
    """What an SOP file with these steps holds, as read from YAML."""
    return {
        "kode": kode,
        "kantor": {
            "pemda": "PEMERINTAH KABUPATEN KUDUS",
            "nama": "KECAMATAN UJI",
            "alamat": "Jalan Uji 1",
            "telepon": None,
            "email": None,
            "kode_unit": None,
            "logo": None,
        },
        "nomor": "000/1/2026",
        "tanggal_pembuatan": datetime.date(2026, 1, 5),
        "tanggal_revisi": None,
        "tanggal_efektif": datetime.date(2026, 1, 5),
        "disahkan_oleh": {"jabatan": "CAMAT UJI", "nama": "A", "pangkat": None, "nip": None},
        "nama": f"Bentuk uji {kode}",
        "dasar_hukum": [],
        "kualifikasi_pelaksana": [],
        "keterkaitan": [],
        "peralatan_perlengkapan": [],
        "peringatan": [],
        "pencatatan_pendataan": [],
        "pelaksana": [{"kode": k, "nama": n} for k, n in PELAKSANA[:lanes]],
        "langkah": steps,
    }


# Shapes the shipped SOPs do not have; every one passes the checker.
SHAPES = {
    "decision-first": definition_of(
        [
            step(1, "loket", ya=2, tidak="pemohon"),
            step(2, "kasi"),
            step(3, ["sekcam", "camat"]),
            step(4, "loket"),
        ]
    ),
    "paraf-first": definition_of(
        [
            step(1, ["kasi", "sekcam", "camat"]),
            step(2, "loket", ya=3, tidak="pemohon"),
            step(3, "loket"),
        ]
    ),
    "back-to-earlier": definition_of(
        [
            step(1, "loket"),
            step(2, "kasi", ya=3, tidak="pemohon"),
            step(3, "sekcam"),
            step(4, "camat", ya=5, tidak=2),
            step(5, "loket", ya=6, tidak=3),
            step(6, "loket"),
        ]
    ),
    "long-two-pages": definition_of(
        [
            step(1, "loket"),
            step(2, "loket", ya=3, tidak="pemohon"),
            step(3, "kasi"),
            step(4, ["kasi", "sekcam"]),
            step(5, "camat", ya=6, tidak=3),
            step(6, "arsip"),
            step(7, "kasi", ya=9, tidak=8),
            step(8, "loket", lanjut=10),
            step(9, "sekcam", ya=10, tidak=2),
            step(10, ["loket", "camat", "sekcam"]),
            step(11, "camat", ya=12, tidak="selesai"),
            step(12, "arsip"),
        ],
        lanes=5,
    ),
    "decision-last": definition_of(
        [
            step(1, "loket"),
            step(2, "kasi"),
            step(3, "camat", ya="selesai", tidak="pemohon"),
        ]
    ),
}
