"""Reading and writing documents: plain text and Word."""
