// What the School follows once the programme runs: a session's evaluations with their averages
// (art. 135), cancelling a session with its reason (applicants are told), the court's execution
// report to download (art. 143), and the deadline sweep, when it last passed, run on demand.
import { assert, base, expectStatus, expectText, fixtures, login, look, newPage, step } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  await login(page, 'ecole@demo.magistra.fr');

  step('the evaluations of a session that ended');
  await page.goto(`${base}/ecole/selection/${fixtures.evaluated}`);
  await page.getByRole('heading', { name: 'Évaluations des participants (art. 135)' }).waitFor();
  await expectText(page, '3 sur 3 (100 %)');
  await expectText(page, '4,3 / 5');
  await expectText(page, fixtures.comment);
  await look(page, 'followup-evaluations');

  step('cancelling a session, with the reason the applicants read');
  await page.goto(`${base}/ecole/selection/${fixtures.toCancel}`);
  await page.getByText('Annuler la session').click();
  await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
  await expectText(page, 'Indiquez le motif de l’annulation');
  await page.getByLabel('Motif communiqué aux candidats').fill('Intervenant empêché ; la session sera reprogrammée.');
  await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
  await expectStatus(page, 'La session est annulée ; chaque candidat en est informé.');
  await look(page, 'followup-cancelled');

  step('the execution report of a court, as PDF and CSV');
  await page.goto(`${base}/budget`);
  await page.getByRole('link', { name: 'Rapports de la cour (art. 138, 143)' }).click();
  await page.getByRole('heading', { name: 'Rapports de la cour' }).waitFor();
  for (const [label, extension] of [['Télécharger le rapport (PDF)', 'pdf'], ['Télécharger le tableau (CSV)', 'csv']]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: label }).click(),
    ]);
    assert(download.suggestedFilename().endsWith(`.${extension}`), `a ${extension} file, not ${download.suggestedFilename()}`);
  }
  await look(page, 'followup-budget');

  step('the deadline sweep: when it last passed, and run now');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Suivi', exact: true }).click();
  await page.getByTestId('last-sweep').waitFor();
  await expectText(page, 'automatique');
  await page.getByRole('button', { name: 'Lancer l’échéancier maintenant' }).click();
  await expectStatus(page, 'L’échéancier est passé.');
  await expectText(page, 'lancé par l’École');
  await look(page, 'followup-suivi');
}
