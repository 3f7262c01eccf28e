// Tokens signed with a fleet's own signing key, in the service's token format (see
// src/TokenService.Core/Tokens/TokenCodec.cs and TokenPayload.cs), for what ApplyToken refuses to
// issue: a token that has already expired. Everything else in the tests is issued by ApplyToken.

import crypto from 'node:crypto';

const ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function bigEndian64(value) {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(BigInt(value));
  return buffer;
}

function lengthPrefixed(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** A genuine token (format 0, plain body) for `instanceId` with `actions` (1 R, 2 W, 3 RW). */
export function mintToken(env, { instanceId, actions = 3, resources, issuedAt, expiresAt }) {
  const keyId = env.Tokens__CurrentKeyId;
  const privateKey = crypto.createPrivateKey({ key: Buffer.from(env[`Tokens__SigningKeys__${keyId}`], 'base64'), format: 'der', type: 'pkcs8' });
  const sorted = [...new Set(resources)].sort();
  const payload = Buffer.concat([
    Buffer.from([0]), crypto.randomBytes(16), bigEndian64(issuedAt), bigEndian64(expiresAt), Buffer.from([actions]),
    lengthPrefixed(instanceId), Buffer.from([sorted.length]), ...sorted.map(lengthPrefixed),
  ]);
  const signed = `v1.${keyId}.${payload.toString('base64url')}`;
  const signature = crypto.sign('sha256', Buffer.from(signed, 'ascii'), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  // The service accepts only the low-S form of a signature (one spelling per token).
  const s = BigInt('0x' + signature.subarray(32).toString('hex'));
  if (s > ORDER / 2n) signature.set(Buffer.from((ORDER - s).toString(16).padStart(64, '0'), 'hex'), 32);
  return `${signed}.${signature.toString('base64url')}`;
}
