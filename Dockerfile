# A small image: wheels are built in a throwaway stage (compiling the gettext
# catalogs on the way), the runtime stage holds only the installed package.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BOT_DATABASE_URL=sqlite:////data/bot.sqlite3 \
    PORT=8080
RUN useradd --create-home --uid 10001 bot \
    && mkdir /data && chown bot:bot /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER bot
WORKDIR /home/bot
VOLUME ["/data"]
EXPOSE 8080
# Polling: checks the database opens. Webhook: also GETs /healthz on $PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]
CMD ["python", "-m", "bot"]
