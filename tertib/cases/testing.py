"""Helpers for tests of printed documents and of pages in the browser."""

from tertib.org.testing import PASSWORD


def qr_texts(pdf: bytes) -> list[str]:
    """Every QR code found on the pages of a PDF, decoded as an ordinary reader would."""
    import pypdfium2
    import zxingcpp

    texts = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=3).to_pil()
        texts += [result.text for result in zxingcpp.read_barcodes(image)]
    return texts


def pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def login(page, base: str, username: str) -> None:
    page.goto(base + "/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/layanan/")


def logout(page) -> None:
    page.click("text=Keluar")
    page.wait_for_url("**/masuk/")


# Lines that only caption a QR code: a page holding these and nothing else is an orphan.
QR_CAPTION_WORDS = ("verifikasi", "kode qr", "http://", "https://", "atau membuka")


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, in order."""
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def nearly_empty_pages(pdf: bytes, *, minimum: int = 60) -> list[int]:
    """The numbers (from 1) of the pages whose text, without a QR code's caption, is shorter
    than minimum characters: a page that holds only a QR, a line or nothing."""
    found = []
    for number, text in enumerate(page_texts(pdf), start=1):
        kept = [
            line
            for line in text.splitlines()
            if not any(word in line.lower() for word in QR_CAPTION_WORDS)
        ]
        if len("".join("".join(kept).split())) < minimum:
            found.append(number)
    return found


def letterhead_lines(pdf: bytes, *, title: str) -> list[str]:
    """The text lines of page 1 above the document's title: the letterhead, as printed."""
    lines = [line.strip() for line in page_texts(pdf)[0].splitlines() if line.strip()]
    return lines[: lines.index(title)]


LOGO_GREEN = (0x1F, 0x5F, 0x3A)  # the shield of sops/logo-kabupaten-kudus.svg


def logo_pixels(pdf: bytes) -> int:
    """How many pixels of the logo's green page 1 shows left of the letterhead's text."""
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    corner = image.crop((0, 0, width // 5, height // 5))
    return sum(
        count
        for count, pixel in corner.getcolors(maxcolors=width * height)
        if all(abs(a - b) <= 12 for a, b in zip(pixel, LOGO_GREEN, strict=True))
    )
