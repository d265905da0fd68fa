"""Ground floor of reading: YAML with line marks, CSV as French spreadsheets write it."""
