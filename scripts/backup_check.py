#!/usr/bin/env python
"""Back up and restore the portal's database and media, and prove the copy is whole.

    python scripts/backup_check.py backup  [--dir var/backups]
    python scripts/backup_check.py restore ARCHIVE [--target-database-url URL] [--target-media-root DIR] [--confirm]
    python scripts/backup_check.py verify  ARCHIVE [--target-database-url URL] [--target-media-root DIR]
    python scripts/backup_check.py manifest [--database-url URL]

A backup is one archive, ``var/backups/hongqiao-<UTC time>.tar.gz``, holding

- ``database.pgdump`` (``pg_dump -Fc``) when DATABASE_URL is PostgreSQL, or ``database.sqlite3`` (a copy
  made with SQLite's online backup API) otherwise;
- ``media.tar``, the files under MEDIA_ROOT;
- ``manifest.json``: for every concrete model of our apps (their history and many-to-many tables
  included) the number of rows and a SHA-256 over the table's rows in primary-key order, and the
  number, size and SHA-256 of the media files.

The manifest is computed from the very data that is dumped: on PostgreSQL inside the
repeatable-read transaction whose snapshot ``pg_dump --snapshot`` uses, on SQLite from the copy.
Checksums are computed with plain DB-API connections (psycopg, sqlite3) over ``SELECT *``, so the
same function gives the same answer before the dump and after the restore.

``restore`` refuses a target database that already has tables (or a non-empty media folder) unless
``--confirm`` (``CONFIRM=yes``) is given. On PostgreSQL it replaces the ``public`` schema in one
transaction (a failed restore leaves the target as it was), creating the target database if it does
not exist; on SQLite it copies the database in with the backup API. An existing media folder is
moved aside, never deleted. Afterwards the counts and checksums of the target are recomputed and
compared with the manifest: any difference is listed and the command exits with status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Our apps: every concrete model of these (and of any other app of this repository) is counted and
# checksummed.
APPS = ["accounts", "core", "organizations", "crossposts", "needs", "volunteers", "events"]
FORMAT_VERSION = 1
CHUNK = 2000


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


# --------------------------------------------------------------------------- databases


@dataclass(frozen=True)
class Database:
    """Where a database is: PostgreSQL connection parameters or an SQLite file."""

    engine: str  # "postgresql" or "sqlite"
    name: str  # database name, or the SQLite file path
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_url(cls, url: str) -> Database:
        import dj_database_url

        try:
            return cls.from_settings(dj_database_url.parse(url))
        except ValueError as exc:
            raise BackupError(f"cannot read the database URL: {exc}") from exc

    @classmethod
    def from_settings(cls, conf: dict) -> Database:
        engine = conf["ENGINE"]
        if "postgresql" in engine:
            return cls(
                engine="postgresql",
                name=conf["NAME"],
                host=conf.get("HOST") or "",
                port=str(conf.get("PORT") or ""),
                user=conf.get("USER") or "",
                password=conf.get("PASSWORD") or "",
            )
        if "sqlite3" in engine:
            if not conf.get("NAME") or str(conf["NAME"]) == ":memory:":
                raise BackupError("an in-memory SQLite database cannot be backed up or restored")
            return cls(engine="sqlite", name=str(conf["NAME"]))
        raise BackupError(f"unsupported database engine {engine!r}")

    def pg_env(self, dbname: str | None = None) -> dict[str, str]:
        """Environment for pg_dump/pg_restore/psql: the password never shows in the process list."""
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
            ("PGDATABASE", dbname or self.name),
        ):
            if value:
                env[key] = value
            else:
                env.pop(key, None)
        return env

    def pg_connect(self, dbname: str | None = None, **kwargs):
        import psycopg

        params = {"dbname": dbname or self.name}
        for key, value in (("host", self.host), ("port", self.port), ("user", self.user)):
            if value:
                params[key] = value
        if self.password:
            params["password"] = self.password
        return psycopg.connect(**params, **kwargs)

    def describe(self) -> str:
        if self.engine == "sqlite":
            return f"SQLite {self.name}"
        return f"PostgreSQL {self.user or '(default user)'}@{self.host or 'localhost'}:{self.port or 5432}/{self.name}"


def configured_database() -> Database:
    from django.conf import settings

    return Database.from_settings(settings.DATABASES["default"])


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongqiao.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------- manifest


def tables_to_check() -> dict[str, tuple[str, list[str]]]:
    """``{"app.Model": (db_table, [primary key columns])}`` for every concrete model of our apps: those
    named in APPS and any other app whose code is in this repository (a new app is never forgotten)."""
    from django.apps import apps

    ours = [
        config
        for config in apps.get_app_configs()
        if config.label in APPS
        or (Path(config.path).resolve().is_relative_to(ROOT) and ".venv" not in Path(config.path).parts)
    ]
    tables: dict[str, tuple[str, list[str]]] = {}
    for config in ours:
        for model in config.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            pk = meta.pk
            columns = [f.column for f in getattr(pk, "fields", None) or [pk]]
            tables[meta.label] = (meta.db_table, columns)
    return dict(sorted(tables.items()))


def _plain(value):
    """A JSON-able value that is the same for the same stored value, whatever the driver returns."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes | bytearray):
        return {"b": bytes(value).hex()}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_digest(cursor, table: str, pk_columns: list[str]) -> dict:
    """Row count and SHA-256 of a table's rows (``SELECT *`` in primary-key order), one JSON line per row."""
    order = ", ".join(_quote(c) for c in pk_columns)
    cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608 (names from the app registry)
    columns = [d[0] for d in cursor.description]
    digest = hashlib.sha256(json.dumps(columns).encode())
    count = 0
    while rows := cursor.fetchmany(CHUNK):
        for row in rows:
            line = json.dumps(
                [_plain(v) for v in row], ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
            count += 1
    return {"table": table, "count": count, "sha256": digest.hexdigest()}


def _existing_tables(cursor, engine: str) -> set[str]:
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()")
    return {row[0] for row in cursor.fetchall()}


def database_manifest(cursor, engine: str) -> dict[str, dict]:
    """Counts and checksums of every table to check; a missing table is reported as such."""
    existing = _existing_tables(cursor, engine)
    result = {}
    for label, (table, pk_columns) in tables_to_check().items():
        if table not in existing:
            result[label] = {"table": table, "missing": True}
            continue
        result[label] = table_digest(cursor, table, pk_columns)
    return result


def _with_cursor(db: Database, fn):
    """Run fn(cursor) in a read-only, repeatable-read view of the database."""
    if db.engine == "sqlite":
        if not Path(db.name).exists():
            raise BackupError(f"{db.describe()}: no such file")
        conn = sqlite3.connect(f"file:{db.name}?mode=ro", uri=True)
        try:
            conn.execute("BEGIN")
            return fn(conn.cursor())
        finally:
            conn.close()
    import psycopg

    with db.pg_connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            return fn(cursor)


def compute_database_manifest(db: Database) -> dict[str, dict]:
    return _with_cursor(db, lambda cursor: database_manifest(cursor, db.engine))


def media_manifest(root: Path) -> dict:
    """Number, total size and SHA-256 (over sorted relative paths and contents) of the media files."""
    digest = hashlib.sha256()
    files = size = 0
    if root.is_dir():
        paths = sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
        for path in paths:
            rel = path.relative_to(root).as_posix()
            content = hashlib.sha256()
            with path.open("rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    content.update(block)
            digest.update(f"{rel}\0{content.hexdigest()}\n".encode())
            files += 1
            size += path.stat().st_size
    return {"files": files, "bytes": size, "sha256": digest.hexdigest()}


def compare(expected: dict, actual_db: dict, actual_media: dict | None) -> list[str]:
    """Every difference between a manifest and what is found, one readable line each."""
    problems = []
    for label, want in expected["database"].items():
        got = actual_db.get(label)
        if got is None:
            problems.append(f"{label}: not a model of this code any more")
        elif got.get("missing"):
            problems.append(f"{label}: table {got['table']} is missing")
        elif want.get("missing"):
            problems.append(f"{label}: table {want['table']} was missing in the backup")
        else:
            if got["count"] != want["count"]:
                problems.append(f"{label}: {got['count']} rows, the backup has {want['count']}")
            if got["sha256"] != want["sha256"]:
                problems.append(
                    f"{label}: checksum {got['sha256'][:12]}… differs from the backup's {want['sha256'][:12]}…"
                )
    for label in sorted(set(actual_db) - set(expected["database"])):
        problems.append(f"{label}: not in the backup's manifest (a newer model?)")
    if actual_media is not None and expected.get("media", {}).get("included"):
        want = expected["media"]
        for key in ("files", "bytes", "sha256"):
            if actual_media[key] != want[key]:
                problems.append(f"media: {key} is {actual_media[key]}, the backup has {want[key]}")
    return problems


def _applied_migrations(cursor, engine: str) -> list[list[str]]:
    if "django_migrations" not in _existing_tables(cursor, engine):
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


# --------------------------------------------------------------------------- backup


def _run(cmd: list[str], env: dict | None = None, **kwargs) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed (exit {result.returncode}): {result.stderr.strip()}")


def _check_pg_tools(db: Database) -> None:
    for tool in ("pg_dump", "pg_restore", "psql"):
        if not shutil.which(tool):
            raise BackupError(f"{tool} is not installed (apt-get install postgresql-client)")
    with db.pg_connect() as conn:
        server = conn.info.server_version // 10000
    out = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    client = int(out.split()[-1].split(".")[0])
    if client < server:
        raise BackupError(
            f"pg_dump {client} is older than the server ({server}): install postgresql-client-{server}"
        )


def backup(
    backup_dir: Path, db: Database | None = None, media_root: Path | None = None, stdout=sys.stdout
) -> Path:
    """Write one archive with the database, the media and the manifest; return its path."""
    from django.conf import settings

    db = db or configured_database()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    s3 = settings.STORAGES["default"]["BACKEND"].endswith("S3Storage")
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"hongqiao-{stamp}.tar.gz"

    with tempfile.TemporaryDirectory(prefix="hq-backup-", dir=backup_dir) as tmp:
        staging = Path(tmp)
        manifest = {
            "format": FORMAT_VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "engine": db.engine,
            "source": db.describe(),
        }
        if db.engine == "postgresql":
            _check_pg_tools(db)
            import psycopg

            dump = staging / "database.pgdump"
            # One snapshot for the dump and the manifest: what is counted is what is dumped.
            with db.pg_connect() as conn:
                conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                conn.read_only = True
                with conn.cursor() as cursor:
                    cursor.execute("SET TIME ZONE 'UTC'")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                    _run(["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(dump)], env=db.pg_env())
                    manifest["database"] = database_manifest(cursor, db.engine)
                    manifest["migrations"] = _applied_migrations(cursor, db.engine)
            db_member = dump
        else:
            if not Path(db.name).exists():
                raise BackupError(f"{db.describe()}: no such file")
            copy = staging / "database.sqlite3"
            source = sqlite3.connect(db.name)
            dest = sqlite3.connect(copy)
            try:
                with dest:
                    source.backup(dest)
            finally:
                source.close()
                dest.close()
            # Counted from the copy: what is counted is what is kept.
            copy_db = Database(engine="sqlite", name=str(copy))
            manifest["database"] = compute_database_manifest(copy_db)
            manifest["migrations"] = _with_cursor(copy_db, lambda c: _applied_migrations(c, "sqlite"))
            db_member = copy

        media_tar = staging / "media.tar"
        if s3:
            manifest["media"] = {"included": False, "reason": "media are kept in S3-compatible storage"}
        else:
            with tarfile.open(media_tar, "w") as tar:
                if media_root.is_dir():
                    for path in sorted(media_root.rglob("*")):
                        if path.is_file() and not path.is_symlink():
                            tar.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
            manifest["media"] = {"included": True, **media_manifest(media_root)}

        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8"
        )
        partial = backup_dir / f".{target.name}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(staging / "manifest.json", arcname="manifest.json")
            tar.add(db_member, arcname=db_member.name)
            if media_tar.exists():
                tar.add(media_tar, arcname="media.tar")
        partial.replace(target)

    rows = sum(m.get("count", 0) for m in manifest["database"].values())
    media = manifest["media"]
    stdout.write(
        f"backup: {target} ({target.stat().st_size} bytes): {db.describe()}, "
        f"{len(manifest['database'])} tables checked, {rows} rows; "
        + (
            f"{media['files']} media files ({media['bytes']} bytes)\n"
            if media["included"]
            else "media not included\n"
        )
    )
    return target


# --------------------------------------------------------------------------- restore


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:*") as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError(f"{archive}: no manifest.json")
        return json.loads(member.read().decode("utf-8"))


def _pg_has_tables(db: Database) -> bool | None:
    """True/False, or None when the database does not exist."""
    import psycopg

    try:
        with db.pg_connect() as conn, conn.cursor() as cursor:
            return bool(_existing_tables(cursor, "postgresql"))
    except psycopg.OperationalError as exc:
        if "does not exist" in str(exc):
            return None
        raise


def _pg_create_database(db: Database) -> None:
    from psycopg import sql

    with db.pg_connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db.name)))


