package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.router.Jids;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.stream.StanzaError.Condition;
import dev.livedrop.xmpp.stream.Stanzas;
import dev.livedrop.xmpp.xml.Element;

/** The {@code muc#owner} IQ (§10): the configuration form, its submission or cancel, and destruction. */
final class OwnerQueries {
  private OwnerQueries() {}

  static Element handle(Room room, Element iq, Element query) {
    if (room.affiliation(Jids.bare(iq.attr("from"))) != Affiliation.OWNER) {
      throw new StanzaError(Condition.FORBIDDEN, "Only owners configure or destroy the room.");
    }
    Element result = Stanzas.result(iq, room.jid());
    if ("get".equals(iq.attr("type"))) {
      Element form = DataForm.form("form", Namespaces.MUC_ROOMCONFIG);
      form.addChild("title").text("Configuration of " + room.jid());
      for (RoomFeature f : room.features()) f.configForm(room, form);
      result.addChild("query", Namespaces.MUC_OWNER).add(form);
      return result;
    }
    var destroy = query.child("destroy", Namespaces.MUC_OWNER);
    if (destroy.isPresent()) {
      room.destroy(destroy.get().childText("reason", Namespaces.MUC_OWNER), destroy.get().attr("jid"));
      return result;
    }
    Element x = query.child("x", Namespaces.DATA_FORMS)
        .orElseThrow(() -> new StanzaError(Condition.BAD_REQUEST, "Submit a form, cancel, or destroy."));
    if ("cancel".equals(x.attr("type"))) return result; // §10.1.3: a locked new room stays locked
    if (!"submit".equals(x.attr("type"))) throw new StanzaError(Condition.BAD_REQUEST, "A form is submitted.");
    DataForm submitted = DataForm.parse(x);
    String formType = submitted.value("FORM_TYPE");
    if (formType != null && !formType.equals(Namespaces.MUC_ROOMCONFIG)) {
      throw new StanzaError(Condition.BAD_REQUEST, "FORM_TYPE must be " + Namespaces.MUC_ROOMCONFIG);
    }
    for (RoomFeature f : room.features()) f.configSubmit(room, submitted);
    room.locked(false);
    return result;
  }
}
