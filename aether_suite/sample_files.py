"""Small deterministic files for scenarios: the same name always gives the same bytes."""
import mimetypes


def sample_bytes(filename: str) -> bytes:
    return f"Aether acceptance suite sample file: {filename}\n".encode()


def content_type_for(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
