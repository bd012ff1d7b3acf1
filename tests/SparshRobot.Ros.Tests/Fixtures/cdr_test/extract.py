#!/usr/bin/env python3
"""Extracts the ros2msg schemas and the CDR payloads of rosbag2's cdr_test bag into small test vectors.

Usage: python3 extract.py ../../../../../shared/data/rosbag2/mcap/cdr_test/cdr_test_0.mcap
Writes <type>.schema.txt (e.g. test_msgs_msg_BasicTypes.schema.txt) and <topic>_<n>.bin beside this script.
Only the record layout of MCAP (magic, u8 opcode, u64 length, body) and uncompressed chunks are handled,
which is what rosbag2's MCAP writer produces by default.
"""
import os
import struct
import sys

MAGIC = b"\x89MCAP0\r\n"


def string(buf, pos):
    (n,) = struct.unpack_from("<I", buf, pos)
    return buf[pos + 4:pos + 4 + n].decode("utf-8"), pos + 4 + n


def records(buf):
    pos = 0
    while pos + 9 <= len(buf):
        op, length = struct.unpack_from("<BQ", buf, pos)
        yield op, buf[pos + 9:pos + 9 + length]
        pos += 9 + length


def main(path):
    data = open(path, "rb").read()
    assert data.startswith(MAGIC) and data.endswith(MAGIC), "not an MCAP file"
    out = os.path.dirname(os.path.abspath(__file__))
    schemas, channels, counts = {}, {}, {}

    def handle(op, body):
        if op == 0x03:  # Schema: u16 id, name, encoding, u32-len data
            (sid,) = struct.unpack_from("<H", body, 0)
            name, p = string(body, 2)
            encoding, p = string(body, p)
            (n,) = struct.unpack_from("<I", body, p)
            assert encoding == "ros2msg", encoding
            if sid not in schemas:
                schemas[sid] = name
                with open(os.path.join(out, name.replace("/", "_") + ".schema.txt"), "wb") as f:
                    f.write(body[p + 4:p + 4 + n])
        elif op == 0x04:  # Channel: u16 id, u16 schema id, topic, ...
            cid, sid = struct.unpack_from("<HH", body, 0)
            topic, _ = string(body, 4)
            channels[cid] = topic
        elif op == 0x05:  # Message: u16 channel, u32 seq, u64 log, u64 publish, data
            (cid,) = struct.unpack_from("<H", body, 0)
            topic = channels[cid].strip("/").replace("/", "_")
            n = counts.get(topic, 0)
            counts[topic] = n + 1
            with open(os.path.join(out, f"{topic}_{n}.bin"), "wb") as f:
                f.write(body[22:])
        elif op == 0x06:  # Chunk: u64 start, u64 end, u64 size, u32 crc, compression, u64-len records
            compression, p = string(body, 28)
            assert compression == "", f"compressed chunk ({compression}) not handled"
            (n,) = struct.unpack_from("<Q", body, p)
            for inner in records(body[p + 8:p + 8 + n]):
                handle(*inner)

    for op, body in records(data[len(MAGIC):-len(MAGIC)]):
        handle(op, body)
    print("schemas:", schemas, "messages:", counts)


if __name__ == "__main__":
    main(sys.argv[1])
