// npm jose: verify an access token from the gateway's JWKS alone, as jose's README does it.
// node jose-verify.mjs JWKS_URL TOKEN -> {"alg","claims"} ; a failure exits 1 with the error's code.
import { createRemoteJWKSet, jwtVerify } from 'jose';
const [jwksUrl, token] = process.argv.slice(2);
const JWKS = createRemoteJWKSet(new URL(jwksUrl));
try {
  const { payload, protectedHeader } = await jwtVerify(token, JWKS, { issuer: 'portcullis' });
  console.log(JSON.stringify({ alg: protectedHeader.alg, claims: payload }));
} catch (e) {
  console.error(e.code || e.message);
  process.exit(1);
}
