#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The floor of an ingest: read every byte of the files named on stdin (NUL-separated), once.

Each file is opened, read to its end with read() into one reused 1 MiB buffer, and closed: the
system calls any reader of these files has to make, and nothing else. `xargs cat` is no floor for
many small files: GNU cat 9.1 maps and unmaps a fresh 128 KiB buffer for every file, and on this
project's VM that made reading the 22,931 files of the 1 GB Codex corpus take 0.95 s against 0.22-0.39 s
here (0.25 s against 0.19-0.26 s for the 4,810 larger Claude files; docs/performance.md, session 13).

Usage: find DIR -type f -print0 | readall.py    (prints "files bytes" to stderr)
"""
import os
import sys


def main():
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    files = total = 0
    for name in sys.stdin.buffer.read().split(b"\0"):
        if not name:
            continue
        fd = os.open(name, os.O_RDONLY)
        try:
            while True:
                n = os.readv(fd, [view])
                if n == 0:
                    break
                total += n
        finally:
            os.close(fd)
        files += 1
    print(files, total, file=sys.stderr)


if __name__ == "__main__":
    main()
