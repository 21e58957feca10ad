"""Fresh PostgreSQL databases for the benchmarks, beside the one DATABASE_URL names.

``make bench`` runs on the throwaway cluster of ``tests/with-services.sh``:
one database is migrated once, and each table that needs a clean start gets a
copy of it (``CREATE DATABASE ... TEMPLATE``), which takes a second.
"""

import os

import dj_database_url
import psycopg

TEMPLATE = "bidding_bench_template"


def server_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "The benchmarks run on PostgreSQL: set DATABASE_URL, or run `make bench`."
        )
    return url


def url_of(name):
    """DATABASE_URL pointing at database ``name`` of the same server."""
    base, _slash, _old = server_url().partition("?")[0].rpartition("/")
    return f"{base}/{name}"


def _admin():
    config = dj_database_url.parse(url_of("postgres"))
    return psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or None,
        autocommit=True,
    )


def create(name, template=None):
    """(Re)create database ``name``, empty or as a copy of ``template``."""
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        admin.execute(f'CREATE DATABASE "{name}"{suffix}')
    return url_of(name)


def drop(name):
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def use(name):
    """Point Django's default connection at database ``name``."""
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    os.environ["DATABASE_URL"] = url_of(name)
