package org.courseport.server.packaging.xml;

/** An XML file that cannot be read safely or at all, with the rule that refused it. */
public final class XmlRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final int line;

  public XmlRefusedException(String rule, int line, String message) {
    super(message);
    this.rule = rule;
    this.line = line;
  }

  /** Stable rule id, e.g. {@code xml.malformed}, {@code xml.doctype}. */
  public String rule() {
    return rule;
  }

  /** Line of the problem, 0 when unknown. */
  public int line() {
    return line;
  }
}
