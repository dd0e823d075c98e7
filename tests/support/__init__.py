"""Helpers the tests share: the app on a template database, engines, live servers, browsers, data."""
