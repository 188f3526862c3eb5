"""Event extraction: sentences -> typed diplomatic events with canonical actors."""
