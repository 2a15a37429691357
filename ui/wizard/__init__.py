"""The case wizard: six pages from intake to summary."""
