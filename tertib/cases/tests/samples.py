"""Small real files for upload tests."""


def tiny_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>SKTM</p>").write_pdf()
