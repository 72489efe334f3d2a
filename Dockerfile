# A small image: wheels for the bot and its dependencies are built in a throwaway
# stage (setup.py's build_py compiles the gettext catalogs, .po -> .mo, on the
# way); the runtime stage installs only those wheels, offline, and runs as an
# unprivileged user with the database on a volume.
#
#   docker build -t loan-offset-bot .
#   docker run -d --name loan-offset-bot --env-file .env -v loan-offset-data:/data loan-offset-bot
#
# Webhook mode: also set TELEGRAM_WEBHOOK_URL/TELEGRAM_WEBHOOK_SECRET and publish
# PORT (-p 8080:8080) behind a TLS reverse proxy on 443, 80, 88 or 8443.

FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
# The postgres extra too, so BOT_DATABASE_URL=postgresql://... works in the image.
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[postgres]"

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BOT_DATABASE_URL=sqlite:////data/bot.sqlite3 \
    BOT_LISTEN_HOST=0.0.0.0 \
    PORT=8080
# A fixed numeric uid/gid: `USER` by number lets orchestrators verify non-root
# (Kubernetes runAsNonRoot), and a bind-mounted /data can be chowned to it.
RUN groupadd --gid 10001 bot \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin bot \
    && mkdir /data && chown 10001:10001 /data && chmod 700 /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels "loan-offset-bot[postgres]" \
    && rm -rf /wheels
USER 10001:10001
WORKDIR /home/bot
# Declared after /data is created and chowned, so a new named volume starts out owned by the bot.
VOLUME ["/data"]
EXPOSE 8080
# `python -m bot healthcheck`: the database opens and, in webhook mode, GET /healthz on $PORT is 200.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]
# SIGTERM (docker stop) ends polling or the webhook server cleanly, exit status 0.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot"]
