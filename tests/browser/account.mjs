// « Mon compte » (issue 16): a magistrate changes their password — two different entries and a
// password too short are refused with a French reason — logs in again with the new one, and
// downloads everything Magistra holds on them as one JSON file.
import { PASSWORD, assert, base, expectStatus, fixtures, look, newPage, step } from './lib.mjs';
import { readFileSync } from 'node:fs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  await page.goto(base + '/');
  await page.getByLabel('Adresse électronique').fill(fixtures.email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  step('« Mon compte » from the name in the header');
  await page.getByRole('link', { name: new RegExp(fixtures.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  await page.getByText('Entrées du journal vous concernant').waitFor();
  await look(page, 'mon-compte');

  const change = async (current, next, again) => {
    await page.getByLabel('Mot de passe actuel').fill(current);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(next);
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(again);
    await page.getByRole('button', { name: 'Changer de mot de passe' }).click();
  };
  step('two different entries are refused before sending');
  await change(PASSWORD, fixtures.newPassword, fixtures.newPassword + 'x');
  await page.getByRole('alert').filter({ hasText: 'Les deux saisies du nouveau mot de passe sont différentes.' }).waitFor();
  step('a password too short is refused by the server');
  await change(PASSWORD, 'court', 'court');
  await page.getByRole('alert').filter({ hasText: '12 caractères au moins' }).waitFor();
  step('a good one is taken, and the fields are emptied');
  await change(PASSWORD, fixtures.newPassword, fixtures.newPassword);
  await expectStatus(page, 'Votre mot de passe est changé.');
  assert((await page.getByLabel('Mot de passe actuel').inputValue()) === '', 'no password stays on the screen');

  step('« Mes données »: one JSON file');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger mes données' }).click(),
  ]);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert(data.profil.courriel === fixtures.email, `the file is the person's own: ${JSON.stringify(data.profil)}`);
  assert(Array.isArray(data.journal), 'with the audit entries about them');
  await expectStatus(page, 'est téléchargé');

  step('logged out, then in again with the new password');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/connexion/);
  await page.getByLabel('Adresse électronique').fill(fixtures.email);
  await page.getByLabel('Mot de passe').fill(fixtures.newPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
}
