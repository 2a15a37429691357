"""PyInstaller runtime hook: runs before the app's own code in the frozen bundle."""

import sys

# Alembic imports env.py and the migration scripts from files inside the bundle;
# never write __pycache__ into the install folder (read-only, or left behind on
# uninstall when the app ran with admin rights).
sys.dont_write_bytecode = True
