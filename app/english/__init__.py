"""English: Apertium's English analyser and tagger, a wing at the rank of spanish."""
