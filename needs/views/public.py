"""The public pages, without an account: raise a need, look up its status, rate the service."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from needs import services
from needs.forms import PublicNeedForm, PublicStatusForm, RatingForm
from needs.models import Need, NeedEvent

PUBLIC_SUBMISSIONS_PER_HOUR = 5
PUBLIC_LOOKUPS_PER_HOUR = 20


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request, bucket: str, limit: int) -> bool:
    """Count one attempt from this address in this hour's bucket; True once it passes ``limit``."""
    key = f"needs:{bucket}:{client_address(request)}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def public_new(request):
    """The public form: a short need from an organization without an account."""
    if request.method == "POST":
        if over_limit(request, "public-new", PUBLIC_SUBMISSIONS_PER_HOUR):
            return render(request, "needs/public_limited.html", status=429)
        form = PublicNeedForm(request.POST)
        if form.is_spam:
            # A bot filled the hidden field: look successful, store nothing.
            return render(request, "needs/public_done.html", {"need": None})
        if form.is_valid():
            need, secret = services.submit_public_need(form.cleaned_data)
            return render(request, "needs/public_done.html", {"need": need, "secret": secret})
    else:
        form = PublicNeedForm()
    return render(request, "needs/public_new.html", {"form": form})


def public_status(request):
    """What happened to a need, for whoever holds its reference number and secret."""
    need = None
    if request.method == "POST":
        if over_limit(request, "public-status", PUBLIC_LOOKUPS_PER_HOUR):
            return render(request, "needs/public_limited.html", status=429)
        form = PublicStatusForm(request.POST)
        if form.is_valid():
            candidate = Need.objects.filter(reference=form.cleaned_data["reference"].strip().upper()).first()
            if candidate and candidate.secret_matches(form.cleaned_data["secret"].strip()):
                need = candidate
            else:
                form.add_error(None, _("No need matches this reference number and secret."))
    else:
        form = PublicStatusForm()
    events = need.events.filter(kind=NeedEvent.Kind.TRANSITION) if need else []
    return render(request, "needs/public_status.html", {"form": form, "need": need, "events": events})


def public_rate(request, token):
    """The satisfaction link: rate a resolved need once, without an account."""
    need = services.need_from_rating_token(token)
    if need is None:
        raise Http404
    if need.rated_at is not None:
        return render(request, "needs/public_rate.html", {"need": need, "done": True})
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_need(need, form.cleaned_data["rating"], form.cleaned_data["comment"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "needs/public_rate.html", {"need": need, "done": True, "thanks": True})
    return render(request, "needs/public_rate.html", {"need": need, "form": form})
