"""The bilan file: its schema, the reader that turns it into a Bilan, activity CSV and FEC imports."""
