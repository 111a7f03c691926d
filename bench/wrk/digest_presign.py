#!/usr/bin/python3
"""Pre-signs Digest requests (bench/wrk/raw_requests.py --digest turns them into raw requests for Replay): wrk cannot hash, and every (nonce, nc)
is single-use. Fetches NONCES fresh challenges from the gateway, then writes one response hash per
request: request i uses nonce i % NONCES with nc = i // NONCES + 1, so two requests with the same
nonce are NONCES requests apart and arrive in order even with 64 connections.

  /usr/bin/python3 bench/wrk/digest_presign.py http://127.0.0.1:8080/v2/whoami EMAIL PASSWORD CLIENT_KEY \
      [COUNT=1500000] [OUTDIR=/tmp/portcullis-digest] [ALGORITHM=MD5|SHA-256] [NONCES=1024]

Send them within nonceTtlSeconds (default 300 s) of this script, in order (Replay does)."""
import hashlib
import http.client
import os
import re
import sys
import urllib.parse


def main():
    url, user, password, key = sys.argv[1:5]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 1_500_000
    out = sys.argv[6] if len(sys.argv) > 6 else "/tmp/portcullis-digest"
    algorithm = sys.argv[7] if len(sys.argv) > 7 else "MD5"
    n_nonces = int(sys.argv[8]) if len(sys.argv) > 8 else 1024
    h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[algorithm]
    u = urllib.parse.urlsplit(url)
    uri = u.path + ("?" + u.query if u.query else "")
    conn = http.client.HTTPConnection(u.hostname, u.port or 80)
    nonces, realm, opaque = [], None, None
    for _ in range(n_nonces):
        conn.request("GET", uri, headers={"X-Client-Key": key})
        r = conn.getresponse()
        r.read()
        for v in r.headers.get_all("WWW-Authenticate") or []:
            if v.startswith("Digest ") and ("algorithm=" + algorithm + ",") in v:
                nonces.append(re.search(r'nonce="([^"]+)"', v).group(1))
                realm = re.search(r'realm="([^"]+)"', v).group(1)
                opaque = re.search(r'opaque="([^"]+)"', v).group(1)
    if len(nonces) != n_nonces:
        sys.exit("the gateway did not offer Digest " + algorithm + " on " + url)
    os.makedirs(out, exist_ok=True)
    ha1 = h(f"{user}:{realm}:{password}".encode()).hexdigest()
    ha2 = h(f"GET:{uri}".encode()).hexdigest()
    with open(os.path.join(out, "meta.txt"), "w") as f:
        f.write("\n".join([user, realm, uri, algorithm, opaque, key]) + "\n")
    with open(os.path.join(out, "nonces.txt"), "w") as f:
        f.write("\n".join(nonces) + "\n")
    with open(os.path.join(out, "responses.txt"), "w") as f:
        for i in range(count):
            nonce = nonces[i % n_nonces]
            nc = "%08x" % (i // n_nonces + 1)
            f.write(h(f"{ha1}:{nonce}:{nc}:wrk:auth:{ha2}".encode()).hexdigest() + "\n")
    print(f"wrote {count} {algorithm} requests over {n_nonces} nonces to {out}")


if __name__ == "__main__":
    main()
