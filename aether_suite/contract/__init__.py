"""The machine-readable contract: endpoints and credentials (from the OpenAPI document), answer shapes, ID Vision."""
