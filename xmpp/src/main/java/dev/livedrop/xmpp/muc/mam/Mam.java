package dev.livedrop.xmpp.muc.mam;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.muc.archive.RoomArchive;
import dev.livedrop.xmpp.stream.Outbound;
import dev.livedrop.xmpp.xml.Element;
import dev.livedrop.xmpp.xml.Node;
import java.util.List;

/**
 * XEP-0313 on a room: every groupchat message with a body goes to the room's archive under the
 * XEP-0359 stanza-id the room stamped on it (§3.5: the archive id is the stanza-id), the room
 * advertises {@code urn:xmpp:mam:2}, and its occupants query it ({@link MamQueries}).
 */
public final class Mam implements RoomFeature {
  private volatile RoomArchive archive;

  public Mam(RoomArchive archive) {
    this.archive = archive;
  }

  public RoomArchive archive() {
    return archive;
  }

  /** Replaces the archive; only before any room has used it. */
  public void use(RoomArchive a) {
    archive = a;
  }

  @Override
  public void broadcasted(Room room, Element message, Outbound sent) {
    if (message.child("body", Namespaces.CLIENT).isEmpty()) return; // chat states and the like are not kept (§5.1.2)
    String id = stanzaId(room, message);
    if (id == null) return;
    String from = message.attr("from"); // the room's JID, or room/nick as the room wrote it
    String nick = from.length() > room.jid().length() ? from.substring(room.jid().length() + 1) : null;
    archive.append(room.jid(), id, System.currentTimeMillis(), nick, sent);
  }

  @Override
  public void discoFeatures(Room room, List<String> features) {
    features.add(Namespaces.MAM);
  }

  /** The room is gone: so are its messages, and a new room of that name starts with none. */
  @Override
  public void discarded(Room room) {
    archive.clear(room.jid());
  }

  private static String stanzaId(Room room, Element message) {
    for (Node n : message.children()) {
      if (n instanceof Element e && e.is("stanza-id", Namespaces.STANZA_ID) && room.jid().equals(e.attr("by"))) {
        return e.attr("id");
      }
    }
    return null;
  }
}
