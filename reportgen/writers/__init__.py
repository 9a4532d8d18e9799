"""Writers turn a Document into the bytes of one output format."""
