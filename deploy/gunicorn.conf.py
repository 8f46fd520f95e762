"""gunicorn settings of the platform's web service (deploy/systemd/jining-web.service).

Read by `gunicorn config.wsgi --config deploy/gunicorn.conf.py`; the GUNICORN_* variables come
from the same environment file as the application's (/etc/jining/jining.env)."""

import os

# nginx connects here: a local port on a one-server install, the private address on a node
# behind a load balancer (docs/deployment.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = 1
# A request that takes longer is killed (no request a stranger can send runs long: big work goes to
# the task worker); nginx waits a little longer than this (proxy_read_timeout 75s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A fresh worker now and then (no slow leak lives for ever); jitter so they do not all restart at once.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-Proto from nginx on the same machine (Django reads it: SECURE_PROXY_SSL=1).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'
