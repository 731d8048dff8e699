"""make backup / make restore: a round trip into a fresh database keeps every record and every file.

The backup and restore run as the real command (scripts/backup_check.py in a subprocess), against the
test database: on PostgreSQL the restore goes into a new database ``hq_restore_<random>`` created and
dropped here; on SQLite the test database is first copied to a file and restored into a fresh file.
"""

import importlib.util
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from core.notifications import Message, notify
from organizations.models import TwoNewOrganization
from tests.factories import OrganizationFactory

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "backup_check.py"
_spec = importlib.util.spec_from_file_location("backup_check", SCRIPT)
backup_check = importlib.util.module_from_spec(_spec)
sys.modules["backup_check"] = backup_check  # dataclasses look their module up there
_spec.loader.exec_module(backup_check)

EMOJI_NAME = "上海虹橋🚀<script>alert(1)</script>有限公司"


def _pg_url(conf: dict, name: str | None = None) -> str:
    user = quote(conf.get("USER") or "", safe="")
    password = quote(conf.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{quote(name or conf['NAME'], safe='')}"


def _cli(*args: str, database_url: str, media_root: Path, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "CONFIRM": "",
        "TARGET_DATABASE_URL": "",
        "TARGET_MEDIA_ROOT": "",
        **env,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def records(transactional_db, world, settings):
    """Committed records of several models (history rows, notifications and deliveries too) and media."""
    organizations = [OrganizationFactory(street=world.street_a) for _ in range(5)]
    organizations.append(OrganizationFactory(street=world.street_b, name=EMOJI_NAME, contact_name="陳大文"))
    first = organizations[0]
    first.headcount = 77
    first.save()  # a second history row
    notify([Message(world.staff_a.pk, "test", f"backup-{n}", f"提醒{n} 🔔") for n in range(3)])
    media = Path(settings.MEDIA_ROOT)
    (media / "visits" / "2026").mkdir(parents=True)
    (media / "visits" / "2026" / "照片.jpg").write_bytes(os.urandom(4096))
    (media / "needs").mkdir()
    (media / "needs" / "attachment.pdf").write_bytes(b"%PDF-1.4 test\n")
    return organizations


@pytest.fixture
def source(records, tmp_path):
    """(database URL, Database) of the data to back up: the test database itself, or a file copy on SQLite."""
    conf = connection.settings_dict
    if connection.vendor == "postgresql":
        return _pg_url(conf), backup_check.Database.from_settings(conf)
    if connection.vendor != "sqlite":
        pytest.skip(f"backups support PostgreSQL and SQLite, not {connection.vendor}")
    # The SQLite test database lives in memory: copy it to a file the command can open.
    path = tmp_path / "source.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}", backup_check.Database(engine="sqlite", name=str(path))


@pytest.fixture
def fresh_target(source, tmp_path):
    """(URL, Database) of a fresh, empty database to restore into; dropped afterwards."""
    _url, db = source
    if db.engine == "sqlite":
        path = tmp_path / f"restore-{uuid.uuid4().hex[:8]}.sqlite3"
        yield f"sqlite:///{path}", backup_check.Database(engine="sqlite", name=str(path))
        return
    from psycopg import sql

    name = f"hq_restore_{uuid.uuid4().hex[:12]}"
    target = backup_check.Database(**{**db.__dict__, "name": name})
    with db.pg_connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _pg_url(connection.settings_dict, name), target
    finally:
        with db.pg_connect(dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _archive(result: subprocess.CompletedProcess, backup_dir: Path) -> Path:
    assert result.returncode == 0, result.stderr
    archives = sorted(backup_dir.glob("hongqiao-*.tar.gz"))
    assert len(archives) == 1, archives
    return archives[0]


def test_round_trip_into_a_fresh_database_keeps_counts_and_checksums(source, fresh_target, tmp_path):
    source_url, source_db = source
    target_url, target_db = fresh_target
    media = Path(settings.MEDIA_ROOT)
    backup_dir = tmp_path / "backups"

    archive = _archive(
        _cli("backup", "--dir", str(backup_dir), database_url=source_url, media_root=media), backup_dir
    )
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # personal data: readable by the owner only

    manifest = backup_check.read_manifest(archive)
    assert manifest["engine"] == source_db.engine
    assert (
        manifest["database"]["organizations.TwoNewOrganization"]["count"]
        == TwoNewOrganization.objects.count()
        == 6
    )
    assert manifest["database"]["organizations.HistoricalTwoNewOrganization"]["count"] >= 7
    assert manifest["database"]["core.Notification"]["count"] == 3
    # Every concrete model of every one of our apps is in the manifest.
    assert {label.split(".")[0] for label in manifest["database"]} >= set(backup_check.APPS)
    assert manifest["media"] == {"included": True, **backup_check.media_manifest(media)}
    assert manifest["media"]["files"] == 2

    restored_media = tmp_path / "restored-media"
    result = _cli(
        "restore",
        str(archive),
        database_url=source_url,
        media_root=media,
        TARGET_DATABASE_URL=target_url,
        TARGET_MEDIA_ROOT=str(restored_media),
    )
    assert result.returncode == 0, result.stderr
    assert "counts and checksums match" in result.stdout

    # Checked again here, independently of the command: same counts, same checksums, same files.
    before = backup_check.compute_database_manifest(source_db)
    after = backup_check.compute_database_manifest(target_db)
    assert after == before == manifest["database"]
    assert backup_check.media_manifest(restored_media) == backup_check.media_manifest(media)
    assert (restored_media / "visits" / "2026" / "照片.jpg").read_bytes() == (
        media / "visits" / "2026" / "照片.jpg"
    ).read_bytes()

    def names(cursor):
        cursor.execute("SELECT name FROM organizations_twoneworganization ORDER BY id")
        return [row[0] for row in cursor.fetchall()]

    assert EMOJI_NAME in backup_check._with_cursor(target_db, names)

    # A restored table that differs afterwards is caught and named.
    if target_db.engine == "sqlite":
        conn = sqlite3.connect(target_db.name)
        with conn:
            conn.execute(
                "UPDATE organizations_twoneworganization SET headcount = headcount + 1 WHERE id = ?",
                (records_pk(),),
            )
        conn.close()
    else:
        with target_db.pg_connect(autocommit=True) as conn:
            conn.execute(
                "UPDATE organizations_twoneworganization SET headcount = headcount + 1 WHERE id = %s",
                (records_pk(),),
            )
    result = _cli(
        "verify",
        str(archive),
        database_url=source_url,
        media_root=media,
        TARGET_DATABASE_URL=target_url,
        TARGET_MEDIA_ROOT=str(restored_media),
    )
    assert result.returncode == 1
    assert "organizations.TwoNewOrganization: checksum" in result.stderr


def records_pk() -> int:
    return TwoNewOrganization.objects.order_by("pk").values_list("pk", flat=True).first()


# The tests below call the command's functions in this process (the round trip above runs the real
# command line); they check the refusals and the failures.


def test_restore_refuses_a_database_with_data_without_confirm(source, tmp_path, capsys):
    _url, source_db = source
    media = Path(settings.MEDIA_ROOT)
    archive = backup_check.backup(tmp_path / "backups", db=source_db, media_root=media)
    before = backup_check.compute_database_manifest(source_db)

    with pytest.raises(backup_check.BackupError, match="refusing to restore") as refused:
        backup_check.restore(archive, db=source_db, media_root=media)

    assert "CONFIRM=yes" in str(refused.value)
    assert backup_check.compute_database_manifest(source_db) == before
    assert backup_check.media_manifest(media)["files"] == 2


def test_confirmed_restore_over_changed_data_brings_the_backup_back(source, tmp_path, capsys):
    _url, source_db = source
    media = Path(settings.MEDIA_ROOT)
    archive = backup_check.backup(tmp_path / "backups", db=source_db, media_root=media)
    manifest = backup_check.read_manifest(archive)

    # Lose records and a file after the backup.
    if source_db.engine == "sqlite":
        conn = sqlite3.connect(source_db.name)
        with conn:
            conn.execute("DELETE FROM core_notificationdelivery")
            conn.execute("DELETE FROM core_notification")
        conn.close()
    else:
        with source_db.pg_connect(autocommit=True) as conn:
            conn.execute("DELETE FROM core_notificationdelivery")
            conn.execute("DELETE FROM core_notification")
    (media / "needs" / "attachment.pdf").unlink()
    assert backup_check.compute_database_manifest(source_db)["core.Notification"]["count"] == 0

    backup_check.restore(archive, db=source_db, media_root=media, confirm=True)

    assert backup_check.compute_database_manifest(source_db) == manifest["database"]
    assert backup_check.compute_database_manifest(source_db)["core.Notification"]["count"] == 3
    assert (media / "needs" / "attachment.pdf").read_bytes() == b"%PDF-1.4 test\n"
    # The media folder that was replaced is kept aside, never deleted.
    assert list(media.parent.glob(f"{media.name}.before-restore-*"))


def test_a_damaged_archive_fails_loudly_and_leaves_the_target_alone(source, fresh_target, tmp_path, capsys):
    _url, source_db = source
    target_url, target_db = fresh_target
    media = Path(settings.MEDIA_ROOT)
    archive = backup_check.backup(tmp_path / "backups", db=source_db, media_root=media)
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    status = backup_check.main(
        [
            "restore",
            str(broken),
            "--target-database-url",
            target_url,
            "--target-media-root",
            str(tmp_path / "m"),
        ]
    )

    assert status == 1
    assert "ERROR" in capsys.readouterr().err
    if target_db.engine == "sqlite":
        assert not Path(target_db.name).exists()
    else:
        assert all(
            entry.get("missing") for entry in backup_check.compute_database_manifest(target_db).values()
        )
    assert not (tmp_path / "m").exists()
