"""Open data (开放数据): daily bulk exports of the public catalog and of the published municipal
standards (CSV, JSON Lines, XLSX), with a data dictionary generated from the models and a
manifest of row counts and SHA-256 checksums, served at /open-data/.

`datasets.py` declares the columns (the one source of files and dictionary), `writers.py` streams
the formats, `store.py` publishes a set atomically, `services.open_data_export` runs an export
(`manage.py export_open_data`, daily by cron), `selectors` read the latest set for the pages."""
