#!/usr/bin/env bash
# Run a command with the services the tests need.
#
# Without DATABASE_URL, starts a throwaway PostgreSQL 15 cluster on 127.0.0.1
# (as the `postgres` OS user when run as root: PostgreSQL refuses root), points
# DATABASE_URL at it, runs the command and removes the cluster afterwards.
# Without REDIS_URL, likewise starts a throwaway Redis server (Celery's broker
# in the tests that run a real worker).
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

if [[ -z "${DATABASE_URL:-}" ]]; then
    run_as=()
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        run_as=(runuser -u postgres --)
    fi
    cluster="$(mktemp -d -t bidding-pg.XXXXXX)"
    chmod 755 "$cluster"
    [[ "$(id -u)" == 0 ]] && chown postgres "$cluster"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    stop_cluster() {
        "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$cluster"
    }
    trap stop_cluster EXIT
    "${run_as[@]}" "$PG_BIN/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 >/dev/null
    "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$cluster/data" -l "$cluster/postgres.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/bidding"
    echo "Throwaway PostgreSQL cluster on 127.0.0.1:$port ($cluster)"
fi

if [[ -z "${REDIS_URL:-}" ]]; then
    redis_dir="$(mktemp -d -t bidding-redis.XXXXXX)"
    redis_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" \
        --save "" --appendonly no --daemonize yes --pidfile "$redis_dir/redis.pid" \
        --logfile "$redis_dir/redis.log"
    stop_redis() {
        kill "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null || true
        rm -rf "$redis_dir"
    }
    trap 'stop_redis; type stop_cluster >/dev/null 2>&1 && stop_cluster' EXIT
    export REDIS_URL="redis://127.0.0.1:$redis_port/0"
    echo "Throwaway Redis server on 127.0.0.1:$redis_port"
fi

"$@"
