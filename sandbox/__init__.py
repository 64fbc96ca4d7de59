"""The embedded Aether V3 sandbox: an honest implementation of ../shared/contract/aether-v3.md."""
