import sys

from warehouse.cli import _quiet_stdout, main

try:
    code = main()
    sys.stdout.flush()  # a closed pipe shows here at the latest, not in the interpreter's exit
except BrokenPipeError:  # the reader of our output left (`| head -1`)
    _quiet_stdout()
    code = 0
sys.exit(code)
