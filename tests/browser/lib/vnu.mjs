// Check "vnu": the Nu HTML Checker over every generated .html file, in one Java run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { htmlFiles } from './common.mjs';

// vnu-jar's main export is the jar's path. Its own Java download is not used: Debian's java is.
const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

// Started early and awaited last: it runs in Java beside the browser checks.
export function checkVnu(site, check) {
  return new Promise((resolve) => {
    const args = ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--skip-non-html', site];
    const java = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    java.stdout.on('data', (d) => { out += d; });
    java.stderr.on('data', (d) => { out += d; }); // the JSON report goes to stderr
    java.on('error', (error) => {
      check.fail(`could not run java -jar vnu.jar: ${error.message}`);
      resolve();
    });
    java.on('close', (code) => {
      check.checked = htmlFiles(site).length;
      let report;
      try {
        report = JSON.parse(out.slice(out.indexOf('{')));
      } catch {
        check.fail(`vnu exited with ${code} and no JSON report:\n${out.slice(0, 2000)}`);
        return resolve();
      }
      // One template error repeats on every page made from it: print each message once.
      const byMessage = new Map();
      for (const m of report.messages ?? []) {
        if (m.type !== 'error' && m.type !== 'non-document-error') continue;
        const file = m.url?.startsWith('file:') ? relative(site, fileURLToPath(m.url)) : m.url;
        if (!byMessage.has(m.message)) byMessage.set(m.message, { where: [], extract: m.extract });
        byMessage.get(m.message).where.push(`${file}:${m.lastLine ?? m.firstLine ?? '?'}`);
      }
      for (const [message, { where, extract }] of byMessage) {
        const more = where.length > 3 ? ` and ${where.length - 3} more` : '';
        const code = extract ? `\n      ${extract.replace(/\s+/g, ' ').trim().slice(0, 160)}` : '';
        check.fail(`${message}\n      at ${where.slice(0, 3).join(', ')}${more}${code}`, where.length);
      }
      resolve();
    });
  });
}
