"""The scripted remote side of the real-MTA cases: a DNS server and SMTP servers,
all on loopback, in one process (Python 3 standard library only).

    python3 servers.py LOGFILE [SYSLOG_SOCKET MAILLOG]

DNS on 127.0.0.2:53 (UDP) answers from cases.py's tables; every other name is
NXDOMAIN. With SYSLOG_SOCKET, it also receives syslog(3) datagrams there and
appends them to MAILLOG, as a syslog daemon writes mail.log. SMTP servers on the SERVERS addresses, port 25, answer each recipient as
its case says. Nothing here connects anywhere: it only answers.
"""

import asyncio
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases as C  # noqa: E402

LOG = None


def log(line):
    LOG.write(line + "\n")
    LOG.flush()


# ---------------------------------------------------------------- DNS

A, NS, CNAME, SOA, PTR, MX, TXT, AAAA = 1, 2, 5, 6, 12, 15, 16, 28


def encode_name(name):
    out = b""
    for label in name.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


def read_name(data, off):
    labels = []
    while True:
        n = data[off]
        if n == 0:
            return ".".join(labels), off + 1
        if n & 0xC0:
            raise ValueError("compressed question name")
        labels.append(data[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += 1 + n


def rr(rtype, rdata, ttl=60):
    return b"\xc0\x0c" + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


def answer(name, qtype):
    """Returns (rcode, [answer records])."""
    name = name.lower().rstrip(".")
    if name.endswith(".in-addr.arpa"):
        parts = name[: -len(".in-addr.arpa")].split(".")
        ip = ".".join(reversed(parts))
        hosts = [h for h, a in C.HOSTS.items() if a == ip]
        if not hosts:
            return 3, []
        return 0, [rr(PTR, encode_name(hosts[0]))] if qtype == PTR else []
    if name == "localhost":
        return 0, [rr(A, bytes([127, 0, 0, 1]))] if qtype == A else []
    if name in C.HOSTS:
        ip = bytes(int(x) for x in C.HOSTS[name].split("."))
        return 0, [rr(A, ip)] if qtype == A else []
    if name in C.MX:
        target = C.MX[name]
        if qtype == MX:
            pref = 0 if target == "." else 10
            return 0, [rr(MX, struct.pack(">H", pref) + encode_name(target))]
        return 0, []
    if name in C.EMPTY:
        return 0, []
    return 3, []


class Dns(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        try:
            qid, flags, qd = struct.unpack(">HHH", data[:6])
            name, off = read_name(data, 12)
            qtype, _qclass = struct.unpack(">HH", data[off:off + 4])
            question = data[12:off + 4]
        except (ValueError, IndexError, struct.error):
            return
        rcode, answers = answer(name, qtype)
        rflags = 0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode
        reply = struct.pack(">HHHHHH", qid, rflags, 1, len(answers), 0, 0) + question
        reply += b"".join(answers)
        log(f"dns {addr[0]} {name} type={qtype} rcode={rcode} answers={len(answers)}")
        self.transport.sendto(reply, addr)


# ---------------------------------------------------------------- syslog

class Syslog(asyncio.DatagramProtocol):
    """Receives syslog(3) datagrams on /dev/log and writes them as a mail.log does."""

    def __init__(self, out):
        self.out = out

    def datagram_received(self, data, addr):
        text = data.decode("utf-8", "replace").rstrip("\x00\n")
        if text.startswith("<") and ">" in text:
            text = text.split(">", 1)[1]
        # glibc sends "Mmm dd hh:mm:ss TAG[PID]: MSG"; a log file adds the host name.
        if len(text) > 16 and text[15] == " ":
            text = text[:16] + C.LOCAL + " " + text[16:]
        self.out.write(text + "\n")
        self.out.flush()


# ---------------------------------------------------------------- SMTP

def address_of(arg):
    arg = arg.split(":", 1)[1] if ":" in arg else arg
    arg = arg.strip()
    if arg.startswith("<"):
        arg = arg[1:].split(">", 1)[0]
    else:
        arg = arg.split()[0] if arg.split() else ""
    return arg


def scripted(rcpt, stage):
    c = C.BY_LOCALPART.get(rcpt.split("@")[0].lower())
    if c and c["stage"] == stage:
        return c["reply"].replace("{rcpt}", rcpt)
    return None


async def smtp_session(reader, writer, listen):
    conf = C.SERVERS[listen]
    peer = writer.get_extra_info("peername")
    tag = f"smtp {listen} <- {peer[0]}"

    async def send(line):
        log(f"{tag} S: {line}")
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    try:
        await send(conf["greeting"])
        if conf["greeting"].startswith("4") or conf["greeting"].startswith("5"):
            # Some clients send QUIT first; read one line at most, then close.
            try:
                await asyncio.wait_for(reader.readline(), 2)
            except asyncio.TimeoutError:
                pass
            return
        host = conf["greeting"].split()[1]
        rcpts = []
        while True:
            raw = await asyncio.wait_for(reader.readline(), 60)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            log(f"{tag} C: {line}")
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                lines = [host, "8BITMIME", "ENHANCEDSTATUSCODES"]
                if "size" in conf:
                    lines.append(f"SIZE {conf['size']}")
                for i, x in enumerate(lines):
                    await send(("250 " if i == len(lines) - 1 else "250-") + x)
            elif verb == "HELO":
                await send(f"250 {host}")
            elif verb == "MAIL":
                rcpts = []
                size = [p for p in line.upper().split() if p.startswith("SIZE=")]
                if size and "size" in conf and int(size[0][5:] or 0) > conf["size"]:
                    await send("552 5.3.4 Message size exceeds fixed limit")
                else:
                    await send("250 2.1.0 Ok")
            elif verb == "RCPT":
                rcpt = address_of(line)
                reply = scripted(rcpt, "rcpt")
                if reply:
                    await send(reply)
                    if reply.startswith("421"):
                        return
                else:
                    rcpts.append(rcpt)
                    await send("250 2.1.5 Ok")
            elif verb == "DATA":
                if not rcpts:
                    await send("554 5.5.1 No valid recipients")
                    continue
                await send("354 End data with <CR><LF>.<CR><LF>")
                size = 0
                while True:
                    raw = await asyncio.wait_for(reader.readline(), 60)
                    if not raw or raw in (b".\r\n", b".\n"):
                        break
                    size += len(raw)
                replies = [r for r in (scripted(x, "data") for x in rcpts) if r]
                if "size" in conf and size > conf["size"]:
                    await send("552 5.3.4 Message size exceeds fixed limit")
                elif replies:
                    await send(replies[0])
                else:
                    await send("250 2.0.0 Ok: queued")
                rcpts = []
            elif verb == "RSET":
                rcpts = []
                await send("250 2.0.0 Ok")
            elif verb == "NOOP":
                await send("250 2.0.0 Ok")
            elif verb == "QUIT":
                await send("221 2.0.0 Bye")
                return
            elif verb == "VRFY":
                await send("252 2.0.0 Cannot verify")
            else:
                await send("502 5.5.2 Command not implemented")
    except (asyncio.TimeoutError, ConnectionError):
        return
    finally:
        writer.close()


async def main():
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(Dns, local_addr=(C.DNS_ADDR, 53))
    servers = []
    for addr in C.SERVERS:
        servers.append(await asyncio.start_server(
            lambda r, w, a=addr: smtp_session(r, w, a), addr, 25))
    if len(sys.argv) > 3:
        import socket
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sys.argv[2])
        os.chmod(sys.argv[2], 0o666)
        out = open(sys.argv[3], "a", encoding="utf-8")
        await loop.create_datagram_endpoint(lambda: Syslog(out), sock=sock)
    log("ready")
    await asyncio.Event().wait()


if __name__ == "__main__":
    LOG = open(sys.argv[1], "a", encoding="utf-8")
    asyncio.run(main())
