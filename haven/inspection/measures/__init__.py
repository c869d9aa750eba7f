"""The inspection lens's measures (issue 5). See ``base`` for the contract every measure keeps."""
