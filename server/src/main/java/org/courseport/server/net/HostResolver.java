package org.courseport.server.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to all of its addresses; called once per request hop. */
@FunctionalInterface
public interface HostResolver {
  /** Every address of the host, in the order to try them. */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JDK resolver ({@link InetAddress#getAllByName}). */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
