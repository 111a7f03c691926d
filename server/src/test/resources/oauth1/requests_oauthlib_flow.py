"""Three-legged OAuth 1.0a against Portcullis with requests-oauthlib (Debian's python3-requests-oauthlib).

usage: requests_oauthlib_flow.py BASE KEY SECRET EMAIL PASSWORD METHOD TYPE [RSA_PRIVATE_KEY_FILE]
METHOD: HMAC-SHA1 | HMAC-SHA256 | PLAINTEXT | RSA-SHA1; TYPE: AUTH_HEADER | QUERY | BODY.
Prints one JSON line: the protected call's status and body.
"""
import json
import re
import sys

import requests
from requests_oauthlib import OAuth1Session

base, key, secret, email, password, method, stype = sys.argv[1:8]
rsa_key = open(sys.argv[8]).read() if len(sys.argv) > 8 else None
kw = dict(signature_method=method, signature_type=stype)
if method == "RSA-SHA1":
    kw["rsa_key"] = rsa_key
else:
    kw["client_secret"] = secret

oauth = OAuth1Session(key, callback_uri="https://app.example.com/callback", **kw)
oauth.fetch_request_token(base + "/v2/oauth/request_token?scope=read")
authorize_url = oauth.authorization_url(base + "/v2/oauth/authorize")

browser = requests.Session()
page = browser.get(authorize_url)
page.raise_for_status()
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
token = re.search(r'name="oauth_token" value="([^"]+)"', page.text).group(1)
answer = browser.post(base + "/v2/oauth/authorize", allow_redirects=False,
                      data={"oauth_token": token, "csrf": csrf, "email": email, "password": password, "action": "approve"})
assert answer.status_code == 303, (answer.status_code, answer.text)
oauth.parse_authorization_response(answer.headers["Location"])
oauth.fetch_access_token(base + "/v2/oauth/access_token")

if stype == "BODY":
    r = oauth.post(base + "/v2/whoami", data={"note": "from requests-oauthlib"})
else:
    r = oauth.get(base + "/v2/whoami", params={"q": "a b"})
print(json.dumps({"status": r.status_code, "body": r.json()}))
