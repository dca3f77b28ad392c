"""An SOP's logo is read only from inside the SOP folder: no absolute path, no `..` out of it,
no link out of it; a missing file and an unreadable one get the same answer."""

import os

import pytest

from conftest import SKTM
from tertib.sop.validation import check_file, read_logo

SKTM_TEXT = SKTM.read_text(encoding="utf-8")
LOGO = "../logo-kabupaten-kudus.svg"


def with_logo(logo: str) -> str:
    return SKTM_TEXT.replace(LOGO, logo)


def logo_problems(write_sop, logo: str) -> list[str]:
    return [p.message for p in check_file(write_sop(with_logo(logo))).problems]


def test_logo_in_the_sop_folder_is_read(write_sop, sop_dir):
    assert logo_problems(write_sop, LOGO) == []
    assert read_logo(sop_dir, LOGO) == (sop_dir.parent / "logo-kabupaten-kudus.svg").read_bytes()


@pytest.mark.parametrize(
    "logo",
    ["/etc/passwd", "/etc/shadow", "../../../../../../etc/passwd", "../../outside.svg"],
)
def test_logo_outside_the_sop_folder_is_not_found(write_sop, sop_dir, logo):
    (sop_dir.parent.parent / "outside.svg").write_bytes(b"<svg></svg>")
    assert logo_problems(write_sop, logo) == [f"berkas logo '{logo}' tidak ditemukan"]


def test_missing_and_unreadable_logos_answer_alike(write_sop, sop_dir):
    secret = sop_dir.parent / "rahasia.svg"
    secret.write_bytes(b"<svg></svg>")
    secret.chmod(0)
    missing = logo_problems(write_sop, "../tidak-ada.svg")
    unreadable = logo_problems(write_sop, "../rahasia.svg")
    if os.geteuid() == 0:  # root reads it anyway; the folder rule is what matters then
        assert unreadable == []
    else:
        assert unreadable == ["berkas logo '../rahasia.svg' tidak ditemukan"]
    assert missing == ["berkas logo '../tidak-ada.svg' tidak ditemukan"]


def test_a_link_out_of_the_sop_folder_is_not_followed(write_sop, sop_dir, tmp_path):
    outside = tmp_path / "scan-pemohon.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    (sop_dir.parent / "logo.png").symlink_to(outside)
    assert logo_problems(write_sop, "../logo.png") == ["berkas logo '../logo.png' tidak ditemukan"]


def test_a_folder_is_not_a_logo(write_sop, sop_dir):
    assert logo_problems(write_sop, "..") == ["berkas logo '..' tidak ditemukan"]
