package org.courseport.server.packaging.xml;

/**
 * A parsed XML file of a package.
 *
 * @param path the file's path in the package
 * @param text the decoded text, kept for XSD validation with line numbers
 * @param root the root element
 */
public record XmlDocument(String path, String text, XmlElement root) {}
