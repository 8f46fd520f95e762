"""Django's PostgreSQL backend, with values bound by the server (`config.postgresql.base`)."""
