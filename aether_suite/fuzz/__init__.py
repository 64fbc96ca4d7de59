"""The fuzz area (features/fuzz/): requests generated from the machine-readable contract, held to it."""
