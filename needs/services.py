"""The rules about needs that are not the workflow: raising, matching, projects, assignment, rating, breaches.

Forms, serializers, admin, the crossposts app and the tasks all call these.
"""

import secrets
import string

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from needs.models import Match, Need, NeedEvent, Project, ResponseDeadline
from needs.workflow import TransitionError, transition

REFERENCE_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "0O1IL")
RATING_SALT = "needs.rate"


def new_reference() -> str:
    """A reference number such as XQ261127-7KQ4, readable over the phone."""
    day = timezone.localdate().strftime("%y%m%d")
    return f"XQ{day}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))


def open_need(need: Need, user=None, note: str = "", hours: int | None = None) -> Need:
    """Save a new need: its reference, its deadline from the street's settings, and the first timeline line."""
    if need.organization_id and not need.street_id:
        need.street_id = need.organization.street_id
    if need.residential_area_id and not need.street_id:
        need.street_id = need.residential_area.street_id
    if user is not None and user.is_authenticated and need.raised_by_id is None:
        need.raised_by = user
    if hours is None:
        hours = ResponseDeadline.hours_for(need.street_id, need.category)
    need.set_deadline(hours, start=need.created or timezone.now())
    for attempt in range(5):
        need.reference = new_reference()
        try:
            with transaction.atomic():
                need.save()
                # The deadline counts from the creation time the database recorded.
                need.set_deadline(hours, start=need.created)
                Need.objects.filter(pk=need.pk).update(due_at=need.due_at, at_risk_at=need.at_risk_at)
                NeedEvent.objects.create(
                    need=need,
                    kind=NeedEvent.Kind.CREATED,
                    to_status=need.status,
                    note=note,
                    actor=user if user is not None and user.is_authenticated else None,
                )
                note_assignment(need, None, user)
            return need
        except IntegrityError:
            if attempt == 4 or Need.objects.filter(reference=need.reference).count() == 0:
                raise
            need.pk = None
    return need


def raise_needs_from_visit(visit, items: list[dict], user) -> list[Need]:
    """Create submitted needs for what a visit found; calling it again for the same visit adds nothing twice.

    Each item is {"category", "title", "description"}; items without a title are
    skipped. Returns the visit's needs for the items, in the items' order.
    """
    organization = visit.organization
    existing = {(n.category, n.title): n for n in Need.objects.filter(visit=visit)}
    result = []
    for item in items:
        title = (item.get("title") or "").strip()[:120]
        if not title:
            continue
        category = item.get("category") or Need.Category.OTHER
        if category not in Need.Category.values:
            raise ValidationError(
                _("“%(value)s” is not a need category."), params={"value": str(category)[:30]}
            )
        key = (category, title)
        if key in existing:
            result.append(existing[key])
            continue
        need = Need(
            street_id=organization.street_id,
            organization=organization,
            visit=visit,
            source=Need.Source.VISIT,
            category=category,
            title=title,
            description=(item.get("description") or "")[:4000],
            raised_by=user,
            contact_name=organization.contact_name,
            contact_phone=organization.contact_phone,
        )
        open_need(need, user)
        existing[key] = need
        result.append(need)
    return result


def submit_public_need(cleaned: dict) -> tuple[Need, str]:
    """A need from the public form: online source, no account; returns the need and its status secret."""
    need = Need(
        street=cleaned["street"],
        requester_name=cleaned["requester_name"],
        contact_name=cleaned["contact_name"],
        contact_phone=cleaned.get("contact_phone", ""),
        contact_email=cleaned.get("contact_email", ""),
        category=cleaned["category"],
        title=cleaned["title"],
        description=cleaned.get("description", ""),
        source=Need.Source.ONLINE,
    )
    secret = need.issue_secret()
    open_need(need, None)
    return need, secret


def add_comment(need: Need, user, text: str) -> NeedEvent:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a comment."), code="required")
    return NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.COMMENT, note=text[:2000], actor=user)


