import sys

print("about to fail", file=sys.stderr)
raise RuntimeError("this pack cannot start: missing setting CRASH_MARKER")
