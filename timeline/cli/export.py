"""Commands: export (registered on timeline.cli.app.app)."""
