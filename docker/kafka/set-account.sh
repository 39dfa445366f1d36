#!/bin/sh
# Sets Portwatch's SCRAM-SHA-512 account on a running Kafka: user PORTWATCH_KAFKA_USER,
# password PORTWATCH_KAFKA_PASSWORD (an existing account gets the new password).
# Usage: set-account.sh <kafka bin dir> <host:port of a PLAINTEXT listener>
# start.sh runs it in the Kafka container; test/security/compose-kafka.ts runs it against the
# private Kafka of the tests.
set -eu
bin=$1
bootstrap=$2
: "${PORTWATCH_KAFKA_USER:?is not set}" "${PORTWATCH_KAFKA_PASSWORD:?is not set}"
# From a file, not the command line: the password stays out of the process list. (In a file
# the value has no [brackets]: kafka-configs strips them only from --add-config.)
config=$(mktemp)
trap 'rm -f "$config"' EXIT
chmod 600 "$config"
printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$PORTWATCH_KAFKA_PASSWORD" >"$config"
"$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --alter --entity-type users \
  --entity-name "$PORTWATCH_KAFKA_USER" --add-config-file "$config" >/dev/null
echo "portwatch: SCRAM-SHA-512 account \"$PORTWATCH_KAFKA_USER\" set"
