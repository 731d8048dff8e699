"""Factories for cross-posting: appointments, assignments, checklists, visits."""

import io
import uuid
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from crossposts.models import Assignment, ChecklistItem, ChecklistTemplate, CrossPost, Visit
from tests.factories import BuildingFactory, OrganizationFactory, ResidentialAreaFactory, UserFactory  # noqa: F401


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    cadre = factory.SubFactory(UserFactory, role="cadre")
    organization = factory.SubFactory(
        OrganizationFactory,
        street=factory.SelfAttribute("..cadre.street"),
        registered_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400)),
    )
    cadence_days = 30


class CrossPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrossPost

    cadre = factory.SubFactory(UserFactory, role="cadre")
    home_post = CrossPost.HomePost.AREA_SECRETARY
    term_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate
        django_get_or_create = ("version",)
        skip_postgeneration_save = True

    version = 1
    title = "三五工作法"
    published = True

    @factory.post_generation
    def items(obj, create, extracted, **kwargs):
        if not create or obj.items.exists():
            return
        for group, texts in (
            ("visit", ["走访负责人", "走访党员"]),
            ("ask", ["问经营状况", "问需求"]),
            ("record", ["记联系人", "记问题"]),
        ):
            for i, text in enumerate(texts):
                ChecklistItem.objects.create(template=obj, group=group, position=i, text=text)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    cadre = factory.SubFactory(UserFactory, role="cadre")
    organization = factory.SubFactory(OrganizationFactory, street=factory.SelfAttribute("..cadre.street"))
    visited_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    method = Visit.Method.ON_SITE
    idempotency_key = factory.LazyFunction(uuid.uuid4)


def jpeg_upload(name="photo.jpg", size=(800, 600), fmt="JPEG", exif=None) -> SimpleUploadedFile:
    out = io.BytesIO()
    img = Image.new("RGB", size, (200, 30, 30))
    kwargs = {"exif": exif} if exif is not None else {}
    img.save(out, format=fmt, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def not_an_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("notes.jpg", b"this is not a picture at all" * 10, content_type="image/jpeg")


def truncated_jpeg() -> SimpleUploadedFile:
    data = jpeg_upload(size=(1200, 900)).read()
    return SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg")


def bomb_png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")  # 400 Mpx, a few kilobytes
    return SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")


def oversized() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "huge.jpg", b"\xff\xd8" + b"0" * (15 * 1024 * 1024 + 10), content_type="image/jpeg"
    )
