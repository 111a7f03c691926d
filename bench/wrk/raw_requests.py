#!/usr/bin/python3
"""Writes pre-formatted raw HTTP/1.1 GET requests, one after the other, for bench's Replay load
generator (portcullis.bench.Replay replays the file over keep-alive connections, each request once).

  raw_requests.py HOST:PORT PATH 'Header: {0}' 'Other: {1} fixed' ... < values.tsv > requests.raw
      one request per line of tab-separated values; {N} is the line's N-th field (0-based)
  raw_requests.py --digest DIR HOST:PORT > requests.raw
      the Digest requests digest_presign.py wrote to DIR: request i uses nonce i % NONCES, nc i // NONCES + 1

Every request carries Host: HOST:PORT (as wrk sends it) and nothing else beyond the given headers."""
import os
import sys


def plain(hostport, path, templates):
    head = "GET " + path + " HTTP/1.1\r\nHost: " + hostport + "\r\n"
    tmpl = head + "".join(t.replace("\r", "").replace("\n", "") + "\r\n" for t in templates) + "\r\n"
    out = sys.stdout
    for line in sys.stdin:
        out.write(tmpl.format(*line.rstrip("\n").split("\t")))


def digest(d, hostport):
    def lines(name):
        with open(os.path.join(d, name)) as f:
            return f.read().split("\n")[:-1]
    user, realm, uri, alg, opaque, key = lines("meta.txt")[:6]
    nonces = lines("nonces.txt")
    k = len(nonces)
    prefix = ("GET " + uri + " HTTP/1.1\r\nHost: " + hostport + "\r\nAuthorization: Digest username=\"" + user
              + "\", realm=\"" + realm + "\", uri=\"" + uri + "\", algorithm=" + alg + ", qop=auth, cnonce=\"wrk\", opaque=\""
              + opaque + "\", nonce=\"")
    tail = "\r\nX-Client-Key: " + key + "\r\n\r\n"
    out = sys.stdout
    with open(os.path.join(d, "responses.txt")) as f:
        for i, response in enumerate(f):
            out.write(prefix + nonces[i % k] + "\", nc=%08x, response=\"" % (i // k + 1) + response.rstrip("\n") + "\"" + tail)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--digest":
        digest(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3:
        plain(sys.argv[1], sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
