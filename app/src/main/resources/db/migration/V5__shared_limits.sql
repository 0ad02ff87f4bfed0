-- The guess limits where every node can see them: in a scale-out deployment a guesser spread over
-- several nodes gets no more tries than at one (decision 0017). A node with a database of its own
-- keeps them in memory and leaves these tables empty. Portable SQL; times are epoch milliseconds.

-- Password and admin-secret checks per drop and client, in a window from the first of them.
CREATE TABLE secret_attempts (
  drop_name    VARCHAR(255) NOT NULL,
  client       VARCHAR(255) NOT NULL,
  window_start BIGINT       NOT NULL,
  used         INTEGER      NOT NULL,
  PRIMARY KEY (drop_name, client)
);
CREATE INDEX secret_attempts_window_start ON secret_attempts (window_start);

-- Misses (names of no drop) per client: a token bucket, its tokens as of updated_at.
CREATE TABLE name_probes (
  client     VARCHAR(255)     NOT NULL PRIMARY KEY,
  tokens     DOUBLE PRECISION NOT NULL,
  updated_at BIGINT           NOT NULL
);
CREATE INDEX name_probes_updated_at ON name_probes (updated_at);

-- Keys every node must share, such as the one that signs access tokens and XMPP tickets: made by
-- the first node to start, read by the others (a node on its own keeps it in its data dir).
CREATE TABLE server_keys (
  name      VARCHAR(64)  NOT NULL PRIMARY KEY,
  key_value VARCHAR(255) NOT NULL  -- base64
);
