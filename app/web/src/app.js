// The web UI's entry: one HTML shell for / (landing) and /d/{name} (a drop).
import './styles.css';
import { renderLanding } from './pages/landing.js';
import { renderDrop } from './pages/drop.js';

const main = document.getElementById('main');
const match = location.pathname.match(/^\/d\/([^/]+)\/?$/);
if (match) renderDrop(main, decodeURIComponent(match[1]));
else renderLanding(main);
