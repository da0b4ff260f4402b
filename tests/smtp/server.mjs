// A real SMTP server (npm smtp-server) for the outbox tests, on a free loopback port. It prints one
// JSON line per event on stdout: {"listening":PORT} first, then {"refused":…} or {"accepted":…}
// for each message, an accepted one with its whole text (`raw`). `--refuse N` answers the first N messages with a temporary refusal (451);
// `--reject ADDRESS` refuses that recipient for good (550).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'tools', 'package.json'));
const { SMTPServer } = require('smtp-server');

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
let temporaryRefusals = Number(option('--refuse') || 0);
const rejected = (option('--reject') || '').toLowerCase();
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, session, callback) {
    if (rejected && address.address.toLowerCase() === rejected) {
      say({ refused: address.address, code: 550 });
      const error = new Error('5.1.1 Mailbox unknown');
      error.responseCode = 550;
      return callback(error);
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const subject = (/^Subject: (.*)$/im.exec(text) || [])[1] || '';
      const to = session.envelope.rcptTo.map((r) => r.address);
      if (temporaryRefusals > 0) {
        temporaryRefusals -= 1;
        say({ refused: to.join(','), code: 451, subject });
        const error = new Error('4.3.0 Try again later');
        error.responseCode = 451;
        return callback(error);
      }
      say({ accepted: { to, subject, raw: text } });
      return callback();
    });
  },
});
server.on('error', (error) => say({ error: String(error) }));
server.listen(0, '127.0.0.1', () => say({ listening: server.server.address().port }));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
