-- Portable SQL: runs on SQLite (embedded) and PostgreSQL (scale-out) alike.
-- Times are epoch milliseconds (BIGINT) so both engines store and compare them the same way.

CREATE TABLE drops (
  name              VARCHAR(64)  NOT NULL PRIMARY KEY,
  title             VARCHAR(200) NOT NULL,
  description       TEXT,
  created_at        BIGINT       NOT NULL,
  expiry            VARCHAR(8)   NOT NULL,
  expires_at        BIGINT,
  password_hash     VARCHAR(255),
  admin_secret_hash VARCHAR(255) NOT NULL,
  access_version    INTEGER      NOT NULL,
  guests_add        BOOLEAN      NOT NULL,
  guests_comment    BOOLEAN      NOT NULL,
  guests_delete     BOOLEAN      NOT NULL,
  quota_bytes       BIGINT       NOT NULL
);
CREATE INDEX drops_expires_at ON drops (expires_at);

CREATE TABLE assets (
  id            VARCHAR(26)  NOT NULL PRIMARY KEY,
  drop_name     VARCHAR(64)  NOT NULL REFERENCES drops (name) ON DELETE CASCADE,
  kind          VARCHAR(8)   NOT NULL,
  name          VARCHAR(255) NOT NULL,
  description   TEXT,
  added_by      VARCHAR(64)  NOT NULL,
  created_at    BIGINT       NOT NULL,
  updated_at    BIGINT       NOT NULL,
  original_name TEXT,
  size_bytes    BIGINT       NOT NULL DEFAULT 0,
  media_type    VARCHAR(255),
  sha256        CHAR(64),
  crc32         BIGINT,
  thumbnail     VARCHAR(8),
  note_text     TEXT,
  link_url      TEXT
);
CREATE INDEX assets_drop ON assets (drop_name, created_at);
CREATE INDEX assets_sha256 ON assets (sha256);
CREATE INDEX assets_thumbnail ON assets (thumbnail);

CREATE TABLE comments (
  id         VARCHAR(26) NOT NULL PRIMARY KEY,
  drop_name  VARCHAR(64) NOT NULL REFERENCES drops (name) ON DELETE CASCADE,
  asset_id   VARCHAR(26) NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  nickname   VARCHAR(64) NOT NULL,
  body       TEXT        NOT NULL,
  created_at BIGINT      NOT NULL
);
CREATE INDEX comments_asset ON comments (asset_id, created_at);

-- The transactional outbox: every change to a drop, written with the change, published later to
-- the drop's room in seq order. No foreign key: a drop's deletion is itself a change to publish.
CREATE TABLE drop_changes (
  drop_name    VARCHAR(64) NOT NULL,
  seq          BIGINT      NOT NULL,
  type         VARCHAR(32) NOT NULL,
  created_at   BIGINT      NOT NULL,
  payload      TEXT        NOT NULL,
  published_at BIGINT,
  PRIMARY KEY (drop_name, seq)
);
CREATE INDEX drop_changes_unpublished ON drop_changes (published_at);

-- Content hashes that lost a reference; the sweeper deletes those nothing refers to any more.
CREATE TABLE blob_gc (
  sha256    CHAR(64) NOT NULL PRIMARY KEY,
  marked_at BIGINT   NOT NULL
);
