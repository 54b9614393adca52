"""Where records go: JSON Lines, a DuckDB store, a wide Parquet table."""