def _restore_postgresql(dump: Path, db: Database) -> None:
    # pg_restore writes SQL; psql runs it after replacing the schema, all in ONE transaction.
    script = subprocess.Popen(  # noqa: S603
        ["pg_restore", "--no-owner", "--no-privileges", "-f", "-", str(dump)],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=db.pg_env(),
    )
    psql = subprocess.run(
        [  # noqa: S607
            "psql",
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-c",
            "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
            "-f",
            "-",
        ],
        stdin=script.stdout,
        capture_output=True,
        text=True,
        env=db.pg_env(),
        check=False,
    )
    script.stdout.close()
    script_err = script.stderr.read().decode(errors="replace")
    script.wait()
    if script.returncode != 0:
        raise BackupError(f"pg_restore failed (exit {script.returncode}): {script_err.strip()}")
    if psql.returncode != 0:
        raise BackupError(
            f"psql failed (exit {psql.returncode}), the target is unchanged: {psql.stderr.strip()}"
        )


def _restore_sqlite(copy: Path, db: Database) -> None:
    Path(db.name).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    dest = sqlite3.connect(db.name)
    try:
        source.backup(dest)
    finally:
        source.close()
        dest.close()


def _restore_media(media_tar: Path, media_root: Path, stdout) -> None:
    staging = media_root.with_name(f".{media_root.name}.restore-{uuid.uuid4().hex[:8]}")
    staging.mkdir(parents=True)
    with tarfile.open(media_tar, "r") as tar:
        tar.extractall(staging, filter="data")  # refuses absolute paths, "..", devices and links out
    if media_root.exists():
        aside = media_root.with_name(
            f"{media_root.name}.before-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
        )
        media_root.rename(aside)
        stdout.write(f"restore: the previous media folder was moved to {aside}\n")
    staging.rename(media_root)


