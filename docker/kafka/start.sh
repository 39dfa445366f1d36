#!/bin/sh
# Kafka for Portwatch's scaled deployment: the apache/kafka image's own start
# (/etc/kafka/docker/run, which writes server.properties from the KAFKA_* variables of
# docker-compose.yml), then Portwatch's SCRAM account set through the broker's INTERNAL
# listener, which only the container's loopback reaches (set-account.sh). The account is set on
# every start, so a password changed in secrets/.env takes effect with
# `docker compose --env-file secrets/.env up -d` (README, Security). The healthcheck says
# healthy only once it is set, so no Portwatch service connects before its account exists.
set -eu
here=$(dirname "$0")
ready=/tmp/portwatch-scram-ready
rm -f "$ready"
bin=/opt/kafka/bin
internal=127.0.0.1:9094

/etc/kafka/docker/run &
broker=$!
# docker stop sends SIGTERM to this script: hand it to Kafka for its controlled shutdown.
trap 'kill -TERM "$broker" 2>/dev/null || true' TERM INT

until "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$internal" >/dev/null 2>&1; do
  if ! kill -0 "$broker" 2>/dev/null; then
    status=0
    wait "$broker" || status=$?
    echo "portwatch: Kafka exited (status $status) before it answered on its INTERNAL listener" >&2
    exit "$status"
  fi
  sleep 1
done

if ! sh "$here/set-account.sh" "$bin" "$internal"; then
  echo "portwatch: stopping Kafka: without its SCRAM account no Portwatch service can connect" >&2
  kill -TERM "$broker"
  wait "$broker" || true
  exit 1
fi
touch "$ready"

# The first wait returns when a signal arrives; the second waits for Kafka to finish stopping.
status=0
wait "$broker" || status=$?
if kill -0 "$broker" 2>/dev/null; then
  status=0
  wait "$broker" || status=$?
fi
exit "$status"
