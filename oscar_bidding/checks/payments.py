"""System checks: payments."""
