"""Files in and out: one module per format (TMX, XLIFF, TSV/CSV, JSONL, HTML, text, OmegaT, glossary files)."""
