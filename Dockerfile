# Production image of the Hongqiao portal: one image for web, worker, beat and migrate.
#
#   docker build -t hongqiao:latest .
#
# Everything is fetched at build time (Debian packages, then PyPI); the running
# container fetches nothing. Settings come from the environment at run time
# (see docs/production.md); no secret is baked into the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=hongqiao.settings \
    HONGQIAO_VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media \
    STATIC_MANIFEST=true \
    WEB_CONCURRENCY=3

# gettext: msgfmt, for compilemessages (at build time here, and again by the
# one-shot migrate service, where it finds the catalogues already compiled).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged uid/gid, so that volume ownership is predictable.
RUN groupadd --system --gid 10001 hongqiao \
    && useradd --system --uid 10001 --gid hongqiao --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin hongqiao

WORKDIR /app

# Dependencies first, from pyproject.toml alone (the project installs no
# packages of its own: [tool.setuptools] packages = []), so that a change to
# the code does not reinstall them.
COPY pyproject.toml ./
RUN pip install . \
    && rm -rf build ./*.egg-info

COPY . .

# Build-time steps need settings, hence a throwaway SECRET_KEY for these
# commands only (not an ENV: it is not kept in the image). Static files are
# collected with the hashed, compressed manifest storage (STATIC_MANIFEST=true)
# into $HONGQIAO_VAR_DIR/static and served by WhiteNoise.
# The code stays root-owned (read-only to the app). The app user may write
# only the compiled catalogues (so that compilemessages in the migrate service
# succeeds even if it finds something to do) and the media folder (a new
# named volume mounted there inherits this ownership).
RUN mkdir -p locale "$HONGQIAO_VAR_DIR" "$MEDIA_ROOT" \
    && export SECRET_KEY=build-only-placeholder-never-used-at-run-time-0000 \
    && python manage.py compilemessages --ignore=.venv --ignore=var -v 0 \
    && python manage.py collectstatic --noinput -v 0 \
    && python -m compileall -q -x '/(\.venv|var|tests|bench)/' . \
    && find . -type d -name LC_MESSAGES -path '*/locale/*' -not -path './.venv/*' \
       -exec chown -R hongqiao:hongqiao {} + \
    && chown hongqiao:hongqiao "$MEDIA_ROOT"

USER 10001:10001

EXPOSE 8000

# Workers: WEB_CONCURRENCY (gunicorn reads it); more options in GUNICORN_CMD_ARGS.
CMD ["gunicorn", "hongqiao.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "--timeout", "60", "--graceful-timeout", "30"]
