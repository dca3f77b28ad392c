"""gunicorn's settings for Tertib, read from the working directory: `gunicorn tertib.wsgi`.

Threaded workers: a request that waits (for a bulk slot, see tertib/middleware.py BulkLane, or
for the database) leaves the processors to the other requests. Each thread keeps its own
database connection: workers x threads connections per server."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("TERTIB_THREADS", "8"))
timeout = 120
