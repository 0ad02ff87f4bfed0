// Runs `npm ci` only when the installed packages are older than package-lock.json (or missing),
// so a warm Maven build spends no time in npm. npm writes node_modules/.package-lock.json on every
// install; comparing its age with package-lock.json tells whether the lock changed since.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

const mtime = (p) => { try { return statSync(p).mtimeMs; } catch { return -1; } };
const installed = mtime('node_modules/.package-lock.json');
if (installed >= 0 && installed >= mtime('package-lock.json')) process.exit(0);

console.log('web: npm ci (package-lock.json changed or node_modules missing)');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
