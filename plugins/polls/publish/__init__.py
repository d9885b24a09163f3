"""What the engine publishes besides charts: the aggregate downloads (CSV, JSON), suppression applied."""
