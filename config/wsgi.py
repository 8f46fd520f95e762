import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What the worker loaded to start (modules, models, settings: about 100,000 objects) lives as long
# as the worker, yet every full garbage collection walked it: the first request that allocates a
# lot (a 10,000-line validity check) paid about 100 ms for that walk. Frozen objects are skipped by
# the collector; they are never freed, which they would not be anyway.
gc.freeze()
