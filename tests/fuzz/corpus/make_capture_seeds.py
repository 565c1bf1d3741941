#!/usr/bin/env python3
"""Writes the seed captures of the pcap_file and pcapng_file fuzzers (small, committed):
classic pcap in both byte orders, nanosecond and Kuznetzov magics, several link types, and
pcapng with two sections, interfaces of different link types, if_tsresol/if_tsoffset,
enhanced, simple and obsolete packet blocks and a skipped block. Addresses are from the
documentation ranges; nothing is sent anywhere. Files end in .bin: they are few-hundred-byte
synthetic fuzz seeds, not captures (which are never committed).
Usage: make_capture_seeds.py CORPUS_DIR"""
import os
import struct
import sys


def ipv4(proto, payload, src=0xC6336407, dst=0xCB00710A):
    total = 20 + len(payload)
    return struct.pack(">BBHHHBBHII", 0x45, 0, total, 1, 0, 64, proto, 0, src, dst) + payload


def tcp(sport, dport, seq, flags=0x02):
    return struct.pack(">HHIIBBHHH", sport, dport, seq, 0, 0x50, flags, 1024, 0, 0)


def mirai_syn(src=0xC6336407, dst=0xCB00710A, dport=23):
    return ipv4(6, tcp(40000, dport, dst), src, dst)


def udp(src=0xC6336408, dport=1900):
    return ipv4(17, struct.pack(">HHHH", 5000, dport, 12, 0) + b"abcd", src)


def ethernet(packet, vlan=False):
    head = b"\x00\x11\x22\x33\x44\x55\x00\x66\x77\x88\x99\xaa"
    if vlan:
        head += b"\x81\x00\x00\x07"
    return head + b"\x08\x00" + packet


def pcap(endian, magic, link, frames, modified=False):
    out = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, link)
    for i, f in enumerate(frames):
        out += struct.pack(endian + "IIII", 1622073600 + i * 3600, 500, len(f), len(f))
        if modified:
            out += struct.pack(endian + "IHBB", 1, 0, 0, 0)
        out += f
    return out


def block(endian, kind, body):
    body += b"\x00" * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack(endian + "II", kind, length) + body + struct.pack(endian + "I", length)


def shb(endian):
    return block(endian, 0x0A0D0D0A, struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1))


def idb(endian, link, options=b""):
    return block(endian, 1, struct.pack(endian + "HHI", link, 0, 65535) + options)


def option(endian, code, value):
    return struct.pack(endian + "HH", code, len(value)) + value + b"\x00" * (-len(value) % 4)


def epb(endian, iface, ts, frame):
    return block(endian, 6, struct.pack(endian + "IIIII", iface, ts >> 32, ts & 0xFFFFFFFF,
                                        len(frame), len(frame)) + frame)


def opb(endian, iface, ts, frame):
    return block(endian, 2, struct.pack(endian + "HHIIII", iface, 0, ts >> 32, ts & 0xFFFFFFFF,
                                        len(frame), len(frame)) + frame)


def spb(endian, frame):
    return block(endian, 3, struct.pack(endian + "I", len(frame)) + frame)


def main(corpus):
    frames = [ethernet(mirai_syn()), ethernet(udp()), ethernet(mirai_syn(dport=2323), vlan=True),
              ethernet(ipv4(6, tcp(40001, 80, 7, 0x12)))]
    raw = [mirai_syn(), udp(), mirai_syn(src=0xC6336409)]
    pcaps = {
        "le_usec_ethernet_pcap.bin": pcap("<", 0xA1B2C3D4, 1, frames),
        "be_nsec_raw_pcap.bin": pcap(">", 0xA1B23C4D, 101, raw),
        "le_modified_raw_pcap.bin": pcap("<", 0xA1B2CD34, 12, raw, modified=True),
        "le_linux_sll_truncated_pcap.bin": pcap("<", 0xA1B2C3D4, 113,
                                            [b"\x00\x00\x03\x04\x00\x06" + b"\x00" * 8 + b"\x08\x00" + mirai_syn()])[:-7],
        "le_unsupported_link_pcap.bin": pcap("<", 0xA1B2C3D4, 147, raw[:1]),
    }
    ng = {}
    for name, e in (("le", "<"), ("be", ">")):
        tsresol = option(e, 9, b"\x09")  # nanoseconds
        tsoffset = option(e, 14, struct.pack(e + "q", 3600))
        ng[f"{name}_two_interfaces_pcapng.bin"] = (
            shb(e) + idb(e, 1, tsresol + tsoffset + option(e, 0, b"")) + idb(e, 101)
            + epb(e, 0, 1622073600 * 10**9, frames[0]) + epb(e, 1, 1622073601 * 10**6, raw[1])
            + spb(e, frames[1]) + opb(e, 0, 1622077200 * 10**9, frames[2])
            + block(e, 5, b"stats") + shb(e) + idb(e, 228, option(e, 9, b"\x8a"))
            + epb(e, 0, 1622073600 << 10, raw[2]))
    ng["le_unsupported_only_pcapng.bin"] = shb("<") + idb("<", 147) + epb("<", 0, 0, b"abc")
    ng["le_cut_block_pcapng.bin"] = (shb("<") + idb("<", 1) + epb("<", 0, 1622073600 * 10**6, frames[0]))[:-9]
    # Regressions: 64-bit times that overflowed (UBSan) and a day equal to INT32_MIN, the
    # source table's empty-slot key, which lost the source's counts.
    second = option("<", 9, b"\x00")
    ng["regress_time_overflow_pcapng.bin"] = (
        shb("<") + idb("<", 1, second + option("<", 14, struct.pack("<q", 2**63 - 1)))
        + epb("<", 0, 2**64 - 1, frames[0]))
    ng["regress_negative_offset_pcapng.bin"] = (
        shb("<") + idb("<", 1, option("<", 14, struct.pack("<q", -2**63))) + epb("<", 0, 0, frames[0]))
    ng["regress_day_int32_min_pcapng.bin"] = (
        shb("<") + idb("<", 1, second + option("<", 14, struct.pack("<q", -(2**31) * 86400)))
        + epb("<", 0, 0, frames[0]))
    for sub, files in (("pcap_file", pcaps), ("pcapng_file", ng)):
        os.makedirs(os.path.join(corpus, sub), exist_ok=True)
        for file, data in files.items():
            with open(os.path.join(corpus, sub, file), "wb") as out:
                out.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
