#!/usr/bin/env python3
"""Pre-signs OAuth 1.0a (HMAC-SHA1) requests for Replay (bench/run.sh): one Authorization header per line, each with its
own nonce (the gateway refuses replays, so no request can be resent). Standard library only.

It first gets an access token through the demo's three-legged flow (PLAINTEXT over http is on in the
demo), then signs COUNT requests for GET URL with the current time: send them within 5 minutes.

  bench/wrk/oauth1_presign.py BASE CLIENT_KEY CLIENT_SECRET EMAIL PASSWORD COUNT > /tmp/oauth1.headers
  bench/wrk/raw_requests.py HOST:PORT /v2/whoami "Authorization: {0}" < /tmp/oauth1.headers > /tmp/oauth1.raw   # for Replay
"""
import base64, hashlib, hmac, http.cookiejar, re, secrets, sys, time, urllib.parse, urllib.request

base, key, secret, email, password, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
enc = lambda s: urllib.parse.quote(s, safe="-._~")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def plaintext(extra, token_secret=""):
    p = {"oauth_consumer_key": key, "oauth_signature_method": "PLAINTEXT", "oauth_signature": secret + "&" + token_secret}
    p.update(extra)
    return "OAuth " + ", ".join('%s="%s"' % (k, enc(v)) for k, v in p.items())


def post(url, auth):
    req = urllib.request.Request(url, method="POST", headers={"Authorization": auth})
    return dict(urllib.parse.parse_qsl(urllib.request.urlopen(req).read().decode()))


rt = post(base + "/v2/oauth/request_token", plaintext({"oauth_callback": "oob"}))
jar = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
page = jar.open(base + "/v2/oauth/authorize?oauth_token=" + rt["oauth_token"]).read().decode()
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
form = urllib.parse.urlencode({"oauth_token": rt["oauth_token"], "csrf": csrf, "email": email, "password": password,
                               "action": "approve"}).encode()
done = jar.open(base + "/v2/oauth/authorize", data=form).read().decode()
verifier = re.search(r'id="verifier">([^<]+)<', done).group(1)
at = post(base + "/v2/oauth/access_token",
          plaintext({"oauth_token": rt["oauth_token"], "oauth_verifier": verifier}, rt["oauth_token_secret"]))

uri = base.lower() + "/v2/whoami"
signing_key = (enc(secret) + "&" + enc(at["oauth_token_secret"])).encode()
ts = str(int(time.time()))
out = sys.stdout
for i in range(count):
    p = {"oauth_consumer_key": key, "oauth_token": at["oauth_token"], "oauth_signature_method": "HMAC-SHA1",
         "oauth_timestamp": ts, "oauth_nonce": secrets.token_hex(8) + str(i), "oauth_version": "1.0"}
    norm = "&".join("%s=%s" % (enc(k), enc(v)) for k, v in sorted(p.items()))
    bs = "GET&" + enc(uri) + "&" + enc(norm)
    p["oauth_signature"] = base64.b64encode(hmac.new(signing_key, bs.encode(), hashlib.sha1).digest()).decode()
    out.write("OAuth " + ", ".join('%s="%s"' % (k, enc(v)) for k, v in p.items()) + "\n")
