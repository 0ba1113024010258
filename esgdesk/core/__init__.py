"""The domain core: catalogue, report file, parsing, rules and exports. No Qt here (a test enforces it)."""
