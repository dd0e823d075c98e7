"""Translating: the pipeline, jobs and their runners, engines, translation memory, post-edits."""
