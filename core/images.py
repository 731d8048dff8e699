"""The photo pipeline shared by visits and events.

A photo is accepted only if Pillow can decode all of it. It is oriented by
its EXIF, re-encoded as JPEG at most 1600 px on the long side, given a
thumbnail, and stripped of all metadata (GPS included); the time it was
taken is kept apart, as a field.
"""

import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC from iPhones, where the maintained pillow-heif wheel is installed.
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIC = True
except ImportError:  # pragma: no cover
    HEIC = False

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # well above any phone camera, far below a decompression bomb
LONG_SIDE = 1600
THUMB_SIDE = 320
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"} | ({"HEIF"} if HEIC else set())
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_DATETIME = 0x0132


@dataclass
class ProcessedPhoto:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    taken_at: datetime | None


def _taken_at(img) -> datetime | None:
    try:
        exif = img.getexif()
        raw = exif.get_ifd(0x8769).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
        if not raw:
            return None
        naive = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        return timezone.make_aware(naive)
    except (ValueError, TypeError, KeyError, OverflowError):
        return None


def _jpeg(img, name: str) -> ContentFile:
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name=name)


def process_photo(upload) -> ProcessedPhoto:
    """Check and re-encode an uploaded photo, or raise a ValidationError saying why not."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is larger than 15 MB; take it at a lower resolution."), code="too_large"
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is larger than 15 MB; take it at a lower resolution."), code="too_large"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(_("The picture is too large in pixels to be a photo."), code="bomb")
                probe.verify()  # checks the whole file, catching truncation
            img = Image.open(io.BytesIO(data))
            img.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The picture is too large in pixels to be a photo."), code="bomb") from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a picture. Choose a JPEG, PNG, WebP or HEIC photo."),
            code="not_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The photo is damaged or incomplete; please take or choose it again."),
            code="truncated",
        ) from None
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("This file is not a picture. Choose a JPEG, PNG, WebP or HEIC photo."),
            code="not_image",
        )
    taken_at = _taken_at(img)
    img = ImageOps.exif_transpose(img)
    if img.mode not in ("RGB", "L"):
        background = Image.new("RGB", img.size, "white")
        rgba = img.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        img = background
    elif img.mode == "L":
        img = img.convert("RGB")
    img.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    # A fresh image carries no EXIF, ICC or XMP: nothing of the original's metadata.
    clean = Image.new("RGB", img.size)
    clean.paste(img)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        image=_jpeg(clean, "photo.jpg"),
        thumbnail=_jpeg(thumb, "thumb.jpg"),
        width=clean.width,
        height=clean.height,
        taken_at=taken_at,
    )
