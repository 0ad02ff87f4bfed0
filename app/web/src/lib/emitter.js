/** A tiny typed-event helper over EventTarget: `on(type, fn)` returns the function that unsubscribes. */
export class Emitter extends EventTarget {
  on(type, fn) {
    const listener = (e) => fn(e.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
