"""Commands: events (registered on timeline.cli.app.app)."""
