package dev.livedrop.xmpp.muc;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.xml.Element;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** XEP-0004 data forms: building fields and reading a submitted form's values. */
public final class DataForm {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  public static DataForm parse(Element x) {
    var form = new DataForm();
    x.elements().filter(f -> f.name().equals("field") && f.attr("var") != null).forEach(f ->
        form.values.put(f.attr("var"), f.elements().filter(v -> v.name().equals("value")).map(Element::text).toList()));
    return form;
  }

  /** The fields submitted, in order. */
  public java.util.Set<String> vars() {
    return values.keySet();
  }

  public boolean has(String var) {
    return values.containsKey(var);
  }

  public String value(String var) {
    List<String> v = values.get(var);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public List<String> values(String var) {
    return values.getOrDefault(var, List.of());
  }

  /** XEP-0004 §3.3 booleans: "1"/"true" and "0"/"false". */
  public Boolean bool(String var) {
    String v = value(var);
    if (v == null) return null;
    return v.equals("1") || v.equalsIgnoreCase("true");
  }

  public static Element form(String type, String formType) {
    Element x = new Element("x", Namespaces.DATA_FORMS).attr("type", type);
    field(x, "FORM_TYPE", "hidden", null, formType);
    return x;
  }

  public static Element field(Element form, String var, String type, String label, String... values) {
    Element f = form.addChild("field").attr("var", var).attr("type", type);
    if (label != null) f.attr("label", label);
    for (String v : values) if (v != null) f.addChild("value").text(v);
    return f;
  }

  public static Element option(Element field, String label, String value) {
    Element o = field.addChild("option").attr("label", label);
    o.addChild("value").text(value);
    return field;
  }
}
