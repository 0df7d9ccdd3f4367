"""Declares the releases topology as MassTransit would for a receive endpoint named
trademesh.releases: a durable fanout exchange and a durable, non-auto-delete classic queue
without arguments, bound with routing key "". Declaring the same settings again is a no-op,
so the services and this script can both declare it; any added argument would make one of
them fail with PRECONDITION_FAILED.

Usage: declare_topology.py AMQP_URL
"""
import sys

import pika

NAME = "trademesh.releases"

connection = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
channel = connection.channel()
channel.exchange_declare(exchange=NAME, exchange_type="fanout", durable=True)
channel.queue_declare(queue=NAME, durable=True)
channel.queue_bind(queue=NAME, exchange=NAME, routing_key="")
connection.close()
print(f"==> declared fanout exchange {NAME} -> queue {NAME}")
