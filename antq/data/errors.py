"""The data layer's error: shared by the query runner (db.py) and the schema it opens (schema.py)."""


class QueryError(Exception):
    """A query that could not run; the message is Vietnamese and names the query file."""
