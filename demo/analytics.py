"""Demo site analytics (演示数据): 90 days of plausible visits, standard views and searches, so
`make run` shows a populated /analytics/. Written through the real flush (`analytics.flush`)
from a buffer filled here, in batches whose ids start with "demo-" (the page says so). Skipped
when there are figures already. Deterministic: the same numbers on every load."""

import datetime as dt
import random

from django.utils import timezone

from analytics.buffer import Batch
from analytics.flush import apply
from analytics.models import DailyCount
from catalog.models import Standard

DAYS = 90
# (normalized text, share of searches, result count; 0 = users found nothing)
QUERIES = [
    ("质量管理体系", 9, 14),
    ("gb/t 19001", 7, 3),
    ("食品安全", 6, 52),
    ("大蒜", 5, 8),
    ("煤矿 安全", 4, 21),
    ("工程机械", 4, 17),
    ("db3708/t", 3, 12),
    ("农产品 追溯", 3, 6),
    ("羊肉汤 制作规范", 2, 0),
    ("鲁锦 织造工艺", 2, 0),
    ("光伏支架 防腐", 1, 0),
    ("微山湖 麻鸭蛋", 1, 0),
    ("充电桩 运维服务", 1, 0),
]


def load_analytics() -> None:
    if DailyCount.objects.exists():
        return
    rng = random.Random(3708)  # noqa: S311 — demo numbers, not security
    standard_ids = list(
        Standard.objects.filter(is_public=True).order_by("pk")[:40].values_list("pk", flat=True)
    )
    today = timezone.localdate()
    weights = [q[1] for q in QUERIES]
    for back in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        d = day.isoformat()
        weekday = day.weekday() < 5
        growth = 1 + (DAYS - back) / DAYS  # the site is getting known
        incr: dict[str, int] = {}
        set_: dict[str, int] = {}
        incr[f"h|{d}"] = int(rng.randint(60, 110) * growth * (1 if weekday else 0.45))
        for _ in range(int(rng.randint(40, 80) * growth * (1 if weekday else 0.5))):
            if standard_ids:
                key = f"v|{d}|{rng.choice(standard_ids[: rng.choice((5, 15, 40))])}"
                incr[key] = incr.get(key, 0) + 1
        for _ in range(int(rng.randint(15, 35) * growth * (1 if weekday else 0.5))):
            text, _share, results = rng.choices(QUERIES, weights=weights)[0]
            source = "api" if rng.random() < 0.15 else "page"
            key = f"s|{d}|{source}|{text}"
            incr[key] = incr.get(key, 0) + 1
            if not results:
                incr[f"z|{d}|{text}"] = incr.get(f"z|{d}|{text}", 0) + 1
            set_[f"r|{d}|{text}"] = results
        apply(Batch(f"demo-{d}", {**incr, **set_}))
