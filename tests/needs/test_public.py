"""The public intake: spam protection, rate limit, reference and secret, satisfaction link, escaping."""

from needs import services
from needs.models import Need
from needs.workflow import transition


def _form(world, **overrides):
    data = {
        "street": world.street_a.pk,
        "requester_name": "Acme Shanghai Ltd.",
        "contact_name": "John Smith",
        "contact_phone": "13812345678",
        "contact_email": "john@example.com",
        "category": "recruitment",
        "title": "Help recruiting local staff",
        "description": "We would like to join a job fair.",
        "website": "",
    }
    return data | overrides


def test_public_form_in_english_gives_reference_and_secret(world, client):
    client.cookies["django_language"] = "en"
    page = client.get("/needs/public/new/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Ask the street office for help" in page.content.decode()
    response = client.post("/needs/public/new/", _form(world))
    assert response.status_code == 200
    need = Need.objects.get()
    assert need.source == Need.Source.ONLINE and need.raised_by is None and need.street == world.street_a
    secret = response.context["secret"]
    assert need.reference in response.content.decode() and secret in response.content.decode()
    assert need.secret_matches(secret) and secret not in need.secret_digest
    assert need.events.get().kind == "created"


def test_status_page_needs_the_right_secret(world, client):
    response = client.post("/needs/public/new/", _form(world))
    need, secret = Need.objects.get(), response.context["secret"]
    wrong = client.post("/needs/public/status/", {"reference": need.reference, "secret": "guess"})
    assert wrong.context["need"] is None
    assert need.title not in wrong.content.decode()
    right = client.post("/needs/public/status/", {"reference": need.reference.lower(), "secret": secret})
    assert right.context["need"] == need
    assert need.get_status_display() in right.content.decode()


def test_honeypot_stores_nothing(world, client):
    response = client.post("/needs/public/new/", _form(world, website="http://spam.example"))
    assert response.status_code == 200
    assert Need.objects.count() == 0


def test_bad_input_is_refused_with_a_clear_error(world, client):
    response = client.post("/needs/public/new/", _form(world, contact_phone="12345", contact_email=""))
    assert response.status_code == 200
    assert response.context["form"].errors["contact_phone"]
    response = client.post("/needs/public/new/", _form(world, contact_phone="", contact_email=""))
    assert "电话" in response.content.decode() or "phone" in response.content.decode()
    response = client.post("/needs/public/new/", _form(world, title="=HYPERLINK(1)"))
    assert response.context["form"].errors["title"]
    assert Need.objects.count() == 0


def test_rate_limit_per_address(world, client):
    for _ in range(5):
        assert client.post("/needs/public/new/", _form(world), REMOTE_ADDR="10.0.0.9").status_code == 200
    limited = client.post("/needs/public/new/", _form(world), REMOTE_ADDR="10.0.0.9")
    assert limited.status_code == 429
    assert Need.objects.count() == 5
    # another address is not held back
    assert client.post("/needs/public/new/", _form(world), REMOTE_ADDR="10.0.0.10").status_code == 200
    assert Need.objects.count() == 6


def test_status_lookups_are_rate_limited(world, client):
    for _ in range(20):
        client.post("/needs/public/status/", {"reference": "XQ", "secret": "x"}, REMOTE_ADDR="10.0.0.7")
    assert (
        client.post(
            "/needs/public/status/", {"reference": "XQ", "secret": "x"}, REMOTE_ADDR="10.0.0.7"
        ).status_code
        == 429
    )


def test_public_text_is_escaped_on_staff_pages(world, client, client_for):
    evil = '<script>alert("x")</script>'
    client.post("/needs/public/new/", _form(world, title=evil, requester_name=evil, description=evil))
    need = Need.objects.get()
    staff = client_for("staff_a")
    for url in ("/needs/", f"/needs/{need.pk}/"):
        body = staff.get(url).content.decode()
        assert evil not in body
        assert "&lt;script&gt;" in body


def test_rating_link_works_once(world, nw, client):
    need = nw.need_a
    url = services.rating_url(need)
    early = client.post(url, {"rating": 5})
    assert early.status_code == 200
    need.refresh_from_db()
    assert need.rating is None  # not resolved yet
    for to in ("accepted", "in_progress", "resolved"):
        transition(need, to, world.staff_a)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"rating": 9})
    assert bad.context["form"].errors["rating"]
    assert client.post(url, {"rating": 4, "comment": "很好"}).context["thanks"]
    need.refresh_from_db()
    assert (need.rating, need.rating_comment) == (4, "很好")
    again = client.post(url, {"rating": 1})
    assert again.context["done"] and not again.context.get("thanks")
    need.refresh_from_db()
    assert need.rating == 4


def test_forged_rating_link_is_404(world, nw, client):
    token = services.rating_token(nw.need_a)
    assert client.get(f"/needs/public/rate/{token}x/").status_code == 404
