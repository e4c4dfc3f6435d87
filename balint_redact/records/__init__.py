"""The shared records: the gate, the chain, the store, the index and verification."""
