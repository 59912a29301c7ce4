"""What every stage uses: diagnostics with positions, atomic output, confined paths, limits, languages."""
