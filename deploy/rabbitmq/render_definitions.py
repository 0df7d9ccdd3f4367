"""Prints deploy/rabbitmq/definitions.json with each user's password hash filled in from the
environment (TRADEMESH_AMQP_<USER>_PASSWORD), in RabbitMQ's salted SHA-256 scheme, so one POST
to the management API's /api/definitions creates users, permissions and topology at once with
no moment in which a user exists without its password.

Usage: render_definitions.py DEFINITIONS_JSON
"""
import base64
import hashlib
import json
import os
import sys


def password_hash(password):
    # rabbit_password_hashing_sha256: base64(salt + sha256(salt + utf8 password)), a 4-byte salt.
    salt = os.urandom(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


definitions = json.load(open(sys.argv[1]))
for user in definitions["users"]:
    variable = f"TRADEMESH_AMQP_{user['name'].upper()}_PASSWORD"
    if not os.environ.get(variable):
        sys.exit(f"{variable} is not set (deploy/local/lib.sh ensure_credentials sets it)")
    user["password_hash"] = password_hash(os.environ[variable])
json.dump(definitions, sys.stdout)
