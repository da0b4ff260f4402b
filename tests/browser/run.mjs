// Runs one browser journey: `node tests/browser/run.mjs <journey>`, with MAGISTRA_BASE set to a
// running server seeded by the Rust test that calls this, and MAGISTRA_FIXTURES describing its data.
import { launch, screenshot } from './lib.mjs';

const name = process.argv[2];
const journey = await import(`./${name}.mjs`);
const browser = await launch();
const started = Date.now();
let pages = [];
try {
  await journey.run(browser, (page) => pages.push(page));
  console.log(`journey ${name}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.log(`journey ${name}: FAILED: ${error.stack || error}`);
  for (const [i, page] of pages.entries()) {
    try {
      console.log(`  page ${i} was at ${page.url()}`);
      await screenshot(page, `failure-${name}-${i}`);
    } catch {}
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
