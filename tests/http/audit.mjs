// The GraphQL-over-HTTP audit suite (npm `graphql-http`, `serverAudits`) against a running
// Magistra: prints every audit that is not `ok`, then one line, and exits non-zero on any error
// or warning (a notice is a MAY the server chose not to do). MAGISTRA_URL is the `/graphql` endpoint.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve('tools/package.json'));
const { serverAudits } = require('graphql-http');

const url = process.env.MAGISTRA_URL;
if (!url) {
  console.error('MAGISTRA_URL is not set');
  process.exit(2);
}
const audits = serverAudits({ url });
let errors = 0;
let warnings = 0;
let notices = 0;
for (const audit of audits) {
  const result = await audit.fn();
  if (result.status === 'ok') continue;
  if (result.status === 'error') errors += 1;
  else if (result.status === 'warn') warnings += 1;
  else notices += 1; // a MAY the server chose not to do (GET requests)
  console.log(`${result.status.toUpperCase()} ${audit.id} ${audit.name}: ${result.reason}`);
}
console.log(`graphql-http: ${audits.length} audits, ${errors} errors, ${warnings} warnings, ${notices} notices (MAY)`);
process.exit(errors + warnings > 0 ? 1 : 0);
