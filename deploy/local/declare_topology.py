"""Declares the releases topology as MassTransit does for the receive endpoint named
trademesh.releases: a durable fanout exchange bound (routing key "") to a durable quorum
queue (x-queue-type=quorum). Declaring the same settings again is a no-op, so the services
and this script can both declare it; different arguments would make one of them fail with
PRECONDITION_FAILED.

Older versions made classic queues. An empty classic queue of the services is deleted here
(the services declare it again as a quorum queue); one holding messages stops the script with
a message, so nothing is ever dropped.

Usage: declare_topology.py AMQP_URL MANAGEMENT_URL
"""
import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import pika

NAME = "trademesh.releases"
QUORUM = {"x-queue-type": "quorum"}
SERVICE_QUEUES = [NAME, "trademesh.projections", NAME + "_error", "trademesh.projections_error"]

connection = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
MANAGEMENT = sys.argv[2].rstrip("/")
_url = urllib.parse.urlparse(sys.argv[1])
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{_url.username}:{_url.password}".encode()).decode()}


def replace_if_classic(queue):
    """Deletes the queue when it exists as a classic queue and is empty (management API)."""
    request = urllib.request.Request(f"{MANAGEMENT}/api/queues/%2F/{urllib.parse.quote(queue)}", headers=AUTH)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            info = json.load(response)
    except urllib.error.HTTPError as e:
        if e.code == 404:  # not declared yet: the services will
            return
        raise
    if info.get("type") == "quorum":
        return
    if info.get("messages", 0):
        sys.exit(f"{queue} is a classic queue from an older version holding {info['messages']} messages; "
                 "let the services consume them (or move them), then run this again")
    # if_empty: the broker itself refuses if a message arrived since (the figure above lags).
    connection.channel().queue_delete(queue=queue, if_empty=True)
    print(f"==> deleted the empty classic queue {queue}; it comes back as a quorum queue")


for queue in SERVICE_QUEUES:
    replace_if_classic(queue)

channel = connection.channel()
channel.exchange_declare(exchange=NAME, exchange_type="fanout", durable=True)
channel.queue_declare(queue=NAME, durable=True, arguments=QUORUM)
channel.queue_bind(queue=NAME, exchange=NAME, routing_key="")
connection.close()
print(f"==> declared fanout exchange {NAME} -> quorum queue {NAME}")
