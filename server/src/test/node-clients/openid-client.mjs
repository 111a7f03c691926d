// npm openid-client: RFC 8414 discovery of the gateway (algorithm 'oauth2': /.well-known/oauth-authorization-server),
// then the client-credentials grant from what it discovered. Plain http on loopback needs its documented
// allowInsecureRequests option. node openid-client.mjs BASE KEY SECRET -> {"metadata","token"}
import * as client from 'openid-client';
const [base, key, secret] = process.argv.slice(2);
try {
  const config = await client.discovery(new URL(base), key, secret, undefined,
    { algorithm: 'oauth2', execute: [client.allowInsecureRequests] });
  const tokens = await client.clientCredentialsGrant(config, { scope: 'read' });
  console.log(JSON.stringify({ metadata: config.serverMetadata(), token: tokens }));
} catch (e) {
  console.error(e.code, e.message);
  process.exit(1);
}
