"""Top floor: the shell that starts the app and wires services into windows."""
