"""Test data: consistent gold-shaped records and the reports that print them (HTML, text, PDF, Word, scans)."""
