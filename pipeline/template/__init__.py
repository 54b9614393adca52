"""The template: the canonical schema, its editions, identities and printed tables, and the label matchers."""
