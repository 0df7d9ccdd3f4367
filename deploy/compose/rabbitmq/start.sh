#!/bin/sh
# The broker's entry point in compose: starts RabbitMQ, imports deploy/rabbitmq/definitions.json
# (the same file as the local run: users, permissions, exchanges, queues) and sets each service
# user's password from the environment, since the definitions carry none. The health check waits
# for the ready mark, so no service connects before its user can log in.
set -eu
rm -f /tmp/trademesh-ready
docker-entrypoint.sh rabbitmq-server &
server=$!
until rabbitmqctl -q await_startup --timeout 30 >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || exit 1
  sleep 1
done
rabbitmqctl -q import_definitions /etc/trademesh/definitions.json
rabbitmqctl -q change_password ingestion "$TRADEMESH_AMQP_INGESTION_PASSWORD"
rabbitmqctl -q change_password projections "$TRADEMESH_AMQP_PROJECTIONS_PASSWORD"
rabbitmqctl -q change_password publisher "$TRADEMESH_AMQP_PUBLISHER_PASSWORD"
touch /tmp/trademesh-ready
wait "$server"
