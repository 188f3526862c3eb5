"""Commands: ingest (registered on timeline.cli.app.app)."""