def _media_nonempty(root: Path) -> bool:
    return root.is_dir() and any(root.iterdir())


def verify(manifest: dict, db: Database, media_root: Path | None) -> list[str]:
    actual_media = media_manifest(media_root) if media_root is not None else None
    return compare(manifest, compute_database_manifest(db), actual_media)


def restore(
    archive: Path,
    db: Database | None = None,
    media_root: Path | None = None,
    confirm: bool = False,
    stdout=sys.stdout,
) -> None:
    """Restore an archive into a database and media folder, then check counts and checksums."""
    from django.conf import settings

    db = db or configured_database()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
    if manifest["engine"] != db.engine:
        raise BackupError(
            f"{archive} holds a {manifest['engine']} database; it cannot be restored into {db.describe()}"
        )
    media_included = manifest.get("media", {}).get("included", False)

    # Refuse to overwrite anything without an explicit yes.
    if db.engine == "postgresql":
        _check_pg_tools(Database(**{**db.__dict__, "name": "postgres"}))
        has_tables = _pg_has_tables(db)
    else:
        has_tables = Path(db.name).exists() and bool(
            _with_cursor(db, lambda c: _existing_tables(c, "sqlite"))
        )
    occupied = []
    if has_tables:
        occupied.append(f"the database {db.describe()} already has tables")
    if media_included and _media_nonempty(media_root):
        occupied.append(f"the media folder {media_root} is not empty")
    if occupied and not confirm:
        raise BackupError(
            "refusing to restore: " + " and ".join(occupied) + ". Everything in it would be replaced; "
            "run again with CONFIRM=yes (--confirm) if that is what you want."
        )

    with tempfile.TemporaryDirectory(prefix="hq-restore-") as tmp:
        staging = Path(tmp)
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(staging, filter="data")
        if db.engine == "postgresql":
            if has_tables is None:
                _pg_create_database(db)
                stdout.write(f"restore: created the database {db.name}\n")
            _restore_postgresql(staging / "database.pgdump", db)
        else:
            _restore_sqlite(staging / "database.sqlite3", db)
        if media_included:
            _restore_media(staging / "media.tar", media_root, stdout)

    problems = verify(manifest, db, media_root if media_included else None)
    if problems:
        raise BackupError(
            f"THE RESTORED DATA DOES NOT MATCH THE BACKUP ({len(problems)} problems):\n  - "
            + "\n  - ".join(problems)
        )
    rows = sum(m.get("count", 0) for m in manifest["database"].values())
    stdout.write(
        f"restore: {archive} -> {db.describe()}: {len(manifest['database'])} tables, {rows} rows, "
        f"counts and checksums match"
        + (f"; {manifest['media']['files']} media files in {media_root} match\n" if media_included else "\n")
    )


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup", help="write a new archive")
    b.add_argument("--dir", type=Path, default=None, help="where to write it (default: var/backups)")
    for name in ("restore", "verify"):
        p = sub.add_parser(name, help=f"{name} an archive")
        p.add_argument("archive", type=Path)
        p.add_argument("--target-database-url", default=os.environ.get("TARGET_DATABASE_URL") or None)
        p.add_argument("--target-media-root", type=Path, default=os.environ.get("TARGET_MEDIA_ROOT") or None)
        if name == "restore":
            p.add_argument(
                "--confirm", action="store_true", default=os.environ.get("CONFIRM", "").lower() == "yes"
            )
    m = sub.add_parser("manifest", help="print the counts and checksums of a database as JSON")
    m.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings

    try:
        if args.command == "backup":
            backup(args.dir or Path(os.environ.get("BACKUP_DIR") or settings.VAR_DIR / "backups"))
        elif args.command == "manifest":
            db = Database.from_url(args.database_url) if args.database_url else configured_database()
            json.dump(compute_database_manifest(db), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            if not args.archive.is_file():
                raise BackupError(f"{args.archive}: no such file")
            db = Database.from_url(args.target_database_url) if args.target_database_url else None
            if args.command == "restore":
                restore(args.archive, db, args.target_media_root, confirm=args.confirm)
            else:
                manifest = read_manifest(args.archive)
                media_root = Path(args.target_media_root or settings.MEDIA_ROOT)
                problems = verify(
                    manifest,
                    db or configured_database(),
                    media_root if manifest["media"].get("included") else None,
                )
                if problems:
                    raise BackupError(f"{len(problems)} differences:\n  - " + "\n  - ".join(problems))
                print(f"verify: {args.archive}: counts and checksums match")
    except BackupError as exc:
        print(f"{args.command}: ERROR: {exc}", file=sys.stderr)
        return 1
    except (tarfile.TarError, EOFError, zlib.error, json.JSONDecodeError, KeyError) as exc:
        print(f"{args.command}: ERROR: the archive is damaged or not a backup: {exc!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
