"""The files area (features/files/): sample files, streamed uploads, downloads checked as they stream."""
