"""Bringing articles in: parse, HTML budget, extract, fetch, segment, headline, furniture; one import path."""
