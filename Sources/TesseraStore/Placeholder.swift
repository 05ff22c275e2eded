// SQLite layer.
