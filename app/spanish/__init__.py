"""Spanish language tools: morphology (Apertium lt-proc), gender, agreement, case, typography,
localisation, unknown words, word lookup. Below the glossary; imports only core."""
