-- Every room's groupchat messages (the drop's events and its chat lines), so that an XMPP client
-- catches up after a restart: XEP-0313 queries and the join history read them. Portable SQL;
-- times are epoch milliseconds. Keyed by the room's bare JID, not the drop: a room's rows go when
-- the room is destroyed, so a new drop of the same name starts with an empty archive.
CREATE TABLE room_archive (
  room      VARCHAR(1024) NOT NULL,
  pos       BIGINT        NOT NULL,  -- order within the room, from 1
  stanza_id VARCHAR(64)   NOT NULL,  -- the XEP-0359 stanza-id the room stamped: the MAM id
  sent_at   BIGINT        NOT NULL,
  nick      VARCHAR(1024),
  xml       TEXT          NOT NULL,  -- the message as broadcast, without a recipient
  PRIMARY KEY (room, pos)
);
CREATE INDEX room_archive_stanza_id ON room_archive (room, stanza_id);
CREATE INDEX room_archive_sent_at ON room_archive (room, sent_at);
