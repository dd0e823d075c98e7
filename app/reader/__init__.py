"""What readers see: presentation shapes, pages of segments, the reader cache, article admin."""
