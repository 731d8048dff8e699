"""Steps shared by several end-to-end flows (not a test module)."""

import re
from pathlib import Path

from PIL import Image

DUE_LINKS = "section[aria-labelledby=overdue-h] a[href*='/m/visit/'], section[aria-labelledby=today-h] a[href*='/m/visit/']"
ANY_DUE_LINK = "main a[href*='/m/visit/']"


def small_jpeg(folder: Path, name: str = "visit.jpg") -> Path:
    """A small real JPEG, as a phone camera would send (only much smaller)."""
    path = folder / name
    image = Image.new("RGB", (64, 48), (200, 40, 40))
    for x in range(0, 64, 8):
        for y in range(48):
            image.putpixel((x, y), (255, 255, 255))
    image.save(path, "JPEG", quality=80)
    return path


def organization_id(url: str) -> int:
    return int(re.search(r"/m/visit/(\d+)/", url).group(1))


def fill_visit(page, tick: int = 2, photo: Path | None = None, need: dict | None = None, notes: str = ""):
    """Fill the phone's visit form by tapping: the first method, ``tick`` checklist items, a photo, a need."""
    page.locator("fieldset.taps label.tap:has(input[name=method])").first.tap()
    boxes = page.locator("fieldset.checklist label.tap:has(input[name=checklist])")
    assert boxes.count() >= tick, "the checklist shows too few items"
    for i in range(tick):
        boxes.nth(i).tap()
    assert page.locator("fieldset.checklist input[name=checklist]:checked").count() == tick
    if notes:
        page.fill("#id_notes", notes)
    if photo is not None:
        page.set_input_files("#id_photos", str(photo))
    if need is not None:
        page.select_option("#id_needs-0-category", need["category"])
        page.fill("#id_needs-0-title", need["title"])
        page.fill("#id_needs-0-description", need.get("description", ""))


def log_visit_with_need(session, tmp_path, need: dict):
    """A cadre, on the phone, logs a visit from their due list, with a photo and a need raised.

    Returns (organization_id, visit) once the visit's page is shown.
    """
    from crossposts.models import Visit

    page = session.page
    session.goto("/m/")
    link = page.locator(DUE_LINKS).first
    link.tap()
    page.wait_for_url(re.compile(r"/m/visit/\d+/$"))
    org = organization_id(page.url)
    fill_visit(page, tick=2, photo=small_jpeg(tmp_path), need=need, notes="走访了解经营情况")
    page.locator("#visit-form button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/crossposts/visits/\d+/$"))
    visit = Visit.objects.get(pk=int(re.search(r"/visits/(\d+)/$", page.url).group(1)))
    return org, visit
