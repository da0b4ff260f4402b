// The Ministry reads the training sheets transmitted to it (art. 136): a court and a year, the
// sheets as a PDF and a CSV, and nothing it was not sent.
import { assert, fixtures, login, look, menu, newPage, step } from './lib.mjs';
import { readFileSync } from 'node:fs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  await login(page, 'ministere@demo.magistra.fr');
  step('the transmitted sheets of Lyon, last year');
  await menu(page, 'Fiches transmises');
  await page.getByLabel('Cour d’appel').selectOption({ label: 'Lyon' });
  await page.getByLabel('Année').selectOption(String(fixtures.year));
  await look(page, 'ministere-fiches');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger le tableau (CSV)' }).click(),
  ]);
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
  assert(lines.length > 1, `the CSV lists the transmitted sheets (${lines.length} lines)`);
  step(`${lines.length - 1} sheets in the CSV`);
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger les fiches (PDF)' }).click(),
  ]);
  assert(pdf.suggestedFilename().endsWith('.pdf'), `a PDF, not ${pdf.suggestedFilename()}`);
}