def suggest_resources(need: Need, user, limit: int = 8):
    """Resources ranked for a need: same category first, then same street, then available; one query."""
    from django.db.models import Case, IntegerField, Q, Value, When

    from needs.models import Resource

    today = timezone.localdate()
    available = Q(available=True) & (Q(available_until__isnull=True) | Q(available_until__gte=today))
    return list(
        Resource.objects.visible_to(user)
        .active()
        .exclude(matches__need=need)
        .annotate(
            score=Case(
                When(category=need.category, then=Value(4)), default=Value(0), output_field=IntegerField()
            )
            + Case(
                When(street_id=need.street_id, then=Value(2)), default=Value(0), output_field=IntegerField()
            )
            + Case(When(available, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .filter(Q(category=need.category) | Q(street_id=need.street_id))
        .with_list_relations()
        .order_by("-score", "name")[:limit]
    )


def match_resource(need: Need, resource, user, note: str = "", expected_version: int | None = None) -> Match:
    """Link a resource to a need, note it on the timeline and move the need to matched if it is not yet."""
    if not need.is_open:
        raise TransitionError(_("Only an open need can be matched to a resource."), code="closed")
    if need.matches.filter(resource=resource).exists():
        raise ValidationError(_("This resource is already matched to this need."), code="duplicate")
    with transaction.atomic():
        if need.status in (Need.Status.SUBMITTED, Need.Status.ACCEPTED):
            transition(
                need,
                Need.Status.MATCHED,
                user,
                gettext("Matched to %(resource)s") % {"resource": resource.name},
                expected_version,
            )
        match = Match.objects.create(need=need, resource=resource, matched_by=user, note=(note or "")[:500])
        NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.MATCH, note=resource.name, actor=user)
    return match


def make_project(need: Need, user, kind: str = Project.Kind.WARM_HEART, name: str = "") -> Project:
    """Turn a need into a project that keeps its link to the need."""
    if Project.objects.filter(need=need).exists():
        raise ValidationError(_("This need has already been turned into a project."), code="duplicate")
    if need.status in (Need.Status.REJECTED, Need.Status.WITHDRAWN):
        raise ValidationError(_("A rejected or withdrawn need cannot become a project."), code="closed")
    with transaction.atomic():
        project = Project.objects.create(
            street_id=need.street_id,
            need=need,
            name=(name or need.title)[:120],
            kind=kind,
            description=need.description,
            lead=user if user.is_authenticated and not user.is_district else None,
            starts_on=timezone.localdate(),
        )
        NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.PROJECT, note=project.name, actor=user)
    return project


# --- assignment -----------------------------------------------------------------


def note_assignment(need: Need, before_id, actor) -> None:
    """After a save: if the assignee changed, say so on the timeline and notify the new one once.

    Pages, the API, the admin and ``open_need`` call it; the notification key holds the
    need's version, so a later reassignment to the same person is notified again.
    """
    if need.assignee_id == before_id:
        return
    from core.notifications import Message, notify

    actor_id = getattr(actor, "pk", None)
    NeedEvent.objects.create(
        need=need,
        kind=NeedEvent.Kind.ASSIGN,
        note=str(need.assignee) if need.assignee_id else gettext("nobody"),
        actor=actor if actor_id else None,
    )
    if need.assignee_id and need.assignee_id != actor_id:
        notify(
            [
                Message(
                    recipient_id=need.assignee_id,
                    kind="need_assigned",
                    key=f"need-assigned:{need.pk}:{need.assignee_id}:{need.version}",
                    title=gettext("Need %(reference)s is now yours") % {"reference": need.reference},
                    body=f"{need.title} ({need.get_category_display()})",
                    url=reverse("needs:detail", kwargs={"pk": need.pk}),
                )
            ]
        )


# --- satisfaction ---------------------------------------------------------------


def rating_token(need: Need) -> str:
    return signing.dumps({"n": need.pk}, salt=RATING_SALT, compress=True)


def rating_url(need: Need) -> str:
    return reverse("needs:public_rate", kwargs={"token": rating_token(need)})


def need_from_rating_token(token: str) -> Need | None:
    try:
        data = signing.loads(token, salt=RATING_SALT, max_age=60 * 60 * 24 * 180)
    except signing.BadSignature:
        return None
    return Need.objects.filter(pk=data.get("n")).first()


def rate_need(need: Need, rating: int, comment: str = "") -> None:
    """Record the organization's rating once; a second use of the link is refused."""
    if need.status not in Need.HANDLED_STATUSES:
        raise ValidationError(_("This need can be rated once it is resolved."), code="not_resolved")
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="range")
    with transaction.atomic():
        done = Need.objects.filter(pk=need.pk, rated_at__isnull=True).update(
            rating=rating, rating_comment=(comment or "")[:2000], rated_at=timezone.now()
        )
        if not done:
            raise ValidationError(_("This service has already been rated. Thank you."), code="used")
        NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.RATING, note=f"{rating}/5")


# --- SLA breaches ----------------------------------------------------------------


def breach_messages(now=None) -> list:
    """One message per breached open need for its assignee and each of its street's staff.

    Two queries whatever the number of needs: the breached needs, the street staff.
    """
    from core.notifications import Message

    now = now or timezone.now()
    needs = list(
        Need.objects.sla(Need.SLA.BREACHED, now).active().select_related("street").order_by("due_at")[:2000]
    )
    if not needs:
        return []
    user_model = get_user_model()
    staff_by_street: dict[int, list[int]] = {}
    for pk, street_id in user_model.objects.filter(
        role=user_model.Role.STAFF, is_active=True, street_id__in={n.street_id for n in needs}
    ).values_list("pk", "street_id"):
        staff_by_street.setdefault(street_id, []).append(pk)
    messages = []
    for need in needs:
        recipients = set(staff_by_street.get(need.street_id, []))
        if need.assignee_id:
            recipients.add(need.assignee_id)
        title = gettext("Need %(reference)s is past its response deadline") % {"reference": need.reference}
        body = f"{need.title} ({need.get_category_display()})"
        url = reverse("needs:detail", kwargs={"pk": need.pk})
        messages.extend(
            Message(
                recipient_id=r,
                kind="need_breach",
                key=f"need-breach:{need.pk}",
                title=title,
                body=body,
                url=url,
            )
            for r in sorted(recipients)
        )
    return messages


def send_breach_notifications(now=None) -> int:
    """Notify each breach once (the notification key makes a second run send nothing)."""
    from core.notifications import notify

    return len(notify(breach_messages(now)))
