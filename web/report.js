// Draws the charts (placeholder).
