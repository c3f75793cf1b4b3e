"""The `xlpy` command and `python -m xlpy`: the command line, started so that a Ctrl-C while its
libraries load (half a second, more on an office PC) ends as one during a command does, in a
Vietnamese line and exit status 1, never a traceback."""

import gc
import sys


def main() -> None:
    try:
        from xlpy.cli import main as command_line

        command_line()
    except KeyboardInterrupt:  # while loading, or between the command's own handlers
        print("Đã dừng.", file=sys.stderr)
        sys.exit(1)
    finally:
        # Python's last collection, as it exits, walked every object pandas and the read had made
        # (0.15 s after the large workbook, for memory the system frees at once). Frozen, they are
        # skipped. Nothing is left to flush: every file xlpy writes is closed by its `with`.
        gc.freeze()


if __name__ == "__main__":
    main()
