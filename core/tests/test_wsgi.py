import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_web_worker_keeps_what_it_loaded_at_start_out_of_full_garbage_collections():
    # In a process of its own: freezing is for the life of the process.
    probe = "import gc, config.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed probe)
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    frozen, still_collected = (int(n) for n in result.stdout.split())
    # Django, the apps and their models: tens of thousands of objects, none left to walk.
    assert frozen > 20_000
    assert still_collected < frozen / 100
