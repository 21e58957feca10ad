"""``python -m bench.run [queries] [place_order] [load] [scale] [broker_down]``: print
the tables.

Needs DATABASE_URL (PostgreSQL; ``make bench`` starts a throwaway cluster).
Migrates one database, then gives each table a fresh copy of it. Durations
and sizes come from the environment (see docs/benchmarks.md).
"""

import datetime
import importlib
import os
import platform
import shutil
import sys
import tempfile

from bench import database

TABLES = ["queries", "place_order", "load", "scale", "broker_down"]


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                line.split(":", 1)[1].strip()
                for line in cpuinfo
                if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


def main(names):
    unknown = set(names) - set(TABLES)
    if unknown:
        raise SystemExit(f"Unknown tables {sorted(unknown)}; choose from {TABLES}.")
    whoosh = tempfile.mkdtemp(prefix="bidding-bench-whoosh-")
    os.environ["BENCH_WHOOSH_PATH"] = whoosh
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = database.create(database.TEMPLATE)
    created = [database.TEMPLATE]
    try:
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        call_command("migrate", verbosity=0)
        print(f"Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
        print(f"Machine: {machine()}")
        version = connection.cursor().connection.info.server_version
        print(f"PostgreSQL: {version // 10000}.{version % 10000}")
        print(f"Command: python -m bench.run {' '.join(names)}".rstrip())
        for name in names:
            copy = f"bidding_bench_{name}"
            connection.close()
            database.create(copy, template=database.TEMPLATE)
            created.append(copy)
            database.use(copy)
            importlib.import_module(f"bench.{name}").run()
            sys.stdout.flush()
    finally:
        from django.db import connections

        connections.close_all()
        for name in reversed(created):
            database.drop(name)
        shutil.rmtree(whoosh, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:] or TABLES)
