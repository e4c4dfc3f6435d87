"""The HTTP service: the app, its settings, middleware, worker pool and scrubbing."""
