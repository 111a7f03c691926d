// npm oauth-1.0a with fetch, in its README's header pattern:
//   fetch(url, { method, body: request_data.data, headers: oauth.toHeader(oauth.authorize(request_data, token)) })
// (authorize() copies request_data.data into the OAuth parameters, so oauth_callback and oauth_verifier
// travel in the header and in the body, with the same value).
// node oauth-1.0a.mjs request-token | access-token TOKEN SECRET VERIFIER | get TOKEN SECRET URL -> {"status","body"}
// BASE, KEY, SECRET from the environment.
import crypto from 'node:crypto';
import OAuth from 'oauth-1.0a';
const oauth = OAuth({
  consumer: { key: process.env.KEY, secret: process.env.SECRET },
  signature_method: 'HMAC-SHA1',
  hash_function(base_string, key) {
    return crypto.createHmac('sha1', key).update(base_string).digest('base64');
  },
});
const base = process.env.BASE;
const [mode, a, b, c] = process.argv.slice(2);
let request_data, token;
if (mode === 'request-token') {
  request_data = { url: base + '/v2/oauth/request_token', method: 'POST', data: { oauth_callback: 'oob' } };
} else if (mode === 'access-token') {
  request_data = { url: base + '/v2/oauth/access_token', method: 'POST', data: { oauth_verifier: c } };
  token = { key: a, secret: b };
} else {
  request_data = { url: c, method: 'GET' };
  token = { key: a, secret: b };
}
const init = { method: request_data.method, headers: { ...oauth.toHeader(oauth.authorize(request_data, token)) } };
if (request_data.data && Object.keys(request_data.data).length > 0) {
  init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
  init.body = new URLSearchParams(request_data.data).toString();
}
const r = await fetch(request_data.url, init);
console.log(JSON.stringify({ status: r.status, body: await r.text() }));
