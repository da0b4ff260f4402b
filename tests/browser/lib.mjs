// Helpers shared by the browser journeys: Debian's Chromium driven by playwright-core, axe-core run
// on every page reached (WCAG 2.1 A and AA), screenshots under target/screenshots/.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(join(root, 'tools', 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const base = process.env.MAGISTRA_BASE;
export const fixtures = JSON.parse(process.env.MAGISTRA_FIXTURES || '{}');
const shots = process.env.MAGISTRA_SCREENSHOTS || join(root, 'target', 'screenshots');
mkdirSync(shots, { recursive: true });
export const PASSWORD = 'magistra';

export function step(text) {
  console.log(`  · ${text}`);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=fr-FR',
    ],
  });
}

/// A fresh browser context (its own storage) and page; phone-sized when asked.
export async function newPage(browser, { phone = false } = {}) {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`  ! page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
      console.log(`  ! console: ${message.text()}`);
    }
  });
  page.setDefaultTimeout(15000);
  return page;
}

/// Runs axe-core with the WCAG 2.1 A and AA rules; any violation fails the journey.
export async function checkA11y(page, label) {
  await page.waitForLoadState('networkidle');
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  if (result.violations.length > 0) {
    const details = result.violations
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n      ')}`)
      .join('\n    ');
    throw new Error(`accessibility violations on ${label}:\n    ${details}`);
  }
  step(`axe: no WCAG 2.1 AA violation on ${label} (${result.passes.length} rules passed)`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/// Checks accessibility and saves a screenshot of the page as it stands.
export async function look(page, name) {
  await checkA11y(page, name);
  await screenshot(page, name);
}

export async function login(page, email, { path = '/' } = {}) {
  await page.goto(base + path);
  await page.waitForURL(/\/connexion/);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
}

export async function logout(page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/connexion/);
}

/// Follows a link of the main menu.
export async function menu(page, name) {
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/// Waits for a status message containing `text`.
export async function expectStatus(page, text) {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

/// Clicks `button`, waits for the download it starts and checks it is a PDF named like `name`.
export async function pdfDownloaded(page, button, name) {
  const download = page.waitForEvent('download');
  await button.click();
  const file = await download;
  assert(name.test(file.suggestedFilename()), `PDF named ${file.suggestedFilename()}`);
  const stream = await file.createReadStream();
  const head = await new Promise((resolve) => stream.once('data', (chunk) => resolve(chunk.subarray(0, 5).toString())));
  assert(head === '%PDF-', `${file.suggestedFilename()} is a PDF`);
}

/// Accepts, on `page`, the confirmation asked before deciding while the evaluating authorities may
/// still give observations (art. 130); returns the messages asked, for the journey to read.
export function acceptEarlyDecisions(page) {
  const asked = [];
  page.on('dialog', async (dialog) => {
    asked.push(dialog.message());
    // A prompt asks why to select someone already selected for an action on the same days (art. 131).
    await (dialog.type() === 'prompt' ? dialog.accept(OVERLAP_REASON) : dialog.accept());
  });
  return asked;
}

/// The reason a journey gives to select a magistrate already selected for an action on the same days.
export const OVERLAP_REASON = 'Deux demi-journées distinctes, accord du chef de juridiction.';

export async function expectText(page, text) {
  await page.getByText(text).first().waitFor();
}

export function assert(condition, message) {
  if (!condition) {
    throw new Error(`assertion failed: ${message}`);
  }
}
