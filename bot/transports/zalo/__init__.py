"""Zalo Bot Platform channel: the transport and its double."""
