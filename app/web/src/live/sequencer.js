/**
 * Applies a drop's change events in order on top of state loaded from the REST API.
 *
 * The rule (docs/ARCHITECTURE.md, "from here to every viewer's screen"): the state carries `seq`,
 * the number of the last change it includes. An event with `seq <= known` is already in the state
 * (room history, a duplicate) and is ignored; `seq == known + 1` is applied; a larger `seq` means
 * events were missed, so the state is reloaded and the events held meanwhile are replayed.
 *
 * A state without `seq` (a server from before the realtime events) cannot be lined up with
 * events: every event is then applied, which is safe because applying one is idempotent.
 */
export function createSequencer({ load, onState, apply, onError = () => {} }) {
  let loaded = false;
  let known = null;
  let loading = null;
  let held = [];

  function offer(event) {
    if (!Number.isFinite(event.seq)) return 'ignored';
    if (!loaded || loading) {
      held.push(event);
      return 'held';
    }
    if (known === null) {
      apply(event);
      return 'applied';
    }
    if (event.seq <= known) return 'ignored';
    if (event.seq > known + 1) {
      held.push(event);
      reload();
      return 'gap';
    }
    known = event.seq;
    apply(event);
    return 'applied';
  }

  /** Loads the state (again); events arriving meanwhile are held and replayed after it. */
  function reload() {
    if (loading) return loading;
    loading = (async () => {
      try {
        const state = await load();
        loaded = true;
        known = Number.isFinite(state.seq) ? state.seq : null;
        onState(state);
      } catch (e) {
        onError(e);
        throw e;
      } finally {
        loading = null;
      }
      const replay = held.sort((a, b) => a.seq - b.seq);
      held = [];
      for (const e of replay) offer(e);
    })();
    return loading;
  }

  /** Takes a state the caller already loaded (and showed) as the first load. */
  function prime(state) {
    loaded = true;
    known = Number.isFinite(state.seq) ? state.seq : null;
    const replay = held.sort((a, b) => a.seq - b.seq);
    held = [];
    for (const e of replay) offer(e);
  }

  return {
    offer,
    reload,
    prime,
    get seq() {
      return known;
    },
  };
}
