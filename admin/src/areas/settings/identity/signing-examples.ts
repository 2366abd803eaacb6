// How a host's backend signs an identity token, in four languages, with nothing but each one's
// standard library: an HS256 JWT with the header {"alg":"HS256","typ":"JWT"} and the claims `sub`
// (user id), `account` (account id) and `exp` (an hour ahead; the server takes at most 7 days), keyed
// with the whole `idsec_…` secret. The same shape as README.md's "Identity verification" and
// server/services/identity-token.ts; test/admin/signing-examples.test.ts runs those it can and verifies the tokens.

export const SIGNING_LANGUAGES = ['Node', 'Python', 'Ruby', 'Go'] as const;
export type SigningLanguage = (typeof SIGNING_LANGUAGES)[number];

export const SIGNING_EXAMPLES: Record<SigningLanguage, string> = {
  Node: `import { createHmac } from 'node:crypto';

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An Upshift identity token for the signed-in person, valid for an hour. */
export function upshiftToken(userId, accountId) {
  const claims = { sub: userId, account: accountId, exp: Math.floor(Date.now() / 1000) + 3600 };
  const input = \`\${b64url({ alg: 'HS256', typ: 'JWT' })}.\${b64url(claims)}\`;
  return \`\${input}.\${createHmac('sha256', process.env.UPSHIFT_IDENTITY_SECRET).update(input).digest('base64url')}\`;
}`,
  Python: `import base64, hashlib, hmac, json, os, time

def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def upshift_token(user_id: str, account_id: str) -> str:
    """An Upshift identity token for the signed-in person, valid for an hour."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _b64url(json.dumps({"sub": user_id, "account": account_id, "exp": int(time.time()) + 3600}).encode())
    signing_input = f"{header}.{claims}"
    key = os.environ["UPSHIFT_IDENTITY_SECRET"].encode()
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(signature)}"`,
  Ruby: `require "base64"
require "json"
require "openssl"

# An Upshift identity token for the signed-in person, valid for an hour.
def upshift_token(user_id, account_id)
  b64url = ->(data) { Base64.urlsafe_encode64(data, padding: false) }
  header = b64url.call(JSON.generate({ alg: "HS256", typ: "JWT" }))
  claims = b64url.call(JSON.generate({ sub: user_id, account: account_id, exp: Time.now.to_i + 3600 }))
  signing_input = "#{header}.#{claims}"
  signature = OpenSSL::HMAC.digest("SHA256", ENV.fetch("UPSHIFT_IDENTITY_SECRET"), signing_input)
  "#{signing_input}.#{b64url.call(signature)}"
end`,
  Go: `package upshift

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"time"
)

// Token is an Upshift identity token for the signed-in person, valid for an hour.
func Token(userID, accountID string) (string, error) {
	enc := base64.RawURLEncoding
	header, err := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	if err != nil {
		return "", err
	}
	claims, err := json.Marshal(map[string]any{"sub": userID, "account": accountID, "exp": time.Now().Add(time.Hour).Unix()})
	if err != nil {
		return "", err
	}
	input := enc.EncodeToString(header) + "." + enc.EncodeToString(claims)
	mac := hmac.New(sha256.New, []byte(os.Getenv("UPSHIFT_IDENTITY_SECRET")))
	mac.Write([]byte(input))
	return input + "." + enc.EncodeToString(mac.Sum(nil)), nil
}`,
};
