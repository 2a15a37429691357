"""What staff see: main window, queue, the case wizard and their helpers."""
