"""What every layer may use: the injectable clock and the text catalogs (Vietnamese, English)."""
