// npm digest-fetch as its README shows it: new DigestClient(user, password).fetch(url, options).
// Prints "<status> <body>". URL, USER, PASSWORD, CLIENT_KEY from the environment.
const DigestClient = require('digest-fetch').default || require('digest-fetch');
const client = new DigestClient(process.env.USER_NAME, process.env.PASSWORD);
client.fetch(process.env.URL, { headers: { 'X-Client-Key': process.env.CLIENT_KEY } })
  .then(async r => console.log(r.status + ' ' + await r.text()))
  .catch(e => { console.error(e); process.exit(2); });
