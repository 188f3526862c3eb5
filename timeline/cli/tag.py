"""Commands: tag (registered on timeline.cli.app.app)."""
