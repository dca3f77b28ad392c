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


def open_menu(page) -> None:
    """On a phone the header's links sit behind its Menu button."""
    summary = page.locator("details.menu:not([open]) > summary")
    if summary.count() and summary.is_visible():
        summary.click()


def logout(page) -> None:
    open_menu(page)
    page.click("text=Keluar")
    page.wait_for_url("**/masuk/")
