# taskapp image: a builder stage with the toolchain, a runtime stage without it.
# Build: docker build --build-arg APP_VERSION=1.0.0 -t taskapp:1.0.0 .

# A pinned tag; on air-gapped machines `lab images seed` provides a look-alike of it.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- builder: compilers and headers, used to build the virtualenv -----------------
FROM ${PYTHON_IMAGE} AS builder

# gcc, libpq headers and Python headers: psycopg's C implementation is compiled here.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev python3-dev \
 && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv

# Dependencies before source: a source-only change reuses this layer.
# The installer itself leaves the venv at the end: production needs no pip.
COPY requirements/image.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r /tmp/requirements.txt \
 && /opt/venv/bin/pip uninstall --yes --quiet pip setuptools

# ---- runtime: the venv, the shared library it links to, and the app -------------
FROM ${PYTHON_IMAGE} AS runtime

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 taskapp \
 && useradd --system --uid 10001 --gid taskapp --home-dir /nonexistent --no-create-home taskapp \
 && install -d -o taskapp -g taskapp /data

COPY --from=builder /opt/venv /opt/venv
# Run bare, the image uses the production profile, which refuses to start with what is
# unsafe (DEBUG, a committed development key, no ALLOWED_HOSTS). Compose and the labs name
# config.settings.http, for plain HTTP.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    SQLITE_PATH=/data/db.sqlite3

WORKDIR /app
COPY taskapp/ /app/
# DEBUG=1 only for this step: collectstatic needs no secret, so none enters a layer.
# Production refuses DEBUG, so the step names the http profile.
RUN DEBUG=1 python manage.py collectstatic --settings=config.settings.http --noinput --verbosity 0

# Last, so that a new version changes only this small layer.
ARG APP_VERSION=dev
ENV APP_VERSION=${APP_VERSION}

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health/live', timeout=2)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"]
