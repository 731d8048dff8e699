"""The production docker-compose.yml and Dockerfile, checked without a Docker engine.

The check itself lives in .ci/check_compose.py (the Compose Specification schema
vendored in .ci/compose-spec.json, plus references between services, volumes and
networks); these tests run it, show that it rejects broken documents, and pin
what the deployment relies on (scalable web and worker, one-shot migrate, ...).
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "check_compose.py"
COMPOSE = ROOT / "docker-compose.yml"


def _load_checker():
    spec = importlib.util.spec_from_file_location("check_compose", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_compose = _load_checker()
SCHEMA = check_compose.load_schema()


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def run_script(*args):
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# The check itself.


def test_vendored_schema_is_the_compose_specification():
    assert SCHEMA["title"] == "Compose Specification"
    Draft7Validator.check_schema(SCHEMA)
    assert {"service", "volume", "network", "healthcheck"} <= set(SCHEMA["definitions"])


def test_docker_compose_yml_passes_the_check():
    assert check_compose.check_file(COMPOSE, SCHEMA) == []


def test_script_exits_zero_on_the_real_file():
    result = run_script()
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_script_exits_non_zero_on_a_broken_file(tmp_path):
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  web:\n    image: x\n    depends_on: [db]\n", encoding="utf-8")
    result = run_script(broken)
    assert result.returncode == 1
    assert "'db' is not a declared service" in result.stderr


VALID_SERVICE = "services:\n  app:\n    image: example\n"

BROKEN = {
    "version key": ("version: '3.8'\n" + VALID_SERVICE, "'version' is obsolete"),
    "unknown service key": (VALID_SERVICE + "    dependson: [db]\n", "'dependson'"),
    "unknown top-level key": (VALID_SERVICE + "service:\n  db: {}\n", "'service'"),
    "wrong type": (VALID_SERVICE + "    ports: {http: 8000}\n", "is not of type 'array'"),
    "bad condition": (
        VALID_SERVICE
        + "    depends_on:\n      db:\n        condition: healthy\n  db:\n    image: postgres:16\n",
        "'healthy' is not one of",
    ),
    "undeclared depends_on (list)": (
        VALID_SERVICE + "    depends_on: [db]\n",
        "'db' is not a declared service",
    ),
    "undeclared depends_on (map)": (
        VALID_SERVICE + "    depends_on:\n      db:\n        condition: service_started\n",
        "'db' is not a declared service",
    ),
    "healthy without healthcheck": (
        VALID_SERVICE
        + "    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n",
        "services.db has no healthcheck",
    ),
    "undeclared named volume": (
        VALID_SERVICE + "    volumes: ['media:/data/media']\n",
        "named volume 'media' is not declared",
    ),
    "undeclared named volume (long syntax)": (
        VALID_SERVICE + "    volumes:\n      - {type: volume, source: pgdata, target: /data}\n",
        "named volume 'pgdata' is not declared",
    ),
    "undeclared network": (VALID_SERVICE + "    networks: [front]\n", "'front' is not declared"),
    "duplicate key": (VALID_SERVICE + "    image: other\n", "duplicate key 'image'"),
    "no services": ("volumes:\n  media:\n", "no services"),
    "not a mapping": ("- services\n", "must be a mapping"),
    "not YAML": ("services: [\n", "not valid YAML"),
}


@pytest.mark.parametrize("text, expected", BROKEN.values(), ids=BROKEN.keys())
def test_broken_documents_are_rejected(text, expected):
    problems = check_compose.check_text(text, SCHEMA)
    assert problems, "a broken document passed the check"
    assert any(expected in problem for problem in problems), problems


def test_bind_mounts_and_anonymous_volumes_need_no_declaration():
    text = (
        VALID_SERVICE
        + "    volumes: ['./conf:/etc/conf:ro', '/var/cache', '~/x:/x', 'media:/m']\nvolumes:\n  media:\n"
    )
    assert check_compose.check_text(text, SCHEMA) == []


# What the deployment relies on.


def test_services(compose):
    assert "version" not in compose
    assert set(compose["services"]) == {"db", "redis", "migrate", "web", "worker", "beat"}


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_scale(compose, name):
    service = compose["services"][name]
    assert "container_name" not in service
    for port in service.get("ports", []):
        # Only a bare container port or a host port range can be taken by several replicas.
        published = str(port.get("published", "")) if isinstance(port, dict) else str(port).rpartition(":")[0]
        assert published == "" or re.search(r"\d+-\d+$", published), f"{name} publishes a fixed host port"


def test_no_fixed_container_names(compose):
    assert all("container_name" not in service for service in compose["services"].values())


def test_servers_have_named_volumes_and_healthchecks(compose):
    db, redis = compose["services"]["db"], compose["services"]["redis"]
    assert db["image"] == "postgres:16"
    assert redis["image"] == "redis:7"
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert db["healthcheck"]["test"] and redis["healthcheck"]["test"]
    assert {"pgdata", "media"} <= set(compose["volumes"])


def test_app_environment(compose):
    for name in ("migrate", "web", "worker", "beat"):
        service = compose["services"][name]
        assert service["env_file"] == ".env"
        env = service["environment"]
        assert re.fullmatch(
            r"postgres://postgres:\$\{POSTGRES_PASSWORD[^}]*\}@db:5432/hongqiao", env["DATABASE_URL"]
        )
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["MEDIA_ROOT"] == "/data/media"


def test_migrate_is_one_shot(compose):
    migrate = compose["services"]["migrate"]
    command = " ".join(migrate["command"])
    assert command.index("manage.py migrate --noinput") < command.index("manage.py compilemessages")
    assert migrate["restart"] == "no"


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_services_wait_for_servers_and_migrations(compose, name):
    depends_on = compose["services"][name]["depends_on"]
    assert depends_on["db"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_web(compose):
    web = compose["services"]["web"]
    assert web["command"][:2] == ["gunicorn", "hongqiao.wsgi:application"]
    assert "--bind=0.0.0.0:8000" in web["command"]
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert "media:/data/media" in web["volumes"]


def test_worker_and_beat(compose):
    worker, beat = compose["services"]["worker"], compose["services"]["beat"]
    assert worker["command"] == "celery -A hongqiao worker -Q default,reminders,reports,media -l info"
    assert "media:/data/media" in worker["volumes"]
    assert beat["command"] == "celery -A hongqiao beat -l info"


def test_dockerfile():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    assert re.search(r"^RUN pip install \.", text, re.M)
    assert "collectstatic --noinput" in text and "STATIC_MANIFEST=true" in text
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert re.search(r'^CMD \["gunicorn", "hongqiao\.wsgi:application"', text, re.M)
    assert not re.search(r"^ENV .*SECRET_KEY", text, re.M), "no secret may be baked into the image"
