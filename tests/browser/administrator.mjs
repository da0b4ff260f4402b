// The administrator (issue 16): lands in the administration console, a build of its own served
// under /administration/; finds a magistrate, grants a role with its scope (refused without it),
// revokes it, disables and re-enables the account; previews a directory file with a bad line
// (refused line by line, nothing written), then a good one, imports it, and previews it again
// (nothing to change); adds a function to the reference list; links an account to its HR
// identifier and opens one for someone the directory does not hold.
import { assert, expectStatus, expectText, fixtures, login, look, newPage, step } from './lib.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  await login(page, 'admin@demo.magistra.fr');
  step('the administrator lands in the console, loaded from /administration/');
  await page.waitForURL(/\/administration$/);
  await page.getByRole('heading', { level: 1, name: 'Personnes et rôles' }).waitFor();
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.endsWith('.wasm')));
  assert(wasm.some((name) => name.includes('/administration/')), `the console's own build runs: ${wasm}`);

  step('find a magistrate by e-mail and open the page');
  await page.getByLabel('Nom, adresse électronique ou identifiant').fill(fixtures.person.email);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('status').filter({ hasText: '1 personne trouvée.' }).waitFor();
  await page.getByRole('link', { name: fixtures.person.name }).click();
  await page.getByRole('heading', { level: 1, name: fixtures.person.name }).waitFor();
  await page.getByRole('cell', { name: 'en cours' }).first().waitFor();
  await look(page, 'admin-personne');

  step('a delegate is named for a court: refused without one, then granted for Lyon');
  await page.getByLabel('Rôle à attribuer').selectOption({ label: 'Magistrat délégué à la formation' });
  await page.getByRole('button', { name: 'Attribuer le rôle' }).click();
  await page.getByRole('alert').filter({ hasText: 'choisissez la cour' }).waitFor();
  await page.getByLabel('Cour d’appel').selectOption({ label: 'Lyon' });
  await page.getByRole('button', { name: 'Attribuer le rôle' }).click();
  await expectStatus(page, 'Rôle « Magistrat délégué à la formation » attribué.');
  const revoke = page.getByRole('button', { name: 'Retirer le rôle Magistrat délégué à la formation (Cour d’appel de Lyon)' });
  await revoke.waitFor();
  step('revoked again');
  await revoke.click();
  await expectStatus(page, 'Rôle retiré.');
  await revoke.waitFor({ state: 'detached' });

  step('the account disabled, then enabled again');
  await page.getByRole('button', { name: 'Désactiver le compte' }).click();
  await expectStatus(page, 'Le compte est désactivé.');
  await expectText(page, 'Désactivé : la personne ne peut plus se connecter');
  await page.getByRole('button', { name: 'Réactiver le compte' }).click();
  await expectStatus(page, 'Le compte est réactivé.');

  step('the account linked to an HR identifier, for the single sign-on');
  await page.getByLabel('Identifiant RH').fill(fixtures.person.identifier);
  await page.getByRole('button', { name: 'Enregistrer l’identifiant' }).click();
  await expectStatus(page, 'Identifiant RH enregistré');
  await page.getByText(fixtures.person.identifier, { exact: true }).waitFor();

  step('the directory: a file with a bad line is refused, line by line');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Import de l’annuaire' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import de l’annuaire' }).waitFor();
  const folder = mkdtempSync(join(tmpdir(), 'magistra-annuaire-'));
  const bad = join(folder, 'annuaire-faux.csv');
  const good = join(folder, 'annuaire.csv');
  writeFileSync(bad, fixtures.directory.bad);
  writeFileSync(good, fixtures.directory.good);
  const file = page.getByLabel('Fichier de l’annuaire (CSV)');
  await file.setInputFiles(bad);
  await page.getByRole('button', { name: 'Prévisualiser l’import' }).click();
  await page.getByRole('heading', { name: 'Fichier refusé : 1 ligne à corriger' }).waitFor();
  await expectText(page, `Ligne 3 : ${fixtures.directory.badReason}`);
  await look(page, 'admin-annuaire-refuse');

  step('a good file: previewed, then imported');
  await file.setInputFiles(good);
  await page.getByRole('button', { name: 'Prévisualiser l’import' }).click();
  await expectStatus(page, '2 personnes créées, 0 modifiée, 0 terminée, 0 inchangée.');
  await page.getByRole('cell', { name: fixtures.directory.createdName }).waitFor();
  await look(page, 'admin-annuaire-apercu');
  await page.getByRole('button', { name: 'Importer ces changements' }).click();
  await page.getByRole('status').filter({ hasText: /Import n° \d+ fait : 2 personnes créées/ }).waitFor();
  step('the same file again changes nothing');
  await page.getByRole('button', { name: 'Prévisualiser l’import' }).click();
  await expectStatus(page, '0 personne créée, 0 modifiée, 0 terminée, 2 inchangées.');
  await expectText(page, 'Ce fichier ne change rien');
  assert(await page.getByRole('button', { name: 'Importer ces changements' }).count() === 0, 'nothing to import');

  step('reference data: a function added to the list');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Données de référence' }).click();
  const adding = page.getByRole('group', { name: 'Ajouter une fonction' });
  await adding.getByLabel('Nom', { exact: true }).fill(fixtures.newFunction);
  await adding.getByRole('button', { name: 'Ajouter' }).click();
  await expectStatus(page, 'Fonction ajoutée.');
  await page.getByLabel('Juridictions de la cour d’appel de').selectOption({ label: 'Lyon' });
  await page.getByText('Tribunal judiciaire de Lyon').first().waitFor();
  await look(page, 'admin-referentiel');

  step('an account for someone the directory does not hold, then its page');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Personnes et rôles' }).click();
  await page.getByText('Ouvrir un compte hors annuaire').click();
  await page.getByLabel('Nom', { exact: true }).fill(fixtures.newAccount.name);
  await page.getByLabel('Adresse électronique', { exact: true }).fill(fixtures.newAccount.email);
  await page.getByLabel('Identifiant RH', { exact: true }).fill(fixtures.newAccount.identifier);
  await look(page, 'admin-nouveau-compte');
  await page.getByRole('button', { name: 'Ouvrir le compte' }).click();
  await page.getByRole('heading', { level: 1, name: fixtures.newAccount.name }).waitFor();
  await page.getByText('Aucune affectation').waitFor();
}
