#!/usr/bin/python3
"""Write a snappy *framing format* stream (tests only).

Usage: /usr/bin/python3 snappy_frame.py [--mode auto|compressed|uncompressed]
                                       [--chunk BYTES] IN OUT

Uses Debian's python3-snappy (StreamCompressor, the framing writer that
`python3 -m snappy -c` uses). On Debian 12 that package's C helper for
CRC-32C fails on Python 3.11 ("PY_SSIZE_T_CLEAN macro must be defined"), so
`python3 -m snappy -c` crashes; this script swaps in a pure-Python CRC-32C
(Castagnoli) and otherwise runs the library's own framing code unchanged.
The written stream is decoded again with the library's StreamDecompressor
and compared with the input before the script exits 0.

--mode auto: the library picks compressed/uncompressed per chunk;
--mode compressed / uncompressed: force one chunk type.
--chunk: bytes passed per add_chunk call (the library splits at 65536 anyway).
"""

import sys

import snappy
import snappy.snappy as sn


def _make_table():
    poly = 0x82F63B78
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _make_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    t = _TABLE
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def main(argv):
    mode = "auto"
    chunk = 65536
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--mode":
            mode = argv[i + 1]
            i += 2
        elif argv[i] == "--chunk":
            chunk = int(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 2 or mode not in ("auto", "compressed", "uncompressed"):
        sys.stderr.write(__doc__)
        return 2
    assert crc32c(b"123456789") == 0xE3069283  # CRC-32C check value
    sn._crc32c = crc32c
    src, dst = args
    with open(src, "rb") as fh:
        data = fh.read()
    comp = {"auto": None, "compressed": True, "uncompressed": False}[mode]
    c = sn.StreamCompressor()
    out = [c.add_chunk(b"", compress=comp)]  # stream identifier even for empty input
    for off in range(0, len(data), chunk):
        out.append(c.add_chunk(data[off:off + chunk], compress=comp))
    framed = b"".join(out)
    d = sn.StreamDecompressor()
    back = d.decompress(framed)
    d.flush()
    if back != data:
        sys.stderr.write("snappy_frame: round trip mismatch\n")
        return 1
    with open(dst, "wb") as fh:
        fh.write(framed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
