import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections, connection

from catalog.search import indexer

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "检索索引进程（SEARCH_INDEXER=worker）：启动时补做未完成的变更，之后持续应用变更队列。"
        "每台应用服务器运行一个，各自维护本机索引目录。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.5, help="轮询间隔（秒）")
        parser.add_argument("--once", action="store_true", help="应用一次队列后退出")

    def handle(self, *args, interval, once, **options):
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            if not connection.in_atomic_block:  # never inside a caller's transaction (tests)
                close_old_connections()
            try:
                applied = indexer.apply_pending()
            except (OperationalError, InterfaceError) as exc:
                if once or connection.in_atomic_block:
                    raise
                # The database restarted or dropped the connection: nothing was moved (the
                # cursor moves after the index commit); reconnect and go on.
                log.warning("database unavailable, retrying: %s", exc)
                connection.close()
                time.sleep(max(interval, 2.0))
                continue
            if applied and options.get("verbosity", 1) >= 1:
                self.stdout.write(f"已应用 {applied} 条索引变更")
            if once:
                break
            time.sleep(interval)
