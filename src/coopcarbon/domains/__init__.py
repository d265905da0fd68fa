"""Domain helpers: turn what a company knows into activity lines (they never multiply)."""
