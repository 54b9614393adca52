"""Across reports: the panel (one row per agency and year), agency names grouped across years, the cross-year check."""
