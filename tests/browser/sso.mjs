// Single sign-on in the browser (issue 16): a magistrate who opens « Mes vœux » without being
// logged in is sent to the login page, chooses the single sign-on, passes through the OpenID
// provider started by the test (which signs in the person it was told to), and comes back logged in
// on « Mes vœux », the token never in the address and its hand-over cookie wiped. A sign-in the
// browser did not begin signs no one in, and an identifier unknown to Magistra is told so.
import { assert, base, fixtures, look, newPage, step } from './lib.mjs';

export async function run(browser, track) {
  step('a sign-in the browser did not begin signs no one in');
  const planted = await newPage(browser);
  track(planted);
  await planted.goto(`${base}/connexion?sso=ok&suite=/mes-voeux`);
  await planted.getByRole('alert').filter({ hasText: 'n’a pas abouti dans ce navigateur' }).waitFor();
  assert((await planted.evaluate(() => localStorage.getItem('magistra.jeton'))) === null, 'no token kept');

  const page = await newPage(browser);
  track(page);
  step('« Mes vœux » asks to log in first');
  await page.goto(`${base}/mes-voeux`);
  await page.waitForURL(/\/connexion/);
  const sso = page.getByRole('link', { name: 'Se connecter par l’authentification unique' });
  await sso.waitFor();
  await look(page, 'connexion-authentification-unique');
  step('through the provider and back, logged in where they were going');
  await sso.click();
  await page.waitForURL((url) => url.pathname === '/mes-voeux');
  await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Mes vœux' }).waitFor();
  await page.getByText(fixtures.name).first().waitFor();
  assert(!page.url().includes('jeton'), `no token in the address: ${page.url()}`);
  assert(!(await page.evaluate(() => document.cookie)).includes('magistra_jeton'), 'the hand-over cookie is wiped');
  const stored = await page.evaluate(() => localStorage.getItem('magistra.jeton'));
  assert(stored && stored.length > 20, 'the client keeps the token like after a password login');

  step('refusals are told in French on the login page');
  await page.goto(`${base}/connexion?sso=inconnu`);
  await page.getByRole('alert').filter({ hasText: 'n’est celui d’aucun compte Magistra' }).waitFor();
}
