// TEST-ONLY: the few DOM calls Strophe's stanza builders ($pres, $msg, $iq) and src/live/ make,
// so that stanzas are real element trees in Node. strophe.js's own Node entry would bring
// @xmldom/xmldom and ws, which the web UI does not depend on. A namespace is inherited from the
// nearest xmlns attribute, as a parser would give it.
class Text {
  constructor(value) {
    this.nodeType = 3;
    this.nodeValue = value;
    this.parentNode = null;
  }

  get textContent() {
    return this.nodeValue;
  }
}

class Element {
  constructor(name) {
    this.nodeType = 1;
    this.nodeName = name;
    this.tagName = name;
    this.localName = name.includes(':') ? name.split(':')[1] : name;
    this.parentNode = null;
    this.childNodes = [];
    this.attrs = new Map();
  }

  get parentElement() {
    return this.parentNode;
  }

  get attributes() {
    const list = [...this.attrs].map(([nodeName, value]) => ({ nodeName, value }));
    return Object.assign(list, { getNamedItem: (n) => list.find((a) => a.nodeName === n) || null });
  }

  setAttribute(name, value) {
    this.attrs.set(name, String(value));
  }

  getAttribute(name) {
    return this.attrs.has(name) ? this.attrs.get(name) : null;
  }

  removeAttribute(name) {
    this.attrs.delete(name);
  }

  appendChild(node) {
    node.parentNode = this;
    this.childNodes.push(node);
    return node;
  }

  get children() {
    return this.childNodes.filter((n) => n.nodeType === 1);
  }

  get firstElementChild() {
    return this.children[0] || null;
  }

  get namespaceURI() {
    for (let el = this; el; el = el.parentNode) if (el.attrs.has('xmlns')) return el.attrs.get('xmlns');
    return null;
  }

  get textContent() {
    return this.childNodes.map((n) => n.textContent).join('');
  }

  getElementsByTagName(name) {
    const found = [];
    const walk = (el) => {
      for (const c of el.children) {
        if (c.nodeName === name || name === '*') found.push(c);
        walk(c);
      }
    };
    walk(this);
    return found;
  }
}

const xmlDocument = {
  createElement: (name) => new Element(name),
  createTextNode: (text) => new Text(text),
};

globalThis.document ??= { implementation: { createDocument: () => xmlDocument } };
