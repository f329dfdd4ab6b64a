"""gunicorn settings for `make serve`: `gunicorn -c gunicorn.conf.py app:app`.

Each setting can be changed from the environment, so one file serves a laptop, one host and several
hosts behind a load balancer (docs/deploy.md says which values we measured):

    BIND                  where to listen (default 127.0.0.1:8000; 0.0.0.0:8000 behind a load balancer)
    WEB_CONCURRENCY       worker processes (default: one per CPU core plus one)
    WEB_THREADS           threads per worker process (default 4)
    WEB_TIMEOUT           seconds a request may take before its worker is restarted (default 60)
    FORWARDED_ALLOW_IPS   addresses of the proxy whose X-Forwarded-Proto is believed (default 127.0.0.1,::1)
    ACCESS_LOG            where the access log goes (default "-", standard output; "" for none)

The application itself reads DATABASE_URL, STORAGE_DIR, SECRET_KEY and MAX_UPLOAD_MB (contractmgr/config.py).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads in a few processes: a request mostly waits on the database, and the threads of a process
# share its memory (about 110 MB each once warm) while its processes share the CPU cores.
workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (spread so they do not all restart at once): what a
# long-running process gathers (caches, fragmented memory) cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
# The application is loaded once, before the workers are forked: start-up costs its 1–2 s once and the
# workers share the loaded code. Nothing connects to the database while loading (create_app makes the
# engine, not a connection), so no connection is shared across a fork.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
proc_name = "contractmgr"


def pre_fork(server, worker):
    """In the master, with the application preloaded: the workers fork with it frozen out of the garbage
    collector's reach (contractmgr/serving.py: no 100+ ms full collections during a request)."""
    from contractmgr.serving import freeze_loaded_app  # importable once the application is loaded

    freeze_loaded_app()
