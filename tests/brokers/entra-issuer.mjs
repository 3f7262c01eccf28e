// A stand-in for Entra ID's key publication on loopback: an OpenID configuration and a JWKS with
// one RSA key, and JWTs signed with it (or with a stranger's key), so that the Event Grid webhook's
// bearer check runs against real signed tokens without the network.

import crypto from 'node:crypto';
import http from 'node:http';

export async function startIssuer(tenantId) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = crypto.randomBytes(8).toString('hex');
  const server = http.createServer((request, response) => {
    const base = `http://127.0.0.1:${server.address().port}/${tenantId}`;
    const documents = {
      [`/${tenantId}/v2.0/.well-known/openid-configuration`]: {
        issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`, jwks_uri: `${base}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      },
      [`/${tenantId}/discovery/v2.0/keys`]: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] },
    };
    const body = documents[request.url];
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();

  return {
    authority: `http://127.0.0.1:${server.address().port}/${tenantId}/v2.0`,
    /** An RS256 JWT; `claims` override the defaults (v2 issuer, one hour of validity). */
    token({ audience, issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`, expiresIn = 3600, signedBy = privateKey } = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({
        aud: audience, iss: issuer, tid: tenantId, iat: now - 60, nbf: now - 60, exp: now + expiresIn, sub: 'eventgrid-namespace',
      })).toString('base64url');
      const signature = crypto.sign('sha256', Buffer.from(`${header}.${payload}`), signedBy).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    strangerKey: stranger,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
