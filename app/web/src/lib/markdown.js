/**
 * Notes are Markdown written by anyone with access to a drop, so they are untrusted. Two layers:
 * 1. marked renders Markdown, but raw HTML in the note is escaped and shown as text: a note never
 *    contributes markup of its own, so a `<script>` or `<img onerror>` in it reaches no parser.
 * 2. DOMPurify then cleans what marked produced (e.g. a `[x](javascript:...)` link) and returns
 *    a DocumentFragment, so no HTML string is ever assigned to a live element.
 * Links open in a new tab without referrer or opener.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow ugc');
  }
});

const OPTIONS = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
  FORBID_ATTR: ['style', 'class', 'id'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  RETURN_DOM_FRAGMENT: true,
};

export function renderMarkdown(text) {
  return purify.sanitize(marked.parse(String(text ?? '')), OPTIONS);
}
