"""Text handling: spans, the term index, the lexicon, casing, chunking, normalisation,
confusables, layout, names and the word lists."""
