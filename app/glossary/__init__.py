"""The glossary: entries and the Aho-Corasick matcher, versioned edits, search, the word index of segments."""
