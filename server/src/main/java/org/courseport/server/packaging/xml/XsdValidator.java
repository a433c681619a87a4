package org.courseport.server.packaging.xml;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Validator;
import org.courseport.server.packaging.support.Findings;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates a parsed file against a bundled schema set. Violations become WARNINGs with rule {@code
 * xsd}: real exports are often schema-invalid yet import fine; semantic checks decide.
 */
public final class XsdValidator {
  /** What {@link #validate} returns when the document could not be checked at all. */
  public static final int NOT_CHECKED = -1;

  private final SchemaRegistry registry;
  private final int maxFindings;
  private final int maxDepth;

  public XsdValidator(SchemaRegistry registry, int maxFindings, int maxDepth) {
    this.registry = registry;
    this.maxFindings = maxFindings;
    this.maxDepth = maxDepth;
  }

  /**
   * Validates {@code doc}; returns the number of violations found, or {@link #NOT_CHECKED} (with an
   * {@code xsd.unavailable} warning) when it could not be checked, so reports list only the schemas
   * a document was really checked against.
   */
  public int validate(XmlDocument doc, BundledSchema schema, Findings findings) {
    Collector collector = new Collector(doc.path(), schema, findings);
    try {
      Validator validator = registry.schema(schema).newValidator();
      SecureXml.harden(validator);
      validator.setErrorHandler(collector);
      InputSource input = new InputSource(new StringReader(doc.text()));
      input.setSystemId(doc.path());
      validator.validate(new SAXSource(SecureXml.newReader(maxDepth), input));
    } catch (SAXException | IOException | IllegalStateException e) {
      findings.warning(
          "xsd.unavailable",
          doc.path(),
          doc.path() + " could not be checked against " + schema.label() + ": " + e.getMessage());
      return NOT_CHECKED;
    }
    collector.summarise();
    return collector.count;
  }

  private final class Collector implements ErrorHandler {
    private final String file;
    private final BundledSchema schema;
    private final Findings findings;
    private int count;

    Collector(String file, BundledSchema schema, Findings findings) {
      this.file = file;
      this.schema = schema;
      this.findings = findings;
    }

    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) {
      count++;
      if (count <= maxFindings) {
        findings.warning(
            "xsd",
            file,
            e.getLineNumber(),
            "",
            "Not valid against the official schema "
                + schema.label()
                + " (line "
                + e.getLineNumber()
                + "): "
                + e.getMessage());
      }
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    void summarise() {
      if (count > maxFindings) {
        findings.warning(
            "xsd",
            file,
            0,
            "",
            (count - maxFindings)
                + " more violations of "
                + schema.label()
                + " in "
                + file
                + " were not listed");
      }
    }
  }
}
