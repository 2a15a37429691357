"""Ground floor: the counter's local schema, engine setup and migrations."""
