"""Ingest: read the corpus, parse legal text, chunk, embed, and build the index."""
