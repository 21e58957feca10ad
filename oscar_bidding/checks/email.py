"""System checks: email."""
