// npm oauth (node-oauth) as its README shows it: new OAuth(requestUrl, accessUrl, key, secret, '1.0A', callback, 'HMAC-SHA1').
// node node-oauth.cjs request-token                 -> {"token","secret"}
// node node-oauth.cjs access-token TOKEN SECRET VERIFIER -> {"token","secret"}
// node node-oauth.cjs get TOKEN SECRET URL          -> {"status","body"}
// BASE, KEY, SECRET from the environment. Errors: {"error":{"statusCode","data"}}.
const { OAuth } = require('oauth');
const base = process.env.BASE;
const oauth = new OAuth(base + '/v2/oauth/request_token', base + '/v2/oauth/access_token',
  process.env.KEY, process.env.SECRET, '1.0A', 'oob', 'HMAC-SHA1');
const [mode, a, b, c] = process.argv.slice(2);
const fail = e => { console.log(JSON.stringify({ error: { statusCode: e.statusCode, data: e.data } })); };
if (mode === 'request-token') {
  oauth.getOAuthRequestToken((e, token, secret) => e ? fail(e) : console.log(JSON.stringify({ token, secret })));
} else if (mode === 'access-token') {
  oauth.getOAuthAccessToken(a, b, c, (e, token, secret) => e ? fail(e) : console.log(JSON.stringify({ token, secret })));
} else if (mode === 'get') {
  oauth.get(c, a, b, (e, data, res) => e ? fail(e) : console.log(JSON.stringify({ status: res.statusCode, body: data })));
}
