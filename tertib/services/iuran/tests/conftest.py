import pytest


@pytest.fixture(autouse=True)
def private(settings, tmp_path):
    """Uploads (bill scans, transfer proofs) go to a temporary folder."""
    settings.PRIVATE_DIR = tmp_path / "private"
    settings.PUBLIC_BASE_URL = "http://tertib.test"
