// A real OpenID provider (npm oidc-provider) for the single sign-on tests, on loopback:
//   node provider.mjs PORT REDIRECT_URI CLIENT_ID CLIENT_SECRET [HINT]
// It prints {"listening":PORT} once it answers. There is no login form: the person signing in is
// the authorization request's `login_hint`, else HINT (account `sub-<hint>`, whose `hr_id` claim is
// the hint and whose e-mail is the administrator's, so that a match on the e-mail would show). A test
// makes the next ID tokens wrong with POST /test/mode {"mode": …}: "forged" (signed with another
// key), "audience" (another client's), "expired", "nonce" (another request's), "normal" again.
import { createRequire } from 'node:module';
import { generateKeyPairSync, createPrivateKey, sign } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'tools', 'package.json'));
const { default: Provider } = await import(pathToFileURL(require.resolve('oidc-provider')).href);

const [port, redirectUri, clientId, clientSecret, defaultHint] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const signing = { ...rsaKey(), kid: 'magistra-test', alg: 'RS256', use: 'sig' };
// Another key under the same name: a token it signs must be refused.
const forger = { ...rsaKey(), kid: 'magistra-test', alg: 'RS256', use: 'sig' };
let mode = 'normal';

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signing] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, hr_id: id.replace(/^sub-/, ''), email: 'admin@demo.magistra.fr' }),
  }),
  claims: { openid: ['sub', 'hr_id', 'email'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['magistra-test-cookies'] },
});
provider.proxy = false;
// The provider's own notices go to stderr: stdout is the test's.
console.info = (...args) => console.error(...args);

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const resign = (token, key, change) => {
  const [header, payload] = token.split('.');
  const claims = change(JSON.parse(Buffer.from(payload, 'base64url').toString()));
  const head = JSON.parse(Buffer.from(header, 'base64url').toString());
  const input = `${b64(head)}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key: key, format: 'jwk' }));
  return `${input}.${signature.toString('base64url')}`;
};

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/test/mode') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    mode = JSON.parse(Buffer.concat(chunks).toString()).mode;
    ctx.body = { mode };
    return;
  }
  if (ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result;
    if (details.prompt.name === 'login') {
      result = { login: { accountId: `sub-${details.params.login_hint || defaultHint}` } };
    } else {
      const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope('openid');
      grant.addOIDCClaims(['sub', 'hr_id', 'email']);
      result = { consent: { grantId: await grant.save() } };
    }
    ctx.respond = false;
    await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.body && ctx.body.id_token && mode !== 'normal') {
    const token = ctx.body.id_token;
    const now = Math.floor(Date.now() / 1000);
    ctx.body.id_token = {
      forged: () => resign(token, forger, (c) => c),
      audience: () => resign(token, signing, (c) => ({ ...c, aud: 'un-autre-client' })),
      expired: () => resign(token, signing, (c) => ({ ...c, iat: now - 7200, exp: now - 3600 })),
      nonce: () => resign(token, signing, (c) => ({ ...c, nonce: 'celui-d-une-autre-demande' })),
    }[mode]();
    say({ altered: mode });
  }
});

provider.listen(Number(port), '127.0.0.1', () => say({ listening: Number(port) }));
